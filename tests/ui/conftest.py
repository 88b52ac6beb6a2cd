"""A real workspace on disk for the window tests (SQLite), with one batch imported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.roles import Role
from desktop.services import batches
from desktop.services.workspace import SchoolProfile, Workspace
from tests.store.test_workspace_flow import ROW, ROW2, sheet


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ws"
    ws = Workspace.open(home=folder)
    ws.initialise(SchoolProfile("10001", "北京大学", "李四"), "admin", "Admin123!")
    ws.login("admin", "Admin123!").add_operator("clerk", "Clerk123!", Role.CLERK)
    clerk = ws.login("clerk", "Clerk123!")
    batches.import_file(clerk, sheet(tmp_path / "毕业生.csv", ROW, ROW2), BatchKind.DIPLOMA)
    ws.engine.dispose()
    yield folder


# The pages that talk to the reference server keep it on SQLite (see tests/sync/office.py).
from tests.sync.office import sqlite_central_url  # noqa: E402, F401
