"""The outbox and the receipts: which signed batches still have to reach the server,
how far their upload got, and the server's signed verdict once it came back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from desktop.store.models import Outbox, ReceiptRow, Record, table_of
from desktop.store.operators import now

_o = table_of(Outbox)
_rc = table_of(ReceiptRow)
_r = table_of(Record)


@dataclass(frozen=True)
class OutboxEntry:
    batch_id: str
    enqueued_at: datetime
    enqueued_by: str
    attempts: int
    last_attempt_at: datetime | None
    last_error: str | None
    chunks_sent: int
    chunks_total: int


@dataclass(frozen=True)
class StoredReceipt:
    batch_id: str
    data: bytes
    signature: bytes
    alg: str
    server_kid: str
    state: str
    accepted: int
    refused: int
    issued: str
    received_at: datetime


def add(conn: Connection, batch_id: str, operator: str) -> None:
    conn.execute(
        insert(_o).values(
            batch_id=batch_id, enqueued_at=now(), enqueued_by=operator, attempts=0,
            chunks_sent=0, chunks_total=0,
        )
    )  # fmt: skip


def pending(conn: Connection) -> list[OutboxEntry]:
    """Queued batches, oldest first (the order they were handed over)."""
    rows = conn.execute(select(_o).order_by(_o.c.enqueued_at, _o.c.batch_id))
    return [OutboxEntry(**r._mapping) for r in rows]


def entry(conn: Connection, batch_id: str) -> OutboxEntry | None:
    row = conn.execute(select(_o).where(_o.c.batch_id == batch_id)).first()
    return OutboxEntry(**row._mapping) if row is not None else None


def attempt(conn: Connection, batch_id: str) -> None:
    conn.execute(
        update(_o)
        .where(_o.c.batch_id == batch_id)
        .values(attempts=_o.c.attempts + 1, last_attempt_at=now())
    )


def progress(conn: Connection, batch_id: str, sent: int, total: int) -> None:
    conn.execute(
        update(_o).where(_o.c.batch_id == batch_id).values(chunks_sent=sent, chunks_total=total)
    )


def fail(conn: Connection, batch_id: str, message: str) -> None:
    conn.execute(update(_o).where(_o.c.batch_id == batch_id).values(last_error=message[:2000]))


def remove(conn: Connection, batch_id: str) -> None:
    conn.execute(delete(_o).where(_o.c.batch_id == batch_id))


def keep_receipt(conn: Connection, receipt: StoredReceipt) -> None:
    conn.execute(delete(_rc).where(_rc.c.batch_id == receipt.batch_id))
    conn.execute(insert(_rc).values(**receipt.__dict__))


def receipt_of(conn: Connection, batch_id: str) -> StoredReceipt | None:
    row = conn.execute(select(_rc).where(_rc.c.batch_id == batch_id)).first()
    return StoredReceipt(**row._mapping) if row is not None else None


def write_outcomes(
    conn: Connection, batch_id: str, outcomes: str, messages: dict[int, str]
) -> None:
    """The server's verdict onto each record, by its position in the batch."""
    stmt = (
        update(_r)
        .where(_r.c.batch_id == bindparam("b"), _r.c.seq == bindparam("s"))
        .values(outcome=bindparam("o"), outcome_message=bindparam("m"))
    )
    params: Sequence[dict[str, object]] = [
        {"b": batch_id, "s": seq, "o": "accepted" if mark == "a" else "refused",
         "m": messages.get(seq)}
        for seq, mark in enumerate(outcomes)
    ]  # fmt: skip
    for start in range(0, len(params), 50_000):
        conn.execute(stmt, list(params[start : start + 50_000]))


def refuse_all(conn: Connection, batch_id: str, message: str) -> None:
    conn.execute(
        update(_r)
        .where(_r.c.batch_id == batch_id)
        .values(outcome="refused", outcome_message=message)
    )
