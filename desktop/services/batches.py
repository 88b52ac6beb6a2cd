"""Batch use cases: import a file, validate, list and show, lifecycle moves, delete a
draft, start a corrected re-submission."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import CORRECTABLE, BatchState
from desktop.domain.roles import Action
from desktop.domain.rules.catalogue import RULE_PACK_VERSION
from desktop.domain.rules.engine import validate
from desktop.domain.table import Table
from desktop.services.progress import Cancelled, CancelToken, Progress
from desktop.services.validation import layout_memory
from desktop.services.workspace import Session
from desktop.sheets import loader
from desktop.sheets.headers import Overrides
from desktop.sheets.layouts import LayoutMemory
from desktop.store import audit
from desktop.store import batches as repo
from desktop.store import records as rec
from desktop.store.errors import Conflict, IllegalTransition
from desktop.store.models import Record, TermStart, table_of
from desktop.store.operators import now
from desktop.store.workspace_view import StoreWorkspaceView

_terms = table_of(TermStart)
_r = table_of(Record)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def subjects(table: Table) -> list[str]:
    ids, xhs = table.col("sfzh"), table.col("xh")
    if table.kind is BatchKind.ANNUAL:
        years = table.col("xn")
        return [repo.subject(table.kind, ids[i], xhs[i], i, years[i]) for i in range(table.n)]
    return [repo.subject(table.kind, ids[i], xhs[i], i) for i in range(table.n)]


def _term_start(conn: Connection, table: Table) -> date | None:
    """The first-term start of the 学年 most rows name (article 13 counts from it)."""
    years = Counter(y for y in table.col("xn") if y)
    terms: dict[str, date] = {r.academic_year: r.starts_on for r in conn.execute(select(_terms))}
    for year, _ in years.most_common():
        if year in terms:
            return terms[year]
    return None


def run_rules(
    session: Session, conn: Connection, batch_id: str, table: Table, as_of: date | None
) -> list[Any]:
    view = StoreWorkspaceView(conn, exclude_batch=batch_id)
    ctx = session.workspace.context(
        as_of or date.today(), term_start=_term_start(conn, table), workspace=view
    )
    return validate(table, ctx)


def _store_validation(
    session: Session,
    conn: Connection,
    batch: repo.BatchInfo,
    table: Table,
    ids: list[int],
    as_of: date | None,
    *,
    settle: bool,
) -> repo.BatchInfo:
    findings = run_rules(session, conn, batch.id, table, as_of)
    repo.replace_findings(conn, batch.id, findings, ids, subjects(table))
    errors, warnings, open_warnings = repo.counts(conn, batch.id)
    values: dict[str, Any] = {
        "errors": errors,
        "warnings": warnings,
        "unacknowledged": open_warnings,
        "rows": table.n,
        "rule_pack": RULE_PACK_VERSION,
        "validated_at": now(),
    }
    if settle:
        target = BatchState.VALIDATED if errors == 0 and open_warnings == 0 else BatchState.DRAFT
        if target != batch.state:
            return repo.move(conn, batch, target, **values)
    return repo.touch(conn, batch, **values)


def fill_batch(
    session: Session,
    conn: Connection,
    batch_id: str,
    table: Table,
    as_of: date | None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> repo.BatchInfo:
    """Store a new batch's records and its first validation run (state stays draft)."""
    check = cancel.check if cancel is not None else None
    ids = rec.insert_records(conn, batch_id, table, progress=progress, check_cancel=check)
    batch = repo.get(conn, batch_id)
    batch = _store_validation(session, conn, batch, table, ids, as_of, settle=False)
    if cancel is not None:
        cancel.check()  # a cancel during the last chunk or the validation still undoes it
    return batch


