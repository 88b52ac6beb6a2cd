"""The 上报 page against the reference server on loopback, offscreen: a signed batch
queued and synced to 已受理 with its receipt verified, a server that is down (the batch
stays queued with the reason, a retry catches up), refused rows with the server's
reasons, the receipt exported, the pull, and the administrator's server connection."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.services import dashboard, signing
from desktop.services.pull import PullReport
from desktop.services.workspace import Session, Workspace
from desktop.ui import worker
from desktop.ui.server_box import ConnectDialog
from desktop.ui.sync_page import SyncPage
from tests.server.conftest import Live, enrollment, live, school, sign, upload  # noqa: F401
from tests.store import sheets
from tests.store.conftest import login, sqlite_template, sqlite_workspace, tamper  # noqa: F401
from tests.sync.office import (
    FAST,
    PHRASE,
    Office,
    cheap_keystore,
    enrollment_row,
    enrolment_code,
    office,  # noqa: F401
    open_office,
)
from tests.ui.loopback import LoopbackServer

# Qt warnings fail the test; the offscreen platform's note that it cannot pass size hints
# to a window manager (it has none) says nothing about the page.
pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
LEFT = Qt.MouseButton.LeftButton
Make = Callable[[Session], SyncPage]


def idle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=30000)


@pytest.fixture
def make_page(qtbot: QtBot, sqlite_workspace: Workspace) -> Iterator[Make]:  # noqa: F811
    """Pages on the test's workspace, left only when no work of theirs is still running
    (the workspace is closed after this fixture)."""

    def make(session: Session) -> SyncPage:
        page = SyncPage(session, settings=FAST)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: page.overview is not None, timeout=10000)
        return page

    yield make
    idle(qtbot)


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, LEFT)


def answer(page: SyncPage | QInputDialog | None, text: str) -> None:
    prompt = page.prompt if isinstance(page, SyncPage) else page
    assert isinstance(prompt, QInputDialog)
    prompt.setTextValue(text)
    prompt.accept()


def cell(model: object, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.data(model.index(row, column), role)  # type: ignore[attr-defined]


def settle(qtbot: QtBot, page: SyncPage) -> None:
    """Until the page's work is done and its answers shown (`running()` drops only after
    a job's slot has run)."""
    qtbot.waitUntil(
        lambda: not page.busy and not page.server_box.busy and worker.running() == 0,
        timeout=30000,
    )


def test_a_signed_batch_is_queued_synced_and_accepted_with_a_verified_receipt(
    office: Office,  # noqa: F811
    make_page: Make,
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    tmp_path: Path,
) -> None:
    batch_id = office.signed([enrollment_row(i) for i in range(12)], chunk_size=2000)
    page = make_page(office.reviewer)
    assert page.ready_box.count() == 1
    assert page.ready_box.itemText(0) == "新生（新生学籍注册，12 条）"
    click(qtbot, page.enqueue_button)
    outbox = page.outbox_model
    qtbot.waitUntil(lambda: outbox.rowCount() == 1, timeout=10000)
    qtmodeltester.check(outbox)
    assert [cell(outbox, 0, c) for c in (2, 3, 4, 5, 7)] == ["已排队", 12, "未开始", 0, "等待上报"]
    assert page.ready_box.count() == 0

    moves: list[tuple[str, int, int]] = []
    page._relay.moved.connect(lambda *a: moves.append(a))
    click(qtbot, page.sync_button)
    answer(page, PHRASE)
    settled = page.receipts.settled_model
    qtbot.waitUntil(lambda: settled.rowCount() == 1 and outbox.rowCount() == 0, timeout=30000)
    settle(qtbot, page)
    qtmodeltester.check(settled)
    assert [cell(settled, 0, c) for c in range(6)] == [
        "新生", "新生学籍注册", "已受理", "✔ 已验证", 12, 0,
    ]  # fmt: skip
    assert "固定的中心服务器公钥核验" in str(cell(settled, 0, 3, Qt.ItemDataRole.ToolTipRole))
    # The upload went chunk by chunk, and the page heard of each.
    assert len(moves) >= 2 and moves[-1][0] == batch_id and moves[-1][1] == moves[-1][2]
    assert "新生：已受理（受理 12，退回 0），回执已验证" in page.report.toPlainText()
    assert page.status.text() == "同步完成"

    page.receipts.settled_view.selectRow(0)
    qtbot.waitUntil(lambda: "没有被退回的记录" in page.receipts.refused_label.text(), timeout=10000)
    receipts = page.receipts
    assert receipts.export_button.isEnabled()
    target = tmp_path / "回执.json"
    receipts.export_receipt(target)
    qtbot.waitUntil(target.exists, timeout=10000)
    document = json.loads(target.read_text("utf-8"))
    assert document["format"] == "regdesk-receipt-file/1"
    assert document["content"]["batch"] == batch_id and document["content"]["accepted"] == 12

    click(qtbot, page.pull_button)
    answer(page, PHRASE)
    qtbot.waitUntil(lambda: isinstance(page.report_shown, PullReport), timeout=30000)
    settle(qtbot, page)
    assert page.report_shown.students == 12 and page.report_shown.missing_on_server == ()
    assert "本地已受理的学生，服务器均已登记" in page.report.toPlainText()

    # A receipt altered in the database no longer verifies, and is no proof to export.
    tamper(office.ws, "UPDATE receipt SET signature = :s WHERE batch_id = :b",
           s=b"\0" * 64, b=batch_id)  # fmt: skip
    page.refresh()
    qtbot.waitUntil(lambda: cell(settled, 0, 3) == "✘ 验证失败", timeout=10000)
    settle(qtbot, page)
    assert "回执签名无效" in str(cell(settled, 0, 3, Qt.ItemDataRole.ToolTipRole))
    assert not receipts.export_button.isEnabled()


