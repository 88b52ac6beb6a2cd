"""A file to a typed `Table`: open, choose the sheet, find and map the header, stream the
rows into columns, normalise.

Rows arrive in chunks and go straight into per-field column lists, so the rows of the
file are never all held at once. Repeating texts (codes, dates, the school's name) are
shared between cells as they arrive: the reader makes a new string for every cell, and
a million rows of 21 cells would otherwise hold twenty million small strings.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from desktop.domain.fields import BatchKind
from desktop.domain.table import Table, build_table, gc_paused
from desktop.sheets.chunk import Chunk
from desktop.sheets.errors import SheetError
from desktop.sheets.headers import (
    HEADER_SEARCH_ROWS,
    HeaderMap,
    Overrides,
    find_header,
    fingerprint,
    map_header,
)
from desktop.sheets.layouts import LayoutMemory, merged
from desktop.sheets.reader import Book, open_book, pick_sheet

_PROBE = 4096  # cells of a column looked at before deciding whether sharing pays


class Cancelled(Exception):
    """The clerk cancelled a long import."""


class CancelToken(Protocol):
    def is_set(self) -> bool: ...


@dataclass
class Loaded:
    file: str
    sheet: str | None
    header: HeaderMap
    table: Table
    layout: str  # fingerprint of the header row
    columns: list[tuple[int, str]]  # every header cell (column index, text) in file order
    extra: dict[int, list[Any]] = field(default_factory=dict)  # unmapped columns' cells
    remembered: bool = False  # a remembered correction of this layout was applied


def load(
    path: Path,
    kind: BatchKind,
    sheet: str | None = None,
    *,
    corrections: Overrides | None = None,
    memory: LayoutMemory | None = None,
    progress: Callable[[int], None] | None = None,
    cancel: CancelToken | None = None,
    header_row: int | None = None,
    remember: bool = True,
) -> Loaded:
    """`header_row` (1-based) overrides the detected header row (a clerk's choice).
    `corrections` are kept in `memory` for the file's layout unless `remember` is False
    (an import remembers them only once it is saved: see `remember_layout`)."""
    book = open_book(path)
    try:
        # Millions of cells arrive as short-lived lists; the cyclic GC would rescan the
        # growing columns again and again.
        with gc_paused():
            start = _choose(book, kind, sheet, corrections or {}, memory, header_row)
            keep = memory if remember else None
            return _load(book, start, kind, corrections or {}, keep, progress, cancel)
    finally:
        book.close()


def remember_layout(
    memory: LayoutMemory, loaded: Loaded, kind: BatchKind, corrections: Overrides
) -> None:
    """Keep `corrections` for the layout of a file loaded with `remember=False`."""
    if not corrections:
        return
    texts = [""] * (max((i for i, _ in loaded.columns), default=-1) + 1)
    for i, text in loaded.columns:
        texts[i] = text
    memory.remember(loaded.layout, kind, texts, merged(memory.recall(loaded.layout), corrections))


@dataclass
class _Start:
    sheet: str | None
    header: HeaderMap
    head: list[list[Any]]  # the top rows (cells at sheet columns), header included
    seen: list[Chunk]  # chunks already read for the header, handed on as they came
    rest: Iterator[Chunk]
    layout: str
    remembered: bool


def _load(
    book: Book,
    start: _Start,
    kind: BatchKind,
    corrections: Overrides,
    memory: LayoutMemory | None,
    progress: Callable[[int], None] | None,
    cancel: CancelToken | None,
) -> Loaded:
    header = start.header
    if not header.fields:
        raise SheetError(
            book.file, "没有任何列对应到字段：请在列对应中指定", start.sheet, row=header.row
        )
    if corrections and memory is not None:
        header_row = start.head[header.row - 1]
        texts = ["" if c is None else str(c) for c in header_row]
        memory.remember(start.layout, kind, texts, merged(memory.recall(start.layout), corrections))
    header_cells = start.head[header.row - 1]
    columns = [(i, str(c)) for i, c in enumerate(header_cells) if c is not None and str(c).strip()]
    extra_at = [i for i, _ in columns if i not in header.fields]
    builder = _Columns(header.fields, extra_at)
    for piece in itertools.chain(start.seen, start.rest):
        if cancel is not None and cancel.is_set():
            raise Cancelled
        if piece.row0 + len(piece.rows) <= header.row + 1:
            continue  # title and header rows
        if piece.row0 <= header.row:
            skip = header.row + 1 - piece.row0
            piece = Chunk(piece.row0 + skip, piece.col0, piece.rows[skip:])  # noqa: PLW2901
        builder.add(piece)
        if progress is not None:
            progress(len(builder.rows))
    if not builder.rows:
        raise SheetError(book.file, "表头下方没有数据行", start.sheet, row=header.row)
    table = build_table(
        kind,
        builder.columns,
        rows=builder.rows,
        headers=header.headers,
        ignored_columns=header.ignored,
        date1904=book.date1904,
    )
    return Loaded(
        file=book.file,
        sheet=start.sheet,
        header=header,
        table=table,
        layout=start.layout,
        columns=columns,
        extra=builder.extra,
        remembered=start.remembered,
    )


def _choose(
    book: Book,
    kind: BatchKind,
    sheet: str | None,
    corrections: Overrides,
    memory: LayoutMemory | None,
    header_row: int | None = None,
) -> _Start:
    """The sheet to read and its header: the one asked for, else the first visible
    sheet whose header names four fields or more, else the one naming the most."""
    first = pick_sheet(book, sheet)
    if header_row is not None:
        chosen = _start(book, kind, first, corrections, memory, header_row)
        if isinstance(chosen, _Start):
            return chosen
        raise SheetError(book.file, "工作表是空的（没有任何内容），找不到表头行", first)
    if sheet is not None or first is None:
        candidates = [first]
    else:
        visible = book.visible_names or book.sheet_names
        candidates = [first, *[n for n in visible if n != first]]
    best: tuple[int, str | None] | None = None
    empty = True
    for name in candidates:
        found = _start(book, kind, name, corrections, memory)
        if found is None:
            continue
        empty = False
        if isinstance(found, _Start):
            if len(found.header.fields) >= 4 or len(candidates) == 1:
                return found
            if best is None or len(found.header.fields) > best[0]:
                best = (len(found.header.fields), name)
            found.rest, found.seen = iter(()), []
    if best is not None:
        again = _start(book, kind, best[1], corrections, memory)
        assert isinstance(again, _Start)
        return again
    if empty:
        what = "工作表" if book.sheet_names else "文件"
        raise SheetError(book.file, f"{what}是空的（没有任何内容），找不到表头行", first)
    raise SheetError(
        book.file, f"找不到表头行：前几行中没有{kind.label}的列名（如 姓名、证件号码）", first
    )


def suggest_sheet(book: Book, kind: BatchKind, memory: LayoutMemory | None) -> str | None:
    """The sheet an import without a chosen sheet reads; None when no sheet has a header."""
    try:
        return _choose(book, kind, None, {}, memory).sheet
    except SheetError:
        return None


def _start(
    book: Book,
    kind: BatchKind,
    name: str | None,
    corrections: Overrides,
    memory: LayoutMemory | None,
    header_row: int | None = None,
) -> _Start | bool | None:
    """The sheet's header; False when it has rows but no header, None when empty."""
    head, seen, chunks = read_top(book, name)
    if not any(chunk.rows for chunk in seen):
        return None
    top = head[:HEADER_SEARCH_ROWS]
    found: Found | None
    if header_row is not None:
        found = header_at(top, kind, header_row, corrections, memory, book.file, name)
    else:
        found = detect(top, kind, corrections, memory)
    if found is None:
        return False
    header, layout, remembered = found
    return _Start(name, header, head, seen, chunks, layout, remembered)


def read_top(book: Book, name: str | None) -> tuple[list[list[Any]], list[Chunk], Iterator[Chunk]]:
    """The sheet's top rows (up to HEADER_SEARCH_ROWS, cells at sheet columns), the
    chunks read for them and the chunks still to come."""
    chunks = book.chunks(name or "")
    head: list[list[Any]] = []
    seen: list[Chunk] = []
    for chunk in chunks:
        seen.append(chunk)
        pad: list[Any] = [None] * chunk.col0
        for number, row in enumerate(chunk.rows, start=chunk.row0):
            if number > HEADER_SEARCH_ROWS:
                break
            while len(head) < number - 1:
                head.append([])
            head.append(pad + [None if c == "" else c for c in row])
        if chunk.row0 + len(chunk.rows) > HEADER_SEARCH_ROWS:
            break
    return head, seen, chunks


Found = tuple[HeaderMap, str, bool]  # the header, its layout, whether a memory applied


def detect(
    top: Sequence[Sequence[Any]],
    kind: BatchKind,
    corrections: Overrides,
    memory: LayoutMemory | None,
) -> Found | None:
    """The header among the top rows: a row of a remembered layout first, else the
    row naming the most fields."""
    for i, cells in enumerate(top):
        layout = fingerprint(kind, cells)
        recalled = memory.recall(layout) if memory is not None else None
        if recalled is not None:
            header = find_header([[]] * i + [cells], kind, merged(recalled, corrections))
            if header is not None:
                return header, layout, True
    header = find_header(top, kind, corrections or None)
    if header is None:
        return None
    return header, fingerprint(kind, top[header.row - 1]), False


def header_at(
    top: Sequence[Sequence[Any]],
    kind: BatchKind,
    row: int,
    corrections: Overrides,
    memory: LayoutMemory | None,
    file: str,
    sheet: str | None,
) -> Found:
    """The header a clerk chose: row `row` (1-based), whatever it names (a clerk maps
    unknown headers by hand); only a blank row is refused."""
    if not 1 <= row <= len(top):
        raise SheetError(file, f"表头行应在第 1–{len(top)} 行之间：第 {row} 行", sheet)
    cells = top[row - 1]
    layout = fingerprint(kind, cells)
    recalled = memory.recall(layout) if memory is not None else None
    if not any(c is not None and str(c).strip() for c in cells):
        raise SheetError(file, "这一行是空行，不能作表头", sheet, row=row)
    header = map_header(cells, kind, row, merged(recalled, corrections))
    return header, layout, recalled is not None


class _Columns:
    """Rows appended chunk by chunk into per-field lists, blank rows dropped."""

    def __init__(self, fields: dict[int, str], extra_at: Sequence[int]) -> None:
        self.fields = fields
        self.columns: dict[str, list[Any]] = {name: [] for name in fields.values()}
        self.extra: dict[int, list[Any]] = {i: [] for i in extra_at}
        self.rows: list[int] = []
        self._shared: dict[int, dict[Any, Any] | None] = {
            i: dict(_BLANK) for i in [*fields, *extra_at]
        }
        self._seen: dict[int, int] = dict.fromkeys(self._shared, 0)

    def add(self, chunk: Chunk) -> None:
        kept: list[list[Any]] = []
        numbers = self.rows
        for number, row in enumerate(chunk.rows, start=chunk.row0):
            if row.count("") >= len(row) - 2 and blank_row(row):
                continue  # blank rows between and after the data are layout, not records
            kept.append(row)
            numbers.append(number)
        if not kept:
            return
        width = max(map(len, kept))
        if any(len(r) != width for r in kept):
            kept = [r + [None] * (width - len(r)) if len(r) < width else r for r in kept]
        cols = list(zip(*kept, strict=True))
        del kept
        targets: list[tuple[int, list[Any]]] = [
            (i, self.columns[n]) for i, n in self.fields.items()
        ]
        targets += list(self.extra.items())
        for at, out in targets:
            local = at - chunk.col0
            if not 0 <= local < width:
                out.extend([None] * len(cols[0]))
                continue
            out.extend(self._cells(at, cols[local]))

    def _cells(self, at: int, values: Sequence[Any]) -> list[Any]:
        # dict methods mapped over the cells run at C speed; "" (a blank cell) maps to
        # None through the seeded key.
        shared = self._shared[at]
        if shared is None:
            return list(map(_BLANK.get, values, values))
        out = list(map(shared.setdefault, values, values))
        self._seen[at] += len(values)
        if self._seen[at] >= _PROBE and len(shared) > self._seen[at] // 2 + 1:
            self._shared[at] = None  # mostly distinct (names, ID numbers): sharing only costs
        return out


_BLANK: dict[Any, Any] = {"": None}


def blank_row(row: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)
