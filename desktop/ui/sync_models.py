"""The 上报 page's tables: the outbox, the settled batches with their receipt, and the
records the server refused (held a page at a time, read off the GUI thread)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject
from PySide6.QtGui import QColor

from desktop.services.outbox_view import Queued, RefusedRow, Settled
from desktop.ui import labels
from desktop.ui.i18n import QT_TRANSLATE_NOOP
from desktop.ui.list_model import ALIGN, DISPLAY, FOREGROUND, RIGHT, TOOLTIP, Index, ListTableModel
from desktop.ui.pagekit import local_time

GOOD, BAD = QColor("#1b7f3b"), QColor("#b3261e")


def progress_text(sent: int, total: int) -> str:
    if total <= 0:
        return QCoreApplication.translate("SyncModels", "未开始")
    return QCoreApplication.translate("SyncModels", "{sent} / {total} 块（{pct}%）").format(
        sent=sent, total=total, pct=100 * sent // total
    )


class OutboxModel(ListTableModel[Queued]):
    HEADERS = (
        QT_TRANSLATE_NOOP("OutboxModel", "批次"),
        QT_TRANSLATE_NOOP("OutboxModel", "业务类型"),
        QT_TRANSLATE_NOOP("OutboxModel", "状态"),
        QT_TRANSLATE_NOOP("OutboxModel", "记录数"),
        QT_TRANSLATE_NOOP("OutboxModel", "上传进度"),
        QT_TRANSLATE_NOOP("OutboxModel", "尝试次数"),
        QT_TRANSLATE_NOOP("OutboxModel", "最近尝试"),
        QT_TRANSLATE_NOOP("OutboxModel", "原因"),
    )
    NUMERIC = frozenset({3, 5})

    def set_progress(self, batch_id: str, sent: int, total: int) -> None:
        """A chunk went up: the row's progress changes before the next reload."""
        for row, q in enumerate(self._items):
            if q.batch.batch_id == batch_id:
                self._items[row] = _with_progress(q, sent, total)
                cell = self.index(row, 4)
                self.dataChanged.emit(cell, cell, [DISPLAY])

    def cell(self, q: Queued, column: int, role: int) -> Any:
        if role == DISPLAY:
            error = (q.last_error or "").splitlines()[0] if q.last_error else ""
            return (
                q.batch.name, labels.text(q.batch.kind), labels.text(q.batch.state.label),
                q.batch.rows,
                progress_text(q.chunks_sent, q.chunks_total), q.attempts,
                local_time(q.last_attempt_at), error or self.tr("等待上报"),
            )[column]  # fmt: skip
        if role == TOOLTIP:
            if column == 7 and q.last_error:
                return q.last_error
            return self.tr("批次编号 {id}，{who} 于 {at} 排队").format(
                id=q.batch.batch_id, who=q.enqueued_by, at=local_time(q.enqueued_at)
            )
        if role == FOREGROUND and column == 7 and q.last_error:
            return BAD
        return None


def _with_progress(q: Queued, sent: int, total: int) -> Queued:
    return Queued(
        q.batch, q.enqueued_at, q.enqueued_by, q.attempts, q.last_attempt_at, q.last_error,
        sent, total,
    )  # fmt: skip


VERIFIED = QT_TRANSLATE_NOOP("SettledModel", "✔ 已验证")
NOT_VERIFIED = QT_TRANSLATE_NOOP("SettledModel", "✘ 验证失败")
NO_RECEIPT = QT_TRANSLATE_NOOP("SettledModel", "无回执（整批退回）")


class SettledModel(ListTableModel[Settled]):
    HEADERS = (
        QT_TRANSLATE_NOOP("SettledModel", "批次"),
        QT_TRANSLATE_NOOP("SettledModel", "业务类型"),
        QT_TRANSLATE_NOOP("SettledModel", "状态"),
        QT_TRANSLATE_NOOP("SettledModel", "回执"),
        QT_TRANSLATE_NOOP("SettledModel", "受理"),
        QT_TRANSLATE_NOOP("SettledModel", "退回"),
        QT_TRANSLATE_NOOP("SettledModel", "时间"),
    )
    NUMERIC = frozenset({4, 5})

    def cell(self, s: Settled, column: int, role: int) -> Any:
        mark = {True: VERIFIED, False: NOT_VERIFIED, None: NO_RECEIPT}[s.verified]
        if role == DISPLAY:
            return (
                s.batch.name, labels.text(s.batch.kind), labels.text(s.batch.state.label),
                self.tr(mark), s.accepted, s.refused, local_time(s.settled_at),
            )[column]  # fmt: skip
        if role == TOOLTIP:
            if column == 3 and s.verified:
                return self.tr("回执签名已用固定的中心服务器公钥核验（签发于 {issued}）").format(
                    issued=s.issued
                )
            if column == 3 and s.problem:
                return s.problem
            return self.tr("批次编号 {id}").format(id=s.batch.batch_id)
        if role == FOREGROUND and column == 3 and s.verified is not None:
            return GOOD if s.verified else BAD
        return None


PAGE = 200
KEEP_PAGES = 20


class RefusedModel(ListTableModel[RefusedRow]):
    """The refused records of one batch. `data()` never reads the database: a row not
    loaded yet shows "…" and asks for its page, which arrives through `add_page`."""

    HEADERS = (
        QT_TRANSLATE_NOOP("RefusedModel", "行号"),
        QT_TRANSLATE_NOOP("RefusedModel", "姓名"),
        QT_TRANSLATE_NOOP("RefusedModel", "证件号码"),
        QT_TRANSLATE_NOOP("RefusedModel", "学号"),
        QT_TRANSLATE_NOOP("RefusedModel", "中心服务器意见"),
    )
    NUMERIC = frozenset({0})

    def __init__(
        self, total: int, request_page: Callable[[int], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.total = total
        self._request = request_page
        self._pages: OrderedDict[int, list[RefusedRow]] = OrderedDict()
        self._asked: set[int] = set()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def row(self, row: int) -> RefusedRow | None:
        number, offset = divmod(row, PAGE)
        page = self._pages.get(number)
        if page is None:
            if number not in self._asked:
                self._asked.add(number)
                self._request(number * PAGE)
            return None
        self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def add_page(self, start: int, rows: list[RefusedRow]) -> None:
        number = start // PAGE
        self._asked.discard(number)
        self._pages[number] = rows
        while len(self._pages) > KEEP_PAGES:
            self._pages.popitem(last=False)
        last = min(start + PAGE, self.total) - 1
        if last >= start:
            self.dataChanged.emit(self.index(start, 0), self.index(last, len(self.HEADERS) - 1))

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.total:
            return None
        if role == ALIGN:
            return RIGHT if index.column() in self.NUMERIC else None
        r = self.row(index.row())
        if r is None:
            return "…" if role == DISPLAY else None
        if role == DISPLAY:
            return (r.row_no, r.name, r.id_number, r.xh, r.message)[index.column()]
        if role == TOOLTIP and index.column() == 4:
            return r.message
        return None
