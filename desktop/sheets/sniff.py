"""What a file really is, from its first bytes, whatever its name says.

Offices rename files freely: an HTML table saved as `.xls` by a web system, a CSV
renamed `.xls` to open in Excel, a password-protected `.xlsx` (which is not a zip at all
but an OLE2 container). Each is told apart here so the clerk gets one message naming
what the file is and what to do.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from desktop.sheets.errors import SheetError

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_HTML_MARKS = (b"<!doctype html", b"<html", b"<table", b"<head", b"<body", b"<meta", b"<?xml")


class Content(StrEnum):
    EMPTY = "empty"
    ZIP = "zip"  # xlsx, xlsm, xlsb, ods
    OLE2 = "ole2"  # xls, or an encrypted OOXML workbook
    ENCRYPTED = "encrypted"  # OLE2 holding an encrypted OOXML package
    HTML = "html"
    PDF = "pdf"
    DBF = "dbf"
    TEXT = "text"
    BINARY = "binary"


def sniff(path: Path) -> Content:
    with path.open("rb") as fh:
        head = fh.read(64 * 1024)
    if not head:
        return Content.EMPTY
    if head.startswith(_OLE2):
        # The directory entries of an encrypted OOXML file name these streams (UTF-16).
        return Content.ENCRYPTED if _encrypted_names(path) else Content.OLE2
    if head.startswith(_ZIP):
        return Content.ZIP
    if head.startswith(b"%PDF"):
        return Content.PDF
    if _looks_dbf(head, path.stat().st_size):
        return Content.DBF
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(_HTML_MARKS):
        return Content.HTML
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head:
        return Content.TEXT
    return Content.BINARY


def _encrypted_names(path: Path) -> bool:
    marks = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
    size = path.stat().st_size
    with path.open("rb") as fh:
        # Directory sectors sit anywhere; an encrypted workbook is small enough to scan
        # its first megabytes, where Office writes them.
        data = fh.read(min(size, 8 * 1024 * 1024))
    return any(m in data for m in marks)


def _looks_dbf(head: bytes, size: int) -> bool:
    """dBASE III/IV/FoxPro: version byte, a plausible date, header and record lengths
    that agree with the file size."""
    if len(head) < 32 or head[0] not in (0x02, 0x03, 0x30, 0x31, 0x43, 0x83, 0x8B, 0xF5):
        return False
    month, day = head[2], head[3]
    records = int.from_bytes(head[4:8], "little")
    header = int.from_bytes(head[8:10], "little")
    record = int.from_bytes(head[10:12], "little")
    if not (1 <= month <= 12 and 1 <= day <= 31 and header >= 33 and record >= 1):
        return False
    return header + records * record <= size + 1


_NAMES = {
    Content.HTML: "网页（HTML）文件",
    Content.PDF: "PDF 文档",
    Content.TEXT: "文本（CSV）文件",
    Content.ZIP: "压缩包格式的工作簿（.xlsx/.ods 一类）",
    Content.OLE2: "旧版 Excel（.xls）工作簿",
    Content.DBF: "DBF 数据库文件",
    Content.BINARY: "二进制文件",
}


def mismatch(file: str, suffix: str, content: Content) -> SheetError:
    """The one message for a file whose content is not what its extension says."""
    what = _NAMES.get(content, "其他类型的文件")
    advice = {
        Content.HTML: "请在 Excel 或 WPS 中打开后“另存为” .xlsx 再导入",
        Content.TEXT: "请把扩展名改为 .csv，或在 Excel 中另存为 .xlsx 再导入",
        Content.PDF: "PDF 不能导入，请使用原始表格文件",
    }.get(content, "请使用原始表格文件，或在 Excel 中另存为 .xlsx 再导入")
    return SheetError(file, f"无法打开工作簿：扩展名是 {suffix}，但文件内容是{what}。{advice}")
