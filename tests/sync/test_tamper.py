"""The tamper suite of issue 5: every alteration of a package is refused, with its reason."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.sync.algorithms import Alg, SigningKey, generate
from desktop.sync.chunks import Chunk
from desktop.sync.digests import hexdigest
from desktop.sync.package import export_package, import_package, verify_package
from desktop.sync.reasons import Reason, Rejected
from tests.sync import pkgtools as pt
from tests.sync.conftest import diploma, meta, signed
from tests.sync.pkgtools import Entries


@pytest.fixture
def package(tmp_path: Path, key: SigningKey) -> Path:
    return export_package(signed(key, 40, chunk_size=2000), tmp_path / "batch.regpkg")


def _refused(path: Path, reason: Reason, where: str = "") -> str:
    verdict = verify_package(path)
    assert not verdict.ok
    assert verdict.reason is reason, verdict.message
    assert where in verdict.message
    with pytest.raises(Rejected) as caught:
        import_package(path)
    assert caught.value.reason is reason
    return verdict.message


def _altered(package: Path, change: Callable[[Entries], Entries]) -> Path:
    return pt.write(package.with_name("altered.regpkg"), change(pt.entries(package)))


def test_the_untouched_package_verifies(package: Path) -> None:
    assert verify_package(package).ok
    # Rewriting the same entries in another zip layout is not tampering.
    assert verify_package(_altered(package, lambda items: items)).ok


def test_a_flipped_byte_in_any_chunk(package: Path) -> None:
    items = pt.entries(package)
    chunks = [n for n, _ in items if n.startswith("chunks/")]
    assert len(chunks) >= 4
    for name in chunks:
        data = pt.get(items, name)
        for at in (0, len(data) // 2, len(data) - 2):
            bad = pt.write(package.with_name("flip.regpkg"), pt.put(items, name, pt.flip(data, at)))
            message = _refused(bad, Reason.CHUNK_DIGEST, name)
            assert "数据块摘要与清单不符" in message


def test_a_reordered_manifest_key(package: Path) -> None:
    def reorder(items: Entries) -> Entries:
        m = pt.manifest(items)
        text = json.dumps(dict(reversed(m.items())), ensure_ascii=False, separators=(",", ":"))
        return pt.put(items, "manifest.json", text.encode())

    _refused(_altered(package, reorder), Reason.MANIFEST_NOT_CANONICAL)


def test_whitespace_or_escapes_in_the_manifest(package: Path) -> None:
    spaced = _altered(
        package, lambda items: pt.put(items, "manifest.json", pt.get(items, "manifest.json") + b" ")
    )
    _refused(spaced, Reason.MANIFEST_NOT_CANONICAL)
    escaped = _altered(
        package,
        lambda items: pt.put(
            items,
            "manifest.json",
            pt.get(items, "manifest.json").replace(b'"kind"', b'"\\u006bind"'),
        ),
    )
    _refused(escaped, Reason.MANIFEST_NOT_CANONICAL)


def _set(doc: str, field: str, value: object) -> Callable[[Entries], Entries]:
    def change(items: Entries) -> Entries:
        if doc == "manifest":
            return pt.with_manifest(items, {**pt.manifest(items), field: value})
        return pt.with_envelope(items, {**pt.envelope(items), field: value})

    return change


def _both(*changes: Callable[[Entries], Entries]) -> Callable[[Entries], Entries]:
    def change(items: Entries) -> Entries:
        for c in changes:
            items = c(items)
        return items

    return change


def test_a_changed_kid(package: Path, key: SigningKey) -> None:
    other = generate(key.alg).kid
    _refused(_altered(package, _set("manifest", "kid", other)), Reason.KID_MISMATCH, other)
    _refused(_altered(package, _set("signature", "kid", other)), Reason.KID_MISMATCH, other)
    both = _both(_set("manifest", "kid", other), _set("signature", "kid", other))
    _refused(_altered(package, both), Reason.KID_MISMATCH, key.kid)


def test_a_changed_alg(package: Path, key: SigningKey) -> None:
    swap = Alg.SM2_SM3 if key.alg is Alg.ED25519 else Alg.ED25519
    in_manifest = _both(
        _set("manifest", "alg", swap.value), _set("manifest", "digest", swap.digest.value)
    )
    _refused(_altered(package, in_manifest), Reason.ALG_MISMATCH)
    everywhere = _both(in_manifest, _set("signature", "alg", swap.value))
    _refused(_altered(package, everywhere), Reason.ALG_MISMATCH, f"key {key.alg.value}")
    _refused(_altered(package, _set("signature", "alg", swap.value)), Reason.ALG_MISMATCH)
    unknown = _both(_set("manifest", "alg", "RS256"), _set("signature", "alg", "RS256"))
    _refused(_altered(package, unknown), Reason.ALG_UNKNOWN, "RS256")
    _refused(_altered(package, _set("manifest", "digest", "MD5")), Reason.MANIFEST_INVALID)


@pytest.mark.parametrize("spelling", ["none", "None", "NONE", ""])
def test_alg_none(package: Path, spelling: str) -> None:
    unsigned = _both(
        _set("manifest", "alg", spelling),
        _set("signature", "alg", spelling),
        _set("signature", "sig", ""),
    )
    message = _refused(_altered(package, unsigned), Reason.ALG_NONE)
    assert "未签名" in message
    _refused(_altered(package, _set("signature", "alg", spelling)), Reason.ALG_NONE)


def test_a_truncated_zip(package: Path) -> None:
    data = package.read_bytes()
    for keep in (0, 10, len(data) // 3, len(data) // 2, len(data) - 23, len(data) - 1):
        cut = package.with_name("cut.regpkg")
        cut.write_bytes(data[:keep])
        _refused(cut, Reason.UNREADABLE)


def test_damage_inside_an_entry(package: Path) -> None:
    items = pt.entries(package)
    stored = pt.write(package.with_name("stored.regpkg"), items, tweak=_stored)
    raw = bytearray(stored.read_bytes())
    with zipfile.ZipFile(stored) as zf:
        info = zf.getinfo("chunks/000001.jsonl")
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 100  # in its data
    raw[at] ^= 0x01  # the CRC no longer matches
    stored.write_bytes(bytes(raw))
    _refused(stored, Reason.ENTRY_DAMAGED, "chunks/000001.jsonl")


def _stored(info: zipfile.ZipInfo) -> None:
    info.compress_type = zipfile.ZIP_STORED


def test_a_chunk_swapped_between_two_packages(
    package: Path, key: SigningKey, tmp_path: Path
) -> None:
    from desktop.sync.signing import sign_batch

    other_records = [diploma(i, xm="王二") for i in range(40)]
    other = sign_batch(other_records, key=key, meta=meta(), chunk_size=2000)
    other_path = export_package(other, tmp_path / "other.regpkg")
    theirs = pt.entries(other_path)
    mine = pt.entries(package)
    assert len(pt.get(theirs, "chunks/000002.jsonl")) == len(pt.get(mine, "chunks/000002.jsonl"))
    swapped = pt.put(mine, "chunks/000002.jsonl", pt.get(theirs, "chunks/000002.jsonl"))
    _refused(
        pt.write(tmp_path / "swapped.regpkg", swapped), Reason.CHUNK_DIGEST, "chunks/000002.jsonl"
    )
    # Swapping chunk order inside one package is caught the same way.
    reordered = pt.put(
        pt.put(mine, "chunks/000000.jsonl", pt.get(mine, "chunks/000001.jsonl")),
        "chunks/000001.jsonl",
        pt.get(mine, "chunks/000000.jsonl"),
    )
    _refused(
        pt.write(tmp_path / "order.regpkg", reordered), Reason.CHUNK_DIGEST, "chunks/000000.jsonl"
    )


def _rehash(items: Entries, name: str, data: bytes, key: SigningKey, delta: int) -> Entries:
    """Alter a chunk and fix the manifest to match, as an attacker without the key would."""
    m = pt.manifest(items)
    for entry in m["chunks"]:
        if entry["path"] == name:
            entry.update(digest=hexdigest(key.alg.digest, data), size=len(data))
            entry["records"] += delta
    m["record_count"] += delta
    return pt.with_manifest(pt.put(items, name, data), m)


def test_a_record_added(package: Path, key: SigningKey) -> None:
    items = pt.entries(package)
    first = pt.get(items, "chunks/000000.jsonl")
    more = first + first.split(b"\n")[0] + b"\n"
    _refused(
        _altered(package, lambda it: pt.put(it, "chunks/000000.jsonl", more)),
        Reason.RECORD_COUNT,
        "chunks/000000.jsonl",
    )
    as_new_chunk = [*items, ("chunks/000099.jsonl", first.split(b"\n")[0] + b"\n")]
    _refused(
        pt.write(package.with_name("new.regpkg"), as_new_chunk), Reason.UNEXPECTED_ENTRY, "000099"
    )
    fixed_up = _rehash(items, "chunks/000000.jsonl", more, key, +1)
    _refused(pt.write(package.with_name("fixed.regpkg"), fixed_up), Reason.SIGNATURE_INVALID)
    miscounted = pt.with_manifest(items, {**pt.manifest(items), "record_count": 41})
    _refused(pt.write(package.with_name("count.regpkg"), miscounted), Reason.RECORD_COUNT, "41")


def test_a_record_removed(package: Path, key: SigningKey) -> None:
    items = pt.entries(package)
    last = [n for n, _ in items if n.startswith("chunks/")][-1]
    data = pt.get(items, last)
    fewer = b"\n".join(data.split(b"\n")[1:])
    _refused(_altered(package, lambda it: pt.put(it, last, fewer)), Reason.RECORD_COUNT, last)
    _refused(_altered(package, lambda it: pt.drop(it, last)), Reason.MISSING_ENTRY, last)
    fixed_up = _rehash(items, last, fewer, key, -1)
    _refused(pt.write(package.with_name("fixed.regpkg"), fixed_up), Reason.SIGNATURE_INVALID)


def test_other_alterations(package: Path, key: SigningKey) -> None:
    photo = "photos/王五.png"
    _refused(
        _altered(package, lambda it: pt.put(it, photo, pt.flip(pt.get(it, photo), 2))),
        Reason.PHOTO_DIGEST,
        photo,
    )
    _refused(_altered(package, lambda it: pt.drop(it, photo)), Reason.MISSING_ENTRY, photo)
    _refused(_altered(package, _set("manifest", "school", "10002")), Reason.SIGNATURE_INVALID)
    _refused(
        _altered(package, _set("manifest", "format", "regdesk-submission/2")),
        Reason.MANIFEST_INVALID,
    )
    _refused(_altered(package, _set("manifest", "extra", 1)), Reason.MANIFEST_INVALID, "extra")

    def flip_sig(items: Entries) -> Entries:
        import base64

        env = pt.envelope(items)
        sig = bytearray(base64.b64decode(env["sig"]))
        sig[-5] ^= 0x01
        return pt.with_envelope(items, {**env, "sig": base64.b64encode(bytes(sig)).decode()})

    _refused(_altered(package, flip_sig), Reason.SIGNATURE_INVALID)
    stranger = generate(key.alg)
    _refused(
        _altered(package, lambda it: pt.put(it, "public_key.pem", stranger.public.pem)),
        Reason.KID_MISMATCH,
    )
    _refused(
        _altered(package, lambda it: pt.put(it, "public_key.pem", b"junk")), Reason.KEY_INVALID
    )
    _refused(
        _altered(package, lambda it: pt.put(it, "fingerprint.txt", b"fingerprint: 0000\n")),
        Reason.KEY_INVALID,
    )
    _refused(
        _altered(package, lambda it: pt.put(it, "signature.json", b"{}")), Reason.ENVELOPE_INVALID
    )
    _refused(_altered(package, lambda it: pt.drop(it, "signature.json")), Reason.MISSING_ENTRY)


def test_a_forged_package_with_its_own_key_is_caught_only_by_trust(
    package: Path, key: SigningKey, tmp_path: Path
) -> None:
    """Anyone can sign anything with their own key: only the registered key tells."""
    from desktop.sync.keys import KeyStatus, TrustedKey

    forged = export_package(
        signed(generate(key.alg), 40, chunk_size=2000), tmp_path / "forged.regpkg"
    )
    assert verify_package(forged).ok
    registry = {key.kid: TrustedKey(key.public, KeyStatus.ACTIVE)}
    verdict = verify_package(forged, trusted=registry.get)
    assert verdict.reason is Reason.KEY_UNKNOWN
    assert verify_package(package, trusted=registry.get).ok


def test_chunk_objects_hold_no_secrets_in_repr() -> None:
    assert "data" not in repr(Chunk(0, b"110105200001010000", "00", 1))


def test_random_damage_anywhere_gives_a_verdict_never_a_crash(package: Path) -> None:
    """Flip bytes all over the file: each result is a refusal with a reason, or — where
    the flip fell on zip bookkeeping nobody relies on — exactly the signed content."""
    import random

    original = import_package(package)
    data = package.read_bytes()
    rng = random.Random(5)
    damaged = package.with_name("damaged.regpkg")
    refused = 0
    for at in sorted(rng.sample(range(len(data)), 250)):
        damaged.write_bytes(
            data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]
        )
        verdict = verify_package(damaged)
        if verdict.ok:
            again = import_package(damaged)
            assert again.manifest_bytes == original.manifest_bytes
            assert [c.data for c in again.chunks] == [c.data for c in original.chunks]
            assert [p.data for p in again.photos] == [p.data for p in original.photos]
        else:
            assert verdict.reason is not None and verdict.message
            refused += 1
    assert refused > 200


def test_manifest_with_numbers_or_text_json_cannot_hold(package: Path) -> None:
    big = _altered(
        package,
        lambda it: pt.put(
            it,
            "manifest.json",
            pt.get(it, "manifest.json").replace(
                b'"record_count":40', b'"record_count":9007199254740993'
            ),
        ),
    )
    _refused(big, Reason.MANIFEST_INVALID)
    deep = _altered(
        package, lambda it: pt.put(it, "manifest.json", b"[" * 100_000 + b"]" * 100_000)
    )
    _refused(deep, Reason.MANIFEST_INVALID)
    lone = _altered(
        package,
        lambda it: pt.put(
            it, "manifest.json", pt.get(it, "manifest.json").replace(b'"clerk01"', b'"\\ud800"')
        ),
    )
    _refused(lone, Reason.MANIFEST_INVALID)
