"""The 学生 page's two tables: the students a search found, and one student's timeline
(records across batches, identity corrections with old → new)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.services import students
from desktop.services.students import CorrectionEntry, Entry, RecordEntry, StudentHit
from desktop.ui.pagekit import local_time

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CORRECTION_FILL = QColor("#fbefc4")


class _ListModel(QAbstractTableModel):
    """A read-only table over a list of items, one row each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []

    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Any:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None or not 0 <= index.column() < self.columnCount():
            return None
        return self.cell(item, index.column(), role)

    def cell(self, item: Any, column: int, role: int) -> Any:
        raise NotImplementedError


class HitModel(_ListModel):
    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("姓名"), self.tr("证件号码"), self.tr("学号"), self.tr("考生号"),
            self.tr("记录数"), self.tr("匹配"),
        )  # fmt: skip

    def hit(self, row: int) -> StudentHit | None:
        found: StudentHit | None = self.item(row)
        return found

    def matched(self, key: str) -> str:
        """What the search text matched, in words."""
        exact = {
            students.ID_NUMBER: self.tr("证件号码"),
            "xh": self.tr("学号"),
            "ksh": self.tr("考生号"),
            "zsbh": self.tr("证书编号"),
            students.NAME: self.tr("姓名"),
            students.NAME_PART: self.tr("姓名包含"),
            students.FORMER_NAME: self.tr("曾用名"),
        }
        if key.endswith("_prefix"):
            return self.tr("{0}开头").format(exact.get(key.removesuffix("_prefix"), key))
        return exact.get(key, key)

    def cell(self, item: Any, column: int, role: int) -> Any:
        h: StudentHit = item
        if role == DISPLAY:
            sep = self.tr("、")
            values = (
                h.name, h.masked_id, sep.join(h.xh), sep.join(h.ksh), h.records,
                self.matched(h.matched),
            )  # fmt: skip
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return RIGHT
        if role == TOOLTIP and column == 1:
            return h.id_type
        return None


class TimelineModel(_ListModel):
    def headers(self) -> tuple[str, ...]:
        return (self.tr("日期"), self.tr("事项"), self.tr("批次"), self.tr("状态"), self.tr("内容"))

    def entry(self, row: int) -> Entry | None:
        found: Entry | None = self.item(row)
        return found

    def describe(self, entry: Entry) -> str:
        """What the entry says in one line: a record's key fields, a correction's values."""
        if isinstance(entry, RecordEntry):
            pair = self.tr("{0}：{1}")
            text = self.tr("；").join(pair.format(k, v) for k, v in entry.fields)
            if entry.outcome:
                text = self.tr("{0}；{1}").format(text, entry.outcome)
            return text
        empty = self.tr("（空）")
        text = self.tr("{0} → {1}").format(entry.old or empty, entry.new or empty)
        if entry.reason:
            text = self.tr("{0}（理由：{1}）").format(text, entry.reason)
        return text

    def cell(self, item: Any, column: int, role: int) -> Any:
        e: Entry = item
        if role == DISPLAY:
            if isinstance(e, RecordEntry):
                values = (e.on.isoformat(), e.kind.label, e.batch_name, e.state.label)
            else:
                title = self.tr("{0}更正").format(e.label)
                values = (local_time(e.at), title, "", self.tr("操作员 {0}").format(e.operator))
            return (*values, self.describe(e))[column]
        if role == TOOLTIP:
            if isinstance(e, RecordEntry):
                return self.tr("第 {0} 行；双击打开该批次并定位到此行").format(e.row_no)
            return self.tr("第十九条：更正后保留原值")
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(e, CorrectionEntry):
            return CORRECTION_FILL
        return None
