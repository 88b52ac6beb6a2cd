"""The 学生 page on a real workspace, offscreen: Ctrl+F and Enter, the search off the GUI
thread, one student's timeline across batches with a correction's old → new, masked ID
numbers, a double-click opening the record in the main window's grid, a refusal shown
as a message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.domain.idcards import mask_id
from desktop.services import batches, records
from desktop.services.workspace import Session, Workspace
from desktop.ui import worker
from desktop.ui.main_window import MainWindow
from desktop.ui.student_page import StudentPage
from tests.store import sheets
from tests.store.conftest import login, sqlite_template, sqlite_workspace  # noqa: F401

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
AS_OF = date(2026, 7, 15)
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def school(sqlite_workspace: Workspace, tmp_path: Path) -> dict[BatchKind, str]:  # noqa: F811
    """Students 0–2 enrolled and registered; student 0 graduated, renamed on the diploma."""
    clerk = login(sqlite_workspace, "clerk")
    rows = {
        BatchKind.ENROLLMENT: [sheets.enrollment(i) for i in range(3)],
        BatchKind.ANNUAL: [sheets.annual(i) for i in range(3)],
        BatchKind.DIPLOMA: [sheets.diploma(0)],
    }
    out = {}
    for kind, sheet in rows.items():
        path = sheets.write(tmp_path / f"{kind.value}.csv", sheet)
        out[kind] = batches.import_file(clerk, path, kind, name=kind.label, as_of=AS_OF).id
    records.edit_record(
        clerk, out[BatchKind.DIPLOMA], 2, {"姓名": "张三丰"}, reason="户籍更名", as_of=AS_OF
    )
    return out


def shown_page(qtbot: QtBot, session: Session) -> StudentPage:
    page = StudentPage(session)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def search(qtbot: QtBot, page: StudentPage, text: str, rows: int) -> None:
    page.search.setText(text)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.status.text() == "正在查找…"  # the answer comes from the worker, later
    qtbot.waitUntil(lambda: page.status.text() != "正在查找…", timeout=10000)
    assert page.hit_model.rowCount() == rows


def texts(model: QAbstractItemModel, column: int) -> list[str]:
    """Every row's text in one column."""
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def test_search_and_timeline(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    sqlite_workspace: Workspace,  # noqa: F811
    school: dict[BatchKind, str],
) -> None:
    page = shown_page(qtbot, login(sqlite_workspace, "clerk"))
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=5000)
    page.entries.setFocus()
    qtbot.keyClick(page.entries, Qt.Key.Key_F, CTRL)
    assert page.search.hasFocus()

    search(qtbot, page, sheets.student_no(0), 1)
    qtmodeltester.check(page.hit_model)
    assert texts(page.hit_model, 0) == ["张三丰"]
    assert texts(page.hit_model, 1) == [mask_id(sheets.id_number(0))]
    assert texts(page.hit_model, 4) == ["3"] and texts(page.hit_model, 5) == ["学号"]
    assert [page.hit_model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "姓名", "证件号码", "学号", "考生号", "记录数", "匹配",
    ]  # fmt: skip
    assert page.status.text() == "找到 1 名学生"

    model = page.timeline_model
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=10000)
    qtmodeltester.check(model)
    assert texts(model, 1) == ["新生学籍注册", "学年注册", "学历证书注册", "姓名更正"]
    assert texts(model, 0)[:3] == ["2022-09-01", "2025-09-05", "2026-06-30"]
    assert texts(model, 3)[:3] == ["草稿", "草稿", "草稿"]
    assert "复查结论：注册学籍" in texts(model, 4)[0]
    assert "学年：2025-2026；注册状态：注册" in texts(model, 4)[1]
    assert texts(model, 4)[3] == f"{sheets.name(0)} → 张三丰（理由：户籍更名）"
    assert "张三丰" in page.heading.text() and mask_id(sheets.id_number(0)) in page.heading.text()
    every = [m.index(r, c).data(role) for m in (page.hit_model, model)
             for r in range(m.rowCount()) for c in range(m.columnCount())
             for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)]  # fmt: skip
    assert not any(sheets.id_number(0) in str(v) for v in every)

    # The press of a double-click selects the row first (QTest's double-click sends no
    # press of its own, which the view needs to take it as a double-click on that row).
    where = page.entries.visualRect(model.index(1, 4)).center()
    qtbot.mouseClick(page.entries.viewport(), Qt.MouseButton.LeftButton, pos=where)
    with qtbot.waitSignal(page.open_record, timeout=5000) as opened:
        qtbot.mouseDClick(page.entries.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == [school[BatchKind.ANNUAL], 0]
    correction = model.index(3, 4)
    with qtbot.assertNotEmitted(page.open_record):
        page.entries.doubleClicked.emit(correction)

    # A part of a name: several students; choosing another reads its timeline.
    search(qtbot, page, "伟", 3)
    assert texts(page.hit_model, 5) == ["姓名包含", "姓名包含", "曾用名"]  # 王伟 is 张三丰 now
    search(qtbot, page, sheets.student_no(0)[:-1], 3)
    assert texts(page.hit_model, 5) == ["学号开头"] * 3
    search(qtbot, page, "伟", 3)
    qtbot.waitUntil(lambda: page.timeline is not None, timeout=10000)
    page.hits.setCurrentIndex(page.hit_model.index(1, 0))
    name = texts(page.hit_model, 0)[1]
    qtbot.waitUntil(lambda: page.timeline is not None and page.timeline.student.name == name)
    assert texts(model, 1) == ["新生学籍注册", "学年注册"]

    search(qtbot, page, "99999999", 0)
    assert page.status.text() == "没有找到学生" and model.rowCount() == 0

    # Two searches in a row: whichever answer comes last, the list is the second's.
    page.search.setText("伟")
    page.run_search()
    page.search.setText(sheets.student_no(1))
    page.run_search()
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=10000)
    assert texts(page.hit_model, 0) == [sheets.name(1)]
    assert page.timeline is not None and page.timeline.student.name == sheets.name(1)


