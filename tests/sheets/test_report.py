"""The error report, opened again with openpyxl: fills, comments, neutralised formulas,
the findings sheet's filter and frozen header, the summary and the header block."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.rules.catalogue import RULE_PACK_VERSION
from desktop.domain.rules.engine import validate
from desktop.sheets.loader import Loaded, load
from desktop.sheets.neutral import neutral
from desktop.sheets.report import FILLS, ReportInput, write_report
from tests.sheets.makers import write_shared_xlsx
from tests.unit.rules_support import context

D = BatchKind.DIPLOMA
HEADER = ["姓名", "性别", "出生日期", "证件号码", "民族", "入学日期", "毕业日期", "专业名称", "层次",
          "学制", "学习形式", "毕结业结论", "学校名称", "校长姓名", "证书编号", "发证日期", "备注"]  # fmt: skip
GOOD = ["张三", "男", "2000-01-01", "110105200001010016", "汉族", "2022-09-01", "2026-06-30",
        "计算机科学与技术", "本科", "4", "普通全日制", "毕业", "北京大学", "李四",
        "100011202605000001", "2026-06-30", ""]  # fmt: skip


def row(**changes: Any) -> list[Any]:
    cells = dict(zip(HEADER, GOOD, strict=True))
    cells.update(changes)
    return [cells[h] for h in HEADER]


def make(tmp_path: Path, all_rows: bool = False) -> tuple[Path, Loaded]:
    rows = [
        HEADER,
        row(),
        row(
            证件号码="110105200001010024",
            性别="女",
            证书编号="100011202605000002",
            民族="火星族",
            发证日期="2026-07-01",
            备注='=HYPERLINK("http://x","点我")',
        ),
        row(
            证件号码="110105200001010032",
            证书编号="100011202605000003",
            姓名="+王五",
            备注="@SUM(A1)",
        ),
    ]
    # Shared strings, as Excel saves text: openpyxl would store "=..." as a formula.
    loaded = load(write_shared_xlsx(tmp_path / "毕业生名单.xlsx", rows, sheet="毕业生"), D)
    findings = validate(loaded.table, context())
    data = ReportInput(
        file=loaded.file, sheet=loaded.sheet, kind=D, table=loaded.table, findings=findings,
        columns=loaded.columns, fields=loaded.header.fields, extra=loaded.extra,
    )  # fmt: skip
    out = write_report(data, tmp_path / "report.xlsx", all_rows=all_rows, today=date(2026, 7, 15))
    return out, loaded


def test_rows_sheet_marks_each_offending_cell(tmp_path: Path) -> None:
    out, _ = make(tmp_path)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["概况", "问题行", "问题清单", "规则汇总"]
    ws = book["问题行"]
    header = [c.value for c in ws[1]]
    assert header == ["行号", *HEADER]  # the file's own headers, unknown 备注 kept
    assert ws.freeze_panes == "B2"
    numbers = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    assert numbers == [3, 4]  # only the rows with findings; row 2 is clean
    mz = ws.cell(row=2, column=HEADER.index("民族") + 2)
    assert mz.value == "火星族"
    assert mz.fill.fgColor.rgb == "00" + FILLS[next(iter(FILLS))]  # error red
    assert mz.comment is not None and "STD-MZ-CODE" in mz.comment.text and "民族" in mz.comment.text
    fz = ws.cell(row=2, column=HEADER.index("发证日期") + 2)
    assert fz.comment is not None and "DIP-018-FZRQ" in fz.comment.text
    clean = ws.cell(row=2, column=HEADER.index("专业名称") + 2)
    assert clean.comment is None and clean.fill.fgColor.rgb in (None, "00000000")


def test_formulas_never_run(tmp_path: Path) -> None:
    out, _ = make(tmp_path)
    ws = openpyxl.load_workbook(out)["问题行"]
    note = ws.cell(row=2, column=HEADER.index("备注") + 2)
    assert note.value == '\'=HYPERLINK("http://x","点我")' and note.data_type == "s"
    name = ws.cell(row=3, column=2)
    assert name.value == "'+王五" and name.data_type == "s"
    assert ws.cell(row=3, column=HEADER.index("备注") + 2).value == "'@SUM(A1)"
    for sheet in openpyxl.load_workbook(out).worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "＝1", "＋1", "－1", "＠A1"]
)
def test_neutral(text: str) -> None:
    assert neutral(text) == "'" + text
    assert neutral("正常文本") == "正常文本" and neutral("a=b") == "a=b"
    assert neutral("a\x00b") == "a\ufffdb"


def test_findings_sheet_filter_frozen_header_and_masked_ids(tmp_path: Path) -> None:
    out, _ = make(tmp_path)
    ws = openpyxl.load_workbook(out)["问题清单"]
    assert [c.value for c in ws[1]] == ["行号", "列", "值", "规则", "严重程度", "说明", "依据"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:G{ws.max_row}"
    lines = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert lines[0][:5] == ["表级", "备注", None, "GEN-COLUMN-IGNORED", "提示"]
    by_rule = {line[3]: line for line in lines}
    assert by_rule["STD-MZ-CODE"][:3] == [3, "民族", "火星族"]
    assert by_rule["STD-MZ-CODE"][6] == "GB/T 3304-1991"
    assert "110105200001010024" not in str(lines)  # identity numbers masked


def test_summary_sheets(tmp_path: Path) -> None:
    out, _ = make(tmp_path)
    book = openpyxl.load_workbook(out)
    head = {
        r[0].value: r[1].value
        for r in book["概况"].iter_rows(min_row=3)
        if r[0].value and len(r) > 1
    }
    assert head["文件"] == "毕业生名单.xlsx" and head["工作表"] == "毕业生"
    assert head["规则包版本"] == RULE_PACK_VERSION
    assert head["校验日期"].date() == date(2026, 7, 15)
    assert head["记录数"] == 3 and head["有问题的记录"] == 2
    assert head["错误"] >= 2 and head["提示"] == 1
    rules = [[c.value for c in r] for r in book["规则汇总"].iter_rows(min_row=2) if r[0].value]
    counts = {r[0]: r[4] for r in rules if r[0] != "合计"}
    assert counts["STD-MZ-CODE"] == 1 and counts["GEN-COLUMN-IGNORED"] == 1
    assert rules[-1][0] == "合计" and rules[-1][4] == sum(counts.values())
    assert rules[0][2] == "错误"  # errors first


def test_all_rows_on_request(tmp_path: Path) -> None:
    out, _ = make(tmp_path, all_rows=True)
    ws = openpyxl.load_workbook(out)["全部数据"]
    assert [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)] == [2, 3, 4]
    assert ws.cell(row=2, column=HEADER.index("证件号码") + 2).value == "110105********0016"
