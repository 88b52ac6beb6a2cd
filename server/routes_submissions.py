"""Submissions: create (idempotent on the batch UUID), chunks and photos (idempotent per
index), resume, commit, status, receipt; and the pull of a school's students.

A client that crashed anywhere resumes by: POST the same manifest again (200, the same
submission), GET …/chunks, PUT the missing ones, POST …/commit (a second commit returns
the same receipt).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import uuid
import zlib
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.sync import receipts
from desktop.sync.canonical import loads_strict
from desktop.sync.digests import hexdigest
from desktop.sync.errors import WireFormatError
from desktop.sync.manifest import Manifest, check_header, parse_manifest
from desktop.sync.reasons import Reason, Rejected
from desktop.sync.signing import check_chunk, check_photo
from server.commit import commit, resolver, school_key, serialize_commits
from server.errors import ApiError, documented, from_rejected
from server.models import StoredChunk, StoredPhoto, Submission
from server.registry import Registry
from server.schemas import (
    AfterQuery,
    ChunkOut,
    ChunksOut,
    PhotoOut,
    PhotoPath,
    ReceiptOut,
    SchoolPath,
    StudentsOut,
    SubmissionCreate,
    SubmissionOut,
)
from server.state import Caller, CallerDep, SessionDep, StateDep

router = APIRouter()
_ERR = documented(401, 403, 404, 409, 415, 429)
_BINARY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
BatchPath = Annotated[uuid.UUID, Path(description="批次 UUID")]


async def raw_body(request: Request) -> bytes:
    """The body, gunzipped when sent with Content-Encoding: gzip, bounded after inflating."""
    state = request.app.state.server
    data = await request.body()
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding in {"", "identity"}:
        return data
    if encoding != "gzip":
        raise ApiError(415, "encoding-unsupported", f"不支持的内容编码：{encoding[:20]}")
    limit = state.limits.max_chunk_bytes
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        raise ApiError(400, "gzip-invalid", "gzip 数据损坏") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise ApiError(413, "chunk-too-large", f"数据块解压后超过 {limit} 字节")
    if not inflater.eof:
        raise ApiError(400, "gzip-invalid", "gzip 数据不完整")
    return out


BodyDep = Annotated[bytes, Depends(raw_body)]


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(422, "request-invalid", f"{what} 不是 base64") from None


def _own(session: Session, caller: Caller, batch: uuid.UUID) -> Submission:
    sub = session.get(Submission, str(batch))
    if sub is None or sub.school != caller.school:  # another school's batch: not found
        raise ApiError(404, "submission-unknown", "没有这个报送批次")
    return sub


def _manifest(sub: Submission) -> Manifest:
    return parse_manifest(loads_strict(sub.manifest))


def _chunks_out(session: Any, sub: Submission, manifest: Manifest) -> ChunksOut:
    held = sorted(session.scalars(select(StoredChunk.index).where(StoredChunk.batch == sub.batch)))
    names = set(session.scalars(select(StoredPhoto.name).where(StoredPhoto.batch == sub.batch)))
    have = set(held)
    return ChunksOut(
        total=sub.chunk_count,
        held=held,
        missing=[i for i in range(sub.chunk_count) if i not in have],
        photos_missing=[p.name for p in manifest.photos if p.name not in names],
    )


def _out(session: Any, sub: Submission) -> SubmissionOut:
    return SubmissionOut(
        batch=sub.batch, school=sub.school, kind=sub.kind, kid=sub.kid, state=sub.state,
        record_count=sub.record_count, created=sub.created.isoformat(),
        committed=sub.committed.isoformat() if sub.committed else None,
        accepted=sub.accepted_count, refused=sub.refused_count,
        chunks=_chunks_out(session, sub, _manifest(sub)),
    )  # fmt: skip


@router.post(
    "/submissions", response_model=SubmissionOut, status_code=201,
    responses={200: {"model": SubmissionOut, "description": "已有的同一批次（幂等）"}, **_ERR},
    tags=["submissions"],
)  # fmt: skip
def create(
    body: SubmissionCreate, caller: CallerDep, state: StateDep, session: SessionDep,
    response: Response,
) -> SubmissionOut:  # fmt: skip
    """Create a submission from a signed manifest. Same batch UUID and same manifest:
    the existing submission (200). Same UUID, another manifest: 409."""
    manifest_bytes = _b64(body.manifest, "manifest")
    envelope = _b64(body.signature, "signature")
    wire: Any = None
    batch: str | None = None
    try:
        wire = loads_strict(manifest_bytes)
        batch = str(uuid.UUID(str(wire["batch"])))
    except (WireFormatError, KeyError, TypeError, ValueError):
        pass  # check_header below names what is wrong
    if batch is not None:
        existing = session.get(Submission, batch)
        if existing is not None:
            if existing.school == caller.school and hmac.compare_digest(
                existing.manifest, manifest_bytes
            ):
                response.status_code = 200
                return _out(session, existing)
            raise ApiError(409, "batch-conflict", "同一批次编号已用于另一份清单")
    key = school_key(session, wire.get("kid")) if isinstance(wire, dict) else None
    known = key is not None and key.school == caller.school
    try:
        # Without a known key the header is still checked, so that a malformed manifest
        # gets the verifier's own reason before "unknown key".
        manifest, _ = check_header(
            manifest_bytes, envelope, key.pem if key is not None and known else b"",
            resolver(session, caller.school, None),
        )  # fmt: skip
    except Rejected as exc:
        if not known and exc.reason is Reason.KEY_INVALID:
            raise ApiError(403, Reason.KEY_UNKNOWN.value, "清单所用密钥未在本校登记") from None
        raise from_rejected(exc) from None
    if manifest.school != caller.school:
        raise ApiError(403, "school-mismatch", "清单中的学校代码与登录学校不符")
    limits = state.limits
    if len(manifest.chunks) > limits.max_chunks:
        raise ApiError(413, "too-many-chunks", f"数据块数超过上限 {limits.max_chunks}")
    big = [c.path for c in manifest.chunks if c.size > limits.max_chunk_bytes]
    if big:
        raise ApiError(
            413, "chunk-too-large", f"数据块超过 {limits.max_chunk_bytes} 字节：{big[0]}"
        )
    if any(p.size > limits.max_photo_bytes for p in manifest.photos):
        raise ApiError(413, "photo-too-large", f"照片超过 {limits.max_photo_bytes} 字节")
    sub = Submission(
        batch=str(manifest.batch), school=caller.school, kind=manifest.kind.value,
        kid=manifest.kid, manifest=manifest_bytes, envelope=envelope,
        record_count=manifest.record_count, chunk_count=len(manifest.chunks), state="open",
        created=datetime.now(UTC),
    )  # fmt: skip
    session.add(sub)
    try:
        session.commit()
    except IntegrityError:  # the same batch created at the same moment by a retry
        session.rollback()
        return create(body, caller, state, session, response)
    return _out(session, sub)


@router.get(
    "/submissions/{batch}", response_model=SubmissionOut, responses=_ERR, tags=["submissions"]
)
def status(batch: BatchPath, caller: CallerDep, session: SessionDep) -> SubmissionOut:
    return _out(session, _own(session, caller, batch))


@router.get(
    "/submissions/{batch}/chunks", response_model=ChunksOut, responses=_ERR, tags=["submissions"]
)
def held_chunks(batch: BatchPath, caller: CallerDep, session: SessionDep) -> ChunksOut:
    """Which chunks and photos the server holds: what a resumed upload still has to send."""
    sub = _own(session, caller, batch)
    return _chunks_out(session, sub, _manifest(sub))


@router.put(
    "/submissions/{batch}/chunks/{index}", response_model=ChunkOut,
    responses={201: {"model": ChunkOut, "description": "已保存"}, **_ERR},
    openapi_extra=_BINARY, tags=["submissions"],
)  # fmt: skip
def put_chunk(
    batch: BatchPath, index: Annotated[int, Path(ge=0)], data: BodyDep, caller: CallerDep,
    session: SessionDep, response: Response,
) -> ChunkOut:  # fmt: skip
    """Upload chunk N. The same bytes again: a no-op (200). Other bytes for a chunk the
    server holds: 409. Bytes that do not match the manifest: 422."""
    sub = _own(session, caller, batch)
    manifest = _manifest(sub)
    if index >= len(manifest.chunks):
        raise ApiError(404, "chunk-unknown", f"清单中没有第 {index} 号数据块")
    entry = manifest.chunks[index]
    held = session.get(StoredChunk, (sub.batch, index))
    if held is not None:
        if hmac.compare_digest(held.data, data):
            return ChunkOut(index=index, stored=False)
        raise ApiError(409, "chunk-conflict", f"第 {index} 号数据块已上传，且内容不同")
    if sub.state != "open":
        raise ApiError(409, "submission-closed", "批次已提交，不能再上传")
    try:
        check_chunk(entry, data, manifest.alg.digest)
    except Rejected as exc:
        raise from_rejected(exc) from None
    session.add(StoredChunk(batch=sub.batch, index=index, digest=entry.digest, data=data))
    try:
        session.commit()
    except IntegrityError:  # a concurrent retry stored it first: same digest, same bytes
        session.rollback()
        return ChunkOut(index=index, stored=False)
    response.status_code = 201
    return ChunkOut(index=index, stored=True)


@router.put(
    "/submissions/{batch}/photos/{name}", response_model=PhotoOut,
    responses={201: {"model": PhotoOut, "description": "已保存"}, **_ERR},
    openapi_extra=_BINARY, tags=["submissions"],
)  # fmt: skip
def put_photo(
    batch: BatchPath, name: PhotoPath, data: BodyDep, caller: CallerDep, session: SessionDep,
    response: Response,
) -> PhotoOut:  # fmt: skip
    sub = _own(session, caller, batch)
    manifest = _manifest(sub)
    entry = next((p for p in manifest.photos if p.name == name), None)
    if entry is None:
        raise ApiError(404, "photo-unknown", "清单中没有这张照片")
    held = session.get(StoredPhoto, (sub.batch, name))
    if held is not None:
        if hmac.compare_digest(held.data, data):
            return PhotoOut(name=name, stored=False)
        raise ApiError(409, "photo-conflict", "照片已上传，且内容不同")
    if sub.state != "open":
        raise ApiError(409, "submission-closed", "批次已提交，不能再上传")
    try:
        check_photo(entry, data, manifest.alg.digest)
    except Rejected as exc:
        raise from_rejected(exc) from None
    session.add(
        StoredPhoto(
            batch=sub.batch, name=name, digest=hexdigest(manifest.alg.digest, data), data=data
        )
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return PhotoOut(name=name, stored=False)
    response.status_code = 201
    return PhotoOut(name=name, stored=True)


def _receipt(state: Any, sub: Submission) -> ReceiptOut:
    assert sub.receipt is not None and sub.receipt_sig is not None
    return ReceiptOut(**receipts.receipt_body(sub.receipt, sub.receipt_sig, state.key.public))


@router.post(
    "/submissions/{batch}/commit", response_model=ReceiptOut, responses=_ERR,
    tags=["submissions"],
)  # fmt: skip
def commit_batch(
    batch: BatchPath, caller: CallerDep, state: StateDep, session: SessionDep
) -> ReceiptOut:
    """Verify everything, judge every record, issue the signed receipt. Committing a
    committed batch again returns the same receipt."""
    with state.commit_lock:
        serialize_commits(session)
        sub = _own(session, caller, batch)
        if sub.state == "open":
            commit(session, sub, state.key)
            session.commit()
        return _receipt(state, sub)


@router.get(
    "/submissions/{batch}/receipt", response_model=ReceiptOut, responses=_ERR,
    tags=["submissions"],
)  # fmt: skip
def get_receipt(
    batch: BatchPath, caller: CallerDep, state: StateDep, session: SessionDep
) -> ReceiptOut:
    sub = _own(session, caller, batch)
    if sub.receipt is None:
        raise ApiError(409, "not-committed", "批次尚未提交，还没有回执")
    return _receipt(state, sub)


@router.get("/schools/{school}/students", response_model=StudentsOut, responses=_ERR, tags=["pull"])
def students(
    school: SchoolPath, caller: CallerDep, session: SessionDep,
    after: AfterQuery = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> StudentsOut:  # fmt: skip
    """The school's registered students (学籍), with each person's identity history."""
    if caller.school != school:
        raise ApiError(403, "school-mismatch", "只能拉取本校的学生")
    rows = Registry(session).students(school, after, limit)
    return StudentsOut.model_validate(
        {"students": rows, "next_after": rows[-1]["id"] if len(rows) == limit else None}
    )
