"""报表: the chosen batch's summary (issue 7) — where it stands, its records counted by
层次, 专业, 学习形式 and status as tables and a bar chart — and the sheet the clerk prints
(打印…) or saves (导出 PDF…) for the office file after the batch is sent.

Counting runs off the GUI thread with progress (a million-row batch takes seconds); the
sheet is made from a fresh summary and written on a worker too (see report_sheet), and
every print or PDF is audited as an export by the service."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import batch_report
from desktop.services.batch_report import BatchReport, Grouping
from desktop.services.grid import BatchInfo
from desktop.services.workspace import Session
from desktop.ui import report_sheet, settings, worker
from desktop.ui.pagekit import local_time, show_error
from desktop.ui.report_chart import BarChart

Index = QModelIndex | QPersistentModelIndex
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class CountsModel(QAbstractTableModel):
    """One grouping: 项目 / 人数 / 占比, and a 合计 row."""

    def __init__(self, grouping: Grouping, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.grouping = grouping
        self.headers = (
            QCoreApplication.translate("ReportPage", "项目"),
            QCoreApplication.translate("ReportPage", "人数"),
            QCoreApplication.translate("ReportPage", "占比"),
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grouping.counts) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        counts, total = self.grouping.counts, self.grouping.total
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if index.column() else None
        if index.row() == len(counts):  # the 合计 row
            if role == Qt.ItemDataRole.DisplayRole:
                return (QCoreApplication.translate("ReportPage", "合计"), total, "100%")[
                    index.column()
                ]
            return None
        c = counts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            share = f"{100 * c.count / total:.1f}%" if total else "—"
            return (c.name, c.count, share)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and c.code is not None:
            return QCoreApplication.translate("ReportPage", "代码 {code}").format(code=c.code)
        return None


class ReportDialog(QDialog):
    def __init__(self, session: Session, batch_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report_dialog")
        self.setWindowTitle(QCoreApplication.translate("ReportPage", "批次报表"))
        self.resize(980, 680)
        self.session, self.batch_id = session, batch_id
        self.report: BatchReport | None = None
        self.job: worker.Job | None = None
        self.printer: QPrinter | None = None
        self.prompt: QDialog | None = None  # the file or print dialog, while it is open

        self.facts = QLabel(QCoreApplication.translate("ReportPage", "正在统计…"), self)
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.status = QLabel("", self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("groupings")
        self.tabs.currentChanged.connect(self._chart_current)
        self.chart = BarChart(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tabs)
        split.addWidget(self.chart)
        split.setSizes([520, 440])

        self.refresh_button = self._button(
            QCoreApplication.translate("ReportPage", "刷新"), "refresh", self.refresh
        )
        self.print_button = self._button(
            QCoreApplication.translate("ReportPage", "打印…"), "print", self.ask_print
        )
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.pdf_button = self._button(
            QCoreApplication.translate("ReportPage", "导出 PDF…"), "pdf", self.ask_pdf
        )
        close = self._button(QCoreApplication.translate("ReportPage", "关闭"), "close", self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        for b in (self.print_button, self.pdf_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(self.progress)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.finished.connect(self._cancel)
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    @property
    def busy(self) -> bool:
        return self.job is not None

    def _buttons(self) -> None:
        ready = self.report is not None and not self.busy
        self.print_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)
        self.refresh_button.setEnabled(not self.busy)

    def _start(self, fn: Callable[..., Any], done: Callable[[Any], None], **kw: Any) -> None:
        def finished(result: Any) -> None:
            self.job = None
            self.progress.hide()
            done(result)
            self._buttons()

        def failed(message: str, details: str) -> None:
            self.job = None
            self.progress.hide()
            self.status.setText(message)
            self._buttons()
            show_error(self, message, details)

        def cancelled() -> None:
            self.job = None

        self.job = worker.start(
            fn, on_done=finished, on_error=failed, on_cancelled=cancelled, owner=self, **kw
        )
        self._buttons()

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    # -- the summary ------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.busy:
            return
        session, batch_id = self.session, self.batch_id
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(QCoreApplication.translate("ReportPage", "正在统计…"))
        self._start(
            lambda progress, cancel: batch_report.summary(
                session, batch_id, progress=progress, cancel=cancel
            ),
            self.show_report,
            on_progress=self._progressed,
            pass_control=True,
        )

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def show_report(self, report: BatchReport) -> None:
        self.report = report
        self.setWindowTitle(
            QCoreApplication.translate("ReportPage", "批次报表 — {name}").format(name=report.name)
        )
        rows = "".join(
            f"<tr><td style='color:#555555; padding-right:8px'>{escape(k)}</td>"
            f"<td>{escape(v)}</td></tr>"
            for k, v in report_sheet.facts(report)
        )
        self.facts.setText(f"<table cellspacing='0' cellpadding='1'>{rows}</table>")
        current = self.tabs.currentIndex()
        for i in reversed(range(self.tabs.count())):
            page = self.tabs.widget(i)
            self.tabs.removeTab(i)
            if page is not None:
                page.deleteLater()
        for g in report.groupings:
            view = QTableView(self.tabs)
            view.setObjectName(f"counts_{g.key}")
            view.setModel(CountsModel(g, view))
            view.verticalHeader().setVisible(False)
            view.horizontalHeader().setStretchLastSection(True)
            view.setColumnWidth(0, 260)
            self.tabs.addTab(view, g.title)
        self.tabs.setCurrentIndex(max(current, 0) if current < self.tabs.count() else 0)
        self._chart_current(self.tabs.currentIndex())
        self.status.setText(
            QCoreApplication.translate("ReportPage", "共 {n} 条记录；制表时间 {at}").format(
                n=report.rows, at=local_time(report.made_at)
            )
        )

    def model(self, key: str) -> CountsModel:
        view = self.findChild(QTableView, f"counts_{key}")
        assert view is not None, key
        model = view.model()
        assert isinstance(model, CountsModel)
        return model

    def _chart_current(self, index: int) -> None:
        if self.report is not None and 0 <= index < len(self.report.groupings):
            g = self.report.groupings[index]
            self.chart.set_counts(g.title, g.counts)

    # -- 导出 PDF ----------------------------------------------------------------------------
    def ask_pdf(self) -> None:
        if self.report is None or self.busy:
            return
        stem = f"{report_sheet.title()}-{self.report.name}"
        name = UNSAFE.sub("-", stem) + ".pdf"  # a batch name may hold / or :
        dialog = QFileDialog(
            self,
            QCoreApplication.translate("ReportPage", "导出 PDF"),
            str(Path(settings.last_folder()) / name),
        )
        dialog.setObjectName("pdf_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(QCoreApplication.translate("ReportPage", "PDF 文件 (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self.export_pdf(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        self.prompt = dialog
        dialog.open()

    def export_pdf(self, path: Path) -> None:
        session, batch_id = self.session, self.batch_id
        settings.remember_folder(path)
        self.status.setText(QCoreApplication.translate("ReportPage", "正在导出…"))

        def write(report: BatchReport) -> None:
            report_sheet.write_pdf(report, path)

        def done(report: BatchReport) -> None:
            self.show_report(report)
            self.status.setText(
                QCoreApplication.translate("ReportPage", "已导出：{path}").format(path=path)
            )

        self._start(lambda: batch_report.export(session, batch_id, path.name, write), done)

    # -- 打印 --------------------------------------------------------------------------------
    def ask_print(self) -> None:
        if self.report is None or self.busy:
            return
        if self.printer is None:
            self.printer = report_sheet.a4_printer()
        dialog = QPrintDialog(self.printer, self)
        dialog.setObjectName("print_dialog")
        dialog.setWindowTitle(QCoreApplication.translate("ReportPage", "打印批次汇总"))
        dialog.accepted.connect(lambda *_: self.print_to(self.printer))
        dialog.finished.connect(dialog.deleteLater)
        self.prompt = dialog
        QDialog.open(dialog)  # QPrintDialog.open() wants a receiver; this is the plain one

    def print_to(self, printer: QPrinter | None) -> None:
        """On a worker: the GUI thread leaves the printer alone until it is done."""
        if printer is None or self.busy:
            return
        session, batch_id = self.session, self.batch_id
        if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat:
            how, where = "file", Path(printer.outputFileName()).name
        else:
            how, where = "printer", printer.printerName()
        self.status.setText(QCoreApplication.translate("ReportPage", "正在打印…"))

        def write(report: BatchReport) -> None:
            report_sheet.print_sheet(report, printer)

        def done(report: BatchReport) -> None:
            self.show_report(report)
            self.status.setText(
                QCoreApplication.translate("ReportPage", "已发送到打印机：{name}").format(
                    name=where
                )
            )

        self._start(lambda: batch_report.export(session, batch_id, where, write, how=how), done)


class BatchWindow(Protocol):
    """The window the 报表 action sits on: its session and the batch chosen in it."""

    session: Session
    current: BatchInfo | None


def open_report(window: BatchWindow) -> ReportDialog | None:
    """The report of the window's chosen batch, beside the window (not modal: the clerk
    may look at the grid while it counts)."""
    parent = window if isinstance(window, QWidget) else None
    if window.current is None:
        if parent is not None:
            show_error(
                parent,
                QCoreApplication.translate(
                    "ReportPage", "请先在“批次”列表中选择一个批次，再打开报表。"
                ),
            )
        return None
    dialog = ReportDialog(window.session, window.current.id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
