"""`regdesk validate` on real files: the contract other tools rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop.cli import main

HEADER = [
    "姓名", "性别", "出生日期", "身份证号", "民族", "入学日期", "毕业日期", "专业名称", "层次", "学制",
    "学习形式", "毕结业结论", "学校名称", "校长姓名", "证书编号", "发证日期", "备注",
]  # fmt: skip
GOOD = [
    "张三", "男", date(2000, 1, 1), "110105200001010016", "汉族", "2022-09-01", "20260630",
    "计算机科学与技术", "本科", "４", "普通全日制", "毕业", "北京大学", "李四", "100011202605000001",
    datetime(2026, 6, 30), "",
]  # fmt: skip


def write_xlsx(path: Path, rows: list[list[Any]], title: str | None = "2026届毕业生") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "毕业生"
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    sheet.append([None] * 3)  # trailing blank rows are layout, not records
    book.save(path)
    return path


def second(**changes: Any) -> list[Any]:
    row = dict(zip(HEADER, GOOD, strict=True))
    row.update({"身份证号": "110105200001010024", "性别": "女", "证书编号": "100011202605000002"})
    row.update(changes)
    return [row[h] for h in HEADER]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_good_file_exits_zero_with_no_error_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", [GOOD, second()])
    code, out, _ = run_cli(
        capsys,
        "validate",
        str(path),
        "--kind",
        "diploma",
        "--format",
        "jsonl",
        "--as-of",
        "2026-07-15",
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [line["rule"] for line in lines] == ["GEN-COLUMN-IGNORED"]
    assert lines[0] == {
        "row": None, "column": "备注", "field": None, "rule": "GEN-COLUMN-IGNORED",
        "severity": "info", "message": "未识别的列“备注”已忽略（不是本业务类型的字段）",
    }  # fmt: skip


def test_findings_carry_sheet_row_and_header_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = second(身份证号="110105200001010025", 发证日期="2026-07-01")
    path = write_xlsx(tmp_path / "bad.xlsx", [GOOD, bad])
    code, out, _ = run_cli(
        capsys, "validate", str(path), "--kind", "diploma", "--format", "jsonl",
        "--school-code", "10001", "--as-of", "2026-07-15",
    )  # fmt: skip
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    found = {(x["row"], x["column"], x["field"], x["rule"], x["severity"]) for x in lines}
    # title row 1, header row 2, GOOD row 3, the bad row 4
    assert (4, "身份证号", "sfzh", "ID-GB11643-CHECKSUM", "error") in found
    assert (4, "发证日期", "fzrq", "DIP-018-FZRQ", "error") in found
    assert all(set(x) == {"row", "column", "field", "rule", "severity", "message"} for x in lines)
    assert "110105200001010025" not in out  # identity numbers are masked when listed


def test_numeric_id_cell_is_flagged_not_rounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "num.xlsx", [second(身份证号=110105200001010024)], title=None)
    code, out, _ = run_cli(capsys, "validate", str(path), "--kind", "diploma", "--format", "jsonl")
    rules = {json.loads(line)["rule"]: json.loads(line) for line in out.splitlines()}
    assert code == 1
    assert rules["GEN-NUMBER-PRECISION"]["row"] == 2
    assert "ID-GB11643-CHECKSUM" not in rules


def test_csv_in_gb18030_with_field_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "XM,XB,CSRQ,SFZH,MZ,RXRQ,BYRQ,ZYMC,CC,XZ,XXXS,BYJL,XXMC,XZXM,ZSBH,FZRQ\n"
        "王小明,男,2000/1/1,110105200001010016,汉族,2022.9.1,2026年6月30日,软件工程,本科,4,"
        "普通全日制,毕业,北京大学,李四,100011202605000001,2026-06-30\n"
    )
    path = tmp_path / "gb.csv"
    path.write_bytes(text.encode("gb18030"))
    code, out, _ = run_cli(
        capsys,
        "validate",
        str(path),
        "--kind",
        "diploma",
        "--format",
        "jsonl",
        "--as-of",
        "2026-07-15",
    )
    assert (code, out) == (0, "")


def test_missing_required_column_is_one_batch_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "姓名,证件号码\n张三,110105200001010016\n李四,110105200001010024\n"
    path = tmp_path / "short.csv"
    path.write_text(text, encoding="utf-8-sig")
    code, out, _ = run_cli(capsys, "validate", str(path), "--kind", "diploma", "--format", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    columns = [x for x in lines if x["rule"] == "DIP-017-COLUMN"]
    assert len(columns) == 13 and all(x["row"] is None for x in columns)
    assert not [x for x in lines if x["rule"] == "DIP-017-REQUIRED"]


def test_table_format_is_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", [GOOD, second(发证日期="2026-07-01")])
    code, out, _ = run_cli(
        capsys, "validate", str(path), "--kind", "diploma", "--as-of", "2026-07-15"
    )
    assert code == 1
    assert (
        "第4行\t发证日期\t错误\tDIP-018-FZRQ\t发证日期 2026-07-01 应与毕业日期 2026-06-30 一致"
        in out
    )
    assert out.rstrip().endswith("共 2 条记录：错误 1 项，警告 0 项，提示 1 项")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.xlsx", None, "文件不存在"),
        ("empty.csv", b"", "找不到表头行"),
        ("fake.xlsx", b"<html><body>not a workbook</body></html>", "无法打开工作簿"),
        ("binary.csv", bytes(range(256)) * 4, "编码无法识别"),
        ("header-only.csv", "姓名,证件号码,性别\n".encode(), "没有数据行"),
        ("notes.pdf", b"%PDF-1.4", "不支持的文件类型"),
    ],
)
def test_unreadable_files_exit_2_with_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run_cli(capsys, "validate", str(path), "--kind", "diploma")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert name in err and message in err
    assert "Traceback" not in err


def test_sheet_choice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "two.xlsx", [GOOD])
    code, _, err = run_cli(capsys, "validate", str(path), "--kind", "diploma", "--sheet", "无此表")
    assert code == 2 and "没有名为“无此表”的工作表（现有：毕业生）" in err


def test_installed_entry_point_runs_without_traceback(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", [second(性别="男")])
    exe = Path(sys.executable).with_name("regdesk")
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    done = subprocess.run(
        [str(exe), "validate", str(path), "--kind", "diploma", "--format", "jsonl"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "ID-XB-MISMATCH" in done.stdout and done.stderr == ""
    broken = subprocess.run(
        [str(exe), "validate", str(tmp_path / "nope.xlsx"), "--kind", "diploma"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
