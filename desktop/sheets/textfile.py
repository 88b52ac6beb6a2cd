"""`.csv`/`.txt` streamed: the encoding proven over the whole file first, then rows.

Offices produce UTF-8 (with or without BOM, from WPS and web systems), GB18030/GBK
(Excel's "CSV" on a Chinese Windows) and UTF-16 with BOM (Excel's "Unicode text").
Decoding is strict: a file that would need a replacement character is refused with the
line number, never read with a '?' standing in for a name.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.sheets import limits
from desktop.sheets.chunk import Chunk, SingleSheet, chunk_sizes
from desktop.sheets.errors import SheetError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, file: str) -> str:
    """All of `data` as text, strictly (small inputs; files go through `TextBook`)."""
    encoding = _encoding(iter([data]), file)
    return data.decode(encoding)


def _encoding(blocks: Iterator[bytes], file: str, path: Path | None = None) -> str:
    """The encoding every byte of the input decodes under, checked in one pass: UTF-8
    is tried first (GB18030 would accept most UTF-8 bytes as wrong characters)."""
    first = next(blocks, b"")
    for bom, name in _BOMS:
        if first.startswith(bom):
            candidates = [name]
            break
    else:
        candidates = ["utf-8", "gb18030"]
    failures: list[tuple[int, int]] = []  # (line, byte offset) of each candidate's failure
    for name in candidates:
        if not failures:
            stream: Iterator[bytes] = itertools.chain([first], blocks)
        else:
            stream = iter([first]) if path is None else _reopen(path)
        problem = _check(stream, name, file)
        if problem is None:
            return name
        failures.append(problem)
    line = max(f[0] for f in failures)
    raise SheetError(
        file, "文件编码无法识别（既不是 UTF-8 也不是 GB18030），请另存为 UTF-8 编码的 CSV", row=line
    )


def _reopen(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while block := fh.read(limits.BLOCK):
            yield block


def _check(blocks: Iterator[bytes], encoding: str, file: str) -> tuple[int, int] | None:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    lines = 1
    line_bytes = 0
    for block in blocks:
        try:
            decoder.decode(block)
        except UnicodeDecodeError as exc:
            return lines + block[: exc.start].count(b"\n"), exc.start
        newlines = block.count(b"\n")
        lines += newlines
        line_bytes = line_bytes + len(block) if not newlines else len(block) - block.rfind(b"\n")
        if line_bytes > limits.MAX_TEXT_LINE:
            raise SheetError(
                file,
                f"一行超过 {limits.MAX_TEXT_LINE // limits.MiB} MB（单元格内容过长），"
                "不是正常的表格文本，已拒绝",
                row=lines,
            )
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return lines, -1
    return None


@dataclass
class TextBook(SingleSheet):
    file: str
    path: Path
    encoding: str
    date1904: bool = False

    def chunks(self, sheet: str | None = None) -> Iterator[Chunk]:
        with self.path.open(encoding=self.encoding, newline="") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            if "\x00" in sample:
                raise SheetError(self.file, "文件含有二进制内容，不是文本表格")
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",\t;")
            except csv.Error:
                dialect = csv.excel
            reader = csv.reader(fh, dialect)
            sizes = chunk_sizes()
            size = next(sizes)
            batch: list[list[Any]] = []
            row0 = 1
            try:
                for row in reader:
                    if "\x00" in "".join(row):
                        raise SheetError(
                            self.file, "文件含有二进制内容，不是文本表格", row=reader.line_num
                        )
                    batch.append(row)
                    if len(batch) == size:
                        yield Chunk(row0, 0, batch)
                        row0 += len(batch)
                        batch, size = [], next(sizes)
            except csv.Error as exc:
                text = str(exc)
                if "field larger than field limit" in text:
                    text = f"单元格内容过长（超过 {csv.field_size_limit()} 个字符）"
                raise SheetError(self.file, f"CSV 格式错误：{text}", row=reader.line_num) from None
            if batch:
                yield Chunk(row0, 0, batch)


def open_text(path: Path, file: str) -> TextBook:
    with path.open("rb") as fh:
        encoding = _encoding(_blocks(fh), file, path)
    return TextBook(file, path, encoding)


def _blocks(fh: io.BufferedReader) -> Iterator[bytes]:
    while block := fh.read(limits.BLOCK):
        yield block
