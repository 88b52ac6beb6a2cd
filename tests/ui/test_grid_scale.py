"""A 100k-row batch opens and scrolls at once: the grid reads only the pages on screen,
and a filter is computed by the database, not by loading the batch into Qt. Bounds are
loose (a shared CI core), but an implementation that loaded the batch would miss them by
far (QStandardItemModel was measured ~340x slower)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.domain.roles import Role
from desktop.services import batches
from desktop.services.workspace import SchoolProfile, Session, Workspace
from desktop.store import batches as repo
from desktop.store import bulk
from desktop.ui.batch_grid import BatchGrid
from desktop.ui.grid import FILLS

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),  # offscreen platform
]
N = 100_000
EVERY = 50  # one record in 50 has an error on 发证日期


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """Records written straight into the store (importing 100k rows is the import
    tests' business and takes a while)."""
    home: Path = tmp_path_factory.mktemp("big")
    ws = Workspace.open(home=home)
    ws.initialise(SchoolProfile("10001", "北京大学", "李四"), "admin", "Admin123!")
    ws.login("admin", "Admin123!").add_operator("clerk", "Clerk123!", Role.CLERK)
    with ws.transaction() as conn:
        batch_id = repo.create(conn, kind=BatchKind.DIPLOMA, name="十万", operator="clerk", rows=N)
        rows = []
        for i in range(N):
            day = "2026-07-01" if i % EVERY == 0 else "2026-06-30"
            data = (
                f'{{"fzrq":"{day}","xb":"{1 + i % 2}","xm":"学生{i}",'
                f'"xh":"2022{i:07d}","zymc":"软件工程"}}'
            )
            rows.append((i + 1, batch_id, i, i + 2, f"2022{i:07d}", data, 1))
        columns = ("id", "batch_id", "seq", "row_no", "xh", "data", "version")
        bulk.insert_rows(conn, "record", columns, rows)
        findings = [
            (batch_id, i + 1, i + 2, "DIP-018-FZRQ", "error", "fzrq", "发证日期", "发证日期不对", 0)
            for i in range(0, N, EVERY)
        ]
        names = ("batch_id", "record_id", "row_no", "rule_id", "severity", "field", "column")
        bulk.insert_rows(conn, "finding", (*names, "message", "acknowledged"), findings)
        batch = repo.get(conn, batch_id)
        repo.recount(conn, batch)
    yield ws.login("clerk", "Clerk123!")
    ws.engine.dispose()


def seconds_until(qtbot: QtBot, ready: object, timeout: int = 20000) -> float:
    start = time.perf_counter()
    qtbot.waitUntil(ready, timeout=timeout)  # type: ignore[arg-type]
    return time.perf_counter() - start


def test_a_100k_batch_opens_and_scrolls_at_once(qtbot: QtBot, big: Session) -> None:
    grid = BatchGrid(big)
    qtbot.addWidget(grid)
    grid.resize(1200, 700)
    grid.show()
    qtbot.waitExposed(grid)
    batch = batches.list_batches(big)[0]
    assert batch.rows == N and batch.errors == N // EVERY

    start = time.perf_counter()
    grid.open(batch)
    model = grid.model
    assert model is not None and model.rowCount() == N
    grid.view.viewport().repaint()  # the first paint asks for the first page
    qtbot.waitUntil(lambda: model.row(0) is not None, timeout=20000)
    grid.view.viewport().repaint()
    first_paint = time.perf_counter() - start
    assert first_paint < 2.0, f"first paint after {first_paint:.2f}s"
    cell = model.index(0, 20)
    assert model.specs[20].name == "fzrq" and cell.data() == "2026-07-01"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == FILLS["error"]

    grid.view.scrollToBottom()
    grid.view.viewport().repaint()
    end = seconds_until(qtbot, lambda: model.row(N - 1) is not None)
    assert end < 2.0, f"last page after {end:.2f}s"
    assert model.index(N - 1, 0).data() == f"学生{N - 1}"
    grid.view.verticalScrollBar().setValue(N // 2)
    grid.view.viewport().repaint()
    top = grid.view.rowAt(0)
    middle = seconds_until(qtbot, lambda: model.row(top) is not None)
    assert middle < 2.0, f"a middle page after {middle:.2f}s"

    grid.filter.setCurrentIndex(grid.filter.findData("error"))
    errors = seconds_until(qtbot, lambda: model.rowCount() == N // EVERY)
    assert errors < 5.0, f"the error filter took {errors:.2f}s"
    qtbot.waitUntil(lambda: model.row(1) is not None)
    assert model.index(1, 0).data() == f"学生{EVERY}"
