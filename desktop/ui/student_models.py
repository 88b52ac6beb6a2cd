"""The 学生 page's two tables: the students a search found, and one student's timeline
(records across batches, identity corrections with old → new)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.services.students import CorrectionEntry, Entry, RecordEntry, StudentHit
from desktop.ui.pagekit import local_time

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CORRECTION_FILL = QColor("#fbefc4")


def tr(text: str) -> str:
    return QCoreApplication.translate("StudentPage", text)


class _ListModel(QAbstractTableModel):
    """A read-only table over a list of items, one row each."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Any:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None or not 0 <= index.column() < len(self.HEADERS):
            return None
        return self.cell(item, index.column(), role)

    def cell(self, item: Any, column: int, role: int) -> Any:
        raise NotImplementedError


class HitModel(_ListModel):
    HEADERS = ("姓名", "证件号码", "学号", "考生号", "记录数", "匹配")

    def hit(self, row: int) -> StudentHit | None:
        found: StudentHit | None = self.item(row)
        return found

    def cell(self, item: Any, column: int, role: int) -> Any:
        h: StudentHit = item
        if role == DISPLAY:
            values = (h.name, h.masked_id, "、".join(h.xh), "、".join(h.ksh), h.records, h.matched)
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return RIGHT
        if role == TOOLTIP and column == 1:
            return h.id_type
        return None


def describe(entry: Entry) -> str:
    """What the entry says, in one line: a record's key fields, or a correction's values."""
    if isinstance(entry, RecordEntry):
        text = tr("；").join(f"{label}：{value}" for label, value in entry.fields)
        if entry.outcome:
            text += tr("；{0}").format(entry.outcome)
        return text
    text = tr("{0} → {1}").format(entry.old or tr("（空）"), entry.new or tr("（空）"))
    if entry.reason:
        text += tr("（理由：{0}）").format(entry.reason)
    return text


class TimelineModel(_ListModel):
    HEADERS = ("日期", "事项", "批次", "状态", "内容")

    def entry(self, row: int) -> Entry | None:
        found: Entry | None = self.item(row)
        return found

    def cell(self, item: Any, column: int, role: int) -> Any:
        e: Entry = item
        if role == DISPLAY:
            if isinstance(e, RecordEntry):
                values = (e.on.isoformat(), e.title, e.batch_name, e.state.label, describe(e))
            else:
                values = (
                    local_time(e.at),
                    e.title,
                    "",
                    tr("操作员 {0}").format(e.operator),
                    describe(e),
                )
            return values[column]
        if role == TOOLTIP:
            if isinstance(e, RecordEntry):
                return tr("第 {0} 行；双击打开该批次并定位到此行").format(e.row_no)
            return tr("第十九条：更正后保留原值")
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(e, CorrectionEntry):
            return CORRECTION_FILL
        return None
