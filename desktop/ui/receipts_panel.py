"""The 上报 page's lower half: recently settled batches with their receipt (verified again
against the pinned server key), the chosen batch's refused records with the server's
reasons, and 导出回执."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import outbox_view, submissions
from desktop.services.outbox_view import Settled
from desktop.services.workspace import Session
from desktop.ui.pagekit import run, show_error
from desktop.ui.sync_models import PAGE, RefusedModel, SettledModel


def table_view(name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    return view


class ReceiptsPanel(QGroupBox):
    said = Signal(str)  # a line for the page's status

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("最近结果与回执"))
        self.session = session
        self.busy = False
        self.prompt: QWidget | None = None
        self.settled_model = SettledModel(self)
        self.settled_view = table_view("settled", self)
        self.settled_view.setModel(self.settled_model)
        self.settled_view.selectionModel().selectionChanged.connect(self._selected)
        self.export_button = QPushButton(self.tr("导出回执"), self)
        self.export_button.setObjectName("export")
        self.export_button.clicked.connect(self.ask_export)
        self.refused_model: RefusedModel | None = None
        self.refused_view = table_view("refused", self)
        self.refused_label = QLabel(self.tr("选择一个批次，查看被中心服务器退回的记录"), self)
        self.refused_label.setObjectName("refused_label")
        self.refused_label.setWordWrap(True)

        left, right = QWidget(self), QWidget(self)
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.settled_view)
        lay.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay = QVBoxLayout(right)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.refused_label)
        lay.addWidget(self.refused_view)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([600, 500])
        QVBoxLayout(self).addWidget(split)
        self._buttons()

    def _buttons(self) -> None:
        chosen = self.selected()
        self.export_button.setEnabled(
            not self.busy and chosen is not None and bool(chosen.verified)
        )
        if chosen is not None and chosen.verified is False:
            self.export_button.setToolTip(self.tr("回执未通过验证，不能作为凭证导出"))
        else:
            self.export_button.setToolTip("")

    def set_settled(self, settled: tuple[Settled, ...]) -> None:
        chosen = self.selected()
        self.settled_model.set_items(settled)
        self.settled_view.resizeColumnsToContents()
        if chosen is not None:
            for row, s in enumerate(settled):
                if s.batch.batch_id == chosen.batch.batch_id:
                    self.settled_view.selectRow(row)
        self._buttons()

    def selected(self) -> Settled | None:
        rows = self.settled_view.selectionModel().selectedRows()
        if not rows:
            return None
        chosen: Settled = self.settled_model.item(rows[0].row())
        return chosen

    def _failed(self, message: str, details: str) -> None:
        self.said.emit(message)
        show_error(self, message, details)

    # -- the refused records of the chosen batch ------------------------------------------
    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._buttons()
        chosen = self.selected()
        if chosen is None:
            return
        session, batch = self.session, chosen.batch

        def counted(total: int) -> None:
            now = self.selected()
            if now is None or now.batch.batch_id != batch.batch_id:
                return  # another batch was chosen meanwhile
            model = RefusedModel(total, lambda start: self._request(batch.batch_id, start), self)
            self.refused_model = model
            self.refused_view.setModel(model)
            # Fixed widths: sizing to contents would read every page of a large batch.
            for column, width in enumerate((60, 90, 170, 120)):
                self.refused_view.setColumnWidth(column, width)
            if total:
                text = self.tr("“{name}”被中心服务器退回的记录：{n} 条")
            else:
                text = self.tr("“{name}”没有被退回的记录")
            self.refused_label.setText(text.format(name=batch.name, n=total))

        run(self, lambda: outbox_view.refused_count(session, batch.batch_id), counted, self._failed)

    def _request(self, batch_id: str, start: int) -> None:
        model, session = self.refused_model, self.session

        def arrived(rows: Any) -> None:
            if model is not None and self.refused_model is model:
                model.add_page(start, rows)

        run(
            self, lambda: outbox_view.refused_page(session, batch_id, start, PAGE), arrived,
            self._failed,
        )  # fmt: skip

    # -- 导出回执 ---------------------------------------------------------------------------
    def ask_export(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        suggested = self.tr("回执-{0}.json").format(chosen.batch.name)
        dialog = QFileDialog(self, self.tr("导出回执"), suggested)
        dialog.setObjectName("export_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("回执文件 (*.json)"))
        dialog.setDefaultSuffix("json")
        dialog.fileSelected.connect(lambda path: self.export_receipt(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        self.prompt = dialog
        dialog.open()

    def export_receipt(self, path: Path) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        session, batch_id = self.session, chosen.batch.batch_id

        def saved(made: Path) -> None:
            self.said.emit(self.tr("回执已导出：{path}").format(path=made))

        run(self, lambda: submissions.save_receipt(session, batch_id, path), saved, self._failed)
