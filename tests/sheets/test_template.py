"""Import templates: what a clerk sees, and that a template filled in imports cleanly."""

from __future__ import annotations

import argparse
from pathlib import Path

import openpyxl
import pytest

from desktop.cli import template as template_cli
from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind, FieldType
from desktop.domain.records import kind_fields, required_fields
from desktop.domain.rules.base import Severity
from desktop.domain.rules.engine import validate
from desktop.sheets.examples import EXAMPLES
from desktop.sheets.loader import load
from desktop.sheets.template import SHEET_NAMES, write_template
from tests.unit.rules_support import context


@pytest.mark.parametrize("kind", list(BatchKind))
def test_template_layout(tmp_path: Path, kind: BatchKind) -> None:
    path = write_template(kind, tmp_path / f"{kind.value}.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [SHEET_NAMES[kind], "代码表", "填写说明"]
    assert book["代码表"].sheet_state == "hidden"
    ws = book[SHEET_NAMES[kind]]
    fields = kind_fields(kind)
    required = set(required_fields(kind))
    assert ws.max_row == 1  # no example on the data sheet: it would be imported
    assert ws.freeze_panes == "A2"
    lists = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    for col, f in enumerate(fields, start=1):
        cell = ws.cell(row=1, column=col)
        assert cell.value == f.label + ("*" if f.name in required else "")
        assert cell.comment is not None and f"字段代码：{f.code}" in cell.comment.text
        assert ("必填" in cell.comment.text) == (f.name in required)
        letter = cell.column_letter
        if f.type in (FieldType.IDENT, FieldType.ID_NUMBER, FieldType.CODE):
            assert ws.column_dimensions[letter].number_format == "@", f.name
        if f.type is FieldType.CODE:
            dv = lists[f"{letter}2"]
            assert dv.type == "list" and dv.errorStyle == "warning"
            _sheet, cells = str(dv.formula1).split("!")
            first, last = (int(c.split("$")[-1]) for c in cells.split(":"))
            assert f.table is not None and last - first + 1 == len(code_table(f.table))


@pytest.mark.parametrize("kind", list(BatchKind))
def test_the_example_filled_in_imports_without_errors(tmp_path: Path, kind: BatchKind) -> None:
    path = write_template(kind, tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    guide = book["填写说明"]
    rows = [[c.value for c in r] for r in guide.iter_rows()]
    at = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("示例"))
    header, example = rows[at + 1], rows[at + 2]
    ws = book[SHEET_NAMES[kind]]
    assert [c.value for c in ws[1]] == header
    ws.append(example)
    book.save(path)
    loaded = load(path, kind)
    assert loaded.header.ignored == [] and loaded.table.n == 1
    errors = [f for f in validate(loaded.table, context()) if f.severity is Severity.ERROR]
    assert errors == [], [(f.rule.id, f.message) for f in errors]
    assert set(EXAMPLES[kind]) <= {f.name for f in kind_fields(kind)}


def test_cli_writes_the_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    template_cli.register(parser.add_subparsers())
    args = parser.parse_args(["template", "diploma", "-o", str(tmp_path / "模板")])
    assert template_cli.run(args) == 0
    assert (tmp_path / "模板.xlsx").is_file()
    assert "学历证书注册导入模板" in capsys.readouterr().out
    args = parser.parse_args(["template", "annual", "-o", str(tmp_path / "nowhere" / "x.xlsx")])
    (tmp_path / "nowhere").write_text("a file where a folder should be", encoding="utf-8")
    assert template_cli.run(args) == 2
