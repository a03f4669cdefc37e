"""The operations commands: --help with an example on each, exit 2 on bad usage."""

from __future__ import annotations

import pytest

from cli_help import help_text, run_main

OPS_COMMANDS = [["backup"], ["restore"], ["health"], ["top"], ["tenant"], ["tenant", "export"],
                ["tenant", "import"], ["tenant", "erase"], ["tenant", "usage"]]


@pytest.mark.parametrize("command", OPS_COMMANDS, ids=" ".join)
def test_every_ops_command_has_help_with_an_example(command):
    assert "Example" in help_text(*command)


def test_restore_needs_a_target_database():
    assert run_main("restore", "/tmp").returncode == 2


def test_tenant_id_must_be_a_uuid():
    proc = run_main("tenant", "erase", "not-a-uuid", "--yes")
    assert proc.returncode == 2 and "not a uuid" in proc.stderr
