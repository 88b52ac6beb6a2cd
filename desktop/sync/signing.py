"""Signing a frozen batch, and checking a signed batch held in memory.

    signed = sign_batch(records, key=keystore.unlock(passphrase), meta=BatchMeta(...))

`sign_batch` freezes the records, builds the manifest, signs its JCS bytes and checks
the signature with the public key before returning: a signer that produced a bad
signature (a fault, a library bug) is caught before anything is stored. The store keeps
`manifest_bytes`, `envelope` and the public key PEM; `restore_signed` rebuilds the
chunks later from the same records and proves they are still what was signed.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.domain.fields import BatchKind
from desktop.domain.records import Record
from desktop.domain.rules.catalogue import RULE_PACK_VERSION
from desktop.sync.algorithms import SigningKey, VerifyKey
from desktop.sync.canonical import chunk_lines, datetime_text, jcs, loads_strict
from desktop.sync.chunks import (
    DEFAULT_CHUNK_SIZE,
    Chunk,
    Photo,
    count_records,
    freeze,
    make_photos,
    split_lines,
)
from desktop.sync.digests import Digest, hexdigest
from desktop.sync.errors import WireFormatError
from desktop.sync.manifest import (
    ChunkEntry,
    KeyResolver,
    Manifest,
    PhotoEntry,
    build_manifest,
    check_header,
    envelope_bytes,
)
from desktop.sync.reasons import Reason, Rejected
from desktop.sync.records_wire import record_lines, wire_to_record


@dataclass(frozen=True, slots=True)
class BatchMeta:
    """What the store knows about the batch being signed (plain values for now)."""

    batch_id: uuid.UUID
    school_code: str
    kind: BatchKind
    created: datetime
    operator: str  # who prepared the batch
    signer: str  # who signs it (reviewer/signer role)
    audit_head: str  # head of the local audit chain at signing time
    rule_pack: str = RULE_PACK_VERSION


@dataclass(frozen=True, slots=True, repr=False)
class SignedBatch:
    manifest: Manifest
    manifest_bytes: bytes  # manifest.json: the JCS bytes that were signed
    envelope: bytes  # signature.json: {"alg", "kid", "sig"}
    public_key: VerifyKey
    chunks: tuple[Chunk, ...]
    photos: tuple[Photo, ...]

    def __repr__(self) -> str:
        m = self.manifest
        return f"SignedBatch({m.batch}, {m.kind.value}, {m.record_count} records, {m.kid})"

    @property
    def signature(self) -> bytes:
        return base64.b64decode(loads_strict(self.envelope)["sig"])

    def wire_records(self) -> Iterator[dict[str, Any]]:
        """Each record as its wire object, in batch order."""
        for chunk in self.chunks:
            for line in chunk_lines(chunk.data):
                yield loads_strict(line)

    def records(self) -> Iterator[Record]:
        """Each record typed again (dates, decimals), in batch order."""
        kind = self.manifest.kind
        for wire in self.wire_records():
            yield wire_to_record(kind, wire)


def sign_batch(
    records: Iterable[Record],
    *,
    key: SigningKey,
    meta: BatchMeta,
    photos: Mapping[str, bytes] | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    now: datetime | None = None,
) -> SignedBatch:
    """Freeze, manifest, sign, verify. `WireFormatError` if a record cannot be frozen."""
    digest = key.alg.digest
    chunks = freeze(records, kind=meta.kind, digest=digest, chunk_size=chunk_size)
    if not chunks:
        raise WireFormatError("批次没有记录，不能签名 / an empty batch cannot be signed")
    photo_items = make_photos(photos or {}, digest)
    wire = build_manifest(
        batch=meta.batch_id,
        school=meta.school_code,
        kind=meta.kind,
        rule_pack=meta.rule_pack,
        chunks=chunks,
        photos=photo_items,
        created=datetime_text(meta.created),
        signed=datetime_text(now or datetime.now(UTC)),
        operator=meta.operator,
        signer=meta.signer,
        kid=key.kid,
        alg=key.alg,
        audit_head=meta.audit_head,
    )
    manifest_bytes = jcs(wire)
    envelope = envelope_bytes(key.alg, key.kid, key.sign(manifest_bytes))
    # Verify before anything is stored: the header check runs the real verifier.
    manifest, public = check_header(manifest_bytes, envelope, key.public.pem)
    return SignedBatch(manifest, manifest_bytes, envelope, public, chunks, photo_items)


def check_chunk(entry: ChunkEntry, data: bytes, digest: Digest) -> None:
    """`Rejected` unless `data` is the chunk the manifest lists (count, size, digest)."""
    count = count_records(data)
    if count != entry.records:
        got = "?" if count is None else str(count)
        raise Rejected(
            Reason.RECORD_COUNT, f"{entry.path}: {got} records, manifest {entry.records}"
        )
    if len(data) != entry.size:
        raise Rejected(Reason.CHUNK_SIZE, f"{entry.path}: {len(data)} bytes, manifest {entry.size}")
    if hexdigest(digest, data) != entry.digest:
        raise Rejected(Reason.CHUNK_DIGEST, entry.path)


def check_photo(entry: PhotoEntry, data: bytes, digest: Digest) -> None:
    if len(data) != entry.size:
        raise Rejected(Reason.PHOTO_SIZE, f"{entry.path}: {len(data)} bytes, manifest {entry.size}")
    if hexdigest(digest, data) != entry.digest:
        raise Rejected(Reason.PHOTO_DIGEST, entry.path)


def verify_signed(signed: SignedBatch, *, trusted: KeyResolver | None = None) -> Manifest:
    """Everything about an in-memory signed batch, as a package verifier would check it."""
    manifest, _key = check_header(
        signed.manifest_bytes, signed.envelope, signed.public_key.pem, trusted
    )
    digest = manifest.alg.digest
    if len(signed.chunks) != len(manifest.chunks):
        raise Rejected(
            Reason.RECORD_COUNT,
            f"{len(signed.chunks)} chunks, manifest {len(manifest.chunks)}",
        )
    for entry, chunk in zip(manifest.chunks, signed.chunks, strict=True):
        check_chunk(entry, chunk.data, digest)
    if [p.name for p in signed.photos] != [p.name for p in manifest.photos]:
        raise Rejected(Reason.MISSING_ENTRY, "photos differ from the manifest")
    for pentry, photo in zip(manifest.photos, signed.photos, strict=True):
        check_photo(pentry, photo.data, digest)
    return manifest


def restore_signed(
    manifest_bytes: bytes,
    envelope: bytes,
    public_pem: bytes,
    records: Iterable[Record],
    photos: Mapping[str, bytes] | None = None,
    *,
    trusted: KeyResolver | None = None,
) -> SignedBatch:
    """A stored signed batch made whole again from its records: `Rejected` if the records
    or photos are no longer exactly what was signed (the store must not have changed)."""
    manifest, public = check_header(manifest_bytes, envelope, public_pem, trusted)
    digest = manifest.alg.digest
    try:
        chunks = split_lines(
            record_lines(records, manifest.kind), [c.records for c in manifest.chunks], digest
        )
    except WireFormatError as exc:
        raise Rejected(Reason.RECORD_COUNT, str(exc)) from None
    photo_items = make_photos(photos or {}, digest)
    signed = SignedBatch(manifest, manifest_bytes, envelope, public, chunks, photo_items)
    verify_signed(signed, trusted=trusted)
    return signed
