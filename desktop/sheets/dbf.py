"""`.dbf` exports of older student systems (dBASE/FoxPro, GBK text, CHSI field codes).

Numeric fields are taken as the digits written in the file, not as numbers: a DBF
keeps an ID or 考生号 in an N field as exact decimal text, and turning it into an int
or float would lose leading zeros or trip the 15-digit precision check.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.sheets.chunk import Chunk, SingleSheet, chunk_sizes
from desktop.sheets.errors import SheetError


def _dbfread() -> Any:
    """dbfread ships no type information: used as an untyped module."""
    return importlib.import_module("dbfread")


def _parser_class() -> type[Any]:
    field_parser: Any = _dbfread().FieldParser

    class TextNumbers(field_parser):  # type: ignore[misc]
        def parseN(self, field: Any, data: bytes) -> str | None:
            text = data.strip().strip(b"*").decode("ascii", "strict")
            return text or None

        parseF = parseN

    return TextNumbers


@dataclass
class DbfBook(SingleSheet):
    file: str
    path: Path
    date1904: bool = False

    def chunks(self, sheet: str | None = None) -> Iterator[Chunk]:
        dbfread = _dbfread()
        missing_memo = importlib.import_module("dbfread.exceptions").MissingMemoFile
        try:
            table = dbfread.DBF(
                str(self.path),
                encoding="gb18030",
                char_decode_errors="strict",
                parserclass=_parser_class(),
                recfactory=None,
            )
        except missing_memo:
            raise SheetError(
                self.file, "缺少同名的备注文件（.fpt 或 .dbt），请与 DBF 文件放在同一文件夹"
            ) from None
        except (ValueError, UnicodeDecodeError, OSError, EOFError) as exc:
            raise SheetError(self.file, f"DBF 文件已损坏或格式不对（{exc}）") from None
        yield Chunk(1, 0, [list(table.field_names)])
        sizes = chunk_sizes()
        size = next(sizes)
        batch: list[list[Any]] = []
        row0 = 2
        try:
            for record in table:
                batch.append(["" if value is None else value for _, value in record])
                if len(batch) == size:
                    yield Chunk(row0, 0, batch)
                    row0 += len(batch)
                    batch, size = [], next(sizes)
        except UnicodeDecodeError:
            raise SheetError(
                self.file, "文字编码无法识别（应为 GBK/GB18030）", row=row0 + len(batch)
            ) from None
        except (ValueError, OSError, EOFError) as exc:
            raise SheetError(self.file, f"记录无法读取（{exc}）", row=row0 + len(batch)) from None
        if batch:
            yield Chunk(row0, 0, batch)