def test_a_batch_refused_as_a_whole_has_no_receipt_and_every_row_says_why(
    office: Office,  # noqa: F811
    make_page: Make,
    qtbot: QtBot,
) -> None:
    batch_id = office.queued(2)
    # The key that signed it is revoked (rotated first, so that the office can still log in).
    old = signing.keystore(office.admin).active()
    assert old is not None
    signing.rotate_key(office.admin, PHRASE)
    signing.revoke_key(office.admin, old.kid, "密钥泄露")
    page = make_page(office.reviewer)
    click(qtbot, page.sync_button)
    answer(page, PHRASE)
    settled = page.receipts.settled_model
    qtbot.waitUntil(lambda: settled.rowCount() == 1, timeout=30000)
    settle(qtbot, page)
    assert [cell(settled, 0, c) for c in (2, 3, 4, 5)] == ["已退回", "无回执（整批退回）", 0, 2]
    assert settled.item(0).batch.batch_id == batch_id
    assert "· 新生：已退回：中心服务器拒收整个批次" in page.report.toPlainText()
    page.receipts.settled_view.selectRow(0)
    qtbot.waitUntil(lambda: page.receipts.refused_model is not None, timeout=10000)
    refused = page.receipts.refused_model
    assert refused is not None and refused.rowCount() == 2
    qtbot.waitUntil(lambda: cell(refused, 1, 4) != "…", timeout=10000)
    assert all("拒收整个批次" in str(cell(refused, r, 4)) for r in range(2))
    assert not page.receipts.export_button.isEnabled()


