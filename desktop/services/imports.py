"""The import wizard's use cases: the sheets of a file, a preview of its header and first
rows, a clerk's corrections of the column mapping, and the import itself. For a file
over `ISOLATE_ABOVE` the reading runs in a child process (`services.child`): parsing a
large sheet holds the GIL in C for longer than the window may wait.

A `Preview` maps the header exactly as the import will (`sheets.head` shares the
loader's detection and remembered layouts), and `assign` recomputes the mapping after a
correction without reading the file again. Cell texts in a preview are display text
with ID numbers masked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.crash import mask_text
from desktop.domain.fields import BatchKind
from desktop.domain.idcards import mask_id
from desktop.domain.records import kind_fields, required_fields
from desktop.domain.roles import Action
from desktop.services import batches, child, isolated
from desktop.services.progress import CancelToken, Progress
from desktop.services.validation import layout_memory
from desktop.services.workspace import Session
from desktop.sheets.head import Sheets, list_sheets, read_head
from desktop.sheets.headers import header_key, map_header, spellings
from desktop.sheets.reader import SUPPORTED
from desktop.store.batches import BatchInfo

__all__ = [
    "SUPPORTED",
    "BatchInfo",
    "Column",
    "FieldChoice",
    "ImportRequest",
    "Preview",
    "Sheets",
    "assign",
    "field_choices",
    "preview",
    "run_import",
    "sheets",
]

ID_FIELDS = frozenset({"sfzh"})
# 18-digit values that are not identity numbers: shown as they are once a column is known
# to hold them. Anywhere else an 18-digit number is masked, whatever it turns out to be.
CLEAR_FIELDS = frozenset({"zsbh"})


@dataclass(frozen=True)
class FieldChoice:
    name: str
    label: str
    required: bool


def field_choices(kind: BatchKind) -> list[FieldChoice]:
    required = set(required_fields(kind))
    return [FieldChoice(f.name, f.label, f.name in required) for f in kind_fields(kind)]


@dataclass(frozen=True)
class Column:
    index: int  # sheet column, 0-based
    header: str  # the header cell as in the file
    key: str  # what a correction is keyed by (`headers.header_key`)
    field: str | None  # the field it imports into; None: not imported
    how: str  # "auto", "remembered" (a correction kept for this layout) or "corrected"


@dataclass(frozen=True)
class Preview:
    file: str
    sheet: str | None
    kind: BatchKind
    top: list[list[str]]  # the first rows of the sheet, display text, to choose the header
    detected: int | None  # the header row found by itself (1-based)
    header_row: int | None  # the header row in use; None when none was found
    columns: list[Column]
    sample_rows: list[int]  # sheet row numbers of the sample
    sample: list[list[str]]  # display text of the first data rows, one cell per column
    remembered: bool  # a remembered correction for this layout applied
    corrections: dict[str, str | None] = field(default_factory=dict)  # the clerk's, so far
    recalled: dict[str, str | None] = field(default_factory=dict, repr=False)
    header_cells: list[Any] = field(default_factory=list, repr=False)
    cells: list[list[Any]] = field(default_factory=list, repr=False)  # raw sample cells

    @property
    def mapped(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns if c.field is not None}

    @property
    def unmapped(self) -> list[Column]:
        return [c for c in self.columns if c.field is None]

    @property
    def missing(self) -> list[str]:
        """Required fields no column imports into."""
        mapped = self.mapped
        return [name for name in required_fields(self.kind) if name not in mapped]


# Starting a child costs about a second (imports); below ~1 MB (5k-10k rows) the
# GIL-holding stretches of reading in a thread stay well under what a clerk notices.
ISOLATE_ABOVE = 1 << 20


def _large(path: Path) -> bool:
    try:
        return path.stat().st_size > ISOLATE_ABOVE
    except OSError:
        return False  # the reader names the file in its own message


def sheets(session: Session, path: Path, kind: BatchKind) -> Sheets:
    session.require(Action.IMPORT)
    memory = layout_memory(session.workspace.home)
    if _large(path):  # choosing a sheet reads the head of each
        return child.call(list_sheets, path, kind, memory, controlled=False)
    return list_sheets(path, kind, memory)


def preview(
    session: Session,
    path: Path,
    kind: BatchKind,
    sheet: str | None = None,
    *,
    header_row: int | None = None,
    corrections: Mapping[str, str | None] | None = None,
    rows: int = 20,
) -> Preview:
    session.require(Action.IMPORT)
    memory = layout_memory(session.workspace.home)
    fixes = dict(corrections or {})
    how: dict[str, Any] = {
        "header_row": header_row, "corrections": fixes, "memory": memory, "sample": rows
    }  # fmt: skip
    if _large(path):
        head = child.call(read_head, path, kind, sheet, controlled=False, kwargs=how)
    else:
        head = read_head(path, kind, sheet, **how)
    top = [[_text(c) for c in row] for row in head.top]
    base = Preview(
        file=head.file,
        sheet=head.sheet,
        kind=kind,
        top=[[mask_text(t) for t in row] for row in top],
        detected=head.detected,
        header_row=None,
        columns=[],
        sample_rows=[number for number, _ in head.sample],
        sample=[],
        remembered=head.remembered,
        corrections=fixes,
    )
    if head.header is None or head.layout is None:
        return base
    row = head.header.row
    return _mapped(
        dataclasses.replace(
            base,
            header_row=row,
            recalled=memory.recall(head.layout) or {},
            header_cells=list(head.top[row - 1]),
            cells=[cells for _, cells in head.sample],
        ),
        fixes,
    )


def assign(p: Preview, index: int, target: str | None) -> Preview:
    """`p` with sheet column `index` imported into field `target` (None: not imported).
    A field goes to one column only: a column that had it gives it up."""
    column = next(c for c in p.columns if c.index == index)
    fixes = dict(p.corrections)
    fixes[column.key] = target
    if target is not None:
        for other in p.columns:
            if other.index != index and other.field == target:
                fixes[other.key] = None
    automatic = spellings(p.kind)
    for key, value in list(fixes.items()):
        if key not in p.recalled and automatic.get(key) == value:
            del fixes[key]  # back to what the header says by itself: no correction
    return _mapped(p, fixes)


def _mapped(p: Preview, fixes: dict[str, str | None]) -> Preview:
    assert p.header_row is not None
    header = map_header(p.header_cells, p.kind, p.header_row, {**p.recalled, **fixes})
    columns = []
    for index, cell in enumerate(p.header_cells):
        text = _text(cell)
        if not text.strip():
            continue
        key = header_key(text)
        how = "corrected" if key in fixes else "remembered" if key in p.recalled else "auto"
        columns.append(Column(index, text, key, header.fields.get(index), how))
    sample = [[_display(row, c) for c in columns] for row in p.cells]
    return dataclasses.replace(p, columns=columns, sample=sample, corrections=fixes)


def _display(row: Sequence[Any], column: Column) -> str:
    text = _text(row[column.index]) if column.index < len(row) else ""
    if column.field in ID_FIELDS and text:
        return mask_id(text)
    return text if column.field in CLEAR_FIELDS else mask_text(text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    kind: BatchKind
    name: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    corrections: dict[str, str | None] = field(default_factory=dict)


def run_import(
    session: Session,
    request: ImportRequest,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    isolate: bool | None = None,
) -> BatchInfo:
    """The import, in a child process for a large file (`isolate` None: by size); blocks
    the calling worker thread. All or nothing, like `batches.import_file`: a cancel or a
    failure leaves nothing behind. Progress is (rows read, 0) while the file is read,
    then (rows saved, rows)."""
    session.require(Action.IMPORT)
    if isolate is None:
        isolate = _large(request.path)
    if not isolate:
        return _import(session, request, progress, cancel)
    return child.call(
        _import_in_child, isolated.ticket(session), request, progress=progress, cancel=cancel
    )


def _import(
    session: Session,
    request: ImportRequest,
    progress: Progress | None,
    cancel: CancelToken | None,
) -> BatchInfo:
    def rows_read(rows: int) -> None:
        if progress is not None:
            progress(rows, 0)  # no total yet: the wizard shows rows read

    return batches.import_file(
        session, request.path, request.kind, name=request.name, sheet=request.sheet,
        header_row=request.header_row, corrections=request.corrections, layouts=True,
        progress=progress, cancel=cancel, reading=rows_read,
    )  # fmt: skip


def _import_in_child(
    ticket: isolated.Ticket, request: ImportRequest, *, progress: Progress, cancel: CancelToken
) -> BatchInfo:
    session = isolated.resume(ticket)
    try:
        return _import(session, request, progress, cancel)
    finally:
        session.workspace.engine.dispose()
