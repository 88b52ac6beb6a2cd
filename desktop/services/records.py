"""Record use cases: edit one record (re-validating only what it touches), acknowledge a
warning, reveal an ID number, list a record's history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select, update

from desktop.domain.idcards import mask_id
from desktop.domain.lifecycle import BatchState
from desktop.domain.records import kind_fields
from desktop.domain.roles import Action
from desktop.domain.rules.base import Finding, Scope
from desktop.domain.table import build_table
from desktop.services.batches import audit_state, run_rules, subjects
from desktop.services.workspace import Session
from desktop.sheets.headers import header_key, spellings
from desktop.store import audit
from desktop.store import batches as repo
from desktop.store import records as rec
from desktop.store.errors import Conflict, IllegalTransition, NotFound, StoreError
from desktop.store.models import AuditEntry, IdentityChange, Record, Student, table_of
from desktop.store.operators import now

_r = table_of(Record)
_stu = table_of(Student)
_chg = table_of(IdentityChange)
_audit = table_of(AuditEntry)
IDENTITY_FIELDS = {"xm": "name", "xb": "sex", "csrq": "birth_date"}


@dataclass(frozen=True)
class EditResult:
    batch: repo.BatchInfo
    findings: list[Finding]  # the edited record's findings after the edit
    version: int  # the record's new version (pass it to the next edit)


def _record(conn: Connection, batch_id: str, row_no: int) -> Any:
    row = conn.execute(select(_r).where(_r.c.batch_id == batch_id, _r.c.row_no == row_no)).first()
    if row is None:
        raise NotFound(f"批次中没有第 {row_no} 行")
    return row


def _editable(batch: repo.BatchInfo) -> None:
    if not batch.state.editable:
        raise IllegalTransition(
            f"批次处于“{batch.state.label}”状态，已冻结，不能修改；如需修改请先撤销签名"
        )


def edit_record(
    session: Session,
    batch_id: str,
    row_no: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None = None,
    as_of: date | None = None,
    reason: str | None = None,
) -> EditResult:
    session.require(Action.EDIT, batch_id)
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch_id, lock=True)
        _editable(batch)
        known = {f.name for f in kind_fields(batch.kind)}
        # Clerks name fields as their sheets do (发证日期, FZRQ) as well as canonically.
        changes = {spellings(batch.kind).get(header_key(k), k): v for k, v in changes.items()}
        unknown = set(changes) - known
        if unknown:
            raise StoreError(f"{batch.kind.label}没有这些字段：{'、'.join(sorted(unknown))}")
        row = _record(conn, batch.id, row_no)
        version = row.version if expected_version is None else expected_version
        current, _, _ = rec.load_table(conn, batch.id, batch.kind, batch.headers, seqs=[row.seq])
        raw = {name: [current.raw_col(name)[0]] for name in known}
        before = {k: _shown(raw[k][0]) for k in changes}
        for name, value in changes.items():
            raw[name] = [value]
        edited = build_table(batch.kind, raw, rows=[row_no], headers=batch.headers)
        student_id = _relink_student(session, conn, row, current, edited, reason)
        if not rec.update_record(conn, row.id, version, edited, 0, student_id):
            raise Conflict(f"第 {row_no} 行刚被其他操作员修改，请刷新后重试（未保存）")
        findings = _revalidate(session, conn, batch, row.seq, current, edited, as_of)
        # A validated batch that changes must be validated again.
        was = batch.state
        back = BatchState.DRAFT if batch.state is BatchState.VALIDATED else None
        batch = repo.recount(conn, batch, back)
        audit.append(
            conn,
            operator=session.username,
            action="edit",
            object_type="record",
            object_id=f"{batch.id}#{row_no}",
            before=_masked(before),
            after=_masked({k: _shown(edited.raw_col(k)[0]) for k in changes}),
        )
        audit_state(conn, session, batch, was, cause="edit")
    return EditResult(batch, findings, version + 1)


def _shown(value: Any) -> Any:
    return value if value is None or isinstance(value, (str, int, bool)) else str(value)


def _masked(values: dict[str, Any]) -> dict[str, Any]:
    """证件号码 of every document type masked: the log's own masking recognises only
    18-character numbers, not a passport's or a 港澳通行证's."""
    return {k: mask_id(v) if k == "sfzh" and isinstance(v, str) else v for k, v in values.items()}


def _relink_student(
    session: Session, conn: Connection, row: Any, before: Any, after: Any, reason: str | None
) -> int | None:
    """Article 19: an identity change keeps the old value; a new 证件号码 is another person."""
    old_key = (before.col("zjlx")[0] or rec.RESIDENT_ID, before.col("sfzh")[0])
    new_key = (after.col("zjlx")[0] or rec.RESIDENT_ID, after.col("sfzh")[0])
    student_id: int | None = row.student_id
    at = now()
    if new_key != old_key:
        student_id = rec.student_ids(conn, after)[0] if new_key[1] is not None else None
        if row.student_id is not None:
            conn.execute(
                insert(_chg).values(
                    student_id=row.student_id,
                    field="sfzh",
                    old_value=old_key[1],
                    new_value=new_key[1],
                    changed_at=at,
                    operator=session.username,
                    reason=reason,
                )
            )
        return student_id
    if student_id is None:
        return None
    for name, column in IDENTITY_FIELDS.items():
        old, new = before.col(name)[0], after.col(name)[0]
        if old != new and new is not None:
            conn.execute(
                insert(_chg).values(
                    student_id=student_id,
                    field=name,
                    old_value=_text(old),
                    new_value=_text(new),
                    changed_at=at,
                    operator=session.username,
                    reason=reason,
                )
            )
            conn.execute(update(_stu).where(_stu.c.id == student_id).values(**{column: new}))
    return student_id


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _revalidate(
    session: Session,
    conn: Connection,
    batch: repo.BatchInfo,
    seq: int,
    before: Any,
    after: Any,
    as_of: date | None,
) -> list[Finding]:
    """The edited record's rules, plus the batch rules of the records sharing a key with
    it before or after the edit — not the whole batch."""
    keys = {k: {before.col(k)[0], after.col(k)[0]} - {None} for k in rec.KEY_FIELDS}
    seqs = sorted(rec.seqs_sharing_keys(conn, batch.id, keys) | {seq})
    table, ids, _ = rec.load_table(conn, batch.id, batch.kind, batch.headers, seqs=seqs)
    findings = [f for f in run_rules(session, conn, batch.id, table, as_of) if f.index is not None]
    mine = seqs.index(seq)
    keep = [f for f in findings if f.index == mine or f.rule.scope is Scope.BATCH]
    repo.replace_findings(
        conn,
        batch.id,
        [f for f in keep if f.index == mine],
        ids,
        subjects(table),
        only_records={ids[mine]},
    )
    others = {ids[i] for i in range(table.n) if i != mine}
    if others:
        repo.replace_findings(
            conn,
            batch.id,
            [f for f in keep if f.index != mine],
            ids,
            subjects(table),
            only_records=others,
            only_scopes={Scope.BATCH.value},
        )
    return [f for f in keep if f.index == mine]


def acknowledge(
    session: Session,
    batch_id: str,
    row_no: int,
    rule_id: str,
    reason: str,
    field: str | None = None,
) -> repo.BatchInfo:
    session.require(Action.ACKNOWLEDGE, batch_id)
    if len(reason.strip()) < 2:
        raise StoreError("确认警告必须写明理由")
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch_id, lock=True)
        _editable(batch)
        n = repo.acknowledge(
            conn, batch.id, row_no, rule_id, reason.strip(), session.username, field
        )
        was = batch.state
        batch = repo.recount(conn, batch)
        # The last open warning acknowledged on a validated-clean batch completes it.
        if (
            batch.validated_at is not None
            and batch.errors == 0
            and batch.unacknowledged == 0
            and batch.state is BatchState.DRAFT
        ):
            batch = repo.move(conn, batch, BatchState.VALIDATED)
        audit.append(
            conn,
            operator=session.username,
            action="acknowledge",
            object_type="record",
            object_id=f"{batch.id}#{row_no}",
            after={"rule": rule_id, "reason": reason, "count": n},
        )
        audit_state(conn, session, batch, was, cause="acknowledge")
    return batch


def reveal_id(session: Session, batch_id: str, row_no: int) -> str:
    """The unmasked 证件号码 of one record; every reveal is audited (article 25)."""
    session.require(Action.REVEAL_ID, batch_id)
    with session.workspace.transaction() as conn:
        row = _record(conn, repo.get(conn, batch_id).id, row_no)
        audit.append(
            conn,
            operator=session.username,
            action="reveal_id",
            object_type="record",
            object_id=f"{batch_id}#{row_no}",
        )
        return str(row.id_number or "")


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    operator: str
    action: str
    detail: str


def history(session: Session, batch_id: str, row_no: int) -> list[HistoryEntry]:
    """What happened to one record, and the identity changes of its student."""
    session.require(Action.VIEW, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        row = _record(conn, batch.id, row_no)
        out = []
        for e in conn.execute(
            select(_audit)
            .where(
                (_audit.c.object_id == f"{batch.id}#{row_no}")
                | ((_audit.c.object_id == batch.id) & (_audit.c.action == "import"))
            )
            .order_by(_audit.c.seq)
        ):
            detail = json.dumps(
                {"before": _loads(e.before), "after": _loads(e.after)}, ensure_ascii=False
            )
            out.append(
                HistoryEntry(e.at.isoformat(timespec="seconds"), e.operator, e.action, detail)
            )
        if row.student_id is not None:
            people = _identities(conn, row.student_id, row.id_number)
            for c in conn.execute(
                select(_chg).where(_chg.c.student_id.in_(people)).order_by(_chg.c.id)
            ):
                old, new = c.old_value, c.new_value
                if c.field == "sfzh":
                    old, new = mask_id(old or ""), mask_id(new or "")
                out.append(
                    HistoryEntry(
                        c.changed_at.isoformat(timespec="seconds"),
                        c.operator,
                        "identity_change",
                        f"{c.field}: {old} → {new}",
                    )
                )
        return sorted(out, key=lambda h: h.at)


def _identities(conn: Connection, student_id: int, id_number: str | None) -> list[int]:
    """The student and the identities it was corrected from: a corrected 证件号码 links the
    record to another student row, and its earlier changes stay with the old one."""
    found, number = [student_id], id_number
    while number:
        earlier = conn.execute(
            select(_chg.c.student_id, _chg.c.old_value).where(
                _chg.c.field == "sfzh", _chg.c.new_value == number, _chg.c.student_id.not_in(found)
            )
        ).first()
        if earlier is None:
            break
        found.append(earlier.student_id)
        number = earlier.old_value
    return found


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else None
