"""The manifest of a frozen batch, and what its signature covers (DESIGN.md, wire v1).

The manifest lists everything a batch is — its identity, the rule pack that passed it,
the digest and record count of every chunk, the digest of every photo, who signed it
with which key — and the detached signature covers the manifest's JCS bytes only. So
signing costs the same for ten records as for a million, and any change anywhere shows
up as a digest that no longer matches a signed line.

`check_header` is the one place that decides whether a manifest + envelope + public key
are to be trusted; the package reader and the in-memory check both go through it, in
the same order, so a given tampering always gets the same reason.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.domain.fields import BatchKind
from desktop.sync.algorithms import Alg, VerifyKey, parse_alg
from desktop.sync.canonical import WireValue, jcs, loads_strict
from desktop.sync.chunks import Chunk, Photo, check_photo_name, chunk_path
from desktop.sync.errors import WireFormatError
from desktop.sync.keys import KeyStatus, TrustedKey
from desktop.sync.reasons import Reason, Rejected

FORMAT = "regdesk-submission/1"
KeyResolver = Callable[[str], TrustedKey | None]

_KEYS = frozenset(
    {"format", "batch", "school", "kind", "rule_pack", "record_count", "chunks", "photos",
     "created", "signed", "operator", "signer", "kid", "alg", "digest", "audit_head"}
)  # fmt: skip
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class ChunkEntry:
    path: str
    digest: str
    size: int
    records: int


@dataclass(frozen=True, slots=True)
class PhotoEntry:
    name: str
    path: str
    digest: str
    size: int


@dataclass(frozen=True, slots=True)
class Manifest:
    """The manifest as read back and checked; `wire` is exactly what was signed."""

    batch: uuid.UUID
    school: str
    kind: BatchKind
    rule_pack: str
    record_count: int
    chunks: tuple[ChunkEntry, ...]
    photos: tuple[PhotoEntry, ...]
    created: str
    signed: str
    operator: str
    signer: str
    kid: str
    alg: Alg
    audit_head: str
    wire: Mapping[str, Any]


def build_manifest(
    *,
    batch: uuid.UUID,
    school: str,
    kind: BatchKind,
    rule_pack: str,
    chunks: tuple[Chunk, ...],
    photos: tuple[Photo, ...],
    created: str,
    signed: str,
    operator: str,
    signer: str,
    kid: str,
    alg: Alg,
    audit_head: str,
) -> dict[str, WireValue]:
    return {
        "format": FORMAT,
        "batch": str(batch),
        "school": unicodedata.normalize("NFC", school),
        "kind": kind.value,
        "rule_pack": rule_pack,
        "record_count": sum(c.records for c in chunks),
        "chunks": [
            {"path": c.path, "digest": c.digest, "size": len(c.data), "records": c.records}
            for c in chunks
        ],
        "photos": [
            {"name": p.name, "path": p.path, "digest": p.digest, "size": len(p.data)}
            for p in photos
        ],
        "created": created,
        "signed": signed,
        "operator": unicodedata.normalize("NFC", operator),
        "signer": unicodedata.normalize("NFC", signer),
        "kid": kid,
        "alg": alg.value,
        "digest": alg.digest.value,
        "audit_head": audit_head,
    }


def envelope_bytes(alg: Alg, kid: str, signature: bytes) -> bytes:
    """signature.json: the detached signature, with the alg and kid it claims."""
    return jcs({"alg": alg.value, "kid": kid, "sig": base64.b64encode(signature).decode()})


# --- checking ----------------------------------------------------------------------------


def _invalid(detail: str) -> Rejected:
    return Rejected(Reason.MANIFEST_INVALID, detail)


def _alg_of(value: object, where: str) -> Alg:
    if isinstance(value, str) and value.strip().lower() in {"none", ""}:
        raise Rejected(Reason.ALG_NONE, where)
    alg = parse_alg(value)
    if alg is None:
        raise Rejected(Reason.ALG_UNKNOWN, f"{where}: {str(value)[:40]!r}")
    return alg


def check_header(
    manifest_bytes: bytes,
    envelope: bytes,
    public_pem: bytes,
    trusted: KeyResolver | None = None,
) -> tuple[Manifest, VerifyKey]:
    """The manifest and key, if the signature over the manifest holds; else `Rejected`.

    Order: form before meaning, claims before keys, keys before the signature — so the
    reason names the first thing wrong, not a consequence of it.
    """
    try:
        wire = loads_strict(manifest_bytes)
    except WireFormatError as exc:
        raise _invalid(str(exc)) from None
    if not isinstance(wire, dict):
        raise _invalid("not an object")
    try:
        canonical = jcs(wire)
    except WireFormatError as exc:  # a number past 2**53, a lone surrogate
        raise _invalid(str(exc)) from None
    if canonical != manifest_bytes:
        raise Rejected(Reason.MANIFEST_NOT_CANONICAL, "manifest.json")
    try:
        env = loads_strict(envelope)
    except WireFormatError as exc:
        raise Rejected(Reason.ENVELOPE_INVALID, str(exc)) from None
    if not isinstance(env, dict) or set(env) != {"alg", "kid", "sig"}:
        raise Rejected(Reason.ENVELOPE_INVALID, "fields")
    alg = _alg_of(wire.get("alg"), "manifest.alg")
    env_alg = _alg_of(env["alg"], "signature.alg")
    if env_alg is not alg:
        raise Rejected(Reason.ALG_MISMATCH, f"manifest {alg.value}, signature {env_alg.value}")
    if env["kid"] != wire.get("kid"):
        raise Rejected(Reason.KID_MISMATCH, f"manifest {wire.get('kid')}, signature {env['kid']}")
    manifest = parse_manifest(wire)
    try:
        key = VerifyKey.from_pem(public_pem)
    except ValueError as exc:
        raise Rejected(Reason.KEY_INVALID, str(exc)) from None
    if key.alg is not alg:
        raise Rejected(Reason.ALG_MISMATCH, f"manifest {alg.value}, key {key.alg.value}")
    if key.kid != manifest.kid:
        raise Rejected(Reason.KID_MISMATCH, f"manifest {manifest.kid}, key {key.kid}")
    if trusted is not None:
        _check_trust(key, trusted(manifest.kid))
    try:
        signature = base64.b64decode(str(env["sig"]), validate=True)
    except (binascii.Error, ValueError):
        raise Rejected(Reason.ENVELOPE_INVALID, "sig is not base64") from None
    if not key.verify(signature, manifest_bytes):
        raise Rejected(Reason.SIGNATURE_INVALID, manifest.kid)
    return manifest, key


def _check_trust(key: VerifyKey, known: TrustedKey | None) -> None:
    if known is None:
        raise Rejected(Reason.KEY_UNKNOWN, key.kid)
    if known.key.spki != key.spki:
        raise Rejected(Reason.KEY_NOT_TRUSTED, key.kid)
    if known.status is KeyStatus.REVOKED:
        raise Rejected(Reason.KEY_REVOKED, key.kid)


def parse_manifest(wire: Mapping[str, Any]) -> Manifest:
    """A typed manifest from its wire form; every field checked, nothing unknown kept."""
    if set(wire) != _KEYS:
        extra, missing = sorted(set(wire) - _KEYS), sorted(_KEYS - set(wire))
        raise _invalid(f"fields: unexpected {extra}, missing {missing}")
    if wire["format"] != FORMAT:
        raise _invalid(f"format {str(wire['format'])[:40]!r}")
    alg = _alg_of(wire["alg"], "manifest.alg")
    if wire["digest"] != alg.digest.value:
        raise _invalid(f"digest {wire['digest']!r} with {alg.value}")
    texts = ("school", "rule_pack", "created", "signed", "operator", "signer", "kid", "audit_head")
    for name in texts:
        if not isinstance(wire[name], str) or not wire[name]:
            raise _invalid(name)
    try:
        batch = uuid.UUID(str(wire["batch"]))
        kind = BatchKind(wire["kind"])
    except ValueError:
        raise _invalid("batch / kind") from None
    if str(batch) != wire["batch"]:
        raise _invalid("batch")
    chunks = _chunk_entries(wire["chunks"])
    count = wire["record_count"]
    if type(count) is not int or count < 1:
        raise _invalid("record_count")
    if sum(c.records for c in chunks) != count:
        raise Rejected(
            Reason.RECORD_COUNT,
            f"record_count {count}, chunks hold {sum(c.records for c in chunks)}",
        )
    return Manifest(
        batch=batch,
        school=wire["school"],
        kind=kind,
        rule_pack=wire["rule_pack"],
        record_count=count,
        chunks=chunks,
        photos=_photo_entries(wire["photos"]),
        created=wire["created"],
        signed=wire["signed"],
        operator=wire["operator"],
        signer=wire["signer"],
        kid=wire["kid"],
        alg=alg,
        audit_head=wire["audit_head"],
        wire=wire,
    )


def _entry(item: object, keys: set[str], where: str) -> dict[str, Any]:
    if not isinstance(item, dict) or set(item) != keys:
        raise _invalid(where)
    if not isinstance(item["digest"], str) or not _HEX64.fullmatch(item["digest"]):
        raise _invalid(f"{where}.digest")
    if type(item["size"]) is not int or item["size"] < 1:
        raise _invalid(f"{where}.size")
    return item


def _chunk_entries(items: object) -> tuple[ChunkEntry, ...]:
    if not isinstance(items, list) or not items:
        raise _invalid("chunks")
    out = []
    for i, item in enumerate(items):
        e = _entry(item, {"path", "digest", "size", "records"}, f"chunks[{i}]")
        if e["path"] != chunk_path(i):
            raise _invalid(f"chunks[{i}].path")
        if type(e["records"]) is not int or e["records"] < 1:
            raise _invalid(f"chunks[{i}].records")
        out.append(ChunkEntry(e["path"], e["digest"], e["size"], e["records"]))
    return tuple(out)


def _photo_entries(items: object) -> tuple[PhotoEntry, ...]:
    if not isinstance(items, list):
        raise _invalid("photos")
    out = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        e = _entry(item, {"name", "path", "digest", "size"}, f"photos[{i}]")
        name = e["name"]
        if not isinstance(name, str) or not check_photo_name(name) or name in seen:
            raise _invalid(f"photos[{i}].name")
        if e["path"] != f"photos/{name}":
            raise _invalid(f"photos[{i}].path")
        seen.add(name)
        out.append(PhotoEntry(name, e["path"], e["digest"], e["size"]))
    return tuple(out)