def import_file(
    session: Session,
    path: Path,
    kind: BatchKind,
    *,
    name: str | None = None,
    sheet: str | None = None,
    as_of: date | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    header_row: int | None = None,
    corrections: Overrides | None = None,
    layouts: bool = False,
    reading: Callable[[int], None] | None = None,
) -> repo.BatchInfo:
    """A new draft batch holding the file's records, validated. All or nothing: a failure
    or a cancel leaves the workspace exactly as it was.

    `header_row` and `corrections` (header key -> field, None to ignore) are a clerk's
    choices in the import wizard; with `layouts` the corrections remembered for the
    file's layout in the workspace folder apply, and this import's are remembered once
    it is saved. `reading` gets the rows read so far, `progress` (rows saved, rows)."""
    session.require(Action.IMPORT)
    memory = layout_memory(session.workspace.home) if layouts else None
    loaded = _read(path, kind, sheet, header_row, corrections, memory, reading, cancel)
    table, header = loaded.table, loaded.header
    digest = _digest(path)
    with session.workspace.transaction() as conn:
        batch_id = repo.create(
            conn,
            kind=kind,
            name=name or path.stem,
            operator=session.username,
            rows=table.n,
            source_file=path.name,
            source_digest=digest,
            headers=header.headers,
        )
        batch = fill_batch(session, conn, batch_id, table, as_of, progress, cancel)
        audit.append(
            conn,
            operator=session.username,
            action="import",
            object_type="batch",
            object_id=batch_id,
            after={
                "file": path.name,
                "sha256": digest,
                "kind": kind.value,
                "rows": table.n,
                "errors": batch.errors,
                "warnings": batch.warnings,
            },
        )
    if memory is not None and corrections:
        loader.remember_layout(memory, loaded, kind, corrections)
    return batch


def _read(
    path: Path,
    kind: BatchKind,
    sheet: str | None,
    header_row: int | None,
    corrections: Overrides | None,
    memory: LayoutMemory | None,
    reading: Callable[[int], None] | None,
    cancel: CancelToken | None,
) -> loader.Loaded:
    try:
        return loader.load(
            path, kind, sheet, corrections=corrections, memory=memory, header_row=header_row,
            progress=reading, cancel=cancel, remember=False,
        )  # fmt: skip
    except loader.Cancelled:
        raise Cancelled from None


def validate_batch(session: Session, batch_id: str, *, as_of: date | None = None) -> repo.BatchInfo:
    session.require(Action.VALIDATE, batch_id)
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch_id, lock=True)
        if not batch.state.editable:
            raise IllegalTransition(f"批次处于“{batch.state.label}”状态，已冻结，不能重新校验")
        table, ids, _ = rec.load_table(conn, batch.id, batch.kind, batch.headers)
        batch = _store_validation(session, conn, batch, table, ids, as_of, settle=True)
        audit.append(
            conn,
            operator=session.username,
            action="validate",
            object_type="batch",
            object_id=batch.id,
            after={
                "errors": batch.errors,
                "warnings": batch.warnings,
                "unacknowledged": batch.unacknowledged,
                "state": batch.state.value,
                "rule_pack": RULE_PACK_VERSION,
            },
        )
    return batch


def list_batches(session: Session) -> list[repo.BatchInfo]:
    session.require(Action.VIEW)
    with session.workspace.engine.connect() as conn:
        return repo.list_all(conn)


