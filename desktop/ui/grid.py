"""The batch grid: a model over the store that holds only the pages on screen.

`data()` never touches the database: a row not yet loaded shows "…" and asks for its page,
which a worker reads off the GUI thread; the page arrives through `add_page` and the rows
repaint. A million-row batch opens at once and scrolls without freezing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.domain.fields import BatchKind, FieldSpec
from desktop.domain.records import kind_fields
from desktop.services.grid import GridPage, GridRow

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
KEEP_PAGES = 50  # pages kept in memory (10,000 rows): scrolling back is instant
FILLS = {"error": QColor("#f8d0d0"), "warning": QColor("#fbefc4"), "info": QColor("#dbe9f7")}
RANK = {"error": 0, "warning": 1, "info": 2}


class RecordGridModel(QAbstractTableModel):
    def __init__(
        self, kind: BatchKind, rows: int, request_page: Callable[[int], None],
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.kind = kind
        self.specs: tuple[FieldSpec, ...] = kind_fields(kind)
        self._rows = rows
        self._request = request_page
        self._pages: OrderedDict[int, list[GridRow]] = OrderedDict()
        self._asked: set[int] = set()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.specs)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.specs[section].label
            row = self.row(section)
            return str(row.row_no) if row else str(section + 2)
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            spec = self.specs[section]
            return f"{spec.label}（{spec.code}）"
        return None

    def row(self, position: int) -> GridRow | None:
        number = position // PAGE
        page = self._pages.get(number)
        if page is None:
            if number not in self._asked:
                self._asked.add(number)
                self._request(number * PAGE)
            return None
        self._pages.move_to_end(number)
        offset = position - number * PAGE
        return page[offset] if offset < len(page) else None

    def add_page(self, page: GridPage) -> None:
        number = page.start // PAGE
        self._asked.discard(number)
        self._pages[number] = page.rows
        while len(self._pages) > KEEP_PAGES:
            self._pages.popitem(last=False)
        last = min(page.start + PAGE, self._rows) - 1
        if last >= page.start:
            self.dataChanged.emit(
                self.index(page.start, 0), self.index(last, self.columnCount() - 1)
            )
            self.headerDataChanged.emit(Qt.Orientation.Vertical, page.start, last)

    def reload(self, rows: int) -> None:
        """The batch changed (edit, validation): drop the cached pages."""
        self.beginResetModel()
        self._rows = rows
        self._pages.clear()
        self._asked.clear()
        self.endResetModel()

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        row = self.row(index.row())
        field = self.specs[index.column()].name
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.values.get(field, "")
        notes = row.notes.get(field)
        if not notes:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            worst = min(notes, key=lambda n: RANK.get(n.severity, 3))
            return QBrush(FILLS.get(worst.severity, QColor("white")))
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(f"[{n.rule}] {n.message}" for n in notes)
        return None
