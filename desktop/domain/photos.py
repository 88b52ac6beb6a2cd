"""What is known about each imported photo, for the rules to judge (no I/O here).

`PhotoIndex` is the `Context.photos` set of keys (file stems as the normaliser writes an
ID or 学号, and file names) that DIP-017-PHOTO-MISSING matches records against; it also
carries the files themselves, so the photo rules (`sheets/rules.py`) can report each
photo's format, size and matches without reading a file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

# The national image standard for diploma registration photos: JPEG, 480x640 pixels
# (width x height), 24-bit colour, usually 20-40 KB.
WIDTH, HEIGHT = 480, 640
MIN_BYTES, MAX_BYTES = 20 * 1024, 40 * 1024


def photo_key(stem: str) -> str:
    """A file stem written the way the normaliser writes an identifier."""
    return "".join(unicodedata.normalize("NFKC", stem).split()).upper()


@dataclass(frozen=True, slots=True)
class PhotoFile:
    name: str  # path inside the folder or zip, '/'-separated
    size: int  # bytes
    format: str | None = None  # what the content is: JPEG, PNG, GIF, BMP, WEBP, TIFF, PDF…
    width: int | None = None
    height: int | None = None
    mode: str | None = None  # Pillow mode: RGB is 24-bit colour
    problem: str | None = None  # why it could not be read

    @property
    def base(self) -> str:
        return PurePosixPath(self.name).name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()

    @property
    def key(self) -> str:
        return photo_key(PurePosixPath(self.name).stem)


class PhotoIndex(frozenset[str]):
    """The keys photos can be matched by, with the photo files behind them."""

    files: tuple[PhotoFile, ...]
    source: str

    def __new__(cls, files: Iterable[PhotoFile], source: str = "") -> PhotoIndex:
        kept = tuple(files)
        keys = {f.key for f in kept} | {f.base for f in kept}
        self = super().__new__(cls, keys)
        self.files = kept
        self.source = source
        return self

    def by_key(self) -> dict[str, list[PhotoFile]]:
        out: dict[str, list[PhotoFile]] = {}
        for f in self.files:
            out.setdefault(f.key, []).append(f)
            if f.base != f.key:
                out.setdefault(f.base, []).append(f)
        return out
