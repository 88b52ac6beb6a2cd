"""The sign dialog on a real workspace, offscreen: the summary a reviewer signs (counts,
rule pack, the source file's digest, the key), a wrong then the right passphrase; a
clerk told why they cannot sign; the main window opening it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QTabWidget
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.domain.rules.catalogue import RULE_PACK_VERSION
from desktop.services import batches, records, signing
from desktop.services.workspace import Session, Workspace
from desktop.ui import worker
from desktop.ui.main_window import MainWindow
from desktop.ui.sign_dialog import SignDialog
from tests.store import sheets
from tests.store.conftest import (  # noqa: F401
    audit_log,
    login,
    sqlite_template,
    sqlite_workspace,
    tamper,
)
from tests.sync.office import PHRASE, cheap_keystore, enrollment_row

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def ready(
    sqlite_workspace: Workspace,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[str, Path]]:
    """A batch imported from a file, validated, its warnings acknowledged: 已校验."""
    monkeypatch.setattr(signing, "keystore", cheap_keystore)
    signing.generate_key(login(sqlite_workspace, "admin"), PHRASE)
    path = sheets.write(tmp_path / "新生.csv", [enrollment_row(i) for i in range(3)])
    clerk, reviewer = login(sqlite_workspace, "clerk"), login(sqlite_workspace, "reviewer")
    batch = batches.import_file(clerk, path, BatchKind.ENROLLMENT, name="新生")
    batch = batches.validate_batch(clerk, batch.id)
    for f in batches.show_batch(clerk, batch.id)[1]:
        if f["severity"] == "warning" and not f["acknowledged"]:
            row = int(str(f["row_no"]))
            batch = records.acknowledge(reviewer, batch.id, row, str(f["rule_id"]), "已核实")
    assert batch.state is BatchState.VALIDATED
    yield batch.id, path
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=10000)


def opened(qtbot: QtBot, session: Session, batch_id: str) -> SignDialog:
    dialog = SignDialog(session, batch_id)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10000)
    return dialog


def test_a_reviewer_reads_the_summary_and_signs(
    sqlite_workspace: Workspace,  # noqa: F811
    ready: tuple[str, Path],
    qtbot: QtBot,
) -> None:
    batch_id, path = ready
    dialog = opened(qtbot, login(sqlite_workspace, "reviewer"), batch_id)
    s = dialog.summary
    assert s is not None and s.may_sign and s.key is not None
    shown = {name: label.text() for name, label in dialog.fields.items()}
    assert shown["batch"] == "新生" and shown["state"] == "已校验" and shown["rows"] == "3"
    assert shown["errors"] == "0"
    assert shown["warnings"] == f"{s.warnings}（已确认 {s.warnings}，未确认 0）"
    assert shown["rule_pack"] == RULE_PACK_VERSION
    assert shown["source"] == "新生.csv"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert shown["digest"].split() == [digest[i : i + 16] for i in range(0, 64, 16)]
    assert shown["key"] == f"{s.key.kid}（Ed25519）\n指纹 {s.key.fingerprint}"
    assert dialog.blockers.text() == "" and dialog.blockers.isHidden()
    assert dialog.passphrase.isEnabled() and not dialog.sign_button.isEnabled()

    dialog.passphrase.setText("not the passphrase")
    assert dialog.sign_button.isEnabled()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "密钥口令不正确" in dialog.message.text(), timeout=10000)
    assert dialog.passphrase.text() == "" and dialog.result() == 0 and dialog.isVisible()

    dialog.passphrase.setText(PHRASE)
    with qtbot.waitSignal(dialog.signed, timeout=10000) as signed:
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert signed.args is not None and signed.args[0].state is BatchState.SIGNED
    assert dialog.result() == QDialog.DialogCode.Accepted
    actions = [e["action"] for e in audit_log(sqlite_workspace)]
    assert actions[-1] == "sign" and "sign_refused" in actions


def test_a_clerk_is_told_why_they_cannot_sign(
    sqlite_workspace: Workspace,  # noqa: F811
    ready: tuple[str, Path],
    qtbot: QtBot,
) -> None:
    batch_id, _ = ready
    clerk = login(sqlite_workspace, "clerk")
    before = len(audit_log(sqlite_workspace))
    dialog = SignDialog(clerk, batch_id)
    qtbot.addWidget(dialog)
    # Said at once, before the summary is read.
    assert "录入员不能签名" in dialog.blockers.text() and "第二十四条" in dialog.blockers.text()
    assert not dialog.passphrase.isEnabled() and not dialog.sign_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10000)
    assert dialog.fields["rows"].text() == "3"  # the clerk still sees what is there
    assert "录入员不能签名" in dialog.blockers.text()
    assert not dialog.passphrase.isEnabled() and not dialog.sign_button.isEnabled()
    dialog.sign()  # even called directly, nothing happens
    assert dialog.summary is not None and not dialog.working
    assert len(audit_log(sqlite_workspace)) == before  # looking is not a refused action


def test_a_batch_validated_under_an_older_rule_pack_must_be_validated_again(
    sqlite_workspace: Workspace,  # noqa: F811
    ready: tuple[str, Path],
    qtbot: QtBot,
) -> None:
    batch_id, _ = ready
    tamper(sqlite_workspace, "UPDATE batch SET rule_pack = '2000.1.1' WHERE id = :b", b=batch_id)
    dialog = opened(qtbot, login(sqlite_workspace, "reviewer"), batch_id)
    assert dialog.fields["rule_pack"].text() == f"{RULE_PACK_VERSION}（校验时为 2000.1.1）"
    assert "规则包已更新" in dialog.blockers.text()
    assert not dialog.passphrase.isEnabled()


def test_the_main_window_signs_through_the_dialog(
    sqlite_workspace: Workspace,  # noqa: F811
    ready: tuple[str, Path],
    qtbot: QtBot,
) -> None:
    window = MainWindow(login(sqlite_workspace, "reviewer"))
    qtbot.addWidget(window)
    tabs = window.findChild(QTabWidget)
    assert tabs is not None
    # The first tabs; pages added later (学生 …) follow them.
    assert [tabs.tabText(i) for i in range(3)] == ["工作台", "批次", "上报"]
    qtbot.waitUntil(lambda: window.batch_model.rowCount() == 1, timeout=10000)
    window._open_index(window.batch_model.index(0, 0))
    action = window.findChild(QAction, "sign")
    assert action is not None
    action.trigger()
    dialog = window.findChild(SignDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10000)
    dialog.passphrase.setText(PHRASE)
    with qtbot.waitSignal(dialog.signed, timeout=10000):
        dialog.sign_button.click()
    qtbot.waitUntil(
        lambda: window.current is not None and window.current.state is BatchState.SIGNED,
        timeout=10000,
    )
    qtbot.waitUntil(lambda: window.batch_model.index(0, 2).data() == "已签名", timeout=10000)
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=10000)
