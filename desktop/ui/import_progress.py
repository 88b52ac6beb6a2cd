"""The import wizard's last two pages: the import running (progress, Cancel that leaves
nothing behind) and its summary (rows, errors, warnings, open the batch)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from desktop.services import imports
from desktop.ui import labels, worker
from desktop.ui.import_pages import SUMMARY, Page

if TYPE_CHECKING:
    from desktop.ui.import_wizard import ImportWizard


class ImportPage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("正在导入"))
        self.setSubTitle(self.tr("导入要么全部保存，要么什么都不保存：取消不会留下半个批次。"))
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progress")
        self.cancel_button = QPushButton(self.tr("取消导入"), self)
        self.cancel_button.setObjectName("cancel_import")
        self.cancel_button.clicked.connect(self.cancel)
        self.again = QPushButton(self.tr("返回重新选择…"), self)
        self.again.setObjectName("restart")
        self.again.clicked.connect(wizard.restart)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.again)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.job: worker.Job | None = None

    @property
    def running(self) -> bool:
        return self.job is not None

    def initializePage(self) -> None:
        wiz = self.wiz
        session, request = wiz.session, wiz.request()
        self.set_ready(False)
        self.again.hide()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.bar.setRange(0, 0)
        self.say(self.tr("正在准备…"))

        def work(progress: Any, cancel: Any) -> imports.BatchInfo:
            return imports.run_import(session, request, progress=progress, cancel=cancel)

        self.job = worker.start(
            work, on_done=self._done, on_error=self._failed, on_progress=self._progress,
            on_cancelled=self._cancelled, pass_control=True,
        )  # fmt: skip
        wiz.jobs.append(self.job)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.say(self.tr("正在取消，正在撤销已写入的内容…"))

    def _progress(self, done: int, total: int) -> None:
        if self.job is None or self.job.token.cancelled:
            return
        if total == 0:
            self.bar.setRange(0, 0)
            self.say(self.tr("正在读取文件：已读 {0} 行").format(done))
        elif done < total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.say(self.tr("正在保存：{0} / {1} 行").format(done, total))
        else:
            self.bar.setRange(0, 0)
            self.say(self.tr("正在校验并提交 {0} 行…").format(total))

    def _finished(self) -> None:
        self.job = None
        self.cancel_button.hide()
        self.bar.setRange(0, 1)

    def _done(self, batch: imports.BatchInfo) -> None:
        self._finished()
        self.bar.setValue(1)
        self.wiz.batch = batch
        self.wiz.imported.emit(batch)
        self.set_ready(True)
        if self.wiz.closing:
            self.wiz.close_now()
        else:
            self.wiz.next()

    def _cancelled(self) -> None:
        self._finished()
        self.bar.setValue(0)
        self.say(self.tr("导入已取消，工作区没有任何改动。"))
        self.again.show()
        if self.wiz.closing:
            self.wiz.close_now()

    def _failed(self, message: str, details: str) -> None:
        self._finished()
        self.bar.setValue(0)
        self.fail(self.tr("导入未完成，工作区没有任何改动：") + message, details)
        self.again.show()
        if self.wiz.closing:
            self.wiz.close_now()

    def nextId(self) -> int:
        return SUMMARY


class SummaryPage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("导入完成"))
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label in (
            ("name", self.tr("批次")),
            ("rows", self.tr("记录数")),
            ("errors", self.tr("错误")),
            ("warnings", self.tr("警告")),
            ("state", self.tr("状态")),
        ):
            value = QLabel(self)
            value.setObjectName(key)
            form.addRow(label, value)
            self.fields[key] = value
        self.open_button = QPushButton(self.tr("打开批次"), self)
        self.open_button.setObjectName("open_batch")
        self.open_button.clicked.connect(self.open_batch)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.set_ready(True)

    def initializePage(self) -> None:
        batch = self.wiz.batch
        assert batch is not None
        values = {
            "name": batch.name,
            "rows": str(batch.rows),
            "errors": str(batch.errors),
            "warnings": str(batch.warnings),
            "state": labels.text(batch.state.label),
        }
        for key, text in values.items():
            self.fields[key].setText(text)
        self.say(
            self.tr("有 {0} 处错误需要更正后才能签名。").format(batch.errors)
            if batch.errors
            else self.tr("没有错误。")
        )

    def open_batch(self) -> None:
        if self.wiz.batch is not None:
            self.wiz.open_requested.emit(self.wiz.batch)
        self.wiz.accept()

    def nextId(self) -> int:
        return -1
