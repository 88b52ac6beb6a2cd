"""`.xlsx`/`.xlsm`: read whole when small, in pieces when large, memory bounded either way.

A sheet whose XML is under `limits.WHOLE_XML` (~250k rows) goes to calamine as is, the
fastest way. A larger one is inflated here in blocks and cut at row boundaries into
pieces of about `limits.CHUNK_XML`, each parsed by calamine in a workbook of its own
(`calamine.py`); the shared strings are parsed once here (`sst.py`) rather than once per
piece. Calamine still does the XML, types and dates; memory stays at one piece.

Both paths first inflate the sheet once to refuse hostile content: a DTD (entity
expansion) in any part read, a row or shared string larger than a spreadsheet program
writes (a 50 MB cell). Calamine's own zip reader refuses members that inflate past
their declared size.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.sheets import limits, sst, zipguard
from desktop.sheets.calamine import parse_piece, whole_sheet
from desktop.sheets.chunk import Chunk
from desktop.sheets.errors import SheetError

_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\b[^>]*?(/?)>")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*/>")
_TRUE = frozenset({"1", "true", "on"})


@dataclass
class SheetEntry:
    name: str
    part: str  # zip member of the sheet XML
    hidden: bool


@dataclass
class XlsxBook:
    file: str
    path: Path
    sheets: list[SheetEntry]
    date1904: bool
    zf: object = field(repr=False)  # zipfile.ZipFile, kept open while reading
    shared: zipguard.RawMember | None = None
    styles: zipguard.RawMember | None = None
    shared_part: str = ""
    _parsed: list[str] | bool | None = field(default=None, repr=False)

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    @property
    def visible_names(self) -> list[str]:
        return [s.name for s in self.sheets if not s.hidden]

    def close(self) -> None:
        self._zip().close()

    def _piece(self, xml: bytes, sheet: str, *, with_strings: bool) -> Chunk:
        shared = self.shared if with_strings else None
        return parse_piece(xml, self.file, sheet, self.date1904, shared, self.styles)

    def _strings(self) -> list[str] | None:
        if self.shared is None:
            return []
        if self._parsed is None:
            info = zipguard.member(self._zip(), self.shared_part)
            if info is None:
                return []
            self._parsed = sst.parse_shared(zipguard.raw_blocks(self._zip(), info, self.file))
            if self._parsed is None:
                self._parsed = False
        return self._parsed if isinstance(self._parsed, list) else None

    def _zip(self) -> zipfile.ZipFile:
        assert isinstance(self.zf, zipfile.ZipFile)
        return self.zf

    def chunks(self, sheet: str) -> Iterator[Chunk]:
        entry = next(s for s in self.sheets if s.name == sheet)
        zf = self._zip()
        info = zipguard.member(zf, entry.part)
        if info is None:
            raise SheetError(self.file, "工作表数据缺失，文件不完整", sheet=sheet)
        if info.file_size > limits.WHOLE_XML:
            strings = self._strings()
            for xml in _pieces(zipguard.blocks(zf, info, self.file), self.file, sheet):
                marked = sst.mark_piece(xml) if strings is not None else None
                if marked is None:
                    yield self._piece(xml, sheet, with_strings=True)
                    continue
                del xml
                chunk = self._piece(marked, sheet, with_strings=False)
                del marked
                sst.resolve(chunk.rows, strings)  # type: ignore[arg-type]
                yield chunk
            return
        for _ in _pieces(zipguard.raw_blocks(zf, info, self.file), self.file, sheet, keep=False):
            pass  # the scan alone: DTD, oversized rows, CRC
        # An .xlsx saved under another suffix: calamine must tell the format by content.
        renamed = self.path.suffix.lower() not in (".xlsx", ".xlsm")
        yield from whole_sheet(self.path, self.file, sheet, by_content=renamed)


def open_xlsx(path: Path, file: str) -> XlsxBook:
    zf = zipguard.open_zip(path, file)
    try:
        return _open(path, file, zf)
    except SheetError:
        zf.close()
        raise


def _open(path: Path, file: str, zf: zipfile.ZipFile) -> XlsxBook:
    root_rels = _rels(zf, "_rels/.rels", file)
    book_part = next(
        (t for typ, t in root_rels.values() if typ.endswith("/officeDocument")), "xl/workbook.xml"
    )
    info = zipguard.member(zf, book_part)
    if info is None:
        raise SheetError(file, "无法打开工作簿：缺少 workbook.xml，不是有效的 Excel 文件")
    book = _xml(zipguard.read_small(zf, info, file), book_part, file)
    base = posixpath.dirname(book_part)
    rels_part = posixpath.join(base, "_rels", posixpath.basename(book_part) + ".rels")
    rels = {
        rid: (typ, _resolve(base, target))
        for rid, (typ, target) in _rels(zf, rels_part, file).items()
    }
    date1904 = False
    sheets: list[SheetEntry] = []
    for el in book.iter():
        tag = _local(el.tag)
        if tag == "workbookPr":
            date1904 = el.get("date1904", "").lower() in _TRUE
        elif tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            typ, part = rels.get(rid or "", ("", ""))
            if not typ.endswith("/worksheet"):
                continue  # chart sheets and dialog sheets hold no rows
            hidden = el.get("state", "visible") != "visible"
            sheets.append(SheetEntry(el.get("name", ""), part, hidden))
    if not sheets:
        raise SheetError(file, "工作簿中没有工作表")
    shared = styles = None
    shared_part = ""
    for typ, part in rels.values():
        if typ.endswith("/sharedStrings"):
            shared = _checked_raw(zf, part, "xl/sharedStrings.xml", file, scan=True)
            shared_part = part
        elif typ.endswith("/styles"):
            styles = _checked_raw(zf, part, "xl/styles.xml", file, scan=False)
    return XlsxBook(file, path, sheets, date1904, zf, shared, styles, shared_part)


def _checked_raw(
    zf: zipfile.ZipFile, part: str, name: str, file: str, *, scan: bool
) -> zipguard.RawMember | None:
    info = zipguard.member(zf, part)
    if info is None:
        return None
    # Inflating once here proves the CRC and the declared size before calamine sees it,
    # and finds a DTD or an oversized string.
    gap = 0
    first = True
    for block in zipguard.blocks(zf, info, file):
        if first:
            zipguard.refuse_dtd(block[:4096], part, file)
            first = False
        if scan:
            gap = _gap(block, b"si>", gap)
            if gap > limits.MAX_STRING_XML:
                raise SheetError(
                    file,
                    f"共享字符串中有超过 {limits.MAX_STRING_XML // limits.MiB} MB 的单元格内容"
                    f"（Excel 单元格最多 {limits.MAX_CELL_CHARS} 个字符），文件可能被篡改，已拒绝",
                )
    return zipguard.raw_member(zf, info, name, file)


def _gap(block: bytes | bytearray, mark: bytes, gap: int) -> int:
    """Bytes since the last `mark`, carried across blocks."""
    at = block.rfind(mark)
    return gap + len(block) if at < 0 else len(block) - at - len(mark)


@dataclass
class _Frame:
    """What wraps a run of rows into a worksheet document of its own."""

    prefix: bytes  # everything up to and including <sheetData>, without <dimension>
    suffix: bytes  # </sheetData></worksheet>
    close_row: bytes
    close_data: bytes


def _frame(buf: bytearray, file: str, sheet: str) -> tuple[_Frame, int] | bool | None:
    """The frame and where the rows begin; None until <sheetData> has arrived, False
    when the sheet has no cells."""
    m = _SHEET_DATA.search(buf)
    if m is None:
        if len(buf) > limits.MAX_SMALL_PART:
            raise SheetError(file, "工作表结构异常（找不到数据区）", sheet=sheet)
        return None
    if m.group(2):  # <sheetData/>
        return False
    ns = m.group(1)
    prefix = _DIMENSION.sub(b"", bytes(buf[: m.end()]))
    close_data = b"</" + ns + b"sheetData>"
    root = re.match(rb"\s*(?:<\?.*?\?>\s*)?<([\w.:-]+)", prefix, re.S)
    suffix = close_data + b"</" + (root.group(1) if root else ns + b"worksheet") + b">"
    return _Frame(prefix, suffix, b"</" + ns + b"row>", close_data), m.end()


def _pieces(
    blocks: Iterator[bytes], file: str, sheet: str, *, keep: bool = True
) -> Iterator[bytes]:
    """Well-formed worksheet XML documents, each holding whole rows of the sheet
    (nothing kept or yielded with `keep=False`: the checks alone)."""
    buf = bytearray()
    frame: _Frame | None = None
    gap = 0
    budget = limits.CHUNK_XML
    for block in blocks:
        if frame is None:
            if not buf:
                zipguard.refuse_dtd(block[:4096], sheet, file)
            buf += block
            found = _frame(buf, file, sheet)
            if found is None:
                continue
            if found is False:
                return
            assert isinstance(found, tuple)
            frame, begin = found
            del buf[:begin]
            rest = bytes(buf)
            if not keep:
                buf.clear()
        else:
            rest = block
            if keep:
                buf += block
        gap = _gap(rest, b"row>", gap)
        if gap > limits.MAX_ROW_XML:
            raise SheetError(
                file,
                f"有一行数据超过 {limits.MAX_ROW_XML // limits.MiB} MB（单元格内容过长，"
                f"Excel 单元格最多 {limits.MAX_CELL_CHARS} 个字符），文件可能被篡改，已拒绝",
                sheet=sheet,
            )
        while len(buf) >= budget:
            cut = buf.rfind(frame.close_row, 0, budget)
            if cut < 0:
                cut = buf.rfind(frame.close_row)
            if cut < 0:
                break  # one row still arriving (bounded by MAX_ROW_XML)
            cut += len(frame.close_row)
            yield b"".join((frame.prefix, memoryview(buf)[:cut], frame.suffix))
            del buf[:cut]
    if frame is None:
        raise SheetError(file, "工作表结构异常（找不到数据区），文件可能已损坏", sheet=sheet)
    if not keep:
        return
    end = buf.find(frame.close_data)
    if end < 0:
        raise SheetError(file, "工作表数据不完整，文件可能已损坏", sheet=sheet)
    if buf[:end].strip():
        yield b"".join((frame.prefix, memoryview(buf)[:end], frame.suffix))


def _xml(data: bytes, part: str, file: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise SheetError(file, f"无法打开工作簿：“{part}”不是有效的 XML（{exc}）") from None


def _rels(zf: zipfile.ZipFile, part: str, file: str) -> dict[str, tuple[str, str]]:
    info = zipguard.member(zf, part)
    if info is None:
        return {}
    root = _xml(zipguard.read_small(zf, info, file), part, file)
    return {
        el.get("Id", ""): (el.get("Type", ""), el.get("Target", ""))
        for el in root.iter()
        if _local(el.tag) == "Relationship" and el.get("TargetMode") != "External"
    }


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
