"""Batch rows, their findings and acknowledgements, and state changes."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState, can_move, transition_error
from desktop.domain.rules.base import Finding, Severity
from desktop.store import bulk
from desktop.store.errors import Conflict, IllegalTransition, NotFound
from desktop.store.models import Acknowledgement, Batch, FindingRow, table_of
from desktop.store.operators import now

_b = table_of(Batch)
_f = table_of(FindingRow)
_ack = table_of(Acknowledgement)


@dataclass(frozen=True)
class BatchInfo:
    id: str
    name: str
    kind: BatchKind
    state: BatchState
    rows: int
    errors: int
    warnings: int
    unacknowledged: int
    rule_pack: str | None
    parent_id: str | None
    source_file: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    validated_at: datetime | None
    version: int
    headers: dict[str, str]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "state": self.state.value,
            "state_label": self.state.label,
            "rows": self.rows,
            "errors": self.errors,
            "warnings": self.warnings,
            "unacknowledged": self.unacknowledged,
            "rule_pack": self.rule_pack,
            "parent_id": self.parent_id,
            "updated_at": self.updated_at.isoformat(timespec="seconds"),
        }


def _info(row: object) -> BatchInfo:
    r = row._mapping  # type: ignore[attr-defined]
    return BatchInfo(
        id=r["id"],
        name=r["name"],
        kind=BatchKind(r["kind"]),
        state=BatchState(r["state"]),
        rows=r["rows"],
        errors=r["errors"],
        warnings=r["warnings"],
        unacknowledged=r["unacknowledged"],
        rule_pack=r["rule_pack"],
        parent_id=r["parent_id"],
        source_file=r["source_file"],
        created_by=r["created_by"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        validated_at=r["validated_at"],
        version=r["version"],
        headers=json.loads(r["headers"]) if r["headers"] else {},
    )


def create(
    conn: Connection,
    *,
    kind: BatchKind,
    name: str,
    operator: str,
    rows: int = 0,
    source_file: str | None = None,
    source_digest: str | None = None,
    headers: dict[str, str] | None = None,
    parent_id: str | None = None,
    batch_id: str | None = None,
) -> str:
    """A new draft batch; its UUID (new unless given, e.g. by an imported package) is the
    submission's idempotency key."""
    batch_id = batch_id or str(uuid.uuid4())
    at = now()
    conn.execute(
        insert(_b).values(
            id=batch_id,
            name=name,
            kind=kind.value,
            state=BatchState.DRAFT.value,
            parent_id=parent_id,
            source_file=source_file,
            source_digest=source_digest,
            headers=json.dumps(headers or {}, ensure_ascii=False),
            rows=rows,
            errors=0,
            warnings=0,
            unacknowledged=0,
            created_at=at,
            created_by=operator,
            updated_at=at,
            version=1,
        )
    )
    return batch_id


