"""Fixing the red cells in the grid, offscreen on a real workspace: in-place edits through
the cell editors, undo/redo (each an audited edit), a conflict with another operator,
fill-down and find/replace as single undoable commands on an imported batch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QDate, QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QStyleOptionViewItem,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.services import batches, records
from desktop.services import grid as grid_service
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.ui import worker
from desktop.ui.batch_grid import BatchGrid
from desktop.ui.grid import FILLS
from desktop.ui.replace_dialog import ReplaceDialog
from tests.store import sheets
from tests.store.conftest import audit_log
from tests.ui.grid_support import column, login, opened, settle, the_batch, workspace_copy

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),  # offscreen platform
]
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def ws(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Workspace]:
    workspace = workspace_copy(tmp_path_factory, tmp_path)
    yield workspace
    workspace.engine.dispose()


def edits(ws: Workspace) -> list[str]:
    return [e["object_id"] for e in audit_log(ws) if e["action"] == "edit"]


def stored(grid: BatchGrid, name: str) -> list[str]:
    assert grid.batch is not None
    page = grid_service.read_page(grid.session, grid.batch.id, 0, grid.batch.rows)
    return [r.values[name] for r in page.rows]


def press(qtbot: QtBot, grid: BatchGrid, key: Qt.Key) -> None:
    """A shortcut as the clerk types it: the grid's window active, the focus in it (the
    offscreen platform does not reactivate a window when a dialog closes)."""
    grid.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is grid, timeout=5000)
    grid.view.setFocus()
    qtbot.keyClick(grid.view, key, CTRL)


def test_an_edit_clears_the_finding_and_recounts_the_batch(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    model = grid.model
    assert model is not None and grid.batch is not None and grid.batch.errors == 2
    cell = model.index(1, column(grid, "fzrq"))
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == FILLS["error"]
    assert "DIP-018-FZRQ" in cell.data(Qt.ItemDataRole.ToolTipRole)

    grid.view.setCurrentIndex(cell)
    grid.view.edit(cell)
    editor = grid.view.findChild(QDateEdit, "date_editor")
    assert editor is not None and editor.calendarPopup()
    assert editor.date() == QDate(2026, 7, 1)
    editor.setDate(QDate(2026, 6, 30))
    with qtbot.waitSignal(grid.batch_changed, timeout=20000) as saved:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert saved.args is not None and saved.args[0].errors == 1
    qtbot.waitUntil(lambda: cell.data(Qt.ItemDataRole.FontRole) is None, timeout=10000)
    assert cell.data() == "2026-06-30"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None
    assert cell.data(Qt.ItemDataRole.ToolTipRole) is None
    assert grid.status.text() == "共 12 行"
    assert edits(ws) == [f"{grid.batch.id}#3"]
    assert the_batch(grid.session).errors == 1


def test_undo_and_redo_are_audited_edits(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    model = grid.model
    assert model is not None and grid.batch is not None
    cell = model.index(3, column(grid, "fzrq"))
    assert model.setData(cell, "2026-06-30")
    assert cell.data() == "2026-06-30"  # shown at once, in italics, while it is saved
    assert cell.data(Qt.ItemDataRole.FontRole).italic()
    settle(qtbot, grid)
    assert grid.batch.errors == 1 and grid.undo.undoText() == "修改第 5 行“发证日期”"

    press(qtbot, grid, Qt.Key.Key_Z)
    settle(qtbot, grid)
    assert cell.data() == "2026-07-01" and grid.batch.errors == 2
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == FILLS["error"]
    press(qtbot, grid, Qt.Key.Key_Y)
    settle(qtbot, grid)
    assert cell.data() == "2026-06-30" and grid.batch.errors == 1
    assert edits(ws) == [f"{grid.batch.id}#5"] * 3
    with ws.engine.connect() as conn:
        assert audit.verify(conn) is None


def test_an_id_number_edit_undoes_to_the_number_not_its_mask(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    model = grid.model
    assert model is not None and grid.batch is not None
    cell = model.index(0, column(grid, "sfzh"))
    before = cell.data()
    assert "*" in before and cell.data(Qt.ItemDataRole.EditRole) == ""  # never edit a mask
    assert not model.setData(cell, "")  # the editor left empty changes nothing
    assert model.setData(cell, "11010520000101001X")
    assert cell.data() == "110105********001X"  # even while it is being saved
    settle(qtbot, grid)
    grid.undo.undo()
    settle(qtbot, grid)
    assert cell.data() == before
    assert records.reveal_id(login(ws, "reviewer"), grid.batch.id, 2).endswith("0016")


def test_a_record_changed_by_another_operator_is_a_conflict(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    model = grid.model
    assert model is not None and grid.batch is not None
    cell = model.index(5, column(grid, "zymc"))
    records.edit_record(login(ws, "reviewer"), grid.batch.id, 7, {"专业名称": "法学"})
    assert model.setData(cell, "英语")
    box = None

    def refused() -> bool:
        nonlocal box
        box = grid.findChild(QMessageBox, "grid_error")
        return box is not None

    qtbot.waitUntil(refused, timeout=20000)
    assert box is not None and "第 7 行刚被其他操作员修改，请刷新后重试（未保存）" in box.text()
    settle(qtbot, grid)
    qtbot.waitUntil(lambda: cell.data() == "法学", timeout=10000)  # what the store holds
    assert grid.undo.undoText().endswith("（未保存）")
    grid.undo.undo()  # nothing was saved: nothing to take back
    settle(qtbot, grid)
    assert edits(ws) == [f"{grid.batch.id}#7"] and cell.data() == "法学"
    assert model.setData(cell, "英语")  # after the refresh the edit goes through
    settle(qtbot, grid)
    assert stored(grid, "zymc")[5] == "英语"


def test_editors_follow_the_field(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    model = grid.model
    assert model is not None
    delegate, view = grid.view.itemDelegate(), grid.view

    def editor_for(name: str, position: int = 0) -> QWidget:
        index = model.index(position, column(grid, name))
        editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), index)
        delegate.setEditorData(editor, index)
        return editor

    sex = editor_for("xb")
    assert isinstance(sex, QComboBox) and sex.currentData() == "1"
    assert [sex.itemData(i) for i in range(sex.count())] == ["", "1", "2"]
    level = editor_for("cc")
    assert isinstance(level, QComboBox) and level.currentText().startswith("本科")
    day = editor_for("rxrq")
    assert isinstance(day, QDateEdit) and day.date() == QDate(2022, 9, 1)
    name = editor_for("xm")
    assert isinstance(name, QLineEdit) and name.text() == model.index(0, 0).data()
    number = editor_for("sfzh")
    assert isinstance(number, QLineEdit) and number.text() == "" and number.placeholderText()
    # a date that did not parse is edited as the text it is, so the clerk sees it
    assert model.setData(model.index(6, column(grid, "rxrq")), "2022-13-01")
    settle(qtbot, grid)
    typo = editor_for("rxrq", 6)
    assert isinstance(typo, QLineEdit) and typo.text() == "2022-13-01"
    for editor in (sex, level, day, name, number, typo):
        editor.deleteLater()


def test_fill_down_is_one_undoable_command(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    model = grid.model
    assert model is not None and grid.batch is not None
    c = column(grid, "fzrq")
    grid.view.selectionModel().select(
        QItemSelection(model.index(0, c), model.index(4, c)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    press(qtbot, grid, Qt.Key.Key_D)
    settle(qtbot, grid)
    assert stored(grid, "fzrq")[:5] == ["2026-06-30"] * 5 and grid.batch.errors == 0
    assert grid.undo.count() == 1 and grid.undo.undoText() == "向下填充“发证日期”（4 行）"
    qtbot.waitUntil(lambda: model.index(3, c).data(Qt.ItemDataRole.BackgroundRole) is None)
    assert len(edits(ws)) == 2  # only the two cells that differed were written

    grid.undo.undo()
    settle(qtbot, grid)
    assert stored(grid, "fzrq")[1] == "2026-07-01" and grid.batch.errors == 2
    qtbot.waitUntil(lambda: model.index(3, c).data() == "2026-07-01")
    grid.undo.redo()
    settle(qtbot, grid)
    assert grid.batch.errors == 0 and len(edits(ws)) == 6


def test_replace_within_a_column(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    model = grid.model
    assert model is not None
    grid.view.setCurrentIndex(model.index(0, column(grid, "zymc")))
    press(qtbot, grid, Qt.Key.Key_H)
    dialog = grid.findChild(ReplaceDialog, "replace_dialog")
    assert dialog is not None and not dialog.selection_only.isEnabled()
    dialog.find_text.setText("软件")
    dialog.replacement.setText("网络")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(qtbot, grid)
    assert stored(grid, "zymc").count("网络工程") == 8
    assert grid.undo.undoText() == "替换“专业名称”中的“软件”（8 处）"
    qtbot.waitUntil(lambda: model.index(1, column(grid, "zymc")).data() == "网络工程")
    press(qtbot, grid, Qt.Key.Key_Z)
    settle(qtbot, grid)
    assert stored(grid, "zymc").count("软件工程") == 8

    grid.actions_.replace_in_column(model.specs[column(grid, "zymc")], None, "数学", "x")
    settle(qtbot, grid)
    assert grid.status.text() == "“专业名称”列中没有找到“数学”" and grid.undo.count() == 1


def test_shortcuts_and_the_model(qtbot: QtBot, qtmodeltester: ModelTester, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    keys = {a.objectName(): a.shortcut().toString() for a in grid.actions()}
    assert keys == {
        "undo": "Ctrl+Z", "redo": "Ctrl+Y", "find": "Ctrl+F", "fill_down": "Ctrl+D",
        "replace": "Ctrl+H", "clear_filter": "", "save": "Ctrl+S",
    }  # fmt: skip
    press(qtbot, grid, Qt.Key.Key_F)
    assert grid.search.hasFocus()
    assert grid.model is not None
    qtbot.waitUntil(lambda: all(grid.model.row(p) is not None for p in range(12)))  # type: ignore[union-attr]
    qtmodeltester.check(grid.model)
    grid.filter.setCurrentIndex(grid.filter.findData("error"))
    qtbot.waitUntil(lambda: grid.model is not None and grid.model.rowCount() == 2)
    qtbot.waitUntil(lambda: grid.model.row(1) is not None)  # type: ignore[union-attr]
    qtmodeltester.check(grid.model)


def test_a_grid_closed_while_its_work_runs_drops_the_results(qtbot: QtBot, ws: Workspace) -> None:
    grid = BatchGrid(login(ws, "clerk"))
    grid.open(the_batch(grid.session))
    assert grid.model is not None and grid.model.row(0) is None  # its first page is asked for
    assert worker.running() > 0
    grid.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(grid))
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=20000)  # nothing reached the dead grid


def test_another_batch_starts_a_fresh_grid(qtbot: QtBot, ws: Workspace, tmp_path: Path) -> None:
    clerk = login(ws, "clerk")
    other = batches.import_file(
        clerk, sheets.write(tmp_path / "二.csv", [sheets.diploma(i) for i in range(3)]),
        BatchKind.DIPLOMA,
    )  # fmt: skip
    grid = opened(qtbot, clerk)
    first = grid.model
    assert first is not None and first.setData(first.index(1, column(grid, "fzrq")), "2026-06-30")
    grid.open(other)  # while the edit is still being saved
    assert grid.undo.count() == 0 and grid.model is not first
    settle(qtbot, grid)
    assert grid.batch is not None and grid.batch.id == other.id and grid.model is not None
    assert grid.model.rowCount() == 3 and grid.status.text() == "共 3 行"
    assert the_batch(clerk).errors == 1  # the first batch's edit was saved all the same


def test_ctrl_s_saves_the_cell_being_typed_in(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    model = grid.model
    assert model is not None and grid.batch is not None
    cell = model.index(2, column(grid, "zymc"))
    grid.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is grid, timeout=5000)
    grid.view.setCurrentIndex(cell)
    grid.view.edit(cell)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.parentWidget() is grid.view.viewport()
    editor.setText("网络工程")
    with qtbot.waitSignal(grid.batch_changed, timeout=20000):
        qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)  # not Enter: the editor is still open
    settle(qtbot, grid)
    assert stored(grid, "zymc")[2] == "网络工程" and cell.data() == "网络工程"
    assert grid.status.text() == "所有修改均已保存"
    assert edits(ws) == [f"{grid.batch.id}#4"]
    assert grid.view.viewport().findChildren(QLineEdit) == [] or not editor.isVisible()
