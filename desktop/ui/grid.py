"""The batch grid: a model over the store that holds only the pages on screen.

`data()` never touches the database: a row not yet loaded shows "…" and asks for its page,
which a worker reads off the GUI thread; the page arrives through `add_page` and the rows
repaint. A million-row batch opens at once and scrolls without freezing.

A filtered or sorted view is a list of record positions (`seq`) the service computed
over the store; the model pages through that list the same way. An edit is handed to
`on_edit` (which pushes an undoable command) and the cell shows the new text in italics
until the saved record comes back.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind, FieldSpec, FieldType
from desktop.domain.idcards import mask_id
from desktop.domain.records import kind_fields
from desktop.services.grid import CellNote, GridPage, GridRow
from desktop.ui import labels

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
KEEP_PAGES = 50  # pages kept in memory (10,000 rows): scrolling back is instant
FILLS = {"error": QColor("#f8d0d0"), "warning": QColor("#fbefc4"), "info": QColor("#dbe9f7")}
ACKNOWLEDGED = QColor("#e3efdc")  # a warning a reviewer accepted: settled, not alarming
RANK = {"error": 0, "warning": 1, "info": 2}
NOTES_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's findings (list[CellNote])
EditHook = Callable[[GridRow, FieldSpec, Any], bool]


def shown_text(spec: FieldSpec, value: Any) -> str:
    """What a cell shows for a value the clerk typed, before the store answers."""
    text = "" if value is None else str(value)
    if spec.type is FieldType.CODE and spec.table and text:
        entry = code_table(spec.table).lookup(text)
        return entry.name if entry else text
    if spec.type is FieldType.ID_NUMBER and text:
        return mask_id(text)
    return text


def same_value(spec: FieldSpec, new: str, old: str) -> bool:
    """Whether typing `new` over `old` changes nothing (a code chosen by its code over its
    name, the same date)."""
    if spec.type is FieldType.CODE and spec.table and new and old:
        codes = code_table(spec.table)
        a, b = codes.lookup(new), codes.lookup(old)
        if a is not None and b is not None:
            return a.code == b.code
    return new == old


def worst(notes: Iterable[CellNote]) -> CellNote | None:
    """The note that colours the cell: an open error or warning before a settled one."""
    ranked = sorted(notes, key=lambda n: (n.acknowledged, RANK.get(n.severity, 3)))
    return ranked[0] if ranked else None


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
        self._order: array[int] | None = None
        self._pending: dict[tuple[int, str], str] = {}
        self.generation = 0  # bumped by every reset: pages asked for before are dropped
        self.editable = False
        self.on_edit: EditHook | None = None
        self.on_sort: Callable[[int, Qt.SortOrder], None] | None = None
        self.on_rows: Callable[[list[GridRow]], None] | None = None  # rows read (versions)

    # -- shape ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self._rows if self._order is None else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.specs)

    @property
    def total(self) -> int:
        """Records in the batch, whatever the filter."""
        return self._rows

    @property
    def filtered(self) -> bool:
        return self._order is not None

    def seq_at(self, position: int) -> int:
        return position if self._order is None else self._order[position]

    def seqs_at(self, start: int, count: int) -> list[int] | None:
        """The records of positions start.. (None: the store's own order, start..)."""
        return None if self._order is None else list(self._order[start : start + count])

    def position_of(self, seq: int) -> int | None:
        if self._order is None:
            return seq if 0 <= seq < self._rows else None
        try:
            return self._order.index(seq)
        except ValueError:
            return None

    def order(self) -> array[int] | None:
        return self._order

    # -- pages ----------------------------------------------------------------------------
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

    def add_page(self, page: GridPage, generation: int | None = None) -> None:
        if generation is not None and generation != self.generation:
            return  # asked for before a reset: its positions mean other records now
        number = page.start // PAGE
        self._asked.discard(number)
        old = {r.seq: r for r in self._pages.get(number, ())}
        # A page read while an edit was being saved may be older than the row the edit
        # brought back: keep the newer version of each record.
        rows = [_newer(old.get(r.seq), r) for r in page.rows]
        self._pages[number] = rows
        while len(self._pages) > KEEP_PAGES:
            self._pages.popitem(last=False)
        if self.on_rows is not None:
            self.on_rows(page.rows)
        self._changed(page.start, min(page.start + PAGE, self.rowCount()) - 1)

    def apply_rows(self, rows: list[GridRow]) -> None:
        """Saved records, fresh from the store: replace them where they are cached."""
        if self.on_rows is not None:
            self.on_rows(rows)
        fresh = {r.seq: r for r in rows}
        for key in [k for k in self._pending if k[0] in fresh]:
            del self._pending[key]
        for number, page in self._pages.items():
            for offset, cached in enumerate(page):
                row = fresh.get(cached.seq)
                if row is not None and row.version >= cached.version:
                    page[offset] = row
                    position = number * PAGE + offset
                    self._changed(position, position)

    def refresh_cached(self) -> None:
        """Ask again for every cached page (after a mass edit); the old rows stay on
        screen until the new ones arrive."""
        for number in list(self._pages):
            if number not in self._asked:
                self._asked.add(number)
                self._request(number * PAGE)

    def reload(self, rows: int) -> None:
        """The batch changed (validation): drop the cached pages."""
        self.set_order(None, rows)

    def set_order(self, order: array[int] | None, rows: int | None = None) -> None:
        """Show these records in this order (None: every record in the store's order)."""
        self.beginResetModel()
        if rows is not None:
            self._rows = rows
        self._order = order
        self._pages.clear()
        self._asked.clear()
        self._pending.clear()
        self.generation += 1
        self.endResetModel()

    def _changed(self, first: int, last: int) -> None:
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, first, last)

    # -- editing --------------------------------------------------------------------------
    def set_pending(self, seq: int, name: str, text: str | None) -> None:
        """Show `text` in the cell while its edit is saved (None: stop showing it)."""
        if text is None:
            self._pending.pop((seq, name), None)
        else:
            self._pending[(seq, name)] = text
        position = self.position_of(seq)
        if position is not None:
            column = next(i for i, s in enumerate(self.specs) if s.name == name)
            cell = self.index(position, column)
            self.dataChanged.emit(cell, cell)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.editable and index.isValid() and self.row(index.row()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.editable or not index.isValid():
            return False
        row = self.row(index.row())
        if row is None or self.on_edit is None:
            return False
        spec = self.specs[index.column()]
        text = "" if value is None else str(value).strip()
        if spec.type is FieldType.ID_NUMBER and not text:
            return False  # the editor starts empty for a masked number: nothing typed
        if same_value(spec, text, self.data(index, Qt.ItemDataRole.EditRole) or ""):
            return False
        if not self.on_edit(row, spec, text):
            return False
        self.set_pending(row.seq, spec.name, shown_text(spec, text))
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.on_sort is not None:
            self.on_sort(column, order)

    # -- display --------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.specs):
                return None
            spec = self.specs[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return labels.text(spec.label)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("{0}（{1}）").format(labels.text(spec.label), spec.code)
            return None
        if not 0 <= section < self.rowCount():
            return None
        row = self._cached(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row.row_no) if row else "…"
        if role == Qt.ItemDataRole.ToolTipRole and row is not None:
            notes = row.notes.get("")
            return _tooltip(notes) if notes else self.tr("表格第 {0} 行").format(row.row_no)
        return None

    def _cached(self, position: int) -> GridRow | None:
        page = self._pages.get(position // PAGE)
        offset = position % PAGE
        return page[offset] if page is not None and offset < len(page) else None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row = self.row(index.row())
        spec = self.specs[index.column()]
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        pending = self._pending.get((row.seq, spec.name))
        if role == Qt.ItemDataRole.DisplayRole:
            return pending if pending is not None else row.values.get(spec.name, "")
        if role == Qt.ItemDataRole.EditRole:
            if spec.type is FieldType.ID_NUMBER:
                return ""  # never put a masked number in an editor: it would be saved
            return pending if pending is not None else row.values.get(spec.name, "")
        if role == Qt.ItemDataRole.FontRole and pending is not None:
            font = QFont()
            font.setItalic(True)
            return font
        notes = row.notes.get(spec.name)
        if role == NOTES_ROLE:
            return list(notes or ())
        if role == Qt.ItemDataRole.ToolTipRole:
            if pending is not None:
                return self.tr("正在保存…")
            return _tooltip(notes) if notes else None
        if role == Qt.ItemDataRole.BackgroundRole and notes and pending is None:
            top = worst(notes)
            assert top is not None
            if top.acknowledged:
                return QBrush(ACKNOWLEDGED)
            return QBrush(FILLS.get(top.severity, QColor("white")))
        return None


def _tooltip(notes: list[CellNote]) -> str:
    lines = []
    for n in notes:
        done = QCoreApplication.translate("RecordGridModel", "（已确认）") if n.acknowledged else ""
        lines.append(f"[{n.rule}] {n.message}{done}")
    return "\n".join(lines)


def _newer(cached: GridRow | None, incoming: GridRow) -> GridRow:
    return cached if cached is not None and cached.version > incoming.version else incoming
