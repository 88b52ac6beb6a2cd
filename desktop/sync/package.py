"""`.regpkg` files: a signed batch in a zip, for carrying between an air-gapped PC and a
connected one, verifiable offline.

    manifest.json      the signed manifest (JCS bytes)
    signature.json     {"alg", "kid", "sig"}: the detached signature
    public_key.pem     the signer's public key
    fingerprint.txt    kid, alg and the key's fingerprint, for a person to compare
    chunks/NNNNNN.jsonl
    photos/<name>

A package is read as hostile input. Nothing is ever extracted by the names inside it:
entries are looked up by the names this module expects, and any other entry, a path
with "..", a backslash or a drive, a duplicate name, a symlink, an encrypted entry or
an unusual compression method refuses the package. Sizes are bounded before reading:
the entry count from the zip's end record before the central directory is parsed,
the small files by fixed caps, chunks and photos by the sizes in the signed manifest.
Written packages are byte-for-byte reproducible (fixed entry times and order).
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desktop.sync.algorithms import VerifyKey
from desktop.sync.chunks import Chunk, Photo
from desktop.sync.manifest import KeyResolver, Manifest, check_header
from desktop.sync.reasons import Reason, Rejected
from desktop.sync.signing import SignedBatch, check_chunk, check_photo

MANIFEST, SIGNATURE, PUBLIC_KEY, FINGERPRINT = (
    "manifest.json",
    "signature.json",
    "public_key.pem",
    "fingerprint.txt",
)
_FIXED = (MANIFEST, SIGNATURE, PUBLIC_KEY, FINGERPRINT)
_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Limits:
    max_entries: int = 2_000_000
    max_total_bytes: int = 8 * 1024**3
    max_manifest_bytes: int = 256 * 1024**2
    max_small_bytes: int = 64 * 1024  # signature, key, fingerprint


DEFAULT_LIMITS = Limits()


def fingerprint_text(signed: SignedBatch) -> str:
    key = signed.public_key
    return f"kid: {key.kid}\nalg: {key.alg.value}\nfingerprint: {key.fingerprint}\n"


# --- writing -----------------------------------------------------------------------------


def export_package(signed: SignedBatch, path: Path, *, compresslevel: int = 6) -> Path:
    """Write `signed` to `path` (atomically: a half-written package never has the name)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            _put(zf, MANIFEST, signed.manifest_bytes, compresslevel)
            _put(zf, SIGNATURE, signed.envelope, compresslevel)
            _put(zf, PUBLIC_KEY, signed.public_key.pem, compresslevel)
            _put(zf, FINGERPRINT, fingerprint_text(signed).encode("utf-8"), compresslevel)
            for chunk in signed.chunks:
                _put(zf, chunk.path, chunk.data, compresslevel)
            for photo in signed.photos:
                # Photos are JPEG/PNG already: deflating them again only costs time.
                _put(zf, photo.path, photo.data, None)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _put(zf: zipfile.ZipFile, name: str, data: bytes, level: int | None) -> None:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.external_attr = 0o644 << 16
    if level is None:
        info.compress_type = zipfile.ZIP_STORED
        zf.writestr(info, data)
    else:
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, data, compresslevel=level)


# --- reading -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reason: Reason | None
    message: str
    manifest: Manifest | None = None
    fingerprint: str | None = None


def verify_package(
    path: Path, *, trusted: KeyResolver | None = None, limits: Limits = DEFAULT_LIMITS
) -> Verdict:
    """Offline check of every digest, the signature and the record count."""
    try:
        signed = import_package(path, trusted=trusted, limits=limits)
    except Rejected as exc:
        return Verdict(False, exc.reason, str(exc))
    m = signed.manifest
    key = signed.public_key
    message = (
        f"报送包有效：批次 {m.batch}（{m.kind.label}），{m.record_count} 条记录，"
        f"签名密钥 {m.kid}，指纹 {key.fingerprint} / package valid"
    )
    return Verdict(True, None, message, m, key.fingerprint)


def import_package(
    path: Path, *, trusted: KeyResolver | None = None, limits: Limits = DEFAULT_LIMITS
) -> SignedBatch:
    """The signed batch inside a package, fully verified; `Rejected` with the reason."""
    _check_end_record(path, limits)
    try:
        zf = zipfile.ZipFile(path)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        EOFError,
        NotImplementedError,  # "zip file version 14.8": a damaged central directory
    ) as exc:
        raise Rejected(Reason.UNREADABLE, type(exc).__name__) from None
    except OSError as exc:
        raise Rejected(Reason.UNREADABLE, exc.strerror or type(exc).__name__) from None
    with zf:
        infos = _check_entries(zf, limits)
        small = limits.max_small_bytes
        for name in _FIXED:
            if name not in infos:
                raise Rejected(Reason.MISSING_ENTRY, name)
        manifest_bytes = _read(zf, infos[MANIFEST], limits.max_manifest_bytes)
        envelope = _read(zf, infos[SIGNATURE], small)
        public_pem = _read(zf, infos[PUBLIC_KEY], small)
        manifest, key = check_header(manifest_bytes, envelope, public_pem, trusted)
        stated = _read(zf, infos[FINGERPRINT], small).decode("utf-8", "replace")
        if f"fingerprint: {key.fingerprint}\n" not in stated or f"kid: {key.kid}\n" not in stated:
            raise Rejected(Reason.KEY_INVALID, f"{FINGERPRINT} does not match the key")
        expected = {*_FIXED, *(c.path for c in manifest.chunks), *(p.path for p in manifest.photos)}
        extra = sorted(set(infos) - expected)
        if extra:
            raise Rejected(Reason.UNEXPECTED_ENTRY, extra[0])
        missing = sorted(expected - set(infos))
        if missing:
            raise Rejected(Reason.MISSING_ENTRY, missing[0])
        total = sum(c.size for c in manifest.chunks) + sum(p.size for p in manifest.photos)
        if total > limits.max_total_bytes:
            raise Rejected(Reason.TOO_LARGE, f"{total} bytes")
        return _load_body(zf, infos, manifest, manifest_bytes, envelope, key)


