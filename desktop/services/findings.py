"""A batch's findings for the findings panel: counts per rule (over the whole batch, not
a first page of findings), then one rule's findings when the clerk opens it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.domain.roles import Action
from desktop.domain.rules.catalogue import rule_by_id
from desktop.services.workspace import Session
from desktop.store import batches as repo
from desktop.store.models import FindingRow, Record, table_of

_f = table_of(FindingRow)
_r = table_of(Record)
RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class RuleCount:
    rule_id: str
    severity: str
    title: str
    basis: str
    count: int
    open: int  # warnings not yet acknowledged (errors and infos: all of them)


@dataclass(frozen=True)
class FindingItem:
    rule_id: str
    severity: str
    seq: int | None  # the record's position in the batch; None for a batch-level finding
    row_no: int | None
    field: str | None
    message: str
    acknowledged: bool


def rule_counts(session: Session, batch_id: str) -> list[RuleCount]:
    """Rules with findings in the batch, errors first, then by how many."""
    session.require(Action.VIEW, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        query = (
            select(_f.c.rule_id, _f.c.severity, _f.c.acknowledged, func.count())
            .where(_f.c.batch_id == batch.id)
            .group_by(_f.c.rule_id, _f.c.severity, _f.c.acknowledged)
        )
        totals: dict[tuple[str, str], list[int]] = {}
        for rule_id, severity, acknowledged, n in conn.execute(query):
            counts = totals.setdefault((rule_id, severity), [0, 0])
            counts[0] += n
            if not acknowledged:
                counts[1] += n
    out = []
    for (rule_id, severity), (count, still_open) in totals.items():
        try:
            rule = rule_by_id(rule_id)
            title, basis = rule.title, rule.basis
        except KeyError:  # a rule of an older rule pack: its id still says what it was
            title, basis = rule_id, ""
        out.append(RuleCount(rule_id, severity, title, basis, count, still_open))
    return sorted(out, key=lambda r: (RANK.get(r.severity, 3), -r.count, r.rule_id))


def rule_findings(
    session: Session, batch_id: str, rule_id: str, limit: int = 500
) -> list[FindingItem]:
    """The first `limit` findings of one rule, in sheet order."""
    session.require(Action.VIEW, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        query = (
            select(_f.c.rule_id, _f.c.severity, _r.c.seq, _f.c.row_no, _f.c.field)
            .add_columns(_f.c.message, _f.c.acknowledged)
            .select_from(_f.outerjoin(_r, _r.c.id == _f.c.record_id))
            .where(_f.c.batch_id == batch.id, _f.c.rule_id == rule_id)
            .order_by(_f.c.row_no, _f.c.id)
            .limit(limit)
        )
        return [
            FindingItem(
                r.rule_id, r.severity, r.seq, r.row_no, r.field, r.message, bool(r.acknowledged)
            )
            for r in conn.execute(query)
        ]
