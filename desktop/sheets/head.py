"""The top of a sheet for an import preview: its first rows, the header row detected
(and the one a clerk chose), the mapping it gives, and the first data rows below it.

Reads only as far as the preview needs (streamed formats stop after a few chunks), and
maps the header exactly as `loader.load` will: same detection, same remembered layouts,
same corrections — what the clerk sees is what gets imported.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.fields import BatchKind
from desktop.domain.table import gc_paused
from desktop.sheets.errors import SheetError
from desktop.sheets.headers import HEADER_SEARCH_ROWS, HeaderMap, Overrides
from desktop.sheets.layouts import LayoutMemory
from desktop.sheets.loader import blank_row, detect, header_at, read_top, suggest_sheet
from desktop.sheets.reader import Book, open_book, pick_sheet

SAMPLE_ROWS = 20


@dataclass
class Head:
    file: str
    sheet: str | None
    top: list[list[Any]]  # rows 1..HEADER_SEARCH_ROWS, cells at sheet columns, None blank
    detected: int | None  # the header row an import would find by itself (1-based)
    header: HeaderMap | None  # the header in use: the chosen row, else the detected one
    layout: str | None  # fingerprint of the header row in use
    remembered: bool  # a correction remembered for this layout applied
    sample: list[tuple[int, list[Any]]]  # first data rows below the header: (row, cells)


@dataclass
class Sheets:
    names: list[str]  # visible sheets in workbook order; empty for CSV and DBF
    suggested: str | None  # the one an import would read


def list_sheets(path: Path, kind: BatchKind, memory: LayoutMemory | None = None) -> Sheets:
    book = open_book(path)
    try:
        names = book.visible_names or book.sheet_names
        if len(names) <= 1:
            return Sheets(names, names[0] if names else None)
        with gc_paused():
            return Sheets(names, suggest_sheet(book, kind, memory) or names[0])
    finally:
        book.close()


def read_head(
    path: Path,
    kind: BatchKind,
    sheet: str | None = None,
    *,
    header_row: int | None = None,
    corrections: Overrides | None = None,
    memory: LayoutMemory | None = None,
    sample: int = SAMPLE_ROWS,
) -> Head:
    """A header that cannot be detected is no error here (`header` is None): the clerk
    may still point at the right row."""
    book = open_book(path)
    try:
        # A first chunk is thousands of rows of fresh lists: left on, the cyclic GC may
        # start a full collection of the whole process here, holding the GIL (and so the
        # window) for a quarter of a second.
        with gc_paused():
            return _read(book, kind, sheet, header_row, corrections or {}, memory, sample)
    finally:
        book.close()


def _read(
    book: Book,
    kind: BatchKind,
    sheet: str | None,
    header_row: int | None,
    fixes: Overrides,
    memory: LayoutMemory | None,
    sample: int,
) -> Head:
    name = pick_sheet(book, sheet)
    top, seen, rest = read_top(book, name)
    top = top[:HEADER_SEARCH_ROWS]
    if not any(any(c is not None for c in row) for row in top):
        raise SheetError(book.file, "工作表是空的（没有任何内容），找不到表头行", name)
    found = detect(top, kind, fixes, memory)
    detected = found[0].row if found is not None else None
    if header_row is not None:
        found = header_at(top, kind, header_row, fixes, memory, book.file, name)
    if found is None:
        return Head(book.file, name, top, None, None, None, False, [])
    header, layout, remembered = found
    rows: list[tuple[int, list[Any]]] = []
    for chunk in itertools.chain(seen, rest):
        pad: list[Any] = [None] * chunk.col0
        for number, row in enumerate(chunk.rows, start=chunk.row0):
            if number <= header.row or blank_row(row):
                continue
            rows.append((number, pad + [None if c == "" else c for c in row]))
            if len(rows) >= sample:
                return Head(book.file, name, top, detected, header, layout, remembered, rows)
    return Head(book.file, name, top, detected, header, layout, remembered, rows)
