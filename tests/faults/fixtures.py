"""Pytest fixtures for fault tests. Under tests/faults/ they come from its conftest; a
test package elsewhere imports them into its own conftest:

    from tests.faults.fixtures import fault_proxy, server_process  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.proxy import FaultProxy
from tests.faults.server_process import ServerProcess


@pytest.fixture
def server_process(tmp_path: Path) -> Iterator[ServerProcess]:
    """A fresh reference server (SQLite in tmp_path/server), killed at teardown."""
    with ServerProcess(tmp_path / "server") as server:
        yield server


@pytest.fixture
def fault_proxy(server_process: ServerProcess) -> Iterator[FaultProxy]:
    """A fault proxy in front of server_process, with no rules yet."""
    with FaultProxy("127.0.0.1", server_process.port) as proxy:
        yield proxy
