"""Opening zip containers without trusting them: sizes and ratios are judged from the
central directory before a byte is inflated, and every member is inflated through a
reader that stops at its declared size (a lying header fails the CRC, not the memory).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from desktop.sheets import limits
from desktop.sheets.errors import SheetError

_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY")


def open_zip(path: Path, file: str, what: str = "工作簿") -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetError(file, f"无法打开{what}：文件已损坏或不完整（{exc}）") from None
    try:
        check_members(zf, file, what)
    except SheetError:
        zf.close()
        raise
    return zf


def check_members(zf: zipfile.ZipFile, file: str, what: str) -> None:
    infos = zf.infolist()
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise SheetError(file, f"无法打开{what}：压缩包内有 {len(infos)} 个文件，超过上限")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise SheetError(file, f"无法打开{what}：压缩包内的文件设有密码")
        size, packed = info.file_size, max(info.compress_size, 1)
        total += size
        bomb = size > limits.MAX_MEMBER or (
            size > limits.RATIO_FLOOR and size / packed > limits.MAX_RATIO
        )
        if bomb or total > limits.MAX_ZIP_TOTAL:
            raise SheetError(
                file,
                f"无法打开{what}：压缩包内的“{info.filename}”解压后达 {size / limits.MiB:,.0f} MB"
                f"（压缩比 {size / packed:,.0f}:1），疑似“压缩炸弹”，已拒绝",
            )


def member(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return zf.getinfo(name)
    except KeyError:
        # Writers differ in the case of part names; the zip itself is case-sensitive.
        lowered = name.lower()
        for info in zf.infolist():
            if info.filename.lower() == lowered:
                return info
    return None


def read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> bytes:
    """A small XML part, whole, refused if it declares a DTD (entity expansion)."""
    if info.file_size > limits.MAX_SMALL_PART:
        raise SheetError(file, f"无法打开工作簿：“{info.filename}”异常庞大，已拒绝")
    data = b"".join(blocks(zf, info, file))
    refuse_dtd(data[:4096], info.filename, file)
    return data


def refuse_dtd(head: bytes, part: str, file: str) -> None:
    if any(mark in head for mark in _DTD_MARKS):
        raise SheetError(
            file,
            f"无法打开工作簿：“{part}”含有 XML 实体声明（正常的表格文件不会有），"
            "可能是恶意构造的文件，已拒绝",
        )


def blocks(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, size: int = limits.BLOCK
) -> Iterator[bytes]:
    """The inflated bytes of one member, a block at a time; CRC and size checked."""
    try:
        with zf.open(info) as fh:
            while block := fh.read(size):
                yield block
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise SheetError(
            file, f"无法打开工作簿：“{info.filename}”已损坏（{type(exc).__name__}: {exc}）"
        ) from None


def raw_blocks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> Iterator[bytes]:
    """Like `blocks`, a third of the cost: no CRC (for a member calamine reads next and
    checks itself), output capped at the declared size."""
    fp = zf.fp
    if fp is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        yield from blocks(zf, info, file)
        return
    fp.seek(info.header_offset)
    head = fp.read(30)
    if len(head) != 30 or head[:4] != b"PK\x03\x04":
        raise SheetError(file, f"无法打开工作簿：“{info.filename}”的文件头已损坏")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    pos = info.header_offset + 30 + name_len + extra_len
    inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left, produced = info.compress_size, 0
    try:
        while left > 0:
            fp.seek(pos)  # the zip's file object may be shared; never rely on its position
            data = fp.read(min(left, limits.BLOCK))
            if not data:
                raise EOFError("文件被截断")
            pos += len(data)
            left -= len(data)
            while data:
                if inflate is None:
                    out, data = data, b""
                else:
                    # Bounded output per step: a bomb inflates a block a thousandfold.
                    out = inflate.decompress(data, limits.BLOCK * 8)
                    data = inflate.unconsumed_tail
                produced += len(out)
                if produced > info.file_size:
                    raise SheetError(
                        file,
                        f"无法打开工作簿：“{info.filename}”解压后超过其声明的大小，"
                        "疑似“压缩炸弹”，已拒绝",
                    )
                yield out
    except (zlib.error, EOFError, OSError) as exc:
        raise SheetError(
            file, f"无法打开工作簿：“{info.filename}”已损坏（{type(exc).__name__}: {exc}）"
        ) from None


@dataclass(frozen=True)
class RawMember:
    """A member's compressed bytes as stored, to be copied into another zip unchanged."""

    name: str
    method: int
    crc: int
    size: int
    data: bytes


def raw_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, file: str) -> RawMember:
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise SheetError(file, f"无法打开工作簿：“{info.filename}”使用了不支持的压缩方式")
    fp: IO[bytes] | None = zf.fp
    if fp is None:
        raise SheetError(file, "无法打开工作簿：文件已关闭")
    fp.seek(info.header_offset)
    head = fp.read(30)
    if len(head) != 30 or head[:4] != b"PK\x03\x04":
        raise SheetError(file, f"无法打开工作簿：“{info.filename}”的文件头已损坏")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    data = fp.read(info.compress_size)
    if len(data) != info.compress_size:
        raise SheetError(file, f"无法打开工作簿：“{info.filename}”不完整")
    return RawMember(name, info.compress_type, info.CRC, info.file_size, data)


def stored(name: str, data: bytes) -> RawMember:
    return RawMember(name, zipfile.ZIP_STORED, zlib.crc32(data), len(data), data)


def build_zip(members: list[RawMember]) -> bytes:
    """A zip of members already compressed (or stored); no recompression."""
    out = bytearray()
    central = bytearray()
    for m in members:
        offset = len(out)
        name = m.name.encode("ascii")
        fields = (20, 0, m.method, 0, 0x21, m.crc, len(m.data), m.size, len(name), 0)
        out += b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + name + m.data
        central += (
            b"PK\x01\x02" + struct.pack("<HHHHHHIIIHHHHHII", 20, *fields, 0, 0, 0, 0, offset) + name
        )
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)
