"""The import wizard's mapping page: which field each file column imports into, with the
first rows under their fields, the columns left out and the required ones missing. A
clerk's correction is recomputed at once (no file read) and remembered for the file's
layout once the import is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop.services import imports
from desktop.ui.import_models import MappingModel, SampleModel
from desktop.ui.import_pages import ERROR_STYLE, Page
from desktop.ui.labels import text as label_text

if TYPE_CHECKING:
    from desktop.ui.import_wizard import ImportWizard

Index = QModelIndex | QPersistentModelIndex


class FieldDelegate(QStyledItemDelegate):
    """A drop-down of the kind's fields (required ones starred) for the mapping column."""

    def __init__(self, choices: list[imports.FieldChoice], parent: QWidget) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        box.setObjectName("field_editor")
        box.addItem(self.tr("（不导入）"), "")
        for c in self.choices:
            label = label_text(c.label)
            box.addItem(f"{label} *" if c.required else label, c.name)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class MappingPage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("列对应"))
        self.setSubTitle(
            self.tr("核对每一列导入为哪个字段；双击“导入为字段”可更正，更正会按此表头格式记住。")
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("开始导入"))
        self.choices: list[imports.FieldChoice] = []
        self.mapping = MappingModel([], self.assign, self)
        self.sample = SampleModel({}, self)
        self.map_view = QTableView(self)
        self.map_view.setObjectName("mapping")
        self.map_view.setModel(self.mapping)
        self.map_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.map_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.map_view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.sample_view = QTableView(self)
        self.sample_view.setObjectName("sample")
        self.sample_view.setModel(self.sample)
        self.sample_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missing = QLabel(self)
        self.missing.setObjectName("missing")
        self.missing.setWordWrap(True)
        self.unmapped = QLabel(self)
        self.unmapped.setObjectName("unmapped")
        self.unmapped.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.map_view)
        split.addWidget(self.sample_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(split, 1)
        layout.addWidget(self.missing)
        layout.addWidget(self.unmapped)

    def initializePage(self) -> None:
        wiz = self.wiz
        self.choices = imports.field_choices(wiz.kind)
        labels = {c.name: label_text(c.label) for c in self.choices}
        self.mapping.choices, self.mapping.labels = self.choices, labels
        self.sample.labels = labels
        self.map_view.setItemDelegateForColumn(
            MappingModel.FIELD, FieldDelegate(self.choices, self.map_view)
        )
        self.show_preview(None)
        session, path, kind, sheet = wiz.session, wiz.path, wiz.kind, wiz.sheet
        row, fixes = wiz.header_row, dict(wiz.corrections)
        assert path is not None
        self.load(
            lambda: imports.preview(session, path, kind, sheet, header_row=row, corrections=fixes),
            self.show_preview,
            self.tr("正在读取前几行…"),
        )

    def assign(self, index: int, field: str | None) -> None:
        preview = self.wiz.preview
        if preview is not None:
            self.show_preview(imports.assign(preview, index, field))

    def show_preview(self, preview: imports.Preview | None) -> None:
        self.wiz.preview = preview
        if preview is not None:
            self.wiz.corrections = dict(preview.corrections)
        self.mapping.set_preview(preview)
        self.sample.set_preview(preview)
        if preview is None:
            self.missing.clear()
            self.unmapped.clear()
            self.set_ready(False)
            return
        labels = self.mapping.labels
        lacking = [labels.get(name, name) for name in preview.missing]
        comma = self.tr("、")  # how a list is joined in the interface's language
        self.missing.setStyleSheet(ERROR_STYLE if lacking else "")
        self.missing.setText(
            self.tr("缺少必填列：{0}（可导入，校验时这些列会报错）").format(comma.join(lacking))
            if lacking
            else self.tr("必填列齐全。")
        )
        left = [c.header for c in preview.unmapped]
        self.unmapped.setText(
            self.tr("不导入的列：{0}").format(comma.join(left))
            if left
            else self.tr("所有列都会导入。")
        )
        self.set_ready(bool(preview.mapped))
