"""The window on a real workspace, offscreen: login, batch list, the windowed grid with
coloured cells, the findings panel's jump, validation through the worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QTreeWidgetItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.ui import worker
from desktop.ui.grid import FILLS
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow


def logged_in(qtbot: QtBot, home: Path) -> MainWindow:
    dialog = LoginDialog(home=home)
    qtbot.addWidget(dialog)
    dialog.user.setText("clerk")
    dialog.password.setText("Clerk123!")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.session is not None, timeout=10000)
    assert dialog.session is not None
    window = MainWindow(dialog.session)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.batch_model.rowCount() == 1, timeout=10000)
    return window


def test_wrong_password_is_a_message_not_a_crash(qtbot: QtBot, home: Path) -> None:
    dialog = LoginDialog(home=home)
    qtbot.addWidget(dialog)
    dialog.user.setText("clerk")
    dialog.password.setText("wrong-password")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.message.text() == "用户名或密码错误", timeout=10000)
    assert dialog.session is None and dialog.password.text() == ""


def test_batch_grid_shows_findings_on_their_cells(
    qtbot: QtBot, qtmodeltester: ModelTester, home: Path
) -> None:
    window = logged_in(qtbot, home)
    qtmodeltester.check(window.batch_model)
    assert window.batch_model.index(0, 2).data() == "草稿"
    window._open_index(window.batch_model.index(0, 0))
    model = window.grid_model
    assert model is not None and model.rowCount() == 2
    column = next(i for i, s in enumerate(model.specs) if s.name == "fzrq")
    cell = model.index(1, column)
    assert cell.data() == "…"  # not loaded yet: the page is being read off the GUI thread
    qtbot.waitUntil(lambda: cell.data() == "2026-07-01", timeout=10000)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == FILLS["error"]
    assert "DIP-018-FZRQ" in cell.data(Qt.ItemDataRole.ToolTipRole)
    id_column = next(i for i, s in enumerate(model.specs) if s.name == "sfzh")
    assert model.index(1, id_column).data() == "110105********0024"
    qtmodeltester.check(model)

    qtbot.waitUntil(lambda: window.findings.topLevelItemCount() == 1, timeout=10000)
    top = window.findings.topLevelItem(0)
    assert top is not None and top.text(0) == "DIP-018-FZRQ" and top.text(1) == "1"
    top.setExpanded(True)  # the rule's findings are read when it is opened
    qtbot.waitUntil(lambda: (top.child(0) or QTreeWidgetItem()).text(0) == "第 3 行")
    child = top.child(0)
    assert child is not None
    window.findings.itemClicked.emit(child, 0)
    assert window.grid_view.currentIndex() == cell


def test_validate_runs_off_the_gui_thread_and_refreshes(qtbot: QtBot, home: Path) -> None:
    window = logged_in(qtbot, home)
    window._open_index(window.batch_model.index(0, 0))
    validate = window.findChild(QAction, "validate")
    assert validate is not None
    validate.trigger()
    qtbot.waitUntil(
        lambda: worker.running() == 0 and window.batch_model.rowCount() == 1, timeout=10000
    )
    qtbot.waitUntil(
        lambda: window.current is not None and window.current.validated_at is not None,
        timeout=10000,
    )
    ws = Workspace.open(home=home)
    with ws.engine.connect() as conn:
        assert audit.verify(conn) is None
    ws.engine.dispose()
