"""Where encryption keys come from: a key-provider interface with two providers today.

* ``EnvKeyProvider``  -- ``TENANTDB_CREDENTIAL_KEYS`` / ``TENANTDB_CREDENTIAL_KEY_ID`` (the
  variables name a key set, so token keys can use the same provider with other names);
* ``FileKeyProvider`` -- a file readable by its owner only (mode 600), one ``key_id:base64``
  per line, ``#`` comments, optional ``active: <key id>`` line (default: the first key).

A cloud key vault adapter implements the same one-method protocol (``load() -> Keyring``):
fetch the key material (or unwrap data keys with the vault's KMS key), and return a
``Keyring``; docs/operations.md sketches one. Whatever the provider, :func:`guard_dev_key`
refuses the public development key (``dev-demo-1``) on any server that is not the embedded
development server. Settings are passed in (the CLI resolves the environment); nothing here
reads ``os.environ`` itself.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .credentials import ACTIVE_ENV, DEV_KEY, DEV_KEY_ID, KEYS_ENV, Keyring
from .errors import BadInput, TenantDBError

#: Selects the provider: "env" (default) or "file:/path/to/keys".
PROVIDER_ENV = "TENANTDB_KEY_PROVIDER"


class KeyProvider(Protocol):
    """Anything that can produce the key ring (environment, file, a cloud key vault)."""

    @property
    def name(self) -> str: ...

    def load(self) -> Keyring: ...


@dataclass(frozen=True)
class EnvKeyProvider:
    environ: Mapping[str, str]
    keys_var: str = KEYS_ENV
    active_var: str = ACTIVE_ENV
    name: str = "env"

    def load(self) -> Keyring:
        return Keyring.from_env({KEYS_ENV: self.environ.get(self.keys_var, ""),
                                 ACTIVE_ENV: self.environ.get(self.active_var, "")})


@dataclass(frozen=True)
class FileKeyProvider:
    path: Path
    name: str = "file"

    def load(self) -> Keyring:
        try:
            mode = self.path.stat().st_mode
            text = self.path.read_text()
        except OSError as exc:
            raise BadInput(f"cannot read the key file {self.path}: {exc.strerror or exc}",
                           hint=f"create it (one key_id:base64 per line) or set {PROVIDER_ENV}=env") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise BadInput(f"the key file {self.path} is readable by others (mode {stat.filemode(mode)})",
                           hint=f"chmod 600 {self.path}")
        entries, active = [], ""
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("active:"):
                active = line.split(":", 1)[1].strip()
            else:
                entries.append(line)
        if not entries:
            raise BadInput(f"the key file {self.path} has no keys", hint="add lines key_id:base64 (openssl rand -base64 32)")
        return Keyring.from_env({KEYS_ENV: ",".join(entries), ACTIVE_ENV: active})


def provider_from(environ: Mapping[str, str]) -> KeyProvider:
    """The provider TENANTDB_KEY_PROVIDER names (default: the environment)."""
    spec = environ.get(PROVIDER_ENV, "").strip() or "env"
    if spec == "env":
        return EnvKeyProvider(environ)
    if spec.startswith("file:") and len(spec) > 5:
        return FileKeyProvider(Path(spec[5:]))
    raise BadInput(f"{PROVIDER_ENV}={spec!r} is not a key provider",
                   hint="use env, or file:/path/to/keyfile (mode 600); a vault adapter implements tenantdb.keys.KeyProvider")


def guard_dev_key(keyring: Keyring, backend_name: str) -> Keyring:
    """Refuse the public development key anywhere but the embedded development server."""
    public = [kid for kid, key in keyring.keys.items() if kid == DEV_KEY_ID or key == DEV_KEY]
    if public and backend_name != "embedded":
        raise TenantDBError(
            f"the public development key {public[0]!r} is refused on the {backend_name} server: it is in the source code",
            hint=f"set {KEYS_ENV} (or {PROVIDER_ENV}=file:/path) to real keys: openssl rand -base64 32")
    return keyring


def load_keyring(environ: Mapping[str, str], backend_name: str) -> Keyring:
    """The key ring from the configured provider, with the development key guard applied."""
    return guard_dev_key(provider_from(environ).load(), backend_name)
