"""The batch list's own actions on a real workspace, offscreen: deleting a draft (asked
first, audited, gone from the grid too), withdrawing a signature with a reason (a
reviewer's; a clerk never gets the action), and a correction batch from a rejected one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.services import batches, records
from desktop.services.grid import BatchInfo
from desktop.services.workspace import Session, Workspace
from desktop.ui import worker
from desktop.ui.batch_actions import UnsignDialog
from desktop.ui.main_window import MainWindow
from tests.store import sheets, states
from tests.store.conftest import (  # noqa: F401
    audit_log,
    login,
    sqlite_template,
    sqlite_workspace,
)
from tests.sync.office import enrollment_row

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def ws(sqlite_workspace: Workspace, qtbot: QtBot) -> Iterator[Workspace]:  # noqa: F811
    yield sqlite_workspace
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=10000)


def imported(ws: Workspace, tmp_path: Path, *, validated: bool = False) -> BatchInfo:
    path = sheets.write(tmp_path / "新生.csv", [enrollment_row(i) for i in range(3)])
    clerk, reviewer = login(ws, "clerk"), login(ws, "reviewer")
    batch = batches.import_file(clerk, path, BatchKind.ENROLLMENT, name="新生")
    if validated:
        batch = batches.validate_batch(clerk, batch.id)
        for f in batches.show_batch(clerk, batch.id)[1]:
            if f["severity"] == "warning" and not f["acknowledged"]:
                row = int(str(f["row_no"]))
                batch = records.acknowledge(reviewer, batch.id, row, str(f["rule_id"]), "已核实")
        assert batch.state is BatchState.VALIDATED
    return batch


def window_on(qtbot: QtBot, session: Session, rows: int = 1) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.batch_model.rowCount() == rows, timeout=10000)
    window._open_index(window.batch_model.index(0, 0))
    return window


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None
    return found


def enabled(window: MainWindow) -> set[str]:
    return {a.objectName() for a in window.batch_actions.actions if a.isEnabled()}


def test_a_draft_is_deleted_only_when_the_clerk_says_yes(
    qtbot: QtBot, ws: Workspace, tmp_path: Path
) -> None:
    batch = imported(ws, tmp_path)
    window = window_on(qtbot, login(ws, "clerk"))
    assert enabled(window) == {"delete_draft"}
    qtbot.waitUntil(lambda: window.grid.batch is not None, timeout=10000)

    action(window, "delete_draft").trigger()
    box = window.findChild(QMessageBox, "confirm_delete")
    assert box is not None and box.isVisible() and "新生" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert [b.id for b in batches.list_batches(login(ws, "clerk"))] == [batch.id]

    action(window, "delete_draft").trigger()
    boxes = [b for b in window.findChildren(QMessageBox, "confirm_delete") if b.isVisible()]
    assert len(boxes) == 1
    boxes[0].button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.batch_model.rowCount() == 0, timeout=10000)
    assert batches.list_batches(login(ws, "clerk")) == []
    assert window.current is None and window.grid.batch is None and window.grid.model is None
    assert window.findings.topLevelItemCount() == 0 and enabled(window) == set()
    deleted = [e for e in audit_log(ws) if e["action"] == "delete"]
    assert [(e["operator"], e["object_id"]) for e in deleted] == [("clerk", batch.id)]


def test_a_reviewer_withdraws_a_signature_with_a_reason(
    qtbot: QtBot, ws: Workspace, tmp_path: Path
) -> None:
    batch = imported(ws, tmp_path, validated=True)
    states.sign(login(ws, "reviewer"), batch.id)
    clerks = window_on(qtbot, login(ws, "clerk"))
    assert enabled(clerks) == set()  # signed: not deletable, and not the clerk's to unsign

    window = window_on(qtbot, login(ws, "reviewer"))
    assert enabled(window) == {"unsign"}
    action(window, "unsign").trigger()
    dialog = window.findChild(UnsignDialog)
    assert dialog is not None and dialog.isVisible() and not dialog.ok_button.isEnabled()
    dialog.reason.setText("证书编号有误")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(
        lambda: window.current is not None and window.current.state is BatchState.DRAFT,
        timeout=10000,
    )
    assert enabled(window) == {"delete_draft"}
    moved = [e for e in audit_log(ws) if e["action"] == "state" and e["object_id"] == batch.id]
    after = json.loads(moved[-1]["after"])
    assert (after["reason"], after["state"], moved[-1]["operator"]) == (
        "证书编号有误",
        "draft",
        "reviewer",
    )


def test_a_rejected_batch_gives_a_correction_batch(
    qtbot: QtBot, ws: Workspace, tmp_path: Path
) -> None:
    batch = imported(ws, tmp_path, validated=True)
    states.queue(login(ws, "reviewer"), batch.id)
    states.force(ws, batch.id, BatchState.SUBMITTED, BatchState.REJECTED)
    window = window_on(qtbot, login(ws, "clerk"))
    assert enabled(window) == {"correct"}
    action(window, "correct").trigger()
    qtbot.waitUntil(lambda: window.batch_model.rowCount() == 2, timeout=10000)
    qtbot.waitUntil(
        lambda: window.current is not None and window.current.parent_id == batch.id,
        timeout=10000,
    )
    assert window.current is not None
    assert (window.current.name, window.current.rows) == ("新生（更正）", 3)
    assert window.grid.batch is not None and window.grid.batch.id == window.current.id
