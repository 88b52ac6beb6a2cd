"""Shared strings parsed once in Python, for sheets read in pieces.

Handing each piece to calamine with the workbook's shared-string table made calamine
parse that table again for every piece: at a million rows (130 MB of strings, 23
pieces) that was half the reading time and 250 MB of memory per piece. Instead the
table is parsed here once, each piece's string cells are rewritten to carry their index
(`t="s"><v>12` becomes `t="str"><v>` + MARK + `12`), and the reader puts the strings
back. The strings are then shared between cells for free.

Only the plain shapes are taken on the fast path; anything else (rich text, entities,
`_xHHHH_` escapes) goes through ElementTree. If the count does not add up, the caller
falls back to handing calamine the table.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

MARK = "\ue000"  # a private-use character: no spreadsheet writes it before a number
MARK_BYTES = MARK.encode("utf-8")
SHARED_CELL = b' t="s"><v>'
MARKED_CELL = b' t="str"><v>' + MARK_BYTES

_ITEM = re.compile(
    rb'<si>(?:<t>([^<&_]*)</t>|<t xml:space="preserve">([^<&_]*)</t>|(.*?))</si>', re.S
)
_COUNT = re.compile(rb'uniqueCount="(\d+)"')
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def parse_shared(blocks: Iterator[bytes]) -> list[str] | None:
    """The table's strings in order, or None when its shape is not understood."""
    out: list[str] = []
    carry = b""
    declared: int | None = None
    for block in blocks:
        data = carry + block
        if declared is None and (m := _COUNT.search(data[:4096])):
            declared = int(m.group(1))
        end = data.rfind(b"</si>")
        if end < 0:
            carry = data
            continue
        end += 5
        append = out.append
        for plain, preserved, other in _ITEM.findall(data, 0, end):
            # findall gives b"" for a group that did not take part; an empty item is ""
            # whichever way it was written.
            append(_slow(other) if other else (plain or preserved).decode("utf-8"))
        carry = data[end:]
    if declared is not None and declared != len(out):
        return None
    return out


def _slow(inner: bytes) -> str:
    root = ET.fromstring(b'<si xmlns="' + _MAIN.encode() + b'">' + inner + b"</si>")
    parts: list[str] = []
    for el in root:
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "r":  # a rich-text run; phonetic runs (rPh) are not the cell's text
            parts.extend(t.text or "" for t in el if t.tag.rsplit("}", 1)[-1] == "t")
    text = "".join(parts)
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def mark_piece(xml: bytes) -> bytes | None:
    """The piece with every shared-string cell carrying its index, or None when some
    shared-string cell is written in a shape this does not rewrite."""
    total = xml.count(b't="s"')
    marked = xml.replace(SHARED_CELL, MARKED_CELL)
    if marked.count(b't="s"') != 0 or (total and marked.count(MARKED_CELL) != total):
        return None
    return marked


def resolve(rows: list[list[object]], strings: list[str]) -> None:
    """Marked cells back to their strings, in place."""
    mark = MARK
    get = strings.__getitem__
    for k, row in enumerate(rows):
        rows[k] = [get(int(v[1:])) if v.__class__ is str and v[:1] == mark else v for v in row]
