"""Batch use cases: import a file, validate, list and show, lifecycle moves, delete a
draft, start a corrected re-submission."""

from __future__ import annotations

import hashlib
from collections import Counter
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
from desktop.services.progress import CancelToken, Progress
from desktop.services.validation import load_table as read_file
from desktop.services.workspace import Session
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
) -> repo.BatchInfo:
    """A new draft batch holding the file's records, validated. All or nothing: a failure
    or a cancel leaves the workspace exactly as it was."""
    session.require(Action.IMPORT)
    table, header = read_file(path, kind, sheet)
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
    return batch


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


# The role a move needs follows from its target (article 24), not from the caller:
# signing and unsigning are the reviewer's; queueing, submitting and recording the
# server's verdict the submitter's. 已校验 is reached only by validating.
_MOVE_ACTION = {
    BatchState.DRAFT: Action.SIGN,
    BatchState.SIGNED: Action.SIGN,
    BatchState.QUEUED: Action.SUBMIT,
    BatchState.SUBMITTED: Action.SUBMIT,
    BatchState.ACCEPTED: Action.SUBMIT,
    BatchState.PARTLY_ACCEPTED: Action.SUBMIT,
    BatchState.REJECTED: Action.SUBMIT,
}


_NO_SIGNATURE: dict[str, Any] = {
    "manifest": None, "envelope": None, "signer_key": None, "kid": None, "signed_at": None,
    "signed_by": None,
}  # fmt: skip


def move(
    session: Session,
    batch_id: str,
    target: BatchState,
    action: Action | None = None,
    *,
    expected_version: int | None = None,
    **after: Any,
) -> repo.BatchInfo:
    """A lifecycle move done by the signing and sync services (checked, audited).
    `action`, if given, must be the one the target needs. `expected_version` is the
    version the operator looked at: a batch changed since is a Conflict, not moved."""
    needed = _MOVE_ACTION.get(target)
    if needed is None:
        raise IllegalTransition(f"批次不能直接设为“{target.label}”：请重新校验")
    if action is not None and action is not needed:
        raise ValueError(f"moving to {target.value} needs {needed.value}, not {action.value}")
    session.require(needed, batch_id)
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch_id)
        if expected_version is not None and batch.version != expected_version:
            raise Conflict("该批次刚被其他操作员修改，请刷新后重试")
        if target is BatchState.DRAFT and batch.state is not BatchState.SIGNED:
            # Back to draft by hand is only an unsign; an edit does it for 已校验.
            raise IllegalTransition(f"批次处于“{batch.state.label}”状态，没有可撤销的签名")
        before = batch.state
        # An unsign voids the stored signature in the same transaction as the move.
        void = _NO_SIGNATURE if target is BatchState.DRAFT else {}
        batch = repo.move(conn, batch, target, **void)
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
    return move(session, batch_id, BatchState.DRAFT, Action.SIGN, reason=reason, unsigned=True)


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
