"""Opening any office file as a `Book` of sheets that hand out rows in chunks.

| suffix | reader |
|---|---|
| `.xlsx` `.xlsm` | python-calamine, whole or in pieces (`xlsx.py`) |
| `.xls` `.xlsb` `.ods` | python-calamine, whole (`whole.py`) |
| `.csv` `.txt` | strict UTF-8 / GB18030 / UTF-16 with BOM, streamed (`textfile.py`) |
| `.dbf` | dbfread, GBK text, numbers kept as written (`dbf.py`) |

The content decides, not the name: a file whose bytes are not what its suffix says is
refused with one message naming what it really is (`sniff.py`) — except a real `.xlsx`
saved under `.xls`, which is simply read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from desktop.sheets.chunk import Chunk
from desktop.sheets.errors import SheetError
from desktop.sheets.sniff import Content, mismatch, sniff
from desktop.sheets.textfile import decode_text

__all__ = ["SUPPORTED", "Book", "RawSheet", "decode_text", "open_book", "read_sheet"]

OOXML_SUFFIXES = frozenset({".xlsx", ".xlsm"})
WHOLE_SUFFIXES = frozenset({".xls", ".xlsb", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})
DBF_SUFFIXES = frozenset({".dbf"})
SUPPORTED = OOXML_SUFFIXES | WHOLE_SUFFIXES | CSV_SUFFIXES | DBF_SUFFIXES

_PASSWORD = "无法打开工作簿：文件设有打开密码（已加密），请在 Excel 中取消密码后另存，再导入"


class Book(Protocol):
    file: str
    date1904: bool

    @property
    def sheet_names(self) -> list[str]: ...

    @property
    def visible_names(self) -> list[str]: ...

    def chunks(self, sheet: str) -> Iterator[Chunk]: ...

    def close(self) -> None: ...


def open_book(path: Path) -> Book:
    """The file opened for reading; every refusal is a `SheetError` naming the file."""
    name = path.name
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError(name, "文件不存在或不是普通文件")
    if suffix not in SUPPORTED:
        supported = "、".join(sorted(SUPPORTED))
        raise SheetError(name, f"不支持的文件类型“{suffix or '无扩展名'}”（支持 {supported}）")
    content = sniff(path)
    if content is Content.ENCRYPTED:
        raise SheetError(name, _PASSWORD)
    if suffix in CSV_SUFFIXES:
        if content in (Content.ZIP, Content.OLE2, Content.PDF, Content.DBF):
            raise mismatch(name, suffix, content)
        from desktop.sheets.textfile import open_text

        return open_text(path, name)
    if content is Content.EMPTY:
        raise SheetError(name, "文件是空的（0 字节），找不到表头行，没有可导入的数据")
    if suffix in DBF_SUFFIXES:
        if content is not Content.DBF:
            raise mismatch(name, suffix, content)
        from desktop.sheets.dbf import DbfBook

        return DbfBook(name, path)
    if suffix in OOXML_SUFFIXES or (suffix == ".xls" and content is Content.ZIP):
        if content is not Content.ZIP:
            raise mismatch(name, suffix, content)
        from desktop.sheets.xlsx import open_xlsx

        return open_xlsx(path, name)
    expected = Content.OLE2 if suffix == ".xls" else Content.ZIP
    if content is not expected:
        raise mismatch(name, suffix, content)
    from desktop.sheets.whole import open_whole

    return open_whole(path, name, suffix)


def pick_sheet(book: Book, sheet: str | None) -> str | None:
    """The sheet asked for (refused with the list when absent), else the first one."""
    names = book.sheet_names
    if not names:
        return None
    if sheet is None:
        return (book.visible_names or names)[0]
    if sheet not in names:
        raise SheetError(book.file, f"没有名为“{sheet}”的工作表（现有：{'、'.join(names)}）")
    return sheet


@dataclass
class RawSheet:
    file: str
    sheet: str | None
    rows: list[list[Any]]  # every row from row 1, cells at their sheet columns; None blank


def read_sheet(path: Path, sheet: str | None = None) -> RawSheet:
    """A whole sheet in memory (small files, tests, previews); imports use `open_book`."""
    book = open_book(path)
    try:
        name = pick_sheet(book, sheet)
        rows: list[list[Any]] = []
        for chunk in book.chunks(name or ""):
            while len(rows) < chunk.row0 - 1:
                rows.append([])
            pad: list[Any] = [None] * chunk.col0
            rows.extend(pad + [None if c == "" else c for c in row] for row in chunk.rows)
        while rows and all(c is None for c in rows[-1]):
            rows.pop()
        return RawSheet(book.file, name, rows)
    finally:
        book.close()
