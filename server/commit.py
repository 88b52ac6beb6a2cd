"""Commit: verify the whole batch again, judge every record, register the accepted ones,
sign the receipt. One transaction: either all of it is written or none."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.domain.rules.base import Context, Finding, Severity
from desktop.domain.rules.engine import validate
from desktop.domain.table import gc_paused
from desktop.sync import receipts
from desktop.sync.algorithms import SigningKey, VerifyKey
from desktop.sync.keys import KeyStatus, TrustedKey
from desktop.sync.manifest import Manifest, check_header
from desktop.sync.reasons import Reason, Rejected
from desktop.sync.signing import check_chunk, check_photo
from server.errors import ApiError, from_rejected
from server.models import SchoolKey, StoredChunk, StoredPhoto, Submission
from server.registry import Registry
from server.rules import CentralContext, central_findings
from server.schemas import KID
from server.wire_table import BatchReader

RECORD_INVALID = "WIRE-RECORD-INVALID"
_KID = re.compile(KID)
COMMIT_LOCK = 0x52_45_47_44  # "REGD": the advisory lock key of commits


def serialize_commits(session: Session) -> None:
    """One commit at a time across every server process on a PostgreSQL database (the
    central rules judge against all schools' data): a lock held until the session's
    transaction ends. The process's own lock covers a single process on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": COMMIT_LOCK})


def school_key(session: Session, kid: object) -> SchoolKey | None:
    """The registered key of `kid`; None for a value that cannot be a key id (looked up,
    a NUL in it would be a database error on PostgreSQL instead of a refusal)."""
    if not isinstance(kid, str) or len(kid) > 64 or not _KID.fullmatch(kid):
        return None
    return session.get(SchoolKey, kid)


def resolver(session: Session, school: str, as_of: datetime | None) -> Any:
    """Keys of `school` as trusted at `as_of` (None: now): a key revoked after that
    instant still verifies what it signed before (older batches stay valid)."""

    def resolve(kid: str) -> TrustedKey | None:
        row = school_key(session, kid)
        if row is None or row.school != school:
            return None
        revoked = row.revoked is not None and (as_of is None or row.revoked <= as_of)
        status = KeyStatus.REVOKED if revoked else KeyStatus.ACTIVE
        return TrustedKey(VerifyKey.from_pem(row.pem), status)

    return resolve


def verify_header(session: Session, sub: Submission) -> Manifest:
    key = session.get(SchoolKey, sub.kid)
    if key is None:
        raise ApiError(403, Reason.KEY_UNKNOWN.value, "未登记的密钥")
    try:
        manifest, _ = check_header(
            sub.manifest, sub.envelope, key.pem, resolver(session, sub.school, sub.created)
        )
    except Rejected as exc:
        raise from_rejected(exc) from None
    return manifest


def commit(session: Session, sub: Submission, key: SigningKey) -> tuple[bytes, bytes]:
    manifest = verify_header(session, sub)
    digest = manifest.alg.digest
    query = select(StoredChunk.index, StoredChunk.data).where(StoredChunk.batch == sub.batch)
    held: dict[int, bytes] = dict(session.execute(query).all())
    missing = [i for i in range(len(manifest.chunks)) if i not in held]
    photos = {
        p.name: p
        for p in session.scalars(select(StoredPhoto).where(StoredPhoto.batch == sub.batch))
    }
    missing_photos = [p.name for p in manifest.photos if p.name not in photos]
    if missing or missing_photos:
        raise ApiError(
            409, "chunks-missing", f"还缺 {len(missing)} 个数据块、{len(missing_photos)} 张照片",
            extra={"missing": missing, "photos_missing": missing_photos},
        )  # fmt: skip
    try:
        for i, entry in enumerate(manifest.chunks):
            check_chunk(entry, held[i], digest)
        for pentry in manifest.photos:
            check_photo(pentry, photos[pentry.name].data, digest)
    except Rejected as exc:
        raise from_rejected(exc) from None

    with gc_paused():  # millions of small acyclic objects: see gc_paused
        return _judge(
            session, sub, key, manifest, [held.pop(i) for i in range(len(manifest.chunks))]
        )


def _judge(
    session: Session, sub: Submission, key: SigningKey, manifest: Manifest, chunks: list[bytes]
) -> tuple[bytes, bytes]:
    reader = BatchReader(manifest.kind)
    for i in range(len(chunks)):
        reader.add(chunks[i])
        chunks[i] = b""  # let each chunk go once read
    parsed = reader.finish()
    table, where, bad = parsed.table, parsed.where, parsed.bad
    refused: dict[int, list[dict[str, str]]] = {
        i: [{"id": RECORD_INVALID, "message": f"记录不是规范的报送格式：{msg}"}]
        for i, msg in bad.items()
    }
    registry = Registry(session)
    today = datetime.now(UTC).date()
    findings: list[Finding] = validate(table, Context(as_of=today, school_code=sub.school))
    findings += central_findings(
        table, CentralContext(as_of=today, school_code=sub.school, central=registry)
    )
    everyone = range(table.n)
    for f in findings:
        if f.severity is not Severity.ERROR:
            continue
        hit = {"id": f.rule.id, "message": f.message}
        for j in everyone if f.index is None else (f.index,):
            refused.setdefault(where[j], []).append(hit)

    now = datetime.now(UTC)
    accepted = [j for j in everyone if where[j] not in refused] if refused else everyone
    registry.apply(sub.school, table, accepted, sub.batch, now)
    total = manifest.record_count
    marks = ["a"] * total
    for i in refused:
        marks[i] = "r"
    outcomes = "".join(marks)
    n_ok = total - len(refused)
    content = {
        "format": receipts.FORMAT,
        "batch": sub.batch,
        "school": sub.school,
        "kind": manifest.kind.value,
        "state": "accepted" if not refused else ("refused" if n_ok == 0 else "partial"),
        "manifest_digest": hashlib.sha256(sub.manifest).hexdigest(),
        "record_count": total,
        "accepted": n_ok,
        "refused_count": len(refused),
        "outcomes": outcomes,
        "refused": [{"index": i, "rules": refused[i]} for i in sorted(refused)],
        "issued": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "server_kid": key.kid,
    }
    data, signature = receipts.sign_receipt(content, key)
    sub.state = "committed"
    sub.committed = now
    sub.accepted_count = n_ok
    sub.refused_count = len(refused)
    sub.receipt = data
    sub.receipt_sig = signature
    return data, signature
