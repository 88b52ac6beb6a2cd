"""The one error a reader raises: it names the file, and the sheet, row and column when known."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SheetError(Exception):
    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"“{self.column}”列")
        return f"{'，'.join(where)}：{self.message}"
