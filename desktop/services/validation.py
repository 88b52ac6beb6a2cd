"""Validating a file: read, map the header, normalise, add the photos, run the rules."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.fields import BatchKind
from desktop.domain.photos import PhotoIndex
from desktop.domain.rules.base import Context, Finding, Severity
from desktop.domain.rules.engine import validate
from desktop.domain.table import Table
from desktop.sheets.headers import HeaderMap, Overrides
from desktop.sheets.layouts import LayoutMemory
from desktop.sheets.loader import CancelToken, Loaded, load


@dataclass
class FileValidation:
    file: str
    sheet: str | None
    header: HeaderMap
    table: Table
    findings: list[Finding]
    loaded: Loaded | None = None
    photos: PhotoIndex | None = None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


def load_table(path: Path, kind: BatchKind, sheet: str | None = None) -> tuple[Table, HeaderMap]:
    loaded = load(path, kind, sheet)
    return loaded.table, loaded.header


def layout_memory(home: Path) -> LayoutMemory:
    """The header corrections remembered in a workspace's folder (`regdesk validate --map`
    keeps them in the same file when `--data-dir` names that folder)."""
    return LayoutMemory.at(home)


def validate_file(
    path: Path,
    kind: BatchKind,
    ctx: Context,
    sheet: str | None = None,
    *,
    photos: Path | None = None,
    corrections: Overrides | None = None,
    data_dir: Path | None = None,
    remember: bool = True,
    progress: Callable[[int], None] | None = None,
    cancel: CancelToken | None = None,
) -> FileValidation:
    """`corrections` (header key -> field, None to ignore) fix the header mapping and,
    with `remember`, are kept for the file's layout in `data_dir`."""
    memory = LayoutMemory.at(data_dir) if remember else None
    loaded = load(
        path, kind, sheet, corrections=corrections, memory=memory, progress=progress, cancel=cancel
    )
    index = None
    if photos is not None:
        from desktop.sheets.photos import scan_photos

        index = scan_photos(photos)
        ctx = dataclasses.replace(ctx, photos=index)
    return FileValidation(
        file=loaded.file,
        sheet=loaded.sheet,
        header=loaded.header,
        table=loaded.table,
        findings=validate(loaded.table, ctx),
        loaded=loaded,
        photos=index,
    )
