"""Rules about what came in with the sheet: photos (article 17) and cell formats.

They judge a `PhotoIndex` (`Context.photos`, filled by `sheets/photos.py`) and the raw
cells, never a file. DIP-017-PHOTO-MISSING (a record without a photo) is in the diploma
rules; these report each photo's own faults, photos that match no record or several.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from desktop.domain.fields import BatchKind, FieldType
from desktop.domain.photos import (
    HEIGHT,
    MAX_BYTES,
    MIN_BYTES,
    WIDTH,
    PhotoFile,
    PhotoIndex,
)
from desktop.domain.records import kind_fields
from desktop.domain.rules.base import Context, Hit
from desktop.domain.rules.base import Scope as S
from desktop.domain.rules.base import Severity as V
from desktop.domain.rules.book import ALL_KINDS, RuleBook
from desktop.domain.table import Table

BOOK = RuleBook()
rule = BOOK.rule
D = BatchKind.DIPLOMA
_KEYS = ("sfzh", "ksh", "xh", "zp")


def _index(ctx: Context) -> PhotoIndex | None:
    return ctx.photos if isinstance(ctx.photos, PhotoIndex) else None


def _matches(t: Table, photos: PhotoIndex) -> tuple[dict[int, list[PhotoFile]], set[str]]:
    """Record index -> its photos (by 证件号码, 考生号, 学号 or 照片 file name), and the
    names of the photos some record claims."""
    memo_key = f"photo-match@{id(photos)}"
    found = t.memo.get(memo_key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    by_key = photos.by_key()
    rows: dict[int, list[PhotoFile]] = {}
    used: set[str] = set()
    cols = [t.col(n) for n in _KEYS]
    for i in range(t.n):
        hits: dict[str, PhotoFile] = {}
        for col in cols:
            v = col[i]
            if v is not None:
                for f in by_key.get(v, ()):
                    hits[f.name] = f
        if hits:
            rows[i] = list(hits.values())
            used.update(hits)
    t.memo[memo_key] = (rows, used)
    return rows, used


def _faulty(t: Table, ctx: Context, fault: Any) -> Iterator[Hit]:
    """Each photo for which `fault(photo)` gives message parameters: on the row of every
    record it belongs to, or batch-level when it belongs to none."""
    photos = _index(ctx)
    if photos is None:
        return
    rows, used = _matches(t, photos)
    for i, files in rows.items():
        for f in files:
            params = fault(f)
            if params is not None:
                yield i, "zp", {"photo": f.name, **params}
    for f in photos.files:
        if f.name not in used and (params := fault(f)) is not None:
            yield None, None, {"photo": f.name, **params}


@rule(
    "PHO-UNREADABLE", kinds=D, basis="第十七条", severity=V.ERROR,
    scope=S.FIELD, fields=("zp",), title="照片无法读取",
    zh="照片“{photo}”无法读取：{why}",
    en="photo '{photo}' cannot be read: {why}",
)  # fmt: skip
def _unreadable(t: Table, ctx: Context) -> Iterator[Hit]:
    return _faulty(t, ctx, lambda f: {"why": f.problem} if f.problem else None)


@rule(
    "PHO-FORMAT", kinds=D, basis="第十七条", severity=V.ERROR,
    scope=S.FIELD, fields=("zp",), title="照片不是 JPEG 格式",
    zh="照片“{photo}”的内容是 {format}，不是 JPEG 图像（照片须为 JPEG 格式，扩展名 .jpg；改扩展名不能转换格式）",
    en="photo '{photo}' holds {format}, not a JPEG image (renaming a file does not convert it)",
)  # fmt: skip
def _format(t: Table, ctx: Context) -> Iterator[Hit]:
    def fault(f: PhotoFile) -> dict[str, Any] | None:
        if f.problem or f.format == "JPEG":
            return None
        return {"format": f.format or "未知格式"}

    return _faulty(t, ctx, fault)


@rule(
    "PHO-PIXELS", kinds=D, basis="第十七条", severity=V.ERROR,
    scope=S.FIELD, fields=("zp",), title="照片像素尺寸不符",
    zh="照片“{photo}”为 {width}×{height} 像素，应为宽 480 × 高 640 像素",
    en="photo '{photo}' is {width}x{height} pixels; it must be 480 wide by 640 high",
)  # fmt: skip
def _pixels(t: Table, ctx: Context) -> Iterator[Hit]:
    def fault(f: PhotoFile) -> dict[str, Any] | None:
        if f.problem or f.format != "JPEG" or (f.width, f.height) == (WIDTH, HEIGHT):
            return None
        return {"width": f.width, "height": f.height}

    return _faulty(t, ctx, fault)


@rule(
    "PHO-COLOR", kinds=D, basis="第十七条", severity=V.WARNING,
    scope=S.FIELD, fields=("zp",), title="照片不是 24 位真彩色",
    zh="照片“{photo}”的颜色模式为 {mode}，应为 24 位真彩色（RGB）",
    en="photo '{photo}' has colour mode {mode}; it should be 24-bit colour (RGB)",
)  # fmt: skip
def _color(t: Table, ctx: Context) -> Iterator[Hit]:
    def fault(f: PhotoFile) -> dict[str, Any] | None:
        if f.problem or f.format != "JPEG" or f.mode in (None, "RGB"):
            return None
        return {"mode": f.mode}

    return _faulty(t, ctx, fault)


@rule(
    "PHO-BYTES", kinds=D, basis="第十七条", severity=V.WARNING,
    scope=S.FIELD, fields=("zp",), title="照片文件大小不在常规范围",
    zh="照片“{photo}”大小为 {kb} KB，学历注册照片文件一般在 20 KB 至 40 KB 之间",
    en="photo '{photo}' is {kb} KB; diploma registration photos are usually 20 to 40 KB",
)  # fmt: skip
def _bytes(t: Table, ctx: Context) -> Iterator[Hit]:
    def fault(f: PhotoFile) -> dict[str, Any] | None:
        if f.problem or MIN_BYTES <= f.size <= MAX_BYTES:
            return None
        return {"kb": round(f.size / 1024, 1)}

    return _faulty(t, ctx, fault)


@rule(
    "PHO-EXT", kinds=D, basis="第十七条", severity=V.WARNING,
    scope=S.FIELD, fields=("zp",), title="照片扩展名不是 .jpg",
    zh="照片“{photo}”的扩展名应为 .jpg",
    en="photo '{photo}' should have the extension .jpg",
)  # fmt: skip
def _extension(t: Table, ctx: Context) -> Iterator[Hit]:
    return _faulty(t, ctx, lambda f: None if f.suffix == ".jpg" else {})


@rule(
    "PHO-DUPLICATE", kinds=D, basis="第十七条", severity=V.ERROR,
    scope=S.ROW, fields=("zp",), title="一名学生有多张照片",
    zh="该学生匹配到 {count} 张照片（{photos}），只能保留一张",
    en="{count} photos match this student ({photos}); keep only one",
)  # fmt: skip
def _duplicate(t: Table, ctx: Context) -> Iterator[Hit]:
    photos = _index(ctx)
    if photos is None:
        return
    rows, _ = _matches(t, photos)
    for i, files in sorted(rows.items()):
        if len(files) > 1:
            names = "、".join(sorted(f.name for f in files))
            yield i, "zp", {"count": len(files), "photos": names}


@rule(
    "PHO-UNMATCHED", kinds=D, basis="第十七条", severity=V.WARNING,
    scope=S.BATCH, fields=("zp",), title="照片没有对应的记录",
    zh="照片“{photo}”没有对应的记录（文件名应为证件号码、考生号或学号）",
    en="photo '{photo}' matches no record (name photos by ID number, exam no. or student no.)",
)  # fmt: skip
def _unmatched(t: Table, ctx: Context) -> Iterator[Hit]:
    photos = _index(ctx)
    if photos is None:
        return
    _, used = _matches(t, photos)
    for f in photos.files:
        if f.name not in used:
            yield None, None, {"photo": f.name}


@rule(
    "PHO-MATCHED", kinds=D, basis="第十七条", severity=V.INFO,
    scope=S.BATCH, fields=("zp",), title="照片匹配情况",
    zh="共导入照片 {total} 张，{matched} 张匹配到记录；{records} 条记录有照片",
    en="{total} photos imported, {matched} matched to records; {records} records have a photo",
)  # fmt: skip
def _matched(t: Table, ctx: Context) -> Iterator[Hit]:
    photos = _index(ctx)
    if photos is None:
        return
    rows, used = _matches(t, photos)
    if used:
        yield None, None, {"total": len(photos.files), "matched": len(used), "records": len(rows)}


def _identifier_fields() -> frozenset[str]:
    wanted = (FieldType.IDENT, FieldType.ID_NUMBER)
    return frozenset(f.name for k in BatchKind for f in kind_fields(k) if f.type in wanted)


_IDENTIFIERS = _identifier_fields()
# Identifiers of a known length (15 for a pre-1999 ID number; 专业代码 such as 080901).
_LENGTHS = {"ksh": 14, "sfzh": 15, "zsbh": 18, "zydm": 6, "yzydm": 6, "xzydm": 6}


@rule(
    "SHT-NUMERIC-ID", kinds=ALL_KINDS, basis="数据标准", severity=V.WARNING,
    scope=S.FIELD, fields=("sfzh", "ksh", "xh", "zsbh", "zydm"),
    title="编号被存成数字，开头的 0 可能已丢失",
    zh="{label}“{number}”在表格中是数字格式，只有 {digits} 位：开头的 0 可能已被表格软件去掉，请把该列设为文本格式后核对",
    en="{label} '{number}' is stored as a number of only {digits} digits: leading zeros may "
    "have been dropped; format the column as text and check it",
)  # fmt: skip
def _numeric_identifier(t: Table, ctx: Context) -> Iterator[Hit]:
    """A number is exact up to 15 digits, but a leading 0 does not survive it: a numeric
    identifier shorter than its kind (考生号 14) or than the column's longest is suspect."""
    for name in sorted(_IDENTIFIERS & t.present):
        raw = t.raw[name]
        if not set(map(type, raw)) & {int, float}:  # one C-level pass; most columns are text
            continue
        typed = t.col(name)
        longest = max((len(v) for v in typed if v is not None), default=0)
        want = max(_LENGTHS.get(name, 0), longest)
        for i, v in enumerate(raw):
            # A number past 15 digits is an error under GEN-NUMBER-PRECISION already.
            if type(v) in (int, float) and (text := typed[i]) is not None and len(text) < want:
                yield i, name, {"number": text, "digits": len(text)}
