"""What the workspace-scope rules ask of the store (`desktop.domain.rules.base.WorkspaceView`).

Every answer leaves out the batch being validated: its own rows are judged by the batch
rules, and re-validating a saved batch must not find itself.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, and_, or_, select

from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.store import bulk
from desktop.store.models import Batch, Record, table_of

_b = table_of(Batch)
_r = table_of(Record)
# A diploma counts as held once it is signed (drafts are still being prepared) until the
# server refuses it: nothing of a 已退回 batch is held, and of a 部分受理 batch only the
# records it accepted, so a corrected re-submission does not find its own students.
_HELD = [
    s.value
    for s in (BatchState.SIGNED, BatchState.QUEUED, BatchState.SUBMITTED, BatchState.ACCEPTED)
]
ACCEPTED = "accepted"  # record.outcome of a record the server registered


class StoreWorkspaceView:
    def __init__(self, conn: Connection, exclude_batch: str | None) -> None:
        self.conn = conn
        self.exclude = exclude_batch or ""

    def _records(
        self, kind: BatchKind, column: str, values: Collection[str], *held: ColumnElement[bool]
    ) -> list[Row[Any, Any, Any]]:
        """Records of other batches of `kind` whose `column` is among `values` (and that
        meet any of `held`, if given)."""
        query = (
            select(_r.c.id_number, _r.c.xh, _r.c.data)
            .join(_b, _b.c.id == _r.c.batch_id)
            .where(bulk.among(self.conn, _r.c[column], values))
            .where(_b.c.kind == kind.value, _b.c.id != self.exclude)
        )
        if held:
            query = query.where(or_(*held))
        return list(self.conn.execute(query.order_by(_r.c.id)))

    def students_with_diploma(self, id_numbers: Collection[str]) -> Collection[str]:
        signed = _b.c.state.in_(_HELD)
        accepted = and_(_b.c.state == BatchState.PARTLY_ACCEPTED.value, _r.c.outcome == ACCEPTED)
        rows = self._records(BatchKind.DIPLOMA, "id_number", id_numbers, signed, accepted)
        return {r.id_number for r in rows}

    def enrolled_students(self, id_numbers: Collection[str]) -> Collection[str]:
        registered = code_table("review_conclusion").lookup("注册学籍")
        any_enrollment = self.conn.execute(
            select(_b.c.id)
            .where(_b.c.kind == BatchKind.ENROLLMENT.value, _b.c.id != self.exclude)
            .limit(1)
        ).first()
        if any_enrollment is None:
            # A workspace that holds no enrollment at all (a school that started using the
            # tool after its students enrolled) cannot tell: judge nobody.
            return set(id_numbers)
        out = set()
        for r in self._records(BatchKind.ENROLLMENT, "id_number", id_numbers):
            if registered is None or json.loads(r.data).get("fcjl") == registered.code:
                out.add(r.id_number)
        return out

    def student_numbers(self, numbers: Collection[str]) -> Mapping[str, str]:
        query = (
            select(_r.c.xh, _r.c.id_number)
            .where(bulk.among(self.conn, _r.c.xh, numbers))
            .where(_r.c.batch_id != self.exclude, _r.c.id_number.is_not(None))
            .order_by(_r.c.id)
        )
        out: dict[str, str] = {}  # the number's first owner
        for r in self.conn.execute(query):
            out.setdefault(r.xh, r.id_number)
        return out

    def suspended_students(self, id_numbers: Collection[str]) -> Collection[str]:
        change = code_table("status_change")
        suspend, resume = change.lookup("休学"), change.lookup("复学")
        latest: dict[str, tuple[str, str]] = {}
        for r in self._records(BatchKind.ANNUAL, "id_number", id_numbers):
            data = json.loads(r.data)
            kind, on = data.get("ydlb"), data.get("ydrq") or ""
            if kind in {c.code for c in (suspend, resume) if c} and (
                r.id_number not in latest or on >= latest[r.id_number][1]
            ):
                latest[r.id_number] = (kind, on)
        return {k for k, (kind, _) in latest.items() if suspend and kind == suspend.code}