def test_a_server_that_is_down_leaves_the_batches_queued_and_a_retry_catches_up(
    sqlite_workspace: Workspace,  # noqa: F811
    make_page: Make,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = LoopbackServer(tmp_path / "central")
    server.start()
    try:
        code = enrolment_code(server.url, "10001")
        office = open_office(sqlite_workspace, server.url, tmp_path, monkeypatch, code)
        first, second = office.queued(3), office.queued(2, start=10)
        server.stop()
        page = make_page(office.reviewer)
        click(qtbot, page.sync_button)
        answer(page, PHRASE)
        qtbot.waitUntil(lambda: page.report_shown is not None, timeout=30000)
        settle(qtbot, page)
        outbox = page.outbox_model
        assert outbox.rowCount() == 2 and page.receipts.settled_model.rowCount() == 0
        assert [cell(outbox, 0, c) for c in (2, 5)] == ["已排队", 1]
        reason = str(cell(outbox, 0, 7))
        assert reason.startswith("无法连接中心服务器或服务器持续繁忙")
        assert cell(outbox, 0, 7, Qt.ItemDataRole.ForegroundRole) is not None
        assert "仍在队列中：无法连接中心服务器" in page.report.toPlainText()
        assert page.status.text().startswith("2 个批次仍在等待上报")
        status = dashboard.load(office.reviewer).sync
        assert status.queued == 2 and status.last_error is not None
        assert status.last_error.startswith(reason) and status.last_success is None

        server.start()  # the network is back: a retry of the second batch sends it alone
        page.outbox_view.selectRow(1)
        assert outbox.item(1).batch.batch_id == second
        click(qtbot, page.retry_button)
        answer(page, PHRASE)
        settled = page.receipts.settled_model
        qtbot.waitUntil(lambda: settled.rowCount() == 1, timeout=30000)
        settle(qtbot, page)
        assert [cell(settled, 0, c) for c in (2, 3, 4)] == ["已受理", "✔ 已验证", 2]
        assert settled.item(0).batch.batch_id == second
        assert outbox.rowCount() == 1 and outbox.item(0).batch.batch_id == first
        assert cell(outbox, 0, 5) == 1  # not tried again

        click(qtbot, page.sync_button)  # and 同步 catches up with the rest
        answer(page, PHRASE)
        qtbot.waitUntil(lambda: settled.rowCount() == 2, timeout=30000)
        settle(qtbot, page)
        assert outbox.rowCount() == 0
        assert {settled.item(r).batch.batch_id for r in range(2)} == {first, second}
        assert dashboard.load(office.reviewer).sync.last_success is not None
    finally:
        server.stop()


def test_records_the_server_refused_are_listed_with_its_reasons(
    office: Office,  # noqa: F811
    live: Live,  # noqa: F811
    make_page: Make,
    qtbot: QtBot,
    qtmodeltester: ModelTester,
) -> None:
    # Another school registered student 3 first: one 普通全日制 学籍 at a time (article 8).
    other = school(live, "10002")
    theirs = enrollment(0, sfzh=sheets.id_number(3), csrq=date.fromisoformat(sheets.birth(3)),
                        xb="2")  # fmt: skip
    assert upload(live, other, sign(other, [theirs], BatchKind.ENROLLMENT)).status_code == 200
    office.queued(6)
    page = make_page(office.reviewer)
    click(qtbot, page.sync_button)
    answer(page, PHRASE)
    settled = page.receipts.settled_model
    qtbot.waitUntil(lambda: settled.rowCount() == 1, timeout=30000)
    settle(qtbot, page)
    assert [cell(settled, 0, c) for c in (2, 3, 4, 5)] == ["部分受理", "✔ 已验证", 5, 1]
    assert "新生：部分受理（受理 5，退回 1），回执已验证" in page.report.toPlainText()

    page.receipts.settled_view.selectRow(0)
    receipts = page.receipts
    qtbot.waitUntil(lambda: receipts.refused_model is not None, timeout=10000)
    refused = receipts.refused_model
    assert refused is not None and refused.rowCount() == 1
    assert cell(refused, 0, 1) == "…"  # asked for; the page is read off the GUI thread
    qtbot.waitUntil(lambda: cell(refused, 0, 1) != "…", timeout=10000)
    row_no, name, number, xh, message = (cell(refused, 0, c) for c in range(5))
    assert (row_no, name, xh) == (5, sheets.name(3), enrollment_row(3)["学号"])
    assert number == sheets.id_number(3)[:6] + "********" + sheets.id_number(3)[-4:]
    assert "CEN-" in str(message) and message == cell(refused, 0, 4, Qt.ItemDataRole.ToolTipRole)
    assert "被中心服务器退回的记录：1 条" in receipts.refused_label.text()
    qtmodeltester.check(refused)


def test_an_administrator_connects_the_server_and_registers_the_key(
    sqlite_workspace: Workspace,  # noqa: F811
    live: Live,  # noqa: F811
    make_page: Make,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(signing, "keystore", cheap_keystore)
    admin = login(sqlite_workspace, "admin")
    signing.generate_key(admin, PHRASE)
    page = make_page(admin)
    box = page.server_box
    assert "尚未连接中心服务器" in box.label.text()
    assert not box.register_button.isEnabled() and not page.sync_button.isEnabled()

    def connect(fingerprint: str) -> None:
        click(qtbot, box.connect_button)
        dialog = box.prompt
        assert isinstance(dialog, ConnectDialog)
        dialog.url.setText(live.url)
        dialog.fingerprint.setText(fingerprint)
        dialog.buttons.accepted.emit()
        settle(qtbot, page)

    connect("")  # refused by the dialog itself: the fingerprint is the point
    assert isinstance(box.prompt, ConnectDialog) and box.prompt.isVisible()
    assert "请填写密钥指纹" in box.prompt.message.text()
    box.prompt.reject()
    connect("00" * 32)
    assert page.status.text().startswith("服务器密钥指纹不符")
    assert "尚未连接中心服务器" in box.label.text()
    connect(live.server_key.fingerprint)
    qtbot.waitUntil(lambda: f"已连接 {live.url}" in box.label.text(), timeout=10000)
    assert live.server_key.kid in box.label.text()

    click(qtbot, box.register_button)
    answer(box.prompt if isinstance(box.prompt, QInputDialog) else None, "not-a-code")
    settle(qtbot, page)
    assert "本校公钥已在中心服务器登记" not in page.status.text()
    assert any("尚未在中心服务器登记" in w for w in dashboard.load(admin).warnings)
    click(qtbot, box.register_button)
    answer(box.prompt if isinstance(box.prompt, QInputDialog) else None,
           enrolment_code(live.url, "10001"))  # fmt: skip
    qtbot.waitUntil(lambda: "本校公钥已在中心服务器登记" in page.status.text(), timeout=10000)
    settle(qtbot, page)
    assert dashboard.load(admin).warnings == ()


def test_a_clerk_may_look_but_not_submit(
    sqlite_workspace: Workspace,  # noqa: F811
    make_page: Make,
) -> None:
    page = make_page(login(sqlite_workspace, "clerk"))
    for button in (page.enqueue_button, page.sync_button, page.retry_button, page.pull_button,
                   page.server_box.connect_button, page.server_box.register_button):  # fmt: skip
        assert not button.isEnabled()
    assert page.sync_button.toolTip() == "录入员不能上报：上报由审核员或管理员进行"
