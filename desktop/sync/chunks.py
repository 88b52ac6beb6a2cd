"""Freezing: records -> newline-terminated canonical JSON lines -> chunks with digests.

A chunk closes before the line that would take it past `chunk_size` (a record larger
than that gets a chunk of its own), so chunks are upload-sized and a resumed upload
repeats at most one. Every line ends with "\\n": chunk bytes concatenate to the batch,
and a chunk's record count is its number of newlines.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from desktop.domain.fields import BatchKind
from desktop.domain.records import Record
from desktop.sync.digests import Digest, hexdigest
from desktop.sync.errors import WireFormatError
from desktop.sync.records_wire import record_slices

DEFAULT_CHUNK_SIZE = 5 * 1024 * 1024


def chunk_path(index: int) -> str:
    return f"chunks/{index:06d}.jsonl"


@dataclass(frozen=True, slots=True, repr=False)
class Chunk:
    index: int
    data: bytes
    digest: str  # lower-case hex of the algorithm's digest
    records: int

    @property
    def path(self) -> str:
        return chunk_path(self.index)

    def __repr__(self) -> str:  # the data holds ID numbers: never in a repr
        return f"Chunk({self.index}, {len(self.data)} bytes, {self.records} records)"


@dataclass(frozen=True, slots=True, repr=False)
class Photo:
    name: str
    data: bytes
    digest: str

    @property
    def path(self) -> str:
        return f"photos/{self.name}"

    def __repr__(self) -> str:
        return f"Photo({self.name!r}, {len(self.data)} bytes)"


def freeze_lines(
    lines: Iterable[bytes], digest: Digest, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> tuple[Chunk, ...]:
    return freeze_slices([list(lines)], digest, chunk_size)


def freeze_slices(
    slices: Iterable[list[bytes]], digest: Digest, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> tuple[Chunk, ...]:
    """Chunks of the lines, given a slice (list) at a time."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    chunks: list[Chunk] = []
    parts: list[bytes] = []
    size = 0
    for lines in slices:
        whole = sum(map(len, lines)) + len(lines)
        if size + whole <= chunk_size:  # the usual case: the slice fits, no per-line work
            parts += lines
            size += whole
            continue
        for line in lines:
            n = len(line) + 1
            if parts and size + n > chunk_size:
                chunks.append(_chunk(len(chunks), parts, digest))
                parts, size = [], 0
            parts.append(line)
            size += n
    if parts:
        chunks.append(_chunk(len(chunks), parts, digest))
    return tuple(chunks)


def _chunk(index: int, parts: list[bytes], digest: Digest) -> Chunk:
    parts.append(b"")
    data = b"\n".join(parts)
    return Chunk(index, data, hexdigest(digest, data), len(parts) - 1)


def freeze(
    records: Iterable[Record],
    *,
    kind: BatchKind,
    digest: Digest,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> tuple[Chunk, ...]:
    """The chunks of a batch of typed records of `kind` (all of that kind)."""
    return freeze_slices(record_slices(records, kind), digest, chunk_size)


def split_lines(lines: Iterable[bytes], counts: Sequence[int], digest: Digest) -> tuple[Chunk, ...]:
    """Chunks cut at given record counts: rebuilding a signed batch's chunks from the
    store must follow the manifest, whatever chunk size was set then."""
    it = iter(lines)
    chunks = []
    for index, count in enumerate(counts):
        parts = list(itertools.islice(it, count))
        if len(parts) != count:
            raise WireFormatError("记录少于清单所列 / fewer records than the manifest lists")
        chunks.append(_chunk(index, parts, digest))
    if next(it, None) is not None:
        raise WireFormatError("记录多于清单所列 / more records than the manifest lists")
    return tuple(chunks)


def count_records(data: bytes) -> int | None:
    """Records in chunk bytes, or None when the bytes do not end with a newline."""
    if not data.endswith(b"\n"):
        return None
    return data.count(b"\n")


_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def check_photo_name(name: str) -> bool:
    """Whether a photo file name is safe to write on any PC: one plain file name, NFC,
    no separators, controls, drive or parent references, no Windows device name."""
    if not 1 <= len(name) <= 120 or unicodedata.normalize("NFC", name) != name:
        return False
    if name[0] in ". " or name[-1] in ". ":
        return False
    if any(c in '/\\:*?"<>|' or unicodedata.category(c)[0] == "C" for c in name):
        return False
    return name.split(".", maxsplit=1)[0].lower() not in _WINDOWS_RESERVED


def make_photos(photos: Mapping[str, bytes], digest: Digest) -> tuple[Photo, ...]:
    out = []
    for name in sorted(photos):
        if not check_photo_name(name):
            raise WireFormatError(f"照片文件名不安全：{name!r} / unsafe photo file name")
        data = photos[name]
        if not data:
            raise WireFormatError(f"照片文件为空：{name} / empty photo")
        out.append(Photo(name, data, hexdigest(digest, data)))
    return tuple(out)
