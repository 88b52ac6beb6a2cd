"""上报: the outbox and the server's verdicts (issue 7).

The queued batches with their upload progress, attempts and the reason they still wait;
below, the settled batches with their receipt verified again against the pinned server
key and the records the server refused (`receipts_panel`); above, the server link
(`server_box`). Actions: queue a signed batch, sync (or retry one batch), pull and
reconcile. Everything that touches the database or the network runs through `worker`;
without a network the batches simply stay queued, with the reason shown, and the next
同步 catches up.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.roles import Action, allowed
from desktop.services import outbox_view, pull, sync
from desktop.services.outbox_view import Overview, Queued
from desktop.services.workspace import Session
from desktop.ui import labels
from desktop.ui.pagekit import ask_text, run, show_error
from desktop.ui.receipts_panel import ReceiptsPanel, table_view
from desktop.ui.server_box import ServerBox
from desktop.ui.sync_models import OutboxModel
from desktop.ui.sync_text import pull_text, sync_text


class _Relay(QObject):
    """Carries the sync service's progress (reported on the worker thread) to the GUI."""

    moved = Signal(str, int, int)


class SyncPage(QWidget):
    changed = Signal()  # some batch changed state: lists elsewhere should reload

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        settings: sync.ClientSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sync_page")
        self.session, self.settings = session, settings
        self.overview: Overview | None = None
        self.report_shown: Any = None  # the last SyncReport / PullReport shown
        self.busy = False
        self._asked = 0
        self.prompt: QWidget | None = None  # the open prompt, if any (tests answer it)
        self._relay = _Relay(self)
        self._relay.moved.connect(self._moved)
        self.may_submit = allowed(session.operator.role, Action.SUBMIT)

        self.server_box = ServerBox(session, settings, self)
        self.server_box.said.connect(self._say)
        self.server_box.changed.connect(self.refresh)
        self.receipts = ReceiptsPanel(session, self)
        self.receipts.said.connect(self._say)
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("report")
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(140)
        self.report.setPlaceholderText(self.tr("同步和拉取核对的结果显示在这里"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.server_box)
        layout.addWidget(self._outbox_box(), 2)
        layout.addWidget(self.receipts, 3)
        layout.addWidget(self.report)
        self._buttons()
        self.refresh()

    def _outbox_box(self) -> QGroupBox:
        self.ready_box = QComboBox(self)
        self.ready_box.setObjectName("ready")
        self.ready_box.setMinimumContentsLength(16)
        self.enqueue_button = self._button(self.tr("排队上报"), "enqueue", self.enqueue)
        self.sync_button = self._button(self.tr("同步"), "sync", self.ask_sync)
        self.retry_button = self._button(self.tr("重试"), "retry", self.ask_retry)
        self.pull_button = self._button(self.tr("拉取核对"), "pull", self.ask_pull)
        refresh = self._button(self.tr("刷新"), "refresh", self.refresh)
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("已签名待排队："), self))
        actions.addWidget(self.ready_box, 1)
        role = self.session.operator.role
        for b in (self.enqueue_button, self.sync_button, self.retry_button, self.pull_button):
            actions.addWidget(b)
            if not self.may_submit:
                b.setToolTip(
                    self.tr("{role}不能上报：上报由审核员或管理员进行").format(
                        role=labels.text(role.label)
                    )
                )
        actions.addWidget(refresh)
        self.outbox_model = OutboxModel(self)
        self.outbox_view = table_view("outbox", self)
        self.outbox_view.setModel(self.outbox_model)
        self.outbox_view.selectionModel().selectionChanged.connect(self._buttons)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setVisible(False)
        self.status = QLabel("", self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        box = QGroupBox(self.tr("待上报（发件箱）"), self)
        lay = QVBoxLayout(box)
        lay.addLayout(actions)
        lay.addWidget(self.outbox_view)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        return box

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.busy:
            self.refresh()

    # -- state --------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _failed(self, message: str, details: str) -> None:
        self._set_busy(False)
        self._say(message)
        show_error(self, message, details)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)  # until the first chunk says how many
        self._buttons()

    def _buttons(self, *_: Any) -> None:
        ov = self.overview
        may = not self.busy and self.may_submit
        linked = ov is not None and ov.server is not None
        self.enqueue_button.setEnabled(may and self.ready_box.count() > 0)
        self.sync_button.setEnabled(may and linked and bool(ov and ov.queued))
        self.retry_button.setEnabled(may and linked and self.selected_queued() is not None)
        self.pull_button.setEnabled(may and linked)

    def selected_queued(self) -> Queued | None:
        rows = self.outbox_view.selectionModel().selectedRows()
        if not rows:
            return None
        chosen: Queued = self.outbox_model.item(rows[0].row())
        return chosen

    def refresh(self) -> None:
        session = self.session
        self._asked += 1
        asked = self._asked

        def done(ov: Overview) -> None:
            if asked == self._asked:  # an older read finishing late is not shown
                self._show(ov)

        def failed(message: str, details: str) -> None:
            self._say(message)
            show_error(self, message, details)

        run(self, lambda: outbox_view.overview(session), done, failed)

    def _show(self, ov: Overview) -> None:
        self.overview = ov
        self.server_box.show_server(ov.server)
        chosen = self.selected_queued()
        self.outbox_model.set_items(ov.queued)
        self.outbox_view.resizeColumnsToContents()
        if chosen is not None:
            for row, q in enumerate(ov.queued):
                if q.batch.batch_id == chosen.batch.batch_id:
                    self.outbox_view.selectRow(row)
        self.ready_box.clear()
        for line in ov.ready:
            text = self.tr("{name}（{kind}，{rows} 条）")
            shown = text.format(name=line.name, kind=labels.text(line.kind), rows=line.rows)
            self.ready_box.addItem(shown, line.batch_id)
        self.receipts.set_settled(ov.settled)
        self._buttons()

    # -- the outbox ---------------------------------------------------------------------
    def enqueue(self) -> None:
        batch_id = self.ready_box.currentData()
        if not batch_id:
            return
        session = self.session

        def queued(batch: Any) -> None:
            self._say(self.tr("“{name}”已排队，点“同步”上报").format(name=batch.name))
            self.refresh()
            self.changed.emit()

        run(self, lambda: sync.enqueue(session, batch_id), queued, self._failed)

    def _ask_passphrase(self, title: str, then: Callable[[str], None]) -> None:
        self.prompt = ask_text(
            self, title, self.tr("请输入本校签名密钥的口令（用于登录中心服务器）："), then,
            secret=True, name="passphrase",
        )  # fmt: skip

    def ask_sync(self) -> None:
        self._ask_passphrase(self.tr("同步"), self.start_sync)

    def ask_retry(self) -> None:
        chosen = self.selected_queued()
        if chosen is not None:
            batch_id = chosen.batch.batch_id
            self._ask_passphrase(self.tr("重试"), lambda p: self.start_sync(p, only=(batch_id,)))

    def start_sync(self, passphrase: str, only: Collection[str] | None = None) -> None:
        session, settings, relay = self.session, self.settings, self._relay
        self._set_busy(True)
        self._say(self.tr("正在同步…"))

        def work() -> sync.SyncReport:
            return sync.sync(
                session, passphrase, settings=settings, only=only, progress=relay.moved.emit
            )

        run(self, work, self._synced, self._failed)

    def _moved(self, batch_id: str, sent: int, total: int) -> None:
        self.outbox_model.set_progress(batch_id, sent, total)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(sent)
        queued = self.overview.queued if self.overview else ()
        name = next((q.batch.name for q in queued if q.batch.batch_id == batch_id), "")
        text = self.tr("正在上传“{name}”：{sent} / {total} 块")
        self._say(text.format(name=name, sent=sent, total=total))

    def _synced(self, report: sync.SyncReport) -> None:
        self._set_busy(False)
        self.report_shown = report
        self.report.setPlainText(sync_text(report))
        if report.pending:
            text = self.tr("{n} 个批次仍在等待上报，原因见“原因”列；网络恢复后再点“同步”")
            self._say(text.format(n=report.pending))
        else:
            self._say(self.tr("同步完成"))
        self.refresh()
        self.changed.emit()

    # -- the pull -----------------------------------------------------------------------
    def ask_pull(self) -> None:
        self._ask_passphrase(self.tr("拉取核对"), self.start_pull)

    def start_pull(self, passphrase: str) -> None:
        session, settings = self.session, self.settings
        self._set_busy(True)
        self._say(self.tr("正在从中心服务器拉取本校学生…"))
        work = lambda: pull.pull(session, passphrase, settings=settings)  # noqa: E731
        run(self, work, self._pulled, self._failed)

    def _pulled(self, report: pull.PullReport) -> None:
        self._set_busy(False)
        self.report_shown = report
        self.report.setPlainText(pull_text(report))
        self._say(self.tr("拉取核对完成"))
        self.refresh()
