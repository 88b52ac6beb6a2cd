"""Freezing, the manifest, signing and the in-memory checks."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.records import EnrollmentRecord
from desktop.domain.rules.catalogue import RULE_PACK_VERSION
from desktop.sync.algorithms import Alg, SigningKey, generate
from desktop.sync.canonical import jcs, loads_strict
from desktop.sync.chunks import freeze, freeze_lines, split_lines
from desktop.sync.digests import Digest, hexdigest
from desktop.sync.errors import WireFormatError
from desktop.sync.keys import KeyStatus, TrustedKey
from desktop.sync.manifest import FORMAT
from desktop.sync.reasons import Reason, Rejected
from desktop.sync.records_wire import record_line
from desktop.sync.signing import restore_signed, sign_batch, verify_signed
from tests.sync.conftest import diploma, meta, records, signed


def test_manifest_holds_what_the_design_lists(key: SigningKey) -> None:
    batch = signed(key, 40, chunk_size=2000)
    m = loads_strict(batch.manifest_bytes)
    assert batch.manifest_bytes == jcs(m)
    assert m["format"] == FORMAT
    assert m["batch"] == "6b1f3c1e-0d7a-4c55-9a0e-2f9d8b7c6a51"
    assert (m["school"], m["kind"], m["rule_pack"]) == ("10001", "diploma", RULE_PACK_VERSION)
    assert m["record_count"] == 40 == sum(c["records"] for c in m["chunks"])
    assert (m["created"], m["signed"]) == ("2026-07-01T09:30:00Z", "2026-07-02T08:00:00Z")
    assert (m["operator"], m["signer"], m["audit_head"]) == ("clerk01", "reviewer01", "a" * 64)
    assert (m["kid"], m["alg"], m["digest"]) == (key.kid, key.alg.value, key.alg.digest.value)
    assert [p["name"] for p in m["photos"]] == ["20220000001.jpg", "王五.png"]
    assert m["photos"][0]["digest"] == hexdigest(key.alg.digest, b"\xff\xd8\xff photo one")
    for entry, chunk in zip(m["chunks"], batch.chunks, strict=True):
        assert entry["digest"] == hexdigest(key.alg.digest, chunk.data)
        assert entry["size"] == len(chunk.data) and entry["path"] == chunk.path
    assert key.public.verify(batch.signature, batch.manifest_bytes)
    assert verify_signed(batch) == batch.manifest


def test_digest_follows_the_algorithm() -> None:
    assert signed(generate(Alg.ED25519)).manifest.wire["digest"] == "SHA-256"
    sm = signed(generate(Alg.SM2_SM3))
    assert sm.manifest.wire["digest"] == "SM3"
    assert sm.chunks[0].digest == hexdigest(Digest.SM3, sm.chunks[0].data)


def test_chunks_are_newline_terminated_canonical_lines_within_the_size() -> None:
    recs = records(50)
    chunks = freeze(recs, kind=BatchKind.DIPLOMA, digest=Digest.SHA256, chunk_size=1500)
    assert len(chunks) > 3
    assert all(len(c.data) <= 1500 for c in chunks)
    assert b"".join(c.data for c in chunks) == b"".join(record_line(r) + b"\n" for r in recs)
    assert [c.path for c in chunks][:2] == ["chunks/000000.jsonl", "chunks/000001.jsonl"]
    # A record larger than the chunk size gets a chunk of its own.
    big = freeze_lines([b"a" * 10, b"b" * 5000, b"c"], Digest.SHA256, chunk_size=100)
    assert [c.records for c in big] == [1, 1, 1]


def test_freezing_is_deterministic_and_slices_do_not_show() -> None:
    recs = [diploma(i) for i in range(9000)]
    a = freeze(recs, kind=BatchKind.DIPLOMA, digest=Digest.SHA256, chunk_size=300_000)
    lines = [record_line(r) for r in recs]
    b = freeze_lines(lines, Digest.SHA256, chunk_size=300_000)
    assert [(c.digest, c.records) for c in a] == [(c.digest, c.records) for c in b]
    again = split_lines(lines, [c.records for c in a], Digest.SHA256)
    assert [c.digest for c in again] == [c.digest for c in a]


def test_signing_cost_does_not_grow_with_the_batch(key: SigningKey) -> None:
    small, large = signed(key, 5, chunk_size=10**7), signed(key, 3000, chunk_size=10**7)
    assert len(large.chunks) == len(small.chunks) == 1
    # What is signed differs by a few digits (count, size), not by the records.
    assert len(large.manifest_bytes) - len(small.manifest_bytes) < 10
    assert len(large.signature) <= 72


def test_restore_from_the_same_records(key: SigningKey) -> None:
    batch = signed(key, 40)
    photos = {p.name: p.data for p in batch.photos}
    again = restore_signed(
        batch.manifest_bytes, batch.envelope, batch.public_key.pem, records(40), photos
    )
    assert [c.data for c in again.chunks] == [c.data for c in batch.chunks]
    assert list(again.records()) == records(40)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda rs: rs[:-1], Reason.RECORD_COUNT),
        (lambda rs: [*rs, diploma(99)], Reason.RECORD_COUNT),
        (lambda rs: [dataclasses.replace(rs[0], xm="王二"), *rs[1:]], Reason.CHUNK_DIGEST),
        (lambda rs: rs[1::-1] + rs[2:], Reason.CHUNK_DIGEST),
    ],
    ids=["record removed", "record added", "record edited", "records reordered"],
)
def test_restore_refuses_changed_records(key: SigningKey, change: object, reason: Reason) -> None:
    batch = signed(key, 40, photos=False)
    assert callable(change)
    with pytest.raises(Rejected) as caught:
        restore_signed(
            batch.manifest_bytes, batch.envelope, batch.public_key.pem, change(records(40))
        )
    assert caught.value.reason is reason


def test_restore_refuses_a_changed_photo(key: SigningKey) -> None:
    batch = signed(key, 10)
    photos = {p.name: p.data for p in batch.photos}
    photos["王五.png"] += b"!"
    with pytest.raises(Rejected) as caught:
        restore_signed(
            batch.manifest_bytes, batch.envelope, batch.public_key.pem, records(10), photos
        )
    assert caught.value.reason is Reason.PHOTO_SIZE


def test_what_cannot_be_signed(key: SigningKey) -> None:
    with pytest.raises(WireFormatError, match="没有记录"):
        sign_batch([], key=key, meta=meta())
    with pytest.raises(WireFormatError, match="DiplomaRecord"):
        sign_batch([EnrollmentRecord(xm="x")], key=key, meta=meta())
    with pytest.raises(WireFormatError, match="浮点数"):
        sign_batch([diploma(1, xz=4.0)], key=key, meta=meta())
    with pytest.raises(WireFormatError, match="照片文件名"):
        sign_batch(records(2), key=key, meta=meta(), photos={"../x.jpg": b"x"})
    with pytest.raises(WireFormatError, match="时区"):
        sign_batch(
            records(2), key=key, meta=dataclasses.replace(meta(), created=datetime(2026, 1, 1))
        )


def test_other_kinds_sign_too(key: SigningKey) -> None:
    rec = EnrollmentRecord(ksh="26110101000001", xm="赵六", xz=Decimal("2.5"))
    batch = sign_batch([rec], key=key, meta=meta(BatchKind.ENROLLMENT))
    assert batch.manifest.kind is BatchKind.ENROLLMENT
    assert list(batch.records()) == [rec]


def test_in_memory_tampering_is_caught(key: SigningKey) -> None:
    batch = signed(key, 40)
    chunk = batch.chunks[1]
    flipped = dataclasses.replace(
        chunk, data=chunk.data.replace(b"\xe5\xbc\xa0", b"\xe6\x9d\x8e", 1)
    )
    bad = dataclasses.replace(batch, chunks=(batch.chunks[0], flipped, *batch.chunks[2:]))
    with pytest.raises(Rejected) as caught:
        verify_signed(bad)
    assert caught.value.reason is Reason.CHUNK_DIGEST and "chunks/000001.jsonl" in str(caught.value)


def test_trusted_keys(key: SigningKey) -> None:
    batch = signed(key, 5)
    assert verify_signed(batch, trusted=lambda kid: TrustedKey(key.public, KeyStatus.RETIRED))
    cases = [
        (lambda kid: None, Reason.KEY_UNKNOWN),
        (
            lambda kid: TrustedKey(generate(key.alg).public, KeyStatus.ACTIVE),
            Reason.KEY_NOT_TRUSTED,
        ),
        (lambda kid: TrustedKey(key.public, KeyStatus.REVOKED), Reason.KEY_REVOKED),
    ]
    for resolver, reason in cases:
        with pytest.raises(Rejected) as caught:
            verify_signed(batch, trusted=resolver)
        assert caught.value.reason is reason


def test_signed_times_default_to_now(key: SigningKey) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    batch = sign_batch(records(1), key=key, meta=meta())
    stamp = datetime.fromisoformat(batch.manifest.signed.replace("Z", "+00:00"))
    assert before <= stamp.replace(microsecond=0) <= datetime.now(UTC)


def test_repr_shows_no_record_content(key: SigningKey) -> None:
    batch = signed(key, 3)
    text = repr(batch) + repr(batch.chunks) + repr(batch.photos)
    assert "11010520000101" not in text and "张三" not in text
