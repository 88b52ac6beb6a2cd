"""What the 上报 page shows: the server link, the outbox (queued batches and how far
their upload got), the batches ready to queue, the recently settled batches with their
receipt verified again, and the records the server refused, a page at a time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select

from desktop.domain.idcards import mask_id
from desktop.domain.lifecycle import BatchState
from desktop.domain.roles import Action
from desktop.services import submissions
from desktop.services.workspace import Session
from desktop.store import batches as repo
from desktop.store import outbox, server_link
from desktop.store.errors import StoreError
from desktop.store.models import Batch, Record, table_of
from desktop.sync.errors import SyncError

_b = table_of(Batch)
_r = table_of(Record)
S = BatchState
SETTLED = (S.ACCEPTED, S.PARTLY_ACCEPTED, S.REJECTED)
RECENT = 50


@dataclass(frozen=True, slots=True)
class ServerInfo:
    url: str
    fingerprint: str
    server_kid: str
    pinned_at: datetime
    pinned_by: str
    pulled_at: datetime | None


@dataclass(frozen=True, slots=True)
class BatchLine:
    batch_id: str
    name: str
    kind: str  # the kind's label
    state: BatchState
    rows: int


@dataclass(frozen=True, slots=True)
class Queued:
    batch: BatchLine
    enqueued_at: datetime
    enqueued_by: str
    attempts: int
    last_attempt_at: datetime | None
    last_error: str | None
    chunks_sent: int
    chunks_total: int


@dataclass(frozen=True, slots=True)
class Settled:
    batch: BatchLine
    settled_at: datetime
    # True: the stored receipt verifies with the pinned server key; False: it does not
    # (`problem` says why); None: there is no receipt (the batch was refused as a whole).
    verified: bool | None
    problem: str | None
    accepted: int
    refused: int
    issued: str | None


@dataclass(frozen=True, slots=True)
class Overview:
    server: ServerInfo | None
    queued: tuple[Queued, ...]
    ready: tuple[BatchLine, ...]  # 已签名, not yet queued
    settled: tuple[Settled, ...]  # newest first


@dataclass(frozen=True, slots=True)
class RefusedRow:
    seq: int
    row_no: int
    name: str
    id_number: str  # masked
    xh: str
    message: str


def _line(b: repo.BatchInfo) -> BatchLine:
    return BatchLine(b.id, b.name, b.kind.label, b.state, b.rows)


def _settled(session: Session, b: repo.BatchInfo) -> Settled:
    try:
        status = submissions.status(session, b.id)
    except (SyncError, StoreError) as exc:  # a stored receipt that no longer verifies
        return Settled(
            _line(b), b.updated_at, False, str(exc), 0, refused_count(session, b.id), None
        )
    r = status.receipt
    if r is None:
        return Settled(_line(b), b.updated_at, None, None, 0, refused_count(session, b.id), None)
    return Settled(
        _line(b), b.updated_at, True, None, r.accepted, r.record_count - r.accepted, r.issued
    )


def overview(session: Session, *, recent: int = RECENT) -> Overview:
    session.require(Action.VIEW)
    with session.workspace.engine.connect() as conn:
        link = server_link.get(conn)
        entries = outbox.pending(conn)
        everything = {b.id: b for b in repo.list_all(conn)}
    queued = tuple(
        Queued(
            _line(everything[e.batch_id]),
            e.enqueued_at,
            e.enqueued_by,
            e.attempts,
            e.last_attempt_at,
            e.last_error,
            e.chunks_sent,
            e.chunks_total,
        )
        for e in entries
        if e.batch_id in everything
    )
    ready = tuple(_line(b) for b in everything.values() if b.state is S.SIGNED)
    done = sorted(
        (b for b in everything.values() if b.state in SETTLED),
        key=lambda b: b.updated_at,
        reverse=True,
    )[:recent]
    server = None
    if link is not None:
        server = ServerInfo(
            link.url,
            link.fingerprint,
            link.server_kid,
            link.pinned_at,
            link.pinned_by,
            link.pulled_at,
        )
    return Overview(server, queued, ready, tuple(_settled(session, b) for b in done))


def _refused(batch_id: str) -> ColumnElement[bool]:
    return and_(_r.c.batch_id == batch_id, _r.c.outcome == "refused")


def refused_count(session: Session, batch_id: str) -> int:
    session.require(Action.VIEW, batch_id)
    with session.workspace.engine.connect() as conn:
        query = select(func.count()).select_from(_r).where(_refused(batch_id))
        return int(conn.execute(query).scalar_one())


def refused_page(session: Session, batch_id: str, start: int, count: int) -> list[RefusedRow]:
    """Refused records `start` .. `start + count - 1`, in the batch's order, with the
    server's reasons; ID numbers masked."""
    session.require(Action.VIEW, batch_id)
    query = (
        select(_r.c.seq, _r.c.row_no, _r.c.data, _r.c.id_number, _r.c.xh, _r.c.outcome_message)
        .where(_refused(batch_id))
        .order_by(_r.c.seq)
        .offset(start)
        .limit(count)
    )
    with session.workspace.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        RefusedRow(
            r.seq,
            r.row_no,
            str(json.loads(r.data).get("xm") or ""),
            mask_id(r.id_number) if r.id_number else "",
            r.xh or "",
            r.outcome_message or "",
        )
        for r in rows
    ]
