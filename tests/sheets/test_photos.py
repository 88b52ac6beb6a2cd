"""Photos from a folder or a zip, judged by their real bytes, matched to the batch."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from desktop.domain.fields import BatchKind
from desktop.domain.rules import sheet as sheet_rules
from desktop.domain.rules.base import Context, Finding
from desktop.domain.rules.catalogue import rules_for
from desktop.domain.rules.engine import validate
from desktop.sheets.errors import SheetError
from desktop.sheets.loader import load
from desktop.sheets.photos import judge, scan_photos
from tests.sheets.makers import write_xlsx
from tests.unit.rules_support import context

D = BatchKind.DIPLOMA
ID1, ID2, ID3 = "110105200001010016", "110105200001010024", "11010520000101003X"


def jpeg(width: int = 480, height: int = 640, mode: str = "RGB", quality: int = 95) -> bytes:
    """A photo-like JPEG (noise keeps it near the usual 20-40 KB)."""
    img = Image.effect_noise((width, height), 40).convert(mode)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (480, 640), (200, 200, 255)).save(out, "PNG")
    return out.getvalue()


def test_judge_reads_the_content_not_the_name() -> None:
    good = judge("a.jpg", jpeg())
    assert (good.format, good.width, good.height, good.mode, good.problem) == (
        "JPEG",
        480,
        640,
        "RGB",
        None,
    )
    assert judge("b.jpg", png()).format == "PNG"
    cut = judge("c.jpg", jpeg()[:3000])
    assert cut.format == "JPEG" and cut.problem and "损坏" in cut.problem
    assert judge("d.jpg", b"%PDF-1.4 ...").format == "PDF"
    assert judge("e.jpg", b"").problem == "文件是空的"
    assert judge("f.jpg", b"hello").problem == "不是图像文件（无法识别的内容）"
    assert judge("g.jpg", jpeg(mode="L")).mode == "L"


def test_folder_scan_is_recursive_and_skips_other_files(tmp_path: Path) -> None:
    (tmp_path / "2026届").mkdir()
    (tmp_path / "2026届" / f"{ID1}.jpg").write_bytes(jpeg())
    (tmp_path / f"{ID2}.JPG").write_bytes(jpeg(358, 441))
    (tmp_path / "说明.txt").write_text("不是照片", encoding="utf-8")
    index = scan_photos(tmp_path)
    assert sorted(f.name for f in index.files) == [f"{ID2}.JPG", f"2026届/{ID1}.jpg"]
    assert ID1 in index and ID2 in index and f"{ID1}.jpg" in index


def test_zip_scan_with_gbk_names_and_mac_litter(tmp_path: Path) -> None:
    path = tmp_path / "照片.zip"
    gbk = "照片/张三.jpg".encode("gbk")
    stand_in = b"abcd/efgh.jpg"  # as long as the GBK name; swapped in below
    assert len(gbk) == len(stand_in)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(stand_in.decode(), jpeg())
        z.writestr(f"{ID1}.jpg", jpeg())
        z.writestr(f"__MACOSX/._{ID1}.jpg", b"\0\5\26\7")
    # A GBK name without the UTF-8 flag, as archives made on Chinese Windows carry it.
    path.write_bytes(path.read_bytes().replace(stand_in, gbk))
    names = sorted(f.name for f in scan_photos(path).files)
    assert names == [f"{ID1}.jpg", "照片/张三.jpg"]


def test_a_zip_bomb_of_photos_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{ID1}.jpg", b"\0" * (64 * 1024 * 1024))
    with pytest.raises(SheetError, match="压缩炸弹"):
        scan_photos(path)


def test_oversized_photo_is_not_read(tmp_path: Path) -> None:
    (tmp_path / f"{ID1}.jpg").write_bytes(b"\xff\xd8\xff" + b"\0" * (6 * 1024 * 1024))
    (only,) = scan_photos(tmp_path).files
    assert only.problem is not None and "过大" in only.problem


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(SheetError, match="不存在"):
        scan_photos(tmp_path / "nowhere")
    (tmp_path / "a.rar").write_bytes(b"Rar!")
    with pytest.raises(SheetError, match=r"文件夹或 \.zip"):
        scan_photos(tmp_path / "a.rar")


def findings(tmp_path: Path, ctx: Context) -> dict[str, list[Finding]]:
    rows = [
        ["姓名", "证件号码", "考生号", "学号"],
        ["张三", ID1, "22110101150001", "2022000001"],
        ["李四", ID2, "22110101150002", "2022000002"],
        ["王五", ID3, "22110101150003", "2022000003"],
    ]
    table = load(write_xlsx(tmp_path / "名单.xlsx", {"S": rows}), D).table
    selected = list(rules_for(D)) + [r for r in sheet_rules.BOOK.rules if r not in rules_for(D)]
    out: dict[str, list[Finding]] = {}
    for f in validate(table, ctx, selected):
        out.setdefault(f.rule.id, []).append(f)
    return out


def test_matched_unmatched_duplicate_and_missing(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / f"{ID1}.jpg").write_bytes(jpeg())  # by 证件号码
    (folder / "2022000001.jpg").write_bytes(jpeg())  # the same student again, by 学号
    (folder / "22110101150002.jpg").write_bytes(png())  # by 考生号, but a PNG renamed
    (folder / "11010520000101003x.jpg").write_bytes(jpeg(300, 400))  # lower-case x still matches
    (folder / "陌生人.jpg").write_bytes(jpeg())
    found = findings(tmp_path, context(photos=scan_photos(folder)))
    assert [(f.row, f.params) for f in found["PHO-DUPLICATE"]] == [
        (2, {"count": 2, "photos": f"{ID1}.jpg、2022000001.jpg"})
    ]
    assert [f.row for f in found["PHO-FORMAT"]] == [3]
    assert [f.row for f in found["PHO-PIXELS"]] == [4]
    assert [f.params["photo"] for f in found["PHO-UNMATCHED"] if f.params] == ["陌生人.jpg"]
    assert "DIP-017-PHOTO-MISSING" not in found  # every student has some photo
    (summary,) = found["PHO-MATCHED"]
    assert summary.params == {"total": 5, "matched": 4, "records": 3}


def test_records_without_photos(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / f"{ID2}.jpg").write_bytes(jpeg())
    found = findings(tmp_path, context(photos=scan_photos(folder)))
    assert sorted(f.row or 0 for f in found["DIP-017-PHOTO-MISSING"]) == [2, 4]
