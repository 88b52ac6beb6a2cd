"""A real workspace for the grid tests: a clerk, a reviewer and an imported batch with
errors and warnings, made once per run and copied for each test (Argon2 logins and the
import cost seconds); helpers that wait for the grid's workers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.domain.roles import Role
from desktop.services import batches
from desktop.services.grid import BatchInfo
from desktop.services.workspace import SchoolProfile, Session, Workspace
from desktop.store.engine import DATABASE_FILE
from desktop.ui import worker
from desktop.ui.batch_grid import BatchGrid
from tests.store import sheets

PASSWORDS = {"admin": "Admin123!", "clerk": "Clerk123!", "reviewer": "Review123!"}
ROWS = 12
ERRORS = (1, 3)  # positions with DIP-018-FZRQ (发证日期 after 毕业日期)
WARNINGS = (2, 4)  # positions with DIP-XZXM-PROFILE (校长 is not the profile's)
_templates: dict[Path, Path] = {}


def rows() -> list[sheets.Row]:
    out = []
    for i in range(ROWS):
        cells = {"专业名称": "软件工程" if i % 3 else "英语"}
        if i in ERRORS:
            cells["发证日期"] = "2026-07-01"
        if i in WARNINGS:
            cells["校(院)长姓名"] = "王五"
        out.append(sheets.diploma(i, **cells))
    return out


def _template(factory: pytest.TempPathFactory) -> Path:
    base = factory.getbasetemp()
    if base not in _templates:
        home = factory.mktemp("grid_template")
        ws = Workspace.open(home=home)
        ws.initialise(SchoolProfile("10001", "北京大学", "李四"), "admin", PASSWORDS["admin"])
        admin = ws.login("admin", PASSWORDS["admin"])
        admin.add_operator("clerk", PASSWORDS["clerk"], Role.CLERK)
        admin.add_operator("reviewer", PASSWORDS["reviewer"], Role.REVIEWER)
        clerk = ws.login("clerk", PASSWORDS["clerk"])
        path = sheets.write(home / "毕业生.csv", rows())
        batches.import_file(clerk, path, BatchKind.DIPLOMA)
        ws.engine.dispose()
        _templates[base] = home / DATABASE_FILE
    return _templates[base]


def workspace_copy(factory: pytest.TempPathFactory, tmp_path: Path) -> Workspace:
    home = tmp_path / "ws"
    home.mkdir()
    shutil.copyfile(_template(factory), home / DATABASE_FILE)
    return Workspace.open(home=home)


def login(ws: Workspace, name: str) -> Session:
    return ws.login(name, PASSWORDS[name])


def the_batch(session: Session) -> BatchInfo:
    return batches.list_batches(session)[0]


def opened(qtbot: QtBot, session: Session, batch: BatchInfo | None = None) -> BatchGrid:
    """A grid on screen with the batch open and its first page read."""
    grid = BatchGrid(session)
    qtbot.addWidget(grid)
    grid.resize(1200, 600)
    grid.show()
    qtbot.waitExposed(grid)
    grid.open(batch or the_batch(session))
    model = grid.model
    assert model is not None
    model.row(0)
    qtbot.waitUntil(lambda: model.row(0) is not None, timeout=10000)
    return grid


def settle(qtbot: QtBot, grid: BatchGrid) -> None:
    """Wait until every write and read the grid started has reported."""

    def idle() -> bool:
        return worker.running() == 0 and (grid.editor is None or grid.editor.running == 0)

    qtbot.waitUntil(idle, timeout=20000)


def column(grid: BatchGrid, name: str) -> int:
    assert grid.model is not None
    return next(i for i, s in enumerate(grid.model.specs) if s.name == name)
