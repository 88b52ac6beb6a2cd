"""Real files in real formats, written byte by byte where no dependency can write them.

`.xlsx` comes from openpyxl; `.ods`, `.xlsb` and `.dbf` are assembled here from their
published structures (ODF 1.2, MS-XLSB records, dBASE III) — small, but real enough
that python-calamine and dbfread read them as they read office files.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl

Rows = Sequence[Sequence[Any]]


def write_xlsx(path: Path, sheets: Mapping[str, Rows], *, mac1904: bool = False) -> Path:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    if mac1904:
        book.epoch = CALENDAR_MAC_1904
    first = True
    for title, rows in sheets.items():
        ws = book.active if first else book.create_sheet()
        assert ws is not None
        first = False
        ws.title = title
        for row in rows:
            ws.append(list(row))
    book.save(path)
    return path


# --- .ods ------------------------------------------------------------------------------

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value: Any) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, (date, datetime)):
        iso = value.isoformat()
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{iso}">'
            f"<text:p>{iso}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


def write_ods(path: Path, sheets: Mapping[str, Rows], *, content: bytes | None = None) -> Path:
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
        f'office:version="1.2"><office:body><office:spreadsheet>{tables}'
        "</office:spreadsheet></office:body></office:document-content>"
    ).encode()
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        b'<manifest:file-entry manifest:full-path="/" manifest:media-type='
        b'"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        b'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )  # fmt: skip
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content if content is not None else xml)
    return path


# --- .xlsb (MS-XLSB records) -------------------------------------------------------------


def _varint(n: int, limit: int) -> bytes:
    out = bytearray()
    for _ in range(limit):
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            break
    return bytes(out)


def _record(typ: int, data: bytes = b"") -> bytes:
    return _varint(typ, 2) + _varint(len(data), 4) + data


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _xlsb_cell(col: int, value: Any) -> bytes:
    head = struct.pack("<II", col, 0)
    if value is None:
        return b""
    if isinstance(value, bool):
        return _record(0x04, head + bytes([int(value)]))
    if isinstance(value, (int, float)):
        return _record(0x05, head + struct.pack("<d", float(value)))
    return _record(0x06, head + _wide(str(value)))


def write_xlsb(path: Path, sheets: Mapping[str, Rows]) -> Path:
    rels = ['<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">']  # fmt: skip
    bundles = b""
    parts: dict[str, bytes] = {}
    for n, (name, rows) in enumerate(sheets.items(), start=1):
        rid = f"rId{n}"
        rels.append(
            f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{n}.bin"/>'
        )
        bundles += _record(0x9C, struct.pack("<II", 0, n) + _wide(rid) + _wide(name))
        width = max((len(r) for r in rows), default=1)
        body = _record(0x81) + _record(
            0x94, struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, width - 1)
        )
        body += _record(0x91)
        for r, row in enumerate(rows):
            body += _record(0x00, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 0))
            body += b"".join(_xlsb_cell(c, v) for c, v in enumerate(row))
        body += _record(0x92) + _record(0x82)
        parts[f"xl/worksheets/sheet{n}.bin"] = body
    rels.append("</Relationships>")
    book = _record(0x83) + _record(0x8F) + bundles + _record(0x90) + _record(0x84)
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.'
        'ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/></Types>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("xl/workbook.bin", book)
        z.writestr("xl/_rels/workbook.bin.rels", "".join(rels))
        for name, data in parts.items():
            z.writestr(name, data)
    return path


# --- .dbf (dBASE III) --------------------------------------------------------------------


def write_dbf(
    path: Path, fields: Sequence[tuple[str, str, int]], records: Rows, *, encoding: str = "gbk"
) -> Path:
    """`fields`: (name, type C/N/D/L, width)."""
    record_len = 1 + sum(w for _, _, w in fields)
    header_len = 32 + 32 * len(fields) + 1
    out = io.BytesIO()
    out.write(struct.pack("<BBBBIHH20x", 0x03, 126, 6, 30, len(records), header_len, record_len))
    for name, typ, width in fields:
        out.write(struct.pack("<11sc4xBB14x", name.encode("ascii"), typ.encode(), width, 0))
    out.write(b"\r")
    for record in records:
        out.write(b" ")
        for (_, typ, width), value in zip(fields, record, strict=True):
            if value is None:
                raw = b""
            elif typ == "D":
                raw = value.strftime("%Y%m%d").encode()
            elif typ == "L":
                raw = b"T" if value else b"F"
            else:
                raw = str(value).encode(encoding)
            out.write(raw.rjust(width) if typ == "N" else raw.ljust(width))
    out.write(b"\x1a")
    path.write_bytes(out.getvalue())
    return path


# --- hostile files -----------------------------------------------------------------------


def replace_member(source: Path, target: Path, member: str, data: bytes, **info: Any) -> Path:
    """A copy of a zip with one member's bytes replaced (and its header fields patched)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item.filename, data if item.filename == member else src.read(item.filename))
    return target


def zip_bomb(path: Path, base: Path, megabytes: int) -> Path:
    """A workbook whose sheet inflates from a few hundred KB to `megabytes` MB of zeros,
    its sizes declared honestly (as real bombs do)."""
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                z.writestr(item.filename, src.read(item.filename))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                fh.write(block)
    return path


def lie_about_size(path: Path, member: str, size: int) -> Path:
    """Patch a member's declared uncompressed size in both headers (a lying bomb)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len] == name:
            struct.pack_into("<I", data, at + 24, size)
            local = struct.unpack_from("<I", data, at + 42)[0]
            struct.pack_into("<I", data, local + 22, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


# --- .xlsx with a shared-string table (as Excel and WPS write it) ------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _col(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def write_shared_xlsx(
    path: Path, rows: Rows, *, sheet: str = "Sheet1", date1904: bool = False
) -> Path:
    """Text in the shared-string table, numbers as numbers, dates as serials with the
    built-in date format (style 1): the shape Excel saves."""
    strings: dict[str, int] = {}
    body = []
    epoch = date(1904, 1, 1) if date1904 else date(1899, 12, 30)
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_col(c)}{r}"
            if value is None:
                continue
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif isinstance(value, date):
                cells.append(f'<c r="{ref}" s="1"><v>{(value - epoch).days}</v></c>')
            else:
                index = strings.setdefault(str(value), len(strings))
                cells.append(f'<c r="{ref}" s="0" t="s"><v>{index}</v></c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet_xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}" '
        f'xmlns:r="{_REL}"><dimension ref="A1"/><sheetData>{"".join(body)}</sheetData></worksheet>'
    )
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    sst = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{_MAIN}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_MAIN}">'
        '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1">'
        '<border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2">'
        '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
    )
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    book = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" '
        f'xmlns:r="{_REL}">{pr}<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/></Types>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("xl/styles.xml", styles)
    return path
