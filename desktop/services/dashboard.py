"""The 工作台 at a glance: batches by state, article 13's deadlines coming due, where the
outbox stands, and what stands in the way of signing and submitting (the school key, the
server link).

The deadlines are counted as the ANN-013 rules count them (`one_month_after` of the
first term's start; 15 working days of the workspace's calendar after the 学籍处理日期),
so the board and the findings never disagree about a date.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, func, select

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.domain.roles import Action
from desktop.domain.rules.annual import one_month_after
from desktop.domain.workcal import WorkCalendar
from desktop.services import signing
from desktop.services.workspace import Session
from desktop.store import outbox, server_link
from desktop.store.models import AuditEntry, Batch, ReceiptRow, Record, table_of
from desktop.sync.errors import SyncError
from desktop.sync.keys import KeyStatus

_b = table_of(Batch)
_r = table_of(Record)
_rc = table_of(ReceiptRow)
_audit = table_of(AuditEntry)

# 第十三条: 学籍注销应在学籍处理后15个工作日内完成 (ANN-013-ZX-DEADLINE counts the same;
# tests/ui/test_dashboard.py holds the two together).
DEREGISTRATION_WORKDAYS = 15
# A term's registration deadline stays on the board this long after it passed: long
# enough to be noticed, not forever.
SHOWN_AFTER_DUE = 31
REGISTRATION = "学年注册"
DEREGISTRATION = "学籍注销"


@dataclass(frozen=True, slots=True)
class Deadline:
    task: str  # 学年注册 / 学籍注销
    subject: str  # what it is about, for the clerk
    starts: date  # the first term's start / the 学籍处理日期
    due: date
    days_left: int  # calendar days from today; negative once overdue
    workdays_left: int | None = None  # for a working-day deadline, the same in working days
    exact: bool = True  # False when some year's holidays were not known (Monday–Friday guessed)
    students: int = 0

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True, slots=True)
class Decision:
    """A deregistration decided (学籍处理日期) but not yet recorded as done."""

    decided: date
    batch: str  # the batch's name


@dataclass(frozen=True, slots=True)
class StateCount:
    state: BatchState
    count: int

    @property
    def label(self) -> str:
        return self.state.label


@dataclass(frozen=True, slots=True)
class SyncStatus:
    server_url: str | None
    queued: int
    last_success: datetime | None  # the last verified receipt received (UTC, naive)
    last_error: str | None  # the newest reason a queued batch is still waiting
    last_error_batch: str | None
    last_pull: datetime | None


@dataclass(frozen=True, slots=True)
class Dashboard:
    as_of: date
    states: tuple[StateCount, ...]
    deadlines: tuple[Deadline, ...]
    sync: SyncStatus
    warnings: tuple[str, ...]


def registration_deadlines(
    term_starts: Mapping[str, date], today: date, *, shown_after_due: int = SHOWN_AFTER_DUE
) -> list[Deadline]:
    """学年注册: one month after each 学年's first-term start (第十三条)."""
    out = []
    for year, starts in term_starts.items():
        due = one_month_after(starts)
        left = (due - today).days
        if left >= -shown_after_due:
            out.append(Deadline(REGISTRATION, f"{year} 学年", starts, due, left))
    return sorted(out, key=lambda d: d.due)


def deregistration_deadlines(
    decisions: Iterable[Decision], today: date, calendar: WorkCalendar
) -> list[Deadline]:
    """学籍注销: 15 working days after the 学籍处理日期, one line per decision date."""
    by_day: dict[date, list[str]] = {}
    for d in decisions:
        by_day.setdefault(d.decided, []).append(d.batch)
    out = []
    for decided, names in by_day.items():
        due = calendar.add_workdays(decided, DEREGISTRATION_WORKDAYS)
        if today <= due.value:
            workdays, exact = calendar.workdays_between(today, due.value)
        else:
            late, exact = calendar.workdays_between(due.value, today)
            workdays = -late
        batches = "、".join(sorted(set(names)))
        subject = f"{len(names)} 名学生（批次：{batches}）"
        out.append(
            Deadline(
                DEREGISTRATION, subject, decided, due.value, (due.value - today).days,
                workdays, due.exact and exact, len(names),
            )
        )  # fmt: skip
    return sorted(out, key=lambda d: d.due)


