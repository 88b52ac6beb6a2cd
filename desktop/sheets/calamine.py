"""Calling python-calamine: a sheet read whole, or one piece of a large sheet.

Calamine is the fastest reader measured here, but it parses a sheet entirely (~2 KB a
row) and python-calamine offers no cell streaming, so `xlsx.py` hands it the pieces of a
large sheet, each wrapped here in a minimal stored workbook of its own.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.sheets import limits, zipguard
from desktop.sheets.chunk import Chunk
from desktop.sheets.errors import SheetError

_REL_NS = b"http://schemas.openxmlformats.org/package/2006/relationships"
_R = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/>'
    b'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.styles+xml"/></Types>'
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="' + _REL_NS + b'">'
    b'<Relationship Id="rId1" Type="' + _R + b'/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)


def _book_xml(date1904: bool) -> bytes:
    pr = b'<workbookPr date1904="1"/>' if date1904 else b""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" xmlns:r="' + _R + b'">' + pr + b'<sheets><sheet name="S" '
        b'sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _book_rels(shared: bool, styles: bool) -> bytes:
    parts = [
        b'<Relationship Id="rId1" Type="' + _R + b'/worksheet" Target="worksheets/sheet1.xml"/>'
    ]
    if shared:
        parts.append(
            b'<Relationship Id="rId2" Type="' + _R + b'/sharedStrings" Target="sharedStrings.xml"/>'
        )
    if styles:
        parts.append(b'<Relationship Id="rId3" Type="' + _R + b'/styles" Target="styles.xml"/>')
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="' + _REL_NS + b'">'
        + b"".join(parts) + b"</Relationships>"
    )  # fmt: skip


def parse_piece(
    xml: bytes,
    file: str,
    sheet: str,
    date1904: bool,
    shared: zipguard.RawMember | None,
    styles: zipguard.RawMember | None,
) -> Chunk:
    """One piece of worksheet XML parsed by calamine, in a workbook of its own carrying
    the source's styles (which cells are dates) and, when given, its shared strings."""
    from python_calamine import CalamineWorkbook

    members = [
        zipguard.stored("[Content_Types].xml", _CONTENT_TYPES),
        zipguard.stored("_rels/.rels", _ROOT_RELS),
        zipguard.stored("xl/workbook.xml", _book_xml(date1904)),
        zipguard.stored(
            "xl/_rels/workbook.xml.rels", _book_rels(shared is not None, styles is not None)
        ),
        zipguard.stored("xl/worksheets/sheet1.xml", xml),
    ]
    members += [m for m in (shared, styles) if m is not None]
    data = zipguard.build_zip(members)
    del xml, members
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            ws = wb.get_sheet_by_index(0)
            start = ws.start
            rows = ws.to_python() if start is not None else []
        finally:
            wb.close()
    except Exception as exc:  # calamine raises several unrelated types for bad XML
        raise SheetError(
            file, f"工作表内容无法解析，文件可能已损坏（{exc}）", sheet=sheet
        ) from None
    if start is None:
        return Chunk(1, 0, [])
    return Chunk(start[0] + 1, start[1], rows)


def whole_sheet(path: Path, file: str, sheet: str, *, by_content: bool = False) -> Iterator[Chunk]:
    """A sheet parsed whole by calamine, handed on in runs of rows. `by_content`: the
    suffix does not tell the format (an .xlsx saved as .xls)."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        if not by_content:
            wb = CalamineWorkbook.from_path(str(path))
        else:
            with path.open("rb") as fh:
                wb = CalamineWorkbook.from_filelike(fh)
        ws = wb.get_sheet_by_name(sheet)
    except PasswordError:
        raise SheetError(
            file, "无法打开工作簿：文件设有打开密码，请在 Excel 中取消密码后另存"
        ) from None
    except Exception as exc:  # calamine raises several unrelated types for a bad file
        raise SheetError(
            file, f"无法打开工作簿：文件已损坏或格式不对（{exc}）", sheet=sheet
        ) from None
    start = ws.start
    if start is None:
        wb.close()
        return
    col0 = start[1]
    batch: list[list[Any]] = []
    row0 = 1
    try:
        # iter_rows starts at the sheet's first row but at the data's first column.
        for row in ws.iter_rows():
            batch.append(row)
            if len(batch) == limits.ROWS_PER_CHUNK:
                yield Chunk(row0, col0, batch)
                row0 += len(batch)
                batch = []
    except Exception as exc:
        raise SheetError(file, f"工作表内容无法解析（{exc}）", sheet=sheet) from None
    finally:
        wb.close()
    if batch:
        yield Chunk(row0, col0, batch)
