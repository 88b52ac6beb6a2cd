"""Reviewing in the grid, offscreen on a real workspace: acknowledging a warning (the
reviewer may, the clerk may not), the audited reveal of an ID number, filter / search /
sort computed by the services, and the findings panel that jumps, filters and
acknowledges; the main window that hooks them together."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from desktop.services.workspace import Workspace
from desktop.ui.acknowledge_dialog import AcknowledgeDialog
from desktop.ui.batch_grid import BatchGrid
from desktop.ui.findings_panel import FindingsPanel
from desktop.ui.grid import ACKNOWLEDGED, FILLS
from desktop.ui.main_window import MainWindow
from tests.store.conftest import audit_log
from tests.ui.grid_support import column, login, opened, settle, the_batch, workspace_copy

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),  # offscreen platform
]


@pytest.fixture
def ws(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Workspace]:
    workspace = workspace_copy(tmp_path_factory, tmp_path)
    yield workspace
    workspace.engine.dispose()


def found(qtbot: QtBot, parent: BatchGrid | FindingsPanel, kind: type, name: str) -> object:
    box = None

    def there() -> bool:
        nonlocal box
        box = parent.findChild(kind, name)
        return box is not None

    qtbot.waitUntil(there, timeout=20000)
    return box


def text_of(item: QTreeWidgetItem | None, column: int = 0) -> str:
    return "" if item is None else item.text(column)


def acknowledge_in(dialog: object, reason: str) -> None:
    assert isinstance(dialog, AcknowledgeDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no reason, no acknowledgement
    dialog.reason.setText(reason)
    ok.click()


def test_a_reviewer_acknowledges_a_warning_from_its_cell(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "reviewer"))
    model = grid.model
    assert model is not None and grid.batch is not None and grid.batch.unacknowledged == 2
    cell = model.index(2, column(grid, "xzxm"))
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == FILLS["warning"]
    menu = grid.actions_.menu(cell)
    action = next(a for a in menu.actions() if a.objectName() == "acknowledge")
    assert action.isEnabled()
    action.trigger()
    acknowledge_in(found(qtbot, grid, AcknowledgeDialog, "acknowledge_dialog"), "校长已换届")
    settle(qtbot, grid)
    assert grid.batch.unacknowledged == 1
    qtbot.waitUntil(lambda: cell.data(Qt.ItemDataRole.BackgroundRole).color() == ACKNOWLEDGED)
    assert "（已确认）" in cell.data(Qt.ItemDataRole.ToolTipRole)
    entry = [e for e in audit_log(ws) if e["action"] == "acknowledge"][-1]
    assert entry["operator"] == "reviewer" and "校长已换届" in entry["after"]


def test_a_clerk_may_not_acknowledge(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    model = grid.model
    assert model is not None and grid.editor is not None
    cell = model.index(2, column(grid, "xzxm"))
    menu = grid.actions_.menu(cell)
    action = next(a for a in menu.actions() if a.objectName() == "acknowledge")
    assert not action.isEnabled() and action.toolTip() == "只有审核员可以确认警告"
    # and the service refuses it even if asked
    grid.editor.acknowledge(2, 4, "DIP-XZXM-PROFILE", "自己确认", "xzxm")
    box = found(qtbot, grid, QMessageBox, "grid_error")
    assert isinstance(box, QMessageBox) and "无权确认警告" in box.text()
    assert audit_log(ws)[-1]["action"] == "refused"
    assert the_batch(grid.session).unacknowledged == 2


def test_revealing_an_id_number_is_audited(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "reviewer"))
    model = grid.model
    assert model is not None and grid.batch is not None
    cell = model.index(0, column(grid, "sfzh"))
    assert cell.data() == "110105********0016"
    action = next(a for a in grid.actions_.menu(cell).actions() if a.objectName() == "reveal")
    assert action.isEnabled()
    action.trigger()
    box = found(qtbot, grid, QMessageBox, "revealed")
    assert isinstance(box, QMessageBox) and "110105200001010016" in box.text()
    assert cell.data() == "110105********0016"  # the grid still shows it masked
    entry = audit_log(ws)[-1]
    assert (entry["action"], entry["operator"], entry["object_id"]) == (
        "reveal_id", "reviewer", f"{grid.batch.id}#2",
    )  # fmt: skip

    clerk_grid = opened(qtbot, login(ws, "clerk"))
    assert clerk_grid.model is not None
    clerk_cell = clerk_grid.model.index(0, column(clerk_grid, "sfzh"))
    menu = clerk_grid.actions_.menu(clerk_cell)
    assert not next(a for a in menu.actions() if a.objectName() == "reveal").isEnabled()


def test_filter_search_and_sort(qtbot: QtBot, ws: Workspace) -> None:
    grid = opened(qtbot, login(ws, "clerk"))
    model = grid.model
    assert model is not None

    def row_numbers() -> list[str]:
        qtbot.waitUntil(lambda: all(model.row(p) is not None for p in range(model.rowCount())))
        return [model.headerData(p, Qt.Orientation.Vertical) for p in range(model.rowCount())]

    grid.filter.setCurrentIndex(grid.filter.findData("error"))
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert row_numbers() == ["3", "5"] and grid.status.text() == "筛选出 2 行，共 12 行"
    grid.filter_rule("DIP-XZXM-PROFILE")
    qtbot.waitUntil(lambda: row_numbers() == ["4", "6"])
    assert grid.filter.currentText() == "规则 DIP-XZXM-PROFILE"

    grid.clear_query()
    assert model.rowCount() == 12 and grid.status.text() == "共 12 行"
    grid.focus_search()
    grid.search.setText("英语")  # (QTest types Latin-1 only)
    qtbot.keyClick(grid.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    assert row_numbers() == ["2", "5", "8", "11"]

    grid.search.clear()  # the clear button: every row again
    assert model.rowCount() == 12
    header = grid.view.horizontalHeader()
    zymc = column(grid, "zymc")
    where = QPoint(header.sectionViewportPosition(zymc) + 5, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert grid.query.sort_field == "zymc"
    settle(qtbot, grid)
    row_numbers()
    names = [model.index(p, zymc).data() for p in range(12)]
    assert names == sorted(names) and header.sortIndicatorSection() == zymc
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert grid.query.descending
    settle(qtbot, grid)
    row_numbers()
    assert [model.index(p, zymc).data() for p in range(12)] == sorted(names, reverse=True)


def test_the_findings_panel_jumps_filters_and_acknowledges(qtbot: QtBot, ws: Workspace) -> None:
    reviewer = login(ws, "reviewer")
    grid = opened(qtbot, reviewer)
    panel = FindingsPanel(reviewer)
    qtbot.addWidget(panel)
    panel.jump.connect(grid.jump_to)
    panel.filter_rule.connect(grid.filter_rule)
    assert grid.batch is not None
    panel.open(grid.batch)
    qtbot.waitUntil(lambda: panel.topLevelItemCount() == 2)
    errors, warnings = panel.topLevelItem(0), panel.topLevelItem(1)
    assert errors is not None and warnings is not None
    assert (errors.text(0), errors.text(1)) == ("DIP-018-FZRQ", "2")
    assert (warnings.text(0), warnings.text(1)) == ("DIP-XZXM-PROFILE", "2")

    errors.setExpanded(True)
    qtbot.waitUntil(lambda: errors.childCount() == 2 and text_of(errors.child(0)) == "第 3 行")
    child = errors.child(1)
    assert child is not None and child.text(0) == "第 5 行"
    panel.itemActivated.emit(child, 0)
    current = grid.view.currentIndex()
    assert (current.row(), current.column()) == (3, column(grid, "fzrq"))

    menu = panel.menu(warnings)
    next(a for a in menu.actions() if a.objectName() == "filter_rule").trigger()
    qtbot.waitUntil(lambda: grid.model is not None and grid.model.rowCount() == 2)
    panel.itemActivated.emit(child, 0)  # a row the filter hides: the filter goes
    assert grid.model is not None and grid.model.rowCount() == 12
    assert grid.view.currentIndex().row() == 3

    warnings.setExpanded(True)
    qtbot.waitUntil(lambda: warnings.childCount() == 2)
    first = warnings.child(0)
    assert first is not None
    ack = next(a for a in panel.menu(first).actions() if a.objectName() == "acknowledge")
    assert ack.isEnabled()
    with qtbot.waitSignal(panel.batch_changed, timeout=20000) as changed:
        ack.trigger()
        acknowledge_in(found(qtbot, panel, AcknowledgeDialog, "acknowledge_dialog"), "已核对")
    assert changed.args is not None and changed.args[0].unacknowledged == 1
    panel.open(changed.args[0])
    qtbot.waitUntil(lambda: text_of(panel.topLevelItem(1), 1) == "2（未确认 1）")
    # the rule stays open across the reload, its first finding marked
    reopened = panel.topLevelItem(1)
    assert reopened is not None
    qtbot.waitUntil(lambda: "（已确认）" in text_of(reopened.child(0), 2))


def test_the_main_window_keeps_the_batch_list_in_step(qtbot: QtBot, ws: Workspace) -> None:
    window = MainWindow(login(ws, "clerk"))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.batch_model.rowCount() == 1, timeout=10000)
    window._open_index(window.batch_model.index(0, 0))
    model = window.grid_model
    assert model is not None
    qtbot.waitUntil(lambda: model.row(1) is not None, timeout=10000)
    assert model.setData(model.index(1, column(window.grid, "fzrq")), "2026-06-30")
    qtbot.waitUntil(lambda: window.batch_model.index(0, 4).data() == 1, timeout=20000)
    assert window.grid_model is model  # the grid was not rebuilt for its own edit
    qtbot.waitUntil(lambda: window.findings.topLevelItem(0) is not None)
    qtbot.waitUntil(lambda: window.findings.topLevelItem(0).text(1) == "1")  # type: ignore[union-attr]
    settle(qtbot, window.grid)
