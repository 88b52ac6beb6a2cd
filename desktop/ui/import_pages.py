"""The pages of the import wizard (`import_wizard.ImportWizard` holds their shared state).

Every page that reads the file does it through `worker` and stays incomplete (Next
disabled) until the answer arrives; a failure is a message on the page, with the
details for IT one click away.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from desktop.domain.fields import BatchKind
from desktop.services import imports
from desktop.ui import labels, settings, worker
from desktop.ui.import_models import HeaderRowsModel

if TYPE_CHECKING:
    from desktop.ui.import_wizard import ImportWizard

FILE, SHEET, HEADER, MAPPING, IMPORT, SUMMARY = range(6)
ERROR_STYLE = "color: #b3261e;"


class Page(QWizardPage):
    """A page whose content is read off the GUI thread."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.ready = False
        self.details = ""
        self.generation = 0
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.more = QPushButton(self.tr("详细信息…"), self)
        self.more.setObjectName("details")
        self.more.hide()
        self.more.clicked.connect(self.show_details)

    def isComplete(self) -> bool:
        return self.ready

    def set_ready(self, ready: bool) -> None:
        self.ready = ready
        self.completeChanged.emit()

    def load(self, fn: Any, done: Any, busy: str) -> None:
        self.generation += 1
        generation = self.generation
        self.set_ready(False)
        self.say(busy)

        def arrived(result: Any) -> None:
            if not self.wiz.closed and generation == self.generation:
                self.say("")
                done(result)

        def failed(message: str, details: str) -> None:
            if not self.wiz.closed and generation == self.generation:
                self.fail(message, details)

        self.wiz.jobs.append(worker.start(fn, on_done=arrived, on_error=failed))

    def say(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)
        self.more.hide()

    def fail(self, message: str, details: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(message)
        self.details = details
        self.more.setVisible(bool(details))
        self.set_ready(False)

    def show_details(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("详细信息"), self.status.text(), parent=self
        )
        box.setDetailedText(self.details)
        box.open()


class FilePage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("选择文件"))
        self.setSubTitle(self.tr("选择要导入的表格文件和它的业务类型。"))
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("path")
        self.path_edit.setPlaceholderText(self.tr("表格文件（.xlsx .xls .csv .dbf …）"))
        self.path_edit.editingFinished.connect(self._path_edited)
        browse = QPushButton(self.tr("浏览…"), self)
        browse.setObjectName("browse")
        browse.clicked.connect(self.browse)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for kind in BatchKind:
            self.kind.addItem(labels.text(kind.label), kind.value)
        self.kind.currentIndexChanged.connect(lambda _i: self.probe())
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.name.setPlaceholderText(self.tr("默认为文件名"))
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("文件"), row)
        form.addRow(self.tr("业务类型"), self.kind)
        form.addRow(self.tr("批次名称"), self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def browse(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(imports.SUPPORTED))
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("导入表格"),
            settings.last_folder(),
            self.tr("表格文件") + f" ({patterns})",
        )
        if path:
            self.set_path(Path(path))

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        settings.remember_folder(path)
        self.probe()

    def set_kind(self, kind: BatchKind) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind.value))

    def _path_edited(self) -> None:
        if self.path_edit.text().strip() != str(self.wiz.path or ""):
            self.probe()

    def probe(self) -> None:
        text = self.path_edit.text().strip()
        self.wiz.reset_file(Path(text) if text else None, BatchKind(self.kind.currentData()))
        path, kind, session = self.wiz.path, self.wiz.kind, self.wiz.session
        if path is None:
            self.set_ready(False)
            return
        if not path.is_file():
            self.fail(self.tr("找不到文件：") + str(path), "")
            return
        self.load(
            lambda: imports.sheets(session, path, kind), self._probed, self.tr("正在打开文件…")
        )

    def _probed(self, found: imports.Sheets) -> None:
        self.wiz.sheets = found
        self.wiz.sheet = found.suggested
        if len(found.names) > 1:
            self.say(self.tr("工作簿中有 {0} 个工作表").format(len(found.names)))
        self.set_ready(True)

    def validatePage(self) -> bool:
        self.wiz.batch_name = self.name.text().strip() or None
        return True

    def nextId(self) -> int:
        sheets = self.wiz.sheets
        return SHEET if sheets is not None and len(sheets.names) > 1 else HEADER


class SheetPage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("选择工作表"))
        self.setSubTitle(self.tr("工作簿中有多个工作表，请选择要导入的一个。"))
        self.list = QListWidget(self)
        self.list.setObjectName("sheets")
        self.list.currentTextChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)

    def initializePage(self) -> None:
        sheets = self.wiz.sheets
        assert sheets is not None
        self.list.clear()
        self.list.addItems(sheets.names)
        chosen = self.wiz.sheet if self.wiz.sheet in sheets.names else sheets.names[0]
        self.list.setCurrentRow(sheets.names.index(chosen))
        self.set_ready(True)

    def _chosen(self, name: str) -> None:
        if name and name != self.wiz.sheet:
            self.wiz.sheet = name
            self.wiz.header_row = None
            self.wiz.corrections = {}


class HeaderPage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("表头所在的行"))
        self.setSubTitle(self.tr("点选列名所在的行；表头上方的标题行不会导入。"))
        self.model = HeaderRowsModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("rows")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.clicked.connect(lambda index: self.choose(index.row() + 1))
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.view, 1)

    def initializePage(self) -> None:
        session, path, kind, sheet = self.wiz.session, self.wiz.path, self.wiz.kind, self.wiz.sheet
        assert path is not None
        self.model.set_rows([], None)
        self.load(
            lambda: imports.preview(session, path, kind, sheet, rows=5),
            self._shown,
            self.tr("正在读取表头…"),
        )

    def _shown(self, p: imports.Preview) -> None:
        row = self.wiz.header_row or p.detected
        self.wiz.detected_row = p.detected
        self.model.set_rows(p.top, row)
        if row is None:
            self.say(self.tr("未能自动找到表头，请点选列名所在的行。"))
            self.set_ready(False)
            return
        self.choose(row)

    def choose(self, row: int) -> None:
        if not 1 <= row <= len(self.model.rows) or not any(self.model.rows[row - 1]):
            self.set_ready(False)
            return
        if row != self.wiz.header_row:
            self.wiz.header_row = row
            self.wiz.corrections = {}
        self.model.set_header_row(row)
        self.view.selectRow(row - 1)
        found = self.wiz.detected_row
        text = (
            self.tr("自动识别：第 {0} 行是表头。").format(row)
            if row == found
            else self.tr("已选第 {0} 行为表头。").format(row)
        )
        self.say(text)
        self.set_ready(True)