def get(conn: Connection, batch_id: str, *, lock: bool = False) -> BatchInfo:
    """The batch; with `lock`, its row stays locked until the transaction ends (on
    PostgreSQL; SQLite's write transactions take turns anyway), so that two clerks
    editing different records of one batch queue instead of failing each other's
    version check."""
    query = select(_b).where(_b.c.id == batch_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        # Let a clerk type the first characters of the id, as shown in lists.
        matches = conn.execute(select(_b).where(_b.c.id.like(f"{batch_id}%"))).fetchall()
        if len(batch_id) >= 4 and len(matches) == 1:
            return get(conn, matches[0].id, lock=True) if lock else _info(matches[0])
        raise NotFound(f"没有编号为“{batch_id}”的批次")
    return _info(row)


def list_all(conn: Connection) -> list[BatchInfo]:
    return [_info(r) for r in conn.execute(select(_b).order_by(_b.c.created_at, _b.c.id))]


def move(conn: Connection, batch: BatchInfo, target: BatchState, **values: object) -> BatchInfo:
    """Change the state if the lifecycle allows it and nobody changed the batch meanwhile."""
    if not can_move(batch.state, target):
        raise IllegalTransition(transition_error(batch.state, target))
    result = conn.execute(
        update(_b)
        .where(_b.c.id == batch.id, _b.c.version == batch.version)
        .values(state=target.value, updated_at=now(), version=batch.version + 1, **values)
    )
    if result.rowcount != 1:
        raise Conflict("该批次刚被其他操作员修改，请刷新后重试")
    return get(conn, batch.id)


def touch(conn: Connection, batch: BatchInfo, **values: object) -> BatchInfo:
    result = conn.execute(
        update(_b)
        .where(_b.c.id == batch.id, _b.c.version == batch.version)
        .values(updated_at=now(), version=batch.version + 1, **values)
    )
    if result.rowcount != 1:
        raise Conflict("该批次刚被其他操作员修改，请刷新后重试")
    return get(conn, batch.id)


def delete_batch(conn: Connection, batch_id: str) -> None:
    conn.execute(delete(_f).where(_f.c.batch_id == batch_id))
    conn.execute(delete(_b).where(_b.c.id == batch_id))


def subject(
    kind: BatchKind, id_number: str | None, xh: str | None, seq: int, year: str | None = None
) -> str:
    """What an acknowledgement is about: the student's record of this kind — for a 学年注册,
    of that 学年 (article 12 registers each year anew: a warning accepted for 2025-2026
    says nothing about 2026-2027)."""
    who = id_number or ("xh:" + xh if xh else f"seq:{seq}")
    if kind is BatchKind.ANNUAL:
        return f"{kind.value}:{year or ''}:{who}"
    return f"{kind.value}:{who}"


def acknowledged(conn: Connection, subjects: set[str]) -> set[tuple[str, str, str]]:
    if not subjects:
        return set()
    query = select(_ack.c.subject, _ack.c.rule_id, _ack.c.field)
    found = conn.execute(query.where(bulk.among(conn, _ack.c.subject, subjects)))
    return {(r.subject, r.rule_id, r.field) for r in found}


_FINDING_COLUMNS = (
    "batch_id", "record_id", "row_no", "rule_id", "severity", "field", "column", "message",
    "subject", "acknowledged",
)  # fmt: skip


def replace_findings(
    conn: Connection,
    batch_id: str,
    findings: Sequence[Finding],
    record_ids: Sequence[int],
    subjects: Sequence[str],
    *,
    only_records: set[int] | None = None,
    only_scopes: set[str] | None = None,
) -> None:
    """Store findings; with `only_records`, replace just those records' findings (and
    with `only_scopes`, just the findings of rules of those scopes)."""
    query = delete(_f).where(_f.c.batch_id == batch_id)
    if only_records is not None:
        query = query.where(bulk.among(conn, _f.c.record_id, only_records))
        if only_scopes is not None:
            query = query.where(_f.c.rule_id.in_(_rule_ids_of(only_scopes)))
    conn.execute(query)
    wanted = {s for f in findings if f.index is not None for s in [subjects[f.index]]}
    acks = acknowledged(conn, wanted)
    rows = []
    for f in findings:
        rec = record_ids[f.index] if f.index is not None else None
        subj = subjects[f.index] if f.index is not None else None
        ack = subj is not None and (subj, f.rule.id, f.field or "") in acks
        rows.append(
            (batch_id, rec, f.row, f.rule.id, f.severity.value, f.field, f.column, f.message,
             subj, ack)
        )  # fmt: skip
    for start in range(0, len(rows), 5000):
        bulk.insert_rows(conn, "finding", _FINDING_COLUMNS, rows[start : start + 5000])


def _rule_ids_of(scopes: set[str]) -> list[str]:
    from desktop.domain.rules.catalogue import catalogue

    return [r.id for r in catalogue() if r.scope.value in scopes]


def counts(conn: Connection, batch_id: str) -> tuple[int, int, int]:
    """Errors, warnings, and warnings not yet acknowledged."""
    query = (
        select(_f.c.severity, _f.c.acknowledged, func.count())
        .where(_f.c.batch_id == batch_id)
        .group_by(_f.c.severity, _f.c.acknowledged)
    )
    errors = warnings = open_warnings = 0
    for severity, ack, n in conn.execute(query):
        if severity == Severity.ERROR.value:
            errors += n
        elif severity == Severity.WARNING.value:
            warnings += n
            if not ack:
                open_warnings += n
    return errors, warnings, open_warnings


def recount(conn: Connection, batch: BatchInfo, target: BatchState | None = None) -> BatchInfo:
    """Store the batch's current finding counts, moving it to `target` if given."""
    errors, warnings, open_warnings = counts(conn, batch.id)
    values = {"errors": errors, "warnings": warnings, "unacknowledged": open_warnings}
    if target is not None and target is not batch.state:
        return move(conn, batch, target, **values)
    return touch(conn, batch, **values)


def findings_of(
    conn: Connection, batch_id: str, limit: int | None = None
) -> list[dict[str, object]]:
    query = select(_f).where(_f.c.batch_id == batch_id).order_by(_f.c.row_no, _f.c.id)
    if limit is not None:
        query = query.limit(limit)
    return [dict(r._mapping) for r in conn.execute(query)]


def acknowledge(
    conn: Connection,
    batch_id: str,
    row_no: int,
    rule_id: str,
    reason: str,
    operator: str,
    field: str | None = None,
) -> int:
    """Acknowledge the matching warnings of one sheet row; returns how many."""
    query = select(_f.c.id, _f.c.subject, _f.c.field, _f.c.severity).where(
        _f.c.batch_id == batch_id, _f.c.row_no == row_no, _f.c.rule_id == rule_id
    )
    if field is not None:
        query = query.where(_f.c.field == field)
    matches = conn.execute(query).fetchall()
    if not matches:
        raise NotFound(f"第 {row_no} 行没有规则 {rule_id} 的提示")
    if any(m.severity != Severity.WARNING.value for m in matches):
        raise IllegalTransition(f"规则 {rule_id} 是错误，不能确认，只能修正数据")
    at = now()
    for m in matches:
        key = {"subject": m.subject, "rule_id": rule_id, "field": m.field or ""}
        exists = conn.execute(
            select(_ack.c.id).where(*(getattr(_ack.c, k) == v for k, v in key.items()))
        ).first()
        if exists:
            conn.execute(
                update(_ack)
                .where(_ack.c.id == exists.id)
                .values(reason=reason, operator=operator, at=at)
            )
        else:
            conn.execute(insert(_ack).values(**key, reason=reason, operator=operator, at=at))
        conn.execute(update(_f).where(_f.c.id == m.id).values(acknowledged=True))
    return len(matches)
