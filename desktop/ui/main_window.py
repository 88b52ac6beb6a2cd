"""The main window: batches on the left, the open batch's grid and its findings on the
right; import, validate and sign from the toolbar. All I/O runs through `worker`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop.services import batches
from desktop.services.workspace import Session
from desktop.store.batches import BatchInfo
from desktop.ui import labels, worker
from desktop.ui.batch_actions import BatchActions
from desktop.ui.batch_grid import BatchGrid
from desktop.ui.batch_list import BatchListModel
from desktop.ui.dashboard import DashboardPage
from desktop.ui.findings_panel import FindingsPanel
from desktop.ui.grid import RecordGridModel
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.language_menu import LanguageMenu
from desktop.ui.report_page import open_report
from desktop.ui.sign_dialog import SignDialog
from desktop.ui.student_page import StudentPage
from desktop.ui.sync_page import SyncPage


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("学籍学历注册工作台"))
        self.resize(1280, 800)
        self.current: BatchInfo | None = None

        self.batch_model = BatchListModel(self)
        self.batch_view = QTableView(self)
        self.batch_view.setObjectName("batches")
        self.batch_view.setModel(self.batch_model)
        self.batch_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.batch_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.batch_view.clicked.connect(self._open_index)

        self.grid = BatchGrid(session, self)
        self.grid_view = self.grid.view
        self.findings = FindingsPanel(session, self)
        self.findings.jump.connect(self.grid.jump_to)
        self.findings.filter_rule.connect(self.grid.filter_rule)
        self.findings.batch_changed.connect(self._after_change)
        self.findings.failed.connect(self.show_error)
        self.grid.batch_changed.connect(self._after_change)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(DashboardPage(session, self), self.tr("工作台"))
        self.tabs.addTab(self._batches_page(), self.tr("批次"))
        self.sync_page = SyncPage(session, self)
        self.sync_page.changed.connect(self.refresh)
        self.tabs.addTab(self.sync_page, self.tr("上报"))
        self.student_page = StudentPage(session, self)
        self.student_page.open_record.connect(self.open_record)
        self.tabs.addTab(self.student_page, self.tr("学生"))
        self.setCentralWidget(self.tabs)

        self.toolbar = self.addToolBar(self.tr("操作"))
        self.toolbar.setObjectName("toolbar")
        self._action(self.tr("导入"), QKeySequence("Ctrl+O"), self.import_file, "import")
        self._action(self.tr("校验"), QKeySequence("F5"), self.validate, "validate")
        self._action(self.tr("签名"), QKeySequence("Ctrl+Shift+S"), self.sign, "sign")
        self._action(self.tr("报表"), QKeySequence("Ctrl+P"), lambda: open_report(self), "report")
        self._action(self.tr("刷新"), QKeySequence("Ctrl+R"), self.refresh, "refresh")
        self.batch_actions = BatchActions(self)
        self.toolbar.addSeparator()
        self.toolbar.addActions(self.batch_actions.actions)
        self.menuBar().addMenu(LanguageMenu(self))
        op = session.operator
        self.statusBar().showMessage(
            self.tr("{0} {1}（{2}）").format(
                labels.text(op.role.label), op.display_name, op.username
            )
        )
        self.refresh()

    def _batches_page(self) -> QSplitter:
        """The batch list on the left; the open batch's grid over its findings."""
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.grid)
        right.addWidget(self.findings)
        right.setSizes([560, 200])
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.batch_view)
        split.addWidget(right)
        split.setSizes([420, 860])
        return split

    def _action(self, text: str, key: QKeySequence, slot: Any, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(key)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    # -- running work -------------------------------------------------------------------
    def run(self, fn: Any, done: Any, *, busy: str = "") -> worker.Job:
        if busy:
            self.statusBar().showMessage(busy)
        return worker.start(fn, on_done=done, on_error=self.show_error)

    def show_error(self, message: str, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("操作未完成"), message, parent=self)
        box.setDetailedText(details)
        box.open()
        self.statusBar().showMessage(message)

    # -- batches ------------------------------------------------------------------------
    def refresh(self) -> None:
        session = self.session
        self.run(lambda: batches.list_batches(session), self._listed)

    def _listed(self, items: Any) -> None:
        self.batch_model.set_items(items)
        if self.current is not None:
            for row, b in enumerate(items):
                if b.id == self.current.id:
                    self.batch_view.selectRow(row)
                    self.open_batch(b)
                    break
            else:  # deleted (here or by another operator): nothing of it stays on screen
                self.close_batch()

    def _open_index(self, index: QModelIndex) -> None:
        self.open_batch(self.batch_model.item(index.row()))

    def open_batch(self, batch: BatchInfo) -> None:
        self.current = batch
        self.grid.open(batch)
        self.findings.open(batch)
        self.batch_actions.update(batch)
        self.statusBar().showMessage(
            self.tr("{0}：{1}，{2} 条，错误 {3}，警告 {4}").format(
                batch.name, labels.text(batch.state.label), batch.rows, batch.errors, batch.warnings
            )
        )

    def close_batch(self) -> None:
        self.current = None
        self.grid.close_batch()
        self.findings.close_batch()
        self.batch_actions.update(None)

    def open_record(self, batch_id: str, seq: int) -> None:
        """A record found elsewhere (the 学生 timeline): its batch opened at its row."""
        session = self.session

        def opened(found: Any) -> None:
            self.tabs.setCurrentIndex(1)
            self.open_batch(found[0])
            self.grid.jump_to(seq)
            self.refresh()  # the list, read again, selects the open batch

        self.run(lambda: batches.show_batch(session, batch_id, limit=0), opened)

    @property
    def grid_model(self) -> RecordGridModel | None:
        return self.grid.model

    # -- actions ------------------------------------------------------------------------
    def import_file(self) -> None:
        wizard = ImportWizard(self.session, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(lambda _batch: self.refresh())
        wizard.open_requested.connect(self._open_imported)
        wizard.open()

    def _open_imported(self, batch: Any) -> None:
        """打开批次 from the wizard: the batch shown where the clerk fixes it."""
        self.tabs.setCurrentIndex(1)
        self._after_change(batch)

    def validate(self) -> None:
        batch = self.current
        if batch is None:
            return
        session = self.session
        self.run(
            lambda: batches.validate_batch(session, batch.id),
            self._after_change,
            busy=self.tr("正在校验…"),
        )

    def _after_change(self, batch: Any) -> None:
        self.current = batch
        self.refresh()

    def sign(self) -> None:
        batch = self.current
        if batch is not None:
            dialog = SignDialog(self.session, batch.id, self)
            dialog.signed.connect(self._after_change)
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()
