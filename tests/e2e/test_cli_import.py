"""`regdesk validate` with a report, photos and corrected header mappings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from desktop.cli import main

HEADER = ["姓名", "性别", "出生日期", "身份证", "民族", "入学日期", "毕业日期", "专业名称", "层次", "学制",
          "学习形式", "毕结业结论", "学校名称", "校长姓名", "证书编号", "发证日期"]  # fmt: skip
ROW = ["张三", "男", "2000-01-01", "110105200001010016", "汉族", "2022-09-01", "2026-06-30",
       "计算机科学与技术", "本科", "4", "普通全日制", "毕业", "北京大学", "李四",
       "100011202605000001", "2026-06-30"]  # fmt: skip


def sheet(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(HEADER)
    ws.append(ROW)
    ws.append([*ROW[:3], "110105200001010024", "火星族", *ROW[5:14], "100011202605000002", ROW[15]])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    return path


def test_corrected_mapping_report_and_photos(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sheet(tmp_path)
    home = tmp_path / "home"
    base = ["validate", str(path), "--kind", "diploma", "--format", "jsonl", "--as-of", "2026-07-15",
            "--data-dir", str(home)]  # fmt: skip
    assert main(base) == 1
    first = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"DIP-017-COLUMN"} <= {x["rule"] for x in first}  # 身份证 is not a known spelling
    assert main([*base, "--map", "身份证=证件号码"]) == 1
    fixed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "DIP-017-COLUMN" not in {x["rule"] for x in fixed}
    assert main(base) == 1  # remembered for this layout
    again = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert again == fixed
    photos = tmp_path / "photos"
    photos.mkdir()
    buf = io.BytesIO()
    Image.effect_noise((480, 640), 40).convert("RGB").save(buf, "JPEG", quality=95)
    (photos / "110105200001010016.jpg").write_bytes(buf.getvalue())
    report = tmp_path / "out" / "报告.xlsx"
    code = main([*base, "--photos", str(photos), "--report", str(report), "--format", "table"])
    out = capsys.readouterr().out
    assert code == 1
    assert "DIP-017-PHOTO-MISSING" in out and f"校验报告已写入 {report}" in out
    book = openpyxl.load_workbook(report)
    summary = {r[0].value: r[1].value for r in book["概况"].iter_rows(min_row=3) if len(r) > 1}
    assert summary["照片"] == "photos" and summary["文件"] == "名单.xlsx"
    rows = book["问题行"]
    numbers = [rows.cell(row=r, column=1).value for r in range(2, rows.max_row + 1)]
    assert 3 in numbers and set(numbers) <= {2, 3}  # 火星族 on row 3


def test_unknown_field_in_a_correction_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["validate", str(sheet(tmp_path)), "--kind", "diploma", "--map", "身份证=护照号"])
    err = capsys.readouterr().err
    assert (
        code == 2 and "“护照号”不是学历证书注册的字段" in err and len(err.strip().splitlines()) == 1
    )


def test_report_that_cannot_be_written_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    code = main(["validate", str(sheet(tmp_path)), "--kind", "diploma", "--map", "身份证=sfzh",
                 "--data-dir", str(tmp_path / "h"), "--report", str(blocker / "r.xlsx")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "无法写入报告 r.xlsx" in err