def test_a_refusal_is_a_message(
    qtbot: QtBot,
    sqlite_workspace: Workspace,  # noqa: F811
    school: dict[BatchKind, str],
) -> None:
    page = shown_page(qtbot, login(sqlite_workspace, "clerk"))
    login(sqlite_workspace, "admin").set_operator_disabled("clerk", True)
    page.search.setText(sheets.name(1))
    page.run_search()
    qtbot.waitUntil(lambda: "已停用" in page.status.text(), timeout=10000)
    box = page.findChild(QMessageBox)
    assert box is not None and "已停用" in box.text() and "Traceback" not in box.text()
    box.close()
    assert page.hit_model.rowCount() == 0


def test_the_main_window_opens_the_record_in_its_batch(
    qtbot: QtBot,
    sqlite_workspace: Workspace,  # noqa: F811
    school: dict[BatchKind, str],
) -> None:
    window = MainWindow(login(sqlite_workspace, "clerk"))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.batch_model.rowCount() == 3, timeout=10000)
    tab = window.tabs.indexOf(window.student_page)
    assert window.tabs.tabText(tab) == "学生"
    window.tabs.setCurrentIndex(tab)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.student_page.entries.setFocus()
    qtbot.keyClick(window.student_page.entries, Qt.Key.Key_F, CTRL)
    assert window.student_page.search.hasFocus()

    window.student_page.open_record.emit(school[BatchKind.ANNUAL], 2)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 1, timeout=10000)
    assert window.current is not None and window.current.id == school[BatchKind.ANNUAL]
    assert window.grid_view.currentIndex().row() == 2
    qtbot.waitUntil(lambda: window.batch_view.currentIndex().row() == 1)  # the list says which
    grid = window.grid_model
    assert grid is not None
    qtbot.waitUntil(lambda: grid.row(2) is not None, timeout=10000)
    assert grid.row(2).values["xm"] == sheets.name(2)  # type: ignore[union-attr]
    # On the 批次 tab Ctrl+F is the grid's again: the hidden page's shortcut stays out of it.
    qtbot.keyClick(window.grid_view, Qt.Key.Key_F, CTRL)
    assert window.grid.search.hasFocus()
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=10000)
