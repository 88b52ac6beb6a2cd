"""The append-only audit log, chained by SHA-256 (articles 24, 27).

Each entry's hash covers its own fields and the previous entry's hash, so an edited entry
breaks its own hash and a removed one breaks the link of the next. Appends lock the single
`audit_head` row, so two clerks on a shared database never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from desktop.crash import mask_text
from desktop.store.models import AuditEntry, AuditHead, table_of

GENESIS = "0" * 64
_audit = table_of(AuditEntry)
_head = table_of(AuditHead)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return text


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    body = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


def _hashed_fields(
    seq: int,
    at: datetime,
    operator: str,
    action: str,
    object_type: str,
    object_id: str | None,
    before: str | None,
    after: str | None,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "operator": operator,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "before": before,
        "after": after,
    }


def ensure_head(conn: Connection) -> None:
    if conn.execute(select(_head.c.id)).first() is None:
        conn.execute(insert(_head).values(id=1, seq=0, hash=GENESIS))


def append(
    conn: Connection,
    *,
    operator: str,
    action: str,
    object_type: str,
    object_id: str | None = None,
    before: Any = None,
    after: Any = None,
) -> str:
    """Append one entry in the caller's transaction; returns the new chain head."""
    head = conn.execute(
        select(_head.c.seq, _head.c.hash).where(_head.c.id == 1).with_for_update()
    ).one()
    seq = head.seq + 1
    at = datetime.now(UTC).replace(tzinfo=None)
    before_text, after_text = _json(before), _json(after)
    # ID numbers never enter the log in clear (article 25): the log is shown and exported.
    if before_text:
        before_text = mask_text(before_text)
    if after_text:
        after_text = mask_text(after_text)
    fields = _hashed_fields(
        seq, at, operator, action, object_type, object_id, before_text, after_text
    )
    digest = entry_hash(head.hash, fields)
    conn.execute(
        insert(_audit).values(
            seq=seq,
            at=at,
            operator=operator,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before_text,
            after=after_text,
            prev_hash=head.hash,
            hash=digest,
        )
    )
    conn.execute(update(_head).where(_head.c.id == 1).values(seq=seq, hash=digest))
    return digest


@dataclass(frozen=True)
class Entry:
    action: str
    object_type: str
    object_id: str | None = None
    before: Any = None
    after: Any = None


def append_many(conn: Connection, operator: str, entries: Sequence[Entry]) -> str:
    """Append entries in order, exactly as `append` one by one would, but with one lock of
    the head and one insert (a mass edit writes an entry per record it changes)."""
    head_row = conn.execute(
        select(_head.c.seq, _head.c.hash).where(_head.c.id == 1).with_for_update()
    ).one()
    seq: int = head_row.seq
    digest: str = head_row.hash
    rows = []
    for e in entries:
        seq += 1
        at = datetime.now(UTC).replace(tzinfo=None)
        before_text, after_text = _json(e.before), _json(e.after)
        if before_text:
            before_text = mask_text(before_text)
        if after_text:
            after_text = mask_text(after_text)
        fields = _hashed_fields(
            seq, at, operator, e.action, e.object_type, e.object_id, before_text, after_text
        )
        prev, digest = digest, entry_hash(digest, fields)
        rows.append(
            dict(fields, at=at, prev_hash=prev, hash=digest, before=before_text, after=after_text)
        )
    if rows:
        conn.execute(insert(_audit), rows)
        conn.execute(update(_head).where(_head.c.id == 1).values(seq=seq, hash=digest))
    return digest


def head(conn: Connection) -> tuple[int, str]:
    row = conn.execute(select(_head.c.seq, _head.c.hash).where(_head.c.id == 1)).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"审计日志第 {self.seq} 条：{self.reason}"


def verify(conn: Connection) -> Break | None:
    """The first broken entry, or None when the whole chain holds."""
    prev_hash, expected_seq = GENESIS, 1
    rows = conn.execute(select(_audit).order_by(_audit.c.seq)).mappings()
    for row in rows:
        if row["seq"] != expected_seq:
            return Break(expected_seq, f"缺失（下一条是第 {row['seq']} 条），条目被删除")
        if row["prev_hash"] != prev_hash:
            return Break(row["seq"], "与前一条的链接不符，前一条被修改或删除")
        fields = _hashed_fields(
            row["seq"],
            row["at"],
            row["operator"],
            row["action"],
            row["object_type"],
            row["object_id"],
            row["before"],
            row["after"],
        )
        if entry_hash(prev_hash, fields) != row["hash"]:
            return Break(row["seq"], "内容与其哈希不符，条目被修改")
        prev_hash, expected_seq = row["hash"], expected_seq + 1
    last_seq, last_hash = head(conn)
    if last_seq != expected_seq - 1 or last_hash != prev_hash:
        return Break(
            expected_seq - 1 if last_seq < expected_seq else expected_seq,
            f"链尾记录为第 {last_seq} 条，与日志不符，末尾条目被删除",
        )
    return None
