"""Reading a sheet into header + rows of cell values.

`.xlsx`/`.xlsm` go through python-calamine (cached values of formulas, real dates for
date cells, the 1904 date system handled by the reader); `.csv`/`.txt` are decoded
strictly as UTF-8 (with or without BOM) or GB18030, refusing any file that would need a
replacement character.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.sheets.errors import SheetError

CALAMINE_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})
SUPPORTED = CALAMINE_SUFFIXES | CSV_SUFFIXES


@dataclass
class RawSheet:
    file: str
    sheet: str | None
    rows: list[list[Any]]  # every row of the sheet, cells as the reader gives them


def read_sheet(path: Path, sheet: str | None = None) -> RawSheet:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError(path.name, "文件不存在或不是普通文件")
    if suffix in CALAMINE_SUFFIXES:
        return _read_calamine(path, sheet)
    if suffix in CSV_SUFFIXES:
        return RawSheet(path.name, None, list(_read_csv(path)))
    supported = "、".join(sorted(SUPPORTED))
    raise SheetError(path.name, f"不支持的文件类型“{suffix or '无扩展名'}”（支持 {supported}）")


def _read_calamine(path: Path, sheet: str | None) -> RawSheet:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for a bad file
        raise SheetError(
            path.name, f"无法打开工作簿（文件损坏、加密或不是 Excel 文件）：{exc}"
        ) from None
    names = book.sheet_names
    if not names:
        raise SheetError(path.name, "工作簿中没有工作表")
    name = sheet if sheet is not None else names[0]
    if name not in names:
        raise SheetError(path.name, f"没有名为“{name}”的工作表（现有：{'、'.join(names)}）")
    try:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise SheetError(path.name, f"无法读取：{exc}", sheet=name) from None
    return RawSheet(path.name, name, [list(r) for r in rows])


def decode_text(data: bytes, file: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SheetError(
            file, "文件编码无法识别（既不是 UTF-8 也不是 GB18030）", row=line
        ) from None


def _read_csv(path: Path) -> Iterator[list[Any]]:
    text = decode_text(path.read_bytes(), path.name)
    if "\x00" in text:
        raise SheetError(path.name, "文件含有二进制内容，不是文本表格")
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row in reader:
            yield [cell if cell != "" else None for cell in row]
    except csv.Error as exc:
        raise SheetError(path.name, f"CSV 格式错误：{exc}", row=reader.line_num) from None
