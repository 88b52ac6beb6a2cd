"""The batch list: kind, name, state, rows, errors, warnings, last change."""

from __future__ import annotations

from typing import Any

from desktop.store.batches import BatchInfo
from desktop.ui import labels
from desktop.ui.i18n import QT_TRANSLATE_NOOP
from desktop.ui.list_model import DISPLAY, TOOLTIP, ListTableModel

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


class BatchListModel(ListTableModel[BatchInfo]):
    HEADERS = COLUMNS
    NUMERIC = frozenset({3, 4, 5, 6})

    def cell(self, b: BatchInfo, column: int, role: int) -> Any:
        if role == DISPLAY:
            values = (
                b.name, labels.text(b.kind.label), labels.text(b.state.label), b.rows,
                b.errors, b.warnings, b.unacknowledged, b.updated_at.strftime("%Y-%m-%d %H:%M"),
            )  # fmt: skip
            return values[column]
        if role == TOOLTIP:
            return self.tr("批次编号 {0}").format(b.id)
        return None
