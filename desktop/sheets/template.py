"""Import templates (`regdesk template KIND -o FILE.xlsx`), written with openpyxl.

The data sheet holds only the header row: Chinese labels, required columns marked `*`
and filled, the field code and format in each header's comment, text format on every
identifier and code column (so Excel never turns an ID into 1.10105E+17), and a
drop-down for every coded column (from a hidden sheet of the code tables; a value
outside the list warns but is accepted, since clerks also type codes). The example row
sits on the instructions sheet, not the data sheet: a forgotten example on the data
sheet would be imported as a student.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind, FieldSpec, FieldType
from desktop.domain.records import kind_fields, required_fields
from desktop.domain.rules.catalogue import RULE_PACK_VERSION
from desktop.sheets.examples import EXAMPLES

DATA_ROWS = 5000  # rows the formats and drop-downs cover
TEXT = "@"
_FORMATS = {
    FieldType.TEXT: ("文本", TEXT),
    FieldType.NAME: ("文本（姓名，少数民族姓名的间隔号用 ·）", TEXT),
    FieldType.CODE: ("代码表中的名称或代码（下拉选择）", TEXT),
    FieldType.IDENT: ("文本（不要设为数字，开头的 0 要保留）", TEXT),
    FieldType.ID_NUMBER: ("文本（18 位身份证号，末位 X 大写）", TEXT),
    FieldType.DATE: ("日期，如 2026-06-30", "yyyy-mm-dd"),
    FieldType.YEAR_MONTH: ("年月，如 2026-06", TEXT),
    FieldType.DECIMAL: ("数字，如 4 或 2.5", "General"),
    FieldType.ACADEMIC_YEAR: ("学年，如 2026-2027", TEXT),
    FieldType.BOOL: ("是 / 否（下拉选择）", TEXT),
}
SHEET_NAMES = {
    BatchKind.ENROLLMENT: "新生学籍注册",
    BatchKind.ANNUAL: "学年注册",
    BatchKind.DIPLOMA: "学历证书注册",
    BatchKind.CORRECTION: "信息变更更正",
}


def header_text(f: FieldSpec, required: bool) -> str:
    return f.label + ("*" if required else "")


def write_template(kind: BatchKind, out: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = SHEET_NAMES[kind]
    codes = book.create_sheet("代码表")
    codes.sheet_state = "hidden"
    guide = book.create_sheet("填写说明")
    required = set(required_fields(kind))
    bold = Font(bold=True)
    must = PatternFill("solid", fgColor="FCE4D6")
    optional = PatternFill("solid", fgColor="EDEDED")
    code_columns: dict[str, str] = {}  # code table key -> its range on the hidden sheet
    for col, f in enumerate(kind_fields(kind), start=1):
        letter = get_column_letter(col)
        cell = ws.cell(row=1, column=col, value=header_text(f, f.name in required))
        cell.font = bold
        cell.fill = must if f.name in required else optional
        cell.alignment = Alignment(horizontal="center")
        what, number_format = _FORMATS[f.type]
        note = [
            f"字段代码：{f.code}（{f.label_en}）",
            "必填" if f.name in required else "选填",
            what,
        ]
        cell.comment = Comment("\n".join(note), "学籍学历注册工作台", width=260, height=90)
        ws.column_dimensions[letter].width = max(10, min(24, 2 * len(f.label) + 4))
        # A column style is what Excel gives every cell typed into the column.
        ws.column_dimensions[letter].number_format = number_format
        source = _list_source(codes, f, code_columns)
        if source is not None:
            dv = DataValidation(
                type="list", formula1=source, allow_blank=True, errorStyle="warning",
                showErrorMessage=True, errorTitle=f.label,
                error=f"“{f.label}”应为代码表中的名称或代码，请核对",
            )  # fmt: skip
            dv.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    _guide(guide, kind, required)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def _list_source(codes: Any, f: FieldSpec, done: dict[str, str]) -> str | None:
    if f.type is FieldType.BOOL:
        return '"是,否"'
    if f.type is not FieldType.CODE or f.table is None:
        return None
    if f.table not in done:
        col = len(done) + 1
        entries = list(code_table(f.table))
        codes.cell(row=1, column=col, value=code_table(f.table).title)
        for i, entry in enumerate(entries, start=2):
            codes.cell(row=i, column=col, value=entry.name)
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(col)
        done[f.table] = f"'代码表'!${letter}$2:${letter}${len(entries) + 1}"
    return done[f.table]


def _guide(ws: Any, kind: BatchKind, required: set[str]) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    ws.append([f"{kind.label} 导入模板 填写说明"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"规则包版本 {RULE_PACK_VERSION}。表头不要改动；带 * 的列必填（浅橙色）。"])
    ws.append(
        [
            "证件号码、考生号、学号、证书编号等列已设为文本格式：请直接输入或“粘贴为数值”，不要设成数字。"
        ]
    )
    ws.append(["代码类的列可从下拉列表选择名称，也可填写代码；日期写作 2026-06-30。"])
    ws.append([])
    fields = kind_fields(kind)
    ws.append(["示例（请在“" + SHEET_NAMES[kind] + "”表中从第 2 行开始填写，本示例不会被导入）"])
    ws.cell(row=ws.max_row, column=1).font = bold
    example = EXAMPLES[kind]
    ws.append([header_text(f, f.name in required) for f in fields])
    ws.append([example.get(f.name, "") for f in fields])
    for cell in ws[ws.max_row]:
        cell.number_format = TEXT
    ws.append([])
    ws.append(["列名", "字段代码", "必填", "格式", "代码表"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for f in fields:
        table = code_table(f.table) if f.table else None
        source = f"{table.title}（{table.version}）" if table else ""
        what = _FORMATS[f.type][0]
        ws.append([f.label, f.code, "是" if f.name in required else "否", what, source])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["D"].width = 40
    ws.column_dimensions["E"].width = 36
