"""The batch list: kind, name, state, rows, errors, warnings, last change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.store.batches import BatchInfo
from desktop.ui import labels
from desktop.ui.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    QT_TRANSLATE_NOOP("BatchListModel", "名称"),
    QT_TRANSLATE_NOOP("BatchListModel", "业务类型"),
    QT_TRANSLATE_NOOP("BatchListModel", "状态"),
    QT_TRANSLATE_NOOP("BatchListModel", "记录数"),
    QT_TRANSLATE_NOOP("BatchListModel", "错误"),
    QT_TRANSLATE_NOOP("BatchListModel", "警告"),
    QT_TRANSLATE_NOOP("BatchListModel", "未确认"),
    QT_TRANSLATE_NOOP("BatchListModel", "更新时间"),
)


class BatchListModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._batches: list[BatchInfo] = []

    def set_batches(self, batches: list[BatchInfo]) -> None:
        self.beginResetModel()
        self._batches = list(batches)
        self.endResetModel()

    def batch(self, row: int) -> BatchInfo:
        return self._batches[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._batches)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._batches):
            return None
        b = self._batches[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                b.name, labels.text(b.kind.label), labels.text(b.state.label), b.rows,
                b.errors, b.warnings, b.unacknowledged, b.updated_at.strftime("%Y-%m-%d %H:%M"),
            )  # fmt: skip
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("批次编号 {0}").format(b.id)
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= index.column() <= 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