def pending_decisions(conn: Connection) -> list[Decision]:
    """Annual records that deregister a student (注销类别 and 学籍处理日期) with no 注销日期
    yet, which the server has not accepted, in batches not superseded by a correction.
    One per student and decision date, however many drafts hold it."""
    parents = select(_b.c.parent_id).where(_b.c.parent_id.is_not(None))
    query = (
        select(_r.c.data, _r.c.id_number, _r.c.xh, _b.c.name)
        .join(_b, _b.c.id == _r.c.batch_id)
        .where(
            _b.c.kind == BatchKind.ANNUAL.value,
            _b.c.state != BatchState.ACCEPTED.value,  # every record of it accepted
            _b.c.id.not_in(parents),
            _r.c.outcome.is_(None) | (_r.c.outcome != "accepted"),
            # The JSON holds only filled fields: most rows are skipped unparsed.
            _r.c.data.like('%"clrq":%'),
        )
        .order_by(_b.c.created_at, _r.c.seq)
    )
    seen: set[tuple[str, date]] = set()
    out = []
    for row in conn.execute(query):
        values = json.loads(row.data)
        if not values.get("zxlb") or values.get("zxrq"):
            continue
        decided = date.fromisoformat(values["clrq"])
        who = row.id_number or row.xh
        if who is None or (who, decided) not in seen:
            if who is not None:
                seen.add((who, decided))
            out.append(Decision(decided, row.name))
    return out


def state_counts(conn: Connection) -> tuple[StateCount, ...]:
    query = select(_b.c.state, func.count()).group_by(_b.c.state)
    counted = {str(row[0]): int(row[1]) for row in conn.execute(query)}
    return tuple(StateCount(s, counted.get(s.value, 0)) for s in BatchState)


def sync_status(conn: Connection) -> SyncStatus:
    link = server_link.get(conn)
    entries = outbox.pending(conn)
    failed = [e for e in entries if e.last_error]
    newest = max(failed, key=lambda e: e.last_attempt_at or e.enqueued_at, default=None)
    name = None
    if newest is not None:
        name = conn.execute(select(_b.c.name).where(_b.c.id == newest.batch_id)).scalar()
    last = conn.execute(select(func.max(_rc.c.received_at))).scalar()
    return SyncStatus(
        link.url if link else None, len(entries), last,
        newest.last_error if newest else None, name, link.pulled_at if link else None,
    )  # fmt: skip


def key_registered(conn: Connection, kid: str) -> bool:
    found = conn.execute(
        select(_audit.c.seq)
        .where(_audit.c.action == "key_register", _audit.c.object_id == kid)
        .limit(1)
    ).first()
    return found is not None


def key_warnings(session: Session, conn: Connection) -> list[str]:
    """What would stop the office from signing or submitting today."""
    out = []
    store = signing.keystore(session)
    try:
        active = store.active()
        keys = store.list_keys()
    except SyncError as exc:
        return [f"本校密钥目录有问题：{exc}"]
    if active is None:
        if any(k.status is KeyStatus.REVOKED for k in keys):
            out.append("本校签名密钥已吊销，没有启用中的密钥：请管理员生成新密钥并登记到中心服务器")
        else:
            out.append("尚未生成本校签名密钥：请管理员生成（签名和上报都需要它）")
    link = server_link.get(conn)
    if link is None:
        out.append("尚未连接中心服务器：请管理员在“上报”页连接服务器（地址和密钥指纹）")
    if active is not None and not key_registered(conn, active.kid):
        out.append(
            f"本校密钥 {active.kid} 尚未在中心服务器登记：请管理员用服务器发放的登记码登记，"
            "否则无法上报"
        )
    return out


def load(session: Session, *, today: date | None = None) -> Dashboard:
    session.require(Action.VIEW)
    today = today or date.today()
    profile = session.workspace.profile()
    calendar = session.workspace.context(today).calendar  # the one the rules count with
    with session.workspace.engine.connect() as conn:
        states = state_counts(conn)
        decisions = pending_decisions(conn)
        status = sync_status(conn)
        warnings = key_warnings(session, conn)
    deadlines = registration_deadlines(profile.term_starts, today)
    deadlines += deregistration_deadlines(decisions, today, calendar)
    deadlines.sort(key=lambda d: d.due)
    return Dashboard(today, states, tuple(deadlines), status, tuple(warnings))
