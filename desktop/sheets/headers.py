"""Finding the header row and mapping its cells to record fields.

A header may be the Chinese label (姓名), one of the usual office spellings (身份证号),
the CHSI-style field code (XM) or the canonical English name (xm); a trailing required
mark (`*`, `(必填)`) is ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
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


def map_header(cells: Sequence[Any], kind: BatchKind, row: int) -> HeaderMap:
    index = spellings(kind)
    result = HeaderMap(row=row, fields={}, headers={})
    for col, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        text = str(cell)  # kept exactly as in the file: findings quote it
        name = index.get(header_key(text))
        if name is None or name in result.headers:
            result.ignored.append(text)
            continue
        result.fields[col] = name
        result.headers[name] = text
    return result


def find_header(rows: Sequence[Sequence[Any]], kind: BatchKind) -> HeaderMap | None:
    """The first row among the top ones that names at least two known fields."""
    best: HeaderMap | None = None
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapped = map_header(cells, kind, i + 1)
        if len(mapped.fields) >= 2 and (best is None or len(mapped.fields) > len(best.fields)):
            best = mapped
            if len(mapped.fields) >= 4:
                break
    return best
