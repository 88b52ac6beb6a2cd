"""The main window: batches on the left, the open batch's grid and its findings on the
right; import, validate and sign from the toolbar. All I/O runs through `worker`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTableView,
    QWidget,
)

from desktop.domain.fields import BatchKind
from desktop.services import batches, signing
from desktop.services.workspace import Session
from desktop.store.batches import BatchInfo
from desktop.ui import worker
from desktop.ui.batch_grid import BatchGrid
from desktop.ui.batch_list import BatchListModel
from desktop.ui.findings_panel import FindingsPanel
from desktop.ui.grid import RecordGridModel


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("学籍学历注册工作台")
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

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.grid)
        right.addWidget(self.findings)
        right.setSizes([560, 200])
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.batch_view)
        split.addWidget(right)
        split.setSizes([420, 860])
        self.setCentralWidget(split)

        self.toolbar = self.addToolBar("操作")
        self.toolbar.setObjectName("toolbar")
        self._action("导入", QKeySequence("Ctrl+O"), self.import_file, "import")
        self._action("校验", QKeySequence("F5"), self.validate, "validate")
        self._action("签名", QKeySequence("Ctrl+Shift+S"), self.sign, "sign")
        self._action("刷新", QKeySequence("Ctrl+R"), self.refresh, "refresh")
        op = session.operator
        self.statusBar().showMessage(f"{op.role.label} {op.display_name}（{op.username}）")
        self.refresh()

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
        box = QMessageBox(QMessageBox.Icon.Warning, "操作未完成", message, parent=self)
        box.setDetailedText(details)
        box.open()
        self.statusBar().showMessage(message)

    # -- batches ------------------------------------------------------------------------
    def refresh(self) -> None:
        session = self.session
        self.run(lambda: batches.list_batches(session), self._listed)

    def _listed(self, items: Any) -> None:
        self.batch_model.set_batches(items)
        if self.current is not None:
            for row, b in enumerate(items):
                if b.id == self.current.id:
                    self.batch_view.selectRow(row)
                    self.open_batch(b)

    def _open_index(self, index: QModelIndex) -> None:
        self.open_batch(self.batch_model.batch(index.row()))

    def open_batch(self, batch: BatchInfo) -> None:
        self.current = batch
        self.grid.open(batch)
        self.findings.open(batch)
        self.statusBar().showMessage(
            f"{batch.name}：{batch.state.label}，{batch.rows} 条，"
            f"错误 {batch.errors}，警告 {batch.warnings}"
        )

    @property
    def grid_model(self) -> RecordGridModel | None:
        return self.grid.model

    # -- actions ------------------------------------------------------------------------
    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "导入表格", "", "表格文件 (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt *.dbf)"
        )
        if not path:
            return
        labels = [k.label for k in BatchKind]
        label, ok = QInputDialog.getItem(self, "业务类型", "这个文件是哪种业务？", labels, 0, False)
        if not ok:
            return
        kind = list(BatchKind)[labels.index(label)]
        progress = QProgressDialog("正在导入…", "取消", 0, 100, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        session = self.session

        def work(progress: Any, cancel: Any) -> Any:
            return batches.import_file(session, Path(path), kind, progress=progress, cancel=cancel)

        def step(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

        def finished(batch: Any) -> None:
            progress.close()
            self.current = batch
            self.refresh()

        def failed(message: str, details: str) -> None:
            progress.close()
            self.show_error(message, details)

        def cancelled() -> None:
            progress.close()
            self.statusBar().showMessage("导入已取消，没有保存任何记录")

        job = worker.start(work, on_done=finished, on_error=failed, on_progress=step,
                           on_cancelled=cancelled, pass_control=True)  # fmt: skip
        progress.canceled.connect(job.cancel)

    def validate(self) -> None:
        batch = self.current
        if batch is None:
            return
        session = self.session
        self.run(
            lambda: batches.validate_batch(session, batch.id), self._after_change, busy="正在校验…"
        )

    def _after_change(self, batch: Any) -> None:
        self.current = batch
        self.refresh()

    def sign(self) -> None:
        batch = self.current
        if batch is None:
            return
        phrase, ok = QInputDialog.getText(
            self,
            "签名",
            f"签名批次“{batch.name}”（{batch.rows} 条）\n请输入密钥口令：",
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        session = self.session
        self.run(
            lambda: signing.sign(session, batch.id, phrase), self._after_change, busy="正在签名…"
        )
