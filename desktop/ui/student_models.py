"""The 学生 page's two tables: the students a search found, and one student's timeline
(records across batches, identity corrections with old → new)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from desktop.services import students
from desktop.services.students import CorrectionEntry, Entry, RecordEntry, StudentHit
from desktop.ui import labels
from desktop.ui.i18n import QT_TRANSLATE_NOOP
from desktop.ui.list_model import BACKGROUND, DISPLAY, TOOLTIP, ListTableModel
from desktop.ui.pagekit import local_time

CORRECTION_FILL = QColor("#fbefc4")


class HitModel(ListTableModel[StudentHit]):
    HEADERS = (
        QT_TRANSLATE_NOOP("HitModel", "姓名"),
        QT_TRANSLATE_NOOP("HitModel", "证件号码"),
        QT_TRANSLATE_NOOP("HitModel", "学号"),
        QT_TRANSLATE_NOOP("HitModel", "考生号"),
        QT_TRANSLATE_NOOP("HitModel", "记录数"),
        QT_TRANSLATE_NOOP("HitModel", "匹配"),
    )
    NUMERIC = frozenset({4})

    def hit(self, row: int) -> StudentHit | None:
        return self.item(row) if 0 <= row < self.rowCount() else None

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

    def cell(self, h: StudentHit, column: int, role: int) -> Any:
        if role == DISPLAY:
            sep = self.tr("、")
            values = (
                h.name, h.masked_id, sep.join(h.xh), sep.join(h.ksh), h.records,
                self.matched(h.matched),
            )  # fmt: skip
            return values[column]
        if role == TOOLTIP and column == 1:
            return h.id_type
        return None


class TimelineModel(ListTableModel[Entry]):
    HEADERS = (
        QT_TRANSLATE_NOOP("TimelineModel", "日期"),
        QT_TRANSLATE_NOOP("TimelineModel", "事项"),
        QT_TRANSLATE_NOOP("TimelineModel", "批次"),
        QT_TRANSLATE_NOOP("TimelineModel", "状态"),
        QT_TRANSLATE_NOOP("TimelineModel", "内容"),
    )

    def entry(self, row: int) -> Entry | None:
        return self.item(row) if 0 <= row < self.rowCount() else None

    def describe(self, entry: Entry) -> str:
        """What the entry says in one line: a record's key fields, a correction's values."""
        if isinstance(entry, RecordEntry):
            pair = self.tr("{0}：{1}")
            text = self.tr("；").join(pair.format(labels.text(k), v) for k, v in entry.fields)
            if entry.outcome:
                text = self.tr("{0}；{1}").format(text, entry.outcome)
            return text
        empty = self.tr("（空）")
        text = self.tr("{0} → {1}").format(entry.old or empty, entry.new or empty)
        if entry.reason:
            text = self.tr("{0}（理由：{1}）").format(text, entry.reason)
        return text

    def cell(self, e: Entry, column: int, role: int) -> Any:
        if role == DISPLAY:
            if isinstance(e, RecordEntry):
                kind, state = labels.text(e.kind.label), labels.text(e.state.label)
                values = (e.on.isoformat(), kind, e.batch_name, state)
            else:
                title = self.tr("{0}更正").format(labels.text(e.label))
                values = (local_time(e.at), title, "", self.tr("操作员 {0}").format(e.operator))
            return (*values, self.describe(e))[column]
        if role == TOOLTIP:
            if isinstance(e, RecordEntry):
                return self.tr("第 {0} 行；双击打开该批次并定位到此行").format(e.row_no)
            return self.tr("第十九条：更正后保留原值")
        if role == BACKGROUND and isinstance(e, CorrectionEntry):
            return CORRECTION_FILL
        return None
