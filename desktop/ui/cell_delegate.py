"""Cell editors of the batch grid, chosen by the field's description: a drop-down of the
code table for coded fields, a date editor with a calendar for dates, plain text else."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.domain.codes import table as code_table
from desktop.domain.fields import FieldSpec, FieldType

Index = QModelIndex | QPersistentModelIndex
EMPTY_DATE = QDate(1900, 1, 1)  # the date editor's "no date" (shown as （空）)
ISO = Qt.DateFormat.ISODate


def spec_of(index: Index) -> FieldSpec | None:
    specs = getattr(index.model(), "specs", None)
    if specs is None or not 0 <= index.column() < len(specs):
        return None
    spec: FieldSpec = specs[index.column()]
    return spec


class CellDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spec = spec_of(index)
        if spec is not None and spec.type is FieldType.CODE and spec.table:
            box = QComboBox(parent)
            box.setObjectName("code_editor")
            box.addItem(self.tr("（空）"), "")
            shown = self.tr("{0}（{1}）")  # a code's name, then the code
            for entry in code_table(spec.table):
                box.addItem(shown.format(entry.name, entry.code), entry.code)
            box.setMaxVisibleItems(20)
            return box
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        readable = not text or QDate.fromString(text, ISO).isValid()
        # A date that did not parse stays text, so the clerk sees what to correct.
        if spec is not None and spec.type is FieldType.DATE and readable:
            edit = QDateEdit(parent)
            edit.setObjectName("date_editor")
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(EMPTY_DATE)
            edit.setSpecialValueText(self.tr("（空）"))
            return edit
        line = QLineEdit(parent)
        line.setObjectName("text_editor")
        if spec is not None and spec.type is FieldType.ID_NUMBER:
            line.setPlaceholderText(self.tr("请输入完整的证件号码"))
        return line

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        spec = spec_of(index)
        if isinstance(editor, QComboBox) and spec is not None and spec.table:
            entry = code_table(spec.table).lookup(text) if text else None
            if entry is None and text:
                # A value outside the table (the finding says so): show it as it is, so the
                # clerk sees what is being replaced.
                editor.insertItem(1, self.tr("{0}（不在代码表中）").format(text), text)
                editor.setCurrentIndex(1)
            else:
                editor.setCurrentIndex(max(0, editor.findData(entry.code if entry else "")))
        elif isinstance(editor, QDateEdit):
            day = QDate.fromString(text, ISO)
            editor.setDate(day if day.isValid() else EMPTY_DATE)
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        value: Any
        if isinstance(editor, QComboBox):
            value = editor.currentData() or ""
        elif isinstance(editor, QDateEdit):
            day = editor.date()
            value = "" if day == EMPTY_DATE else day.toString(ISO)
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)