def _load_body(
    zf: zipfile.ZipFile,
    infos: Mapping[str, zipfile.ZipInfo],
    manifest: Manifest,
    manifest_bytes: bytes,
    envelope: bytes,
    key: VerifyKey,
) -> SignedBatch:
    digest = manifest.alg.digest
    chunks = []
    for i, entry in enumerate(manifest.chunks):
        # Room for a record or so more than signed, so "added record" reads as such;
        # anything bigger is refused unread.
        data = _read(zf, infos[entry.path], entry.size + max(entry.size, 1 << 20))
        check_chunk(entry, data, digest)
        chunks.append(Chunk(i, data, entry.digest, entry.records))
    photos = []
    for pentry in manifest.photos:
        data = _read(zf, infos[pentry.path], pentry.size)
        check_photo(pentry, data, digest)
        photos.append(Photo(pentry.name, data, pentry.digest))
    return SignedBatch(manifest, manifest_bytes, envelope, key, tuple(chunks), tuple(photos))


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    if info.file_size > cap:
        raise Rejected(Reason.TOO_LARGE, f"{info.filename}: {info.file_size} bytes")
    try:
        with zf.open(info) as f:
            data = f.read(cap + 1)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,  # a local header claiming patched data or strong encryption
        RuntimeError,
    ) as exc:
        raise Rejected(Reason.ENTRY_DAMAGED, f"{info.filename}: {type(exc).__name__}") from None
    if len(data) > cap:
        raise Rejected(Reason.TOO_LARGE, info.filename)
    return data


_S_IFMT, _S_IFLNK = 0o170000, 0o120000


def _check_entries(zf: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    for info in zf.infolist():
        name = info.filename
        if not _safe_name(name):
            raise Rejected(Reason.UNSAFE_ENTRY, repr(name[:80]))
        if name in infos:
            raise Rejected(Reason.UNSAFE_ENTRY, f"duplicate {name!r}")
        if info.flag_bits & 0x61:  # encrypted, patched data, strong encryption
            raise Rejected(Reason.UNSAFE_ENTRY, f"encrypted {name!r}")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Rejected(Reason.UNSAFE_ENTRY, f"compression {info.compress_type} in {name!r}")
        if (info.external_attr >> 16) & _S_IFMT == _S_IFLNK:
            raise Rejected(Reason.UNSAFE_ENTRY, f"symlink {name!r}")
        infos[name] = info
    if sum(i.file_size for i in infos.values()) > limits.max_total_bytes:
        raise Rejected(Reason.TOO_LARGE, "declared sizes")
    return infos


def _safe_name(name: str) -> bool:
    if not name or name.startswith("/") or "\\" in name or ":" in name or "\x00" in name:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


# The end-of-central-directory record says how many entries the zip claims; reading it
# first keeps a zip of millions of empty entries from being parsed into memory at all.
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"


def _check_end_record(path: Path, limits: Limits) -> None:
    try:
        with path.open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            tail_len = min(size, 65535 + 22)
            f.seek(size - tail_len)
            tail = f.read(tail_len)
            at = tail.rfind(_EOCD)
            if at < 0 or len(tail) - at < 22:
                raise Rejected(Reason.UNREADABLE, "no end of central directory")
            entries, cd_size = struct.unpack("<HI", tail[at + 10 : at + 16])
            if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
                entries, cd_size = _zip64_counts(f, tail, at)
    except OSError as exc:
        raise Rejected(Reason.UNREADABLE, exc.strerror or type(exc).__name__) from None
    if entries > limits.max_entries:
        raise Rejected(Reason.TOO_LARGE, f"{entries} entries")
    if cd_size > limits.max_entries * 1024:
        raise Rejected(Reason.TOO_LARGE, f"central directory {cd_size} bytes")


def _zip64_counts(f: BinaryIO, tail: bytes, at: int) -> tuple[int, int]:
    loc = at - 20
    if loc < 0 or tail[loc : loc + 4] != _EOCD64_LOCATOR:
        raise Rejected(Reason.UNREADABLE, "zip64 locator")
    (offset,) = struct.unpack("<Q", tail[loc + 8 : loc + 16])
    f.seek(offset)
    record = f.read(56)
    if len(record) < 56 or record[:4] != _EOCD64:
        raise Rejected(Reason.UNREADABLE, "zip64 end record")
    entries, cd_size = struct.unpack("<QQ", record[32:48])
    return int(entries), int(cd_size)
