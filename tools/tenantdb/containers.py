"""The testcontainers backend: a throw-away pgvector container for this process, on machines with
a Docker engine (an optional third backend; without an engine it fails at once with a clear error)."""

from __future__ import annotations

import shutil
from typing import Any

from psycopg.conninfo import make_conninfo

from . import tools
from .backend import CONNECT_TIMEOUT_S, Backend, Status
from .errors import DatabaseUnavailable, ToolMissing
from .settings import Settings

__all__ = ["TestcontainersBackend"]


class TestcontainersBackend(Backend):
    """A throw-away pgvector container for this process (needs a Docker engine)."""

    __test__ = False  # not a pytest test class, despite the name
    name = "testcontainers"
    image = "pgvector/pgvector:pg17"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._container: Any = None

    @staticmethod
    def docker_available() -> tuple[bool, str]:
        docker = shutil.which("docker")
        if not docker:
            return False, "the docker client is not installed"
        try:
            proc = tools.run([docker, "info", "--format", "{{.ServerVersion}}"], timeout=10)
        except tools.ToolTimeout:
            return False, "`docker info` did not answer within 10 s"
        if proc.returncode != 0:
            return False, (proc.stderr.strip().splitlines() or ["no Docker engine"])[-1]
        return True, proc.stdout.strip()

    def up(self) -> Status:
        ok, why = self.docker_available()
        if not ok:
            raise DatabaseUnavailable(
                f"the testcontainers backend needs a running Docker engine: {why}",
                hint="use the embedded backend (unset TENANTDB_BACKEND) or point DATABASE_URL at a server",
            )
        if self._container is None:
            try:
                from testcontainers.postgres import PostgresContainer
            except ImportError as exc:
                raise ToolMissing("testcontainers is not installed",
                                  hint="pip install -e '.[containers]'") from exc
            self._container = PostgresContainer(self.image, username="postgres", password="postgres",
                                                dbname=self.settings.database).start()
        return self.status()

    def down(self) -> Status:
        if self._container is not None:
            self._container.stop()
            self._container = None
        return self.status()

    def conninfo(self, dbname: str | None = None, role: str | None = None) -> str:
        if self._container is None:
            raise DatabaseUnavailable("the testcontainers backend is not started", hint="call up() first")
        c = self._container
        return make_conninfo(
            host=c.get_container_host_ip(), port=str(c.get_exposed_port(5432)),
            user=self.login_for(role) if role else "postgres", password="" if role else "postgres",
            dbname=dbname or self.settings.database, connect_timeout=str(CONNECT_TIMEOUT_S),
        )

    def status(self) -> Status:
        if self._container is None:
            return Status(self.name, False, "not started (a container lives only as long as its process)")
        return Status(self.name, True, "running", url=self.url())
