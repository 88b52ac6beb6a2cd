"""Finding the header row and mapping its cells to record fields.

A header may be the Chinese label (姓名), one of the usual office spellings (身份证号),
the CHSI-style field code (XM) or the canonical English name (xm); a trailing required
mark (`*`, `(必填)`) is ignored. A clerk's corrections (`overrides`: header key -> field,
or None to ignore the column) take precedence; `layouts.py` remembers them per layout.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from desktop.domain.fields import BatchKind
from desktop.domain.records import kind_fields

_MARKS = re.compile(r"[*＊]|[(（]必填[)）]|[(（]选填[)）]")
HEADER_SEARCH_ROWS = 20  # title rows above the header are tolerated up to this depth


def header_key(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = _MARKS.sub("", s)
    return "".join(s.split()).upper()


@cache
def spellings(kind: BatchKind) -> dict[str, str]:
    index: dict[str, str] = {}
    for f in kind_fields(kind):
        for text in (f.name, f.code, f.label, *f.headers):
            index.setdefault(header_key(text), f.name)
    return index


@dataclass
class HeaderMap:
    row: int  # 1-based row number of the header in the sheet
    fields: dict[int, str]  # column index -> field
    headers: dict[str, str]  # field -> header text exactly as in the file
    ignored: list[str] = field(default_factory=list)  # header texts of unmapped columns


Overrides = Mapping[str, str | None]  # header_key(text) -> field name, None: ignore


def resolve_field(kind: BatchKind, spelling: str) -> str | None:
    """The field a clerk means by a name, code or label (`sfzh`, `SFZH`, `证件号码`)."""
    return spellings(kind).get(header_key(spelling))


def fingerprint(kind: BatchKind, cells: Sequence[Any]) -> str:
    """A file layout: the kind and the header row's texts in order, spelling-normalised."""
    keys = ["" if c is None else header_key(str(c)) for c in cells]
    while keys and not keys[-1]:
        keys.pop()
    digest = hashlib.sha256("\x1f".join([kind.value, *keys]).encode("utf-8"))
    return digest.hexdigest()[:24]


def map_header(
    cells: Sequence[Any], kind: BatchKind, row: int, overrides: Overrides | None = None
) -> HeaderMap:
    index = spellings(kind)
    result = HeaderMap(row=row, fields={}, headers={})
    for col, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        text = str(cell)  # kept exactly as in the file: findings quote it
        key = header_key(text)
        name = overrides[key] if overrides and key in overrides else index.get(key)
        if name is None or name in result.headers:
            result.ignored.append(text)
            continue
        result.fields[col] = name
        result.headers[name] = text
    return result


def find_header(
    rows: Sequence[Sequence[Any]], kind: BatchKind, overrides: Overrides | None = None
) -> HeaderMap | None:
    """The first row among the top ones that names at least two known fields."""
    best: HeaderMap | None = None
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapped = map_header(cells, kind, i + 1, overrides)
        if len(mapped.fields) >= 2 and (best is None or len(mapped.fields) > len(best.fields)):
            best = mapped
            if len(mapped.fields) >= 4:
                break
    return best
