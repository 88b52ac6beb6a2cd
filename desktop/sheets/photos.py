"""Importing the batch's photos from a folder or a zip: what each file really is.

Each file is judged by its bytes (a PNG renamed `.jpg` is a PNG), its size and, when it
decodes, its pixel size and colour mode. A zip is checked like a workbook before it is
opened (entry sizes and ratios), every file is size-capped before it is read, and
Pillow's decompression-bomb guard is kept on.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from desktop.domain.photos import PhotoFile, PhotoIndex
from desktop.sheets import limits, zipguard
from desktop.sheets.errors import SheetError

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"}
)
_MAGIC = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP"),
)


def scan_photos(source: Path) -> PhotoIndex:
    """Every image file under a folder (recursively) or in a zip."""
    if source.is_dir():
        files = list(_folder(source))
    elif source.is_file() and source.suffix.lower() == ".zip":
        files = list(_zip(source))
    elif source.exists():
        raise SheetError(source.name, "照片应为一个文件夹或 .zip 压缩包")
    else:
        raise SheetError(source.name, "照片文件夹或压缩包不存在")
    return PhotoIndex(files, source.name)


def _folder(root: Path) -> Iterator[PhotoFile]:
    count = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        count += 1
        if count > limits.MAX_PHOTOS:
            raise SheetError(root.name, f"照片超过 {limits.MAX_PHOTOS} 张，请分批导入")
        name = path.relative_to(root).as_posix()
        size = path.stat().st_size
        if size > limits.MAX_PHOTO_FILE:
            yield _too_big(name, size)
            continue
        yield judge(name, path.read_bytes())


def _zip(path: Path) -> Iterator[PhotoFile]:
    with zipguard.open_zip(path, path.name, "照片压缩包") as zf:
        count = 0
        for info in zf.infolist():
            name = _zip_name(info)
            if info.is_dir() or PurePosixPath(name).suffix.lower() not in IMAGE_SUFFIXES:
                continue
            if name.startswith("__MACOSX/") or PurePosixPath(name).name.startswith("._"):
                continue  # resource forks macOS adds to archives
            count += 1
            if count > limits.MAX_PHOTOS:
                raise SheetError(path.name, f"照片超过 {limits.MAX_PHOTOS} 张，请分批导入")
            if info.file_size > limits.MAX_PHOTO_FILE:
                yield _too_big(name, info.file_size)
                continue
            data = b"".join(zipguard.blocks(zf, info, path.name))
            yield judge(name, data)


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Archives made on Chinese Windows store GBK names without the UTF-8 flag; zipfile
    then decodes them as cp437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gb18030")
    return name


def _too_big(name: str, size: int) -> PhotoFile:
    mb = limits.MAX_PHOTO_FILE // limits.MiB
    return PhotoFile(name, size, problem=f"文件过大（{size / limits.MiB:.1f} MB，超过 {mb} MB）")


def judge(name: str, data: bytes) -> PhotoFile:
    """One photo: its real format from the first bytes, then what Pillow can tell."""
    from PIL import Image, UnidentifiedImageError

    size = len(data)
    magic = next((fmt for sig, fmt in _MAGIC if data.startswith(sig)), None)
    if magic is None and data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        magic = "HEIC"
    if magic is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        magic = "WEBP"
    if not data:
        return PhotoFile(name, 0, problem="文件是空的")
    if magic is None:
        return PhotoFile(name, size, problem="不是图像文件（无法识别的内容）")
    if magic != "JPEG":
        return PhotoFile(name, size, format=magic)  # PHO-FORMAT says what it is
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format or magic
            width, height = img.size
            mode = img.mode
            # Decoding at 1/8 scale (a JPEG can) still reads every block, so a truncated
            # or corrupt file fails here, at a fraction of the cost.
            img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            img.load()
    except Image.DecompressionBombError:
        return PhotoFile(name, size, format=magic, problem="图像像素数异常庞大（疑似恶意文件）")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        return PhotoFile(name, size, format=magic, problem=f"图像已损坏或不完整（{exc}）")
    return PhotoFile(name, size, format=fmt, width=width, height=height, mode=mode)
