"""The import wizard's table models: the top rows of a sheet (to point at the header),
the column mapping (one row per file column, the field editable), and the first data
rows under their mapped fields. All show a `services.imports.Preview`, whose texts
already have ID numbers masked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop.services.imports import FieldChoice, Preview
from desktop.ui.labels import text as label_text

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()
GREY = QColor("#8a8a8a")
MISSING = QColor("#fde2e1")
HEADER_FILL = QColor("#e3efff")


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class HeaderRowsModel(QAbstractTableModel):
    """Rows 1..20 of the sheet; the header row in use is highlighted."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[list[str]] = []
        self.width = 0
        self.header_row: int | None = None

    def set_rows(self, rows: list[list[str]], header_row: int | None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.width = max((len(r) for r in rows), default=0)
        self.header_row = header_row
        self.endResetModel()

    def set_header_row(self, row: int | None) -> None:
        self.header_row = row
        if self.rows and self.width:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.width - 1))

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else self.width

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()] if index.column() < len(row) else ""
        if role == Qt.ItemDataRole.BackgroundRole and index.row() + 1 == self.header_row:
            return HEADER_FILL
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_letter(section)
        return str(section + 1)


def _shape(preview: Preview | None) -> tuple[list[int], list[int]] | None:
    if preview is None:
        return None
    return [c.index for c in preview.columns], preview.sample_rows


def _show(model: MappingModel | SampleModel, preview: Preview | None) -> None:
    """A correction changes fields, not the table's shape: update in place, so an open
    editor (the field drop-down that made the correction) is not torn down under the view."""
    if _shape(preview) != _shape(model.preview) or preview is None:
        model.beginResetModel()
        model.preview = preview
        model.endResetModel()
        return
    model.preview = preview
    rows, columns = model.rowCount(), model.columnCount()
    if rows and columns:
        model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))
    if columns:
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)


class MappingModel(QAbstractTableModel):
    """One row per file column: letter, header text, the field (editable), an example.
    An edit calls `on_assign(column index, field or None)`, which recomputes the
    preview; `set_preview` then shows the result."""

    FIELD = 2

    def __init__(
        self, choices: list[FieldChoice], on_assign: Callable[[int, str | None], None], parent: Any
    ) -> None:
        super().__init__(parent)
        self.choices = choices
        self.labels = {c.name: label_text(c.label) for c in choices}
        self.on_assign = on_assign
        self.preview: Preview | None = None

    def set_preview(self, preview: Preview | None) -> None:
        _show(self, preview)

    def field_label(self, name: str | None) -> str:
        if name is None:
            return self.tr("（不导入）")
        return self.labels.get(name, name)

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        if parent.isValid() or self.preview is None:
            return 0
        return len(self.preview.columns)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else 4

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.FIELD:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.preview is None:
            return None
        column = self.preview.columns[index.row()]
        at = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if at == 0:
                return column_letter(column.index)
            if at == 1:
                return column.header
            if at == self.FIELD:
                mark = {"corrected": self.tr("（已更正）"), "remembered": self.tr("（已记住）")}
                return self.field_label(column.field) + mark.get(column.how, "")
            at = index.row()
            comma = self.tr("，")  # between sample values, in the interface's language
            return comma.join(row[at] for row in self.preview.sample[:3] if row[at])
        if role == Qt.ItemDataRole.EditRole and at == self.FIELD:
            return column.field or ""
        if role == Qt.ItemDataRole.ForegroundRole and column.field is None:
            return GREY
        if role == Qt.ItemDataRole.FontRole and at == self.FIELD and column.how != "auto":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or self.preview is None
            or index.column() != self.FIELD
            or role != Qt.ItemDataRole.EditRole
        ):
            return False
        name = str(value) if value else None
        if name is not None and name not in self.labels:
            return False
        self.on_assign(self.preview.columns[index.row()].index, name)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            titles = (
                self.tr("列"),
                self.tr("文件中的表头"),
                self.tr("导入为字段"),
                self.tr("示例"),
            )
            return titles[section]
        return None


class SampleModel(QAbstractTableModel):
    """The first data rows, one column per file column, headed by the field each
    imports into; columns not imported are greyed."""

    def __init__(self, labels: dict[str, str], parent: Any = None) -> None:
        super().__init__(parent)
        self.labels = labels
        self.preview: Preview | None = None

    def set_preview(self, preview: Preview | None) -> None:
        _show(self, preview)

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        if parent.isValid() or self.preview is None:
            return 0
        return len(self.preview.sample)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        if parent.isValid() or self.preview is None:
            return 0
        return len(self.preview.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.preview is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.preview.sample[index.row()][index.column()]
        unmapped = self.preview.columns[index.column()].field is None
        if role == Qt.ItemDataRole.ForegroundRole and unmapped:
            return GREY
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.preview is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(self.preview.sample_rows[section])
        column = self.preview.columns[section]
        target = self.labels.get(column.field, "") if column.field else self.tr("不导入")
        return f"{column.header}\n→ {target}"
