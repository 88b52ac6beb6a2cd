"""Validating a file: read, map the header, normalise, run the rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.fields import BatchKind
from desktop.domain.rules.base import Context, Finding, Severity
from desktop.domain.rules.engine import validate
from desktop.domain.table import Table, build_table
from desktop.sheets.errors import SheetError
from desktop.sheets.headers import HeaderMap, find_header
from desktop.sheets.reader import read_sheet


@dataclass
class FileValidation:
    file: str
    sheet: str | None
    header: HeaderMap
    table: Table
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def load_table(path: Path, kind: BatchKind, sheet: str | None = None) -> tuple[Table, HeaderMap]:
    raw = read_sheet(path, sheet)
    header = find_header(raw.rows, kind)
    if header is None:
        raise SheetError(
            raw.file,
            f"找不到表头行：前几行中没有{kind.label}的列名（如 姓名、证件号码）",
            raw.sheet,
        )
    columns: dict[str, list[Any]] = {name: [] for name in header.fields.values()}
    row_numbers: list[int] = []
    width = len(raw.rows[header.row - 1])
    for number, cells in enumerate(raw.rows[header.row :], start=header.row + 1):
        if all(_blank(c) for c in cells):
            continue  # blank rows between and after the data are layout, not records
        row_numbers.append(number)
        padded = list(cells) + [None] * (width - len(cells))
        for col, name in header.fields.items():
            columns[name].append(padded[col] if col < len(padded) else None)
    if not row_numbers:
        raise SheetError(raw.file, "表头下方没有数据行", raw.sheet, row=header.row)
    table = build_table(
        kind,
        columns,
        rows=row_numbers,
        headers=header.headers,
        ignored_columns=header.ignored,
    )
    return table, header


def validate_file(
    path: Path, kind: BatchKind, ctx: Context, sheet: str | None = None
) -> FileValidation:
    table, header = load_table(path, kind, sheet)
    return FileValidation(
        file=path.name,
        sheet=sheet,
        header=header,
        table=table,
        findings=validate(table, ctx),
    )