def show_batch(
    session: Session, batch_id: str, limit: int | None = None
) -> tuple[repo.BatchInfo, list[dict[str, object]]]:
    session.require(Action.VIEW, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        return batch, repo.findings_of(conn, batch.id, limit)


# How each state is reached: only an unsign is a move by hand; the rest is the work of
# validation, signing and the sync client (which records the server's receipt).
_HOW = {
    BatchState.VALIDATED: "请重新校验",
    BatchState.SIGNED: "请由审核员签名",
    BatchState.QUEUED: "请使用“排队上报”",
    BatchState.SUBMITTED: "由上报自动记录",
    BatchState.ACCEPTED: "由中心服务器的回执决定",
    BatchState.PARTLY_ACCEPTED: "由中心服务器的回执决定",
    BatchState.REJECTED: "由中心服务器的回执决定",
}

_NO_SIGNATURE: dict[str, Any] = {
    "manifest": None, "envelope": None, "signer_key": None, "kid": None, "signed_at": None,
    "signed_by": None,
}  # fmt: skip


def move(
    session: Session,
    batch_id: str,
    target: BatchState,
    *,
    expected_version: int | None = None,
    **after: Any,
) -> repo.BatchInfo:
    """The one state change made by hand: a signed batch back to 草稿 (unsign, the
    reviewer's, article 24), its signature voided in the same transaction. A state only
    its own service may give (a signature, an outbox row, a receipt) is refused here, so
    that no batch is ever 已签名 without a signature or 已排队 without an outbox row.
    `expected_version` is the version the operator looked at: a batch changed since is a
    Conflict, not moved."""
    if target is not BatchState.DRAFT:
        raise IllegalTransition(f"批次不能直接设为“{target.label}”：{_HOW[target]}")
    session.require(Action.SIGN, batch_id)
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch_id)
        if expected_version is not None and batch.version != expected_version:
            raise Conflict("该批次刚被其他操作员修改，请刷新后重试")
        if batch.state is not BatchState.SIGNED:
            # Back to draft by hand is only an unsign; an edit does it for 已校验.
            raise IllegalTransition(f"批次处于“{batch.state.label}”状态，没有可撤销的签名")
        before = batch.state
        batch = repo.move(conn, batch, target, **_NO_SIGNATURE)
        audit_state(conn, session, batch, before, **after)
    return batch


def audit_state(
    conn: Connection, session: Session, batch: repo.BatchInfo, was: BatchState, **after: Any
) -> None:
    """One `state` audit entry for a batch that left state `was` (nothing if it did not)."""
    if batch.state is not was:
        audit.append(
            conn,
            operator=session.username,
            action="state",
            object_type="batch",
            object_id=batch.id,
            before={"state": was.value},
            after={"state": batch.state.value, **after},
        )


def unsign(session: Session, batch_id: str, reason: str) -> repo.BatchInfo:
    """Return a signed batch to draft so it can be edited; the signature is void."""
    if not reason.strip():
        raise IllegalTransition("撤销签名必须说明原因")
    return move(session, batch_id, BatchState.DRAFT, reason=reason, unsigned=True)


def delete_draft(session: Session, batch_id: str) -> None:
    session.require(Action.DELETE_DRAFT, batch_id)
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch_id)
        if not batch.state.editable:
            raise IllegalTransition(f"只能删除草稿或已校验的批次；该批次为“{batch.state.label}”")
        rec.delete_batch_records(conn, batch.id)
        repo.delete_batch(conn, batch.id)
        audit.append(
            conn,
            operator=session.username,
            action="delete",
            object_type="batch",
            object_id=batch.id,
            before={"name": batch.name, "kind": batch.kind.value, "rows": batch.rows},
        )


def start_correction(
    session: Session, batch_id: str, *, as_of: date | None = None
) -> repo.BatchInfo:
    """A new draft linked to a refused batch, holding the records the server did not accept."""
    session.require(Action.IMPORT, batch_id)
    with session.workspace.transaction() as conn:
        parent = repo.get(conn, batch_id)
        if parent.state not in CORRECTABLE:
            raise IllegalTransition(
                f"只有“部分受理”或“已退回”的批次可以更正后重新提交；该批次为“{parent.state.label}”"
            )
        refused = [
            r.seq
            for r in conn.execute(
                select(_r.c.seq).where(
                    _r.c.batch_id == parent.id,
                    (_r.c.outcome.is_(None)) | (_r.c.outcome != "accepted"),
                )
            )
        ]
        table, _, _ = rec.load_table(conn, parent.id, parent.kind, parent.headers, seqs=refused)
        child_id = repo.create(
            conn,
            kind=parent.kind,
            name=f"{parent.name}（更正）",
            operator=session.username,
            rows=table.n,
            source_file=parent.source_file,
            headers=parent.headers,
            parent_id=parent.id,
        )
        child = fill_batch(session, conn, child_id, table, as_of)
        audit.append(
            conn,
            operator=session.username,
            action="correct",
            object_type="batch",
            object_id=child_id,
            after={"parent": parent.id, "rows": table.n},
        )
    return child
