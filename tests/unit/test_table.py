"""Building typed tables from raw columns: per-field parsing, problems, subsets, records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import normalize as nz
from desktop.domain.fields import BatchKind, FieldSpec, FieldType
from desktop.domain.records import (
    AnnualRecord,
    CorrectionRecord,
    DiplomaRecord,
    EnrollmentRecord,
    kind_fields,
)
from desktop.domain.table import Problem, Table, build_table, parser_for, table_from_records

D = BatchKind.DIPLOMA
ID = "110101199003074514"


def problems_of(t: Table) -> set[tuple[Problem, int, str]]:
    return {(p, i, f) for p, cells in t.problems.items() for i, f in cells}


# --- typing each column by its FieldSpec -----------------------------------------------


def test_columns_are_typed_by_field_spec() -> None:
    t = build_table(
        D,
        {
            "xm": ["  阿依古丽 ・ 买买提 ", "张三"],
            "xb": ["男", "2"],
            "csrq": ["2000年1月2日", 36527],
            "sfzh": [" 11010119900307451x ", ID],
            "xz": ["4年", 2.5],
            "cc": ["本科", "05"],
            "zymc": ["计算机  科学", "数学"],
            "zsbh": ["１０００１１２０２５０５０００１２３", "'100011202505000124"],
            "byrq": ["2024-06-30 00:00:00", "20240630"],
        },
    )
    assert t.n == 2
    assert t.problems == {}
    assert t.col("xm") == ["阿依古丽·买买提", "张三"]
    assert t.col("xb") == ["1", "2"]
    assert t.col("csrq") == [date(2000, 1, 2), date(2000, 1, 2)]
    assert t.col("sfzh") == ["11010119900307451X", ID]
    assert t.col("xz") == [Decimal("4"), Decimal("2.5")]
    assert t.col("cc") == ["05", "05"]
    assert t.col("zymc") == ["计算机 科学", "数学"]
    assert t.col("zsbh") == ["100011202505000123", "100011202505000124"]
    assert t.col("byrq") == [date(2024, 6, 30)] * 2
    # raw keeps the cells as read
    assert t.raw["xm"] == ["  阿依古丽 ・ 买买提 ", "张三"]
    assert t.raw["csrq"] == ["2000年1月2日", 36527]


def test_academic_year_column() -> None:
    t = build_table(BatchKind.ANNUAL, {"xn": ["2025", "2025—2026学年", "2025-2027"]})
    assert t.col("xn") == ["2025-2026", "2025-2026", None]
    assert problems_of(t) == {(Problem.ACADEMIC_YEAR, 2, "xn")}


@pytest.mark.parametrize(
    ("ftype", "parser", "problem"),
    [
        (FieldType.TEXT, nz.text, Problem.NUMBER),
        (FieldType.NAME, nz.name, Problem.NUMBER),
        (FieldType.IDENT, nz.code_text, Problem.NUMBER),
        (FieldType.ID_NUMBER, nz.code_text, Problem.NUMBER),
        (FieldType.DECIMAL, nz.parse_decimal, Problem.NUMBER),
        (FieldType.ACADEMIC_YEAR, nz.parse_academic_year, Problem.ACADEMIC_YEAR),
        (FieldType.BOOL, nz.parse_bool, Problem.BOOL),
    ],
)
def test_parser_for_plain_types(ftype: FieldType, parser: object, problem: Problem) -> None:
    got_parser, got_problem = parser_for(FieldSpec("f", "字段", "F", ftype))
    assert got_parser is parser
    assert got_problem is problem


def test_parser_for_dates_honours_the_date_system() -> None:
    date_spec = FieldSpec("f", "字段", "F", FieldType.DATE)
    ym_spec = FieldSpec("f", "字段", "F", FieldType.YEAR_MONTH)
    for spec_ in (date_spec, ym_spec):
        assert parser_for(spec_)[1] is Problem.DATE
    assert parser_for(date_spec)[0](61) == date(1900, 3, 1)
    assert parser_for(date_spec, date1904=True)[0](61) == date(1904, 3, 2)
    assert parser_for(ym_spec)[0](61) == date(1900, 3, 1)
    assert parser_for(ym_spec, date1904=True)[0](61) == date(1904, 3, 1)
    assert parser_for(ym_spec)[0]("2024年6月") == date(2024, 6, 1)


def test_parser_for_code_uses_the_field_table() -> None:
    parse, problem = parser_for(FieldSpec("xb", "性别", "XB", FieldType.CODE, table="gender"))
    assert problem is Problem.CODE
    assert parse("女性") == "2"
    with pytest.raises(LookupError):
        parse("未知")


# --- problems --------------------------------------------------------------------------


def test_parse_problems_are_recorded_per_cell_and_leave_none() -> None:
    t = build_table(
        D,
        {
            "csrq": ["2000-01-02", "2023-02-29", "不详", "2000-01-02"],
            "xz": ["4", "四年", "4", "NaN"],
            "xb": ["男", "男", "未知", "1"],
            "sfzh": [ID, 110101199003074514, ID, 1.5],
            "xm": ["张三", "李四", "王五", "赵六"],
        },
    )
    assert t.col("csrq") == [date(2000, 1, 2), None, None, date(2000, 1, 2)]
    assert t.col("xz") == [Decimal(4), None, Decimal(4), None]
    assert t.col("xb") == ["1", "1", None, "1"]
    assert t.col("sfzh") == [ID, None, ID, None]
    assert problems_of(t) == {
        (Problem.DATE, 1, "csrq"),
        (Problem.DATE, 2, "csrq"),
        (Problem.NUMBER, 1, "xz"),
        (Problem.NUMBER, 3, "xz"),
        (Problem.CODE, 2, "xb"),
        (Problem.PRECISION, 1, "sfzh"),
        (Problem.NUMBER, 3, "sfzh"),
    }
    # raw keeps what could not be read, so a report can quote it
    assert t.raw["csrq"][2] == "不详"
    assert t.raw["sfzh"][1] == 110101199003074514


def test_problem_lists_are_in_row_order() -> None:
    t = build_table(D, {"csrq": ["bad", "2000-01-01", "bad", "also bad", "bad"]})
    assert t.problems == {Problem.DATE: [(0, "csrq"), (2, "csrq"), (3, "csrq"), (4, "csrq")]}


def test_repeated_bad_text_is_reported_on_every_row() -> None:
    # Text cells of repeating columns are parsed once; the failure must still follow each row.
    t = build_table(D, {"cc": ["研究生院", "本科", "研究生院", "研究生院"]})
    assert t.col("cc") == [None, "05", None, None]
    assert t.problems[Problem.CODE] == [(0, "cc"), (2, "cc"), (3, "cc")]


@pytest.mark.parametrize("as_number", [110101199003074514, float(110101199003074514)])
def test_id_number_from_numeric_cell_is_precision_problem(as_number: float) -> None:
    t = build_table(D, {"sfzh": [as_number, ID]})
    assert t.col("sfzh") == [None, ID]
    assert t.problems == {Problem.PRECISION: [(0, "sfzh")]}


def test_long_ident_from_numeric_cell_is_precision_problem() -> None:
    t = build_table(D, {"zsbh": [100011202505000123, "100011202505000123"]})
    assert t.col("zsbh") == [None, "100011202505000123"]
    assert t.problems == {Problem.PRECISION: [(0, "zsbh")]}


# --- blanks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [f.name for f in kind_fields(D)],
)
@pytest.mark.parametrize("blank", [None, "", "   ", "\u3000"])
def test_blank_cells_are_none_without_problem(name: str, blank: object) -> None:
    t = build_table(D, {name: [blank, blank]})
    assert t.col(name) == [None, None]
    assert t.problems == {}
    assert t.raw[name] == [blank, blank]


def test_blank_academic_year_has_no_problem() -> None:
    t = build_table(BatchKind.ANNUAL, {"xn": [None, "", " "]})
    assert t.col("xn") == [None, None, None]
    assert t.problems == {}


# --- columns, rows, headers --------------------------------------------------------------


def test_unknown_field_names_are_dropped() -> None:
    t = build_table(D, {"xm": ["张三"], "nonsense": ["x"], "xn": ["2025"], "姓名": ["李四"]})
    assert set(t.raw) == {"xm"}
    assert set(t.cols) == {"xm"}
    assert t.present == frozenset({"xm"})
    assert t.col("nonsense") == [None]


def test_unequal_column_lengths_raise() -> None:
    with pytest.raises(ValueError, match="unequal"):
        build_table(D, {"xm": ["张三", "李四"], "xb": ["男"]})


@pytest.mark.parametrize("n", [0, 1, 3, 7])
def test_absent_column_is_all_none_of_length_n(n: int) -> None:
    t = build_table(D, {"xm": [f"学生{i}" for i in range(n)]})
    assert t.n == n
    assert t.col("csrq") == [None] * n
    assert t.col("no such field") == [None] * n
    assert t.raw_col("csrq") == [None] * n
    assert t.col("xm") == [f"学生{i}" for i in range(n)]
    assert t.raw_col("xm") == [f"学生{i}" for i in range(n)]


def test_n_without_columns_comes_from_rows() -> None:
    t = build_table(D, {}, rows=[5, 6, 9])
    assert t.n == 3
    assert t.rows == [5, 6, 9]
    assert t.col("xm") == [None, None, None]


def test_default_rows_start_under_the_header() -> None:
    t = build_table(D, {"xm": ["a", "b", "c"]})
    assert t.rows == [2, 3, 4]


def test_explicit_rows_headers_and_column_lists_are_kept() -> None:
    t = build_table(
        D,
        {"xm": ["a", "b"], "sfzh": [ID, ID]},
        rows=[4, 8],
        headers={"xm": "学生姓名", "sfzh": "身份证号"},
        missing_columns=["byrq"],
        ignored_columns=["备注"],
    )
    assert t.rows == [4, 8]
    assert t.header("xm") == "学生姓名"
    assert t.header("sfzh") == "身份证号"
    assert t.header("csrq") == "出生日期"  # label when the file had no such column
    assert t.header("unknown") == "unknown"
    assert t.missing_columns == ("byrq",)
    assert t.ignored_columns == ("备注",)


def test_date1904_applies_to_serial_cells() -> None:
    t = build_table(D, {"csrq": [0, 36527 - 1462]}, date1904=True)
    assert t.col("csrq") == [date(1904, 1, 1), date(2000, 1, 2)]
    t1900 = build_table(D, {"csrq": [36527]})
    assert t1900.col("csrq") == [date(2000, 1, 2)]


def test_fields_follow_the_kind() -> None:
    t = build_table(BatchKind.CORRECTION, {"bglx": []})
    assert t.fields == kind_fields(BatchKind.CORRECTION)
    assert "bglx" in {f.name for f in t.fields}


# --- code columns ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "values", "code"),
    [
        ("xb", ["1", 1, 1.0, "男", "男性", "M", "m", " 男 ", "１"], "1"),
        ("xb", ["2", 2, "女", "女性", "Female", "female"], "2"),
        ("cc", ["05", "5", 5, 5.0, "本科", "普通本科", "本科生"], "05"),
        ("cc", ["06", "专科", "高职", "大专", "专科（高职）", "专科(高职)"], "06"),
        ("mz", ["01", "1", 1, "汉族", "汉", "Han", "HAN", "ha"], "01"),
        ("byjl", ["1", "毕业"], "1"),
        ("zjlx", ["1", "居民身份证", "身份证", "二代身份证"], "1"),
    ],
)
def test_code_columns_accept_code_name_and_alias(field: str, values: list[Any], code: str) -> None:
    t = build_table(D, {field: values})
    assert t.problems == {}
    assert t.col(field) == [code] * len(values)
    assert t.raw[field] == values


def test_code_column_rejects_unknown_and_booleans() -> None:
    t = build_table(D, {"xb": ["男", "未知", True, 3, "男"]})
    assert t.col("xb") == ["1", None, None, None, "1"]
    assert t.problems == {Problem.CODE: [(1, "xb"), (2, "xb"), (3, "xb")]}


def test_equal_cells_of_different_types_are_parsed_separately() -> None:
    # 1 == 1.0 == True as dict keys, but a boolean is no gender code.
    t = build_table(D, {"xb": [1, True, 1.0, True, 1], "xz": [4, 4.0, True, "4", 4]})
    assert t.col("xb") == ["1", None, "1", None, "1"]
    assert t.problems[Problem.CODE] == [(1, "xb"), (3, "xb")]
    assert t.col("xz") == [Decimal(4), Decimal(4), None, Decimal(4), Decimal(4)]
    assert t.problems[Problem.NUMBER] == [(2, "xz")]


# --- subset ------------------------------------------------------------------------------


def _four_rows() -> Table:
    return build_table(
        D,
        {
            "xm": ["甲", "乙", "丙", "丁"],
            "csrq": ["2000-01-01", "bad", "2000-01-03", "bad"],
            "xb": ["男", "女", "x", "男"],
        },
        rows=[2, 3, 5, 8],
        headers={"xm": "学生姓名"},
        missing_columns=["sfzh"],
        ignored_columns=["备注"],
    )


def test_subset_keeps_rows_raw_and_reindexes_problems() -> None:
    t = _four_rows()
    assert problems_of(t) == {
        (Problem.DATE, 1, "csrq"),
        (Problem.DATE, 3, "csrq"),
        (Problem.CODE, 2, "xb"),
    }
    s = t.subset([3, 2])
    assert s.n == 2
    assert s.rows == [8, 5]
    assert s.col("xm") == ["丁", "丙"]
    assert s.raw["csrq"] == ["bad", "2000-01-03"]
    assert s.col("csrq") == [None, date(2000, 1, 3)]
    assert problems_of(s) == {(Problem.DATE, 0, "csrq"), (Problem.CODE, 1, "xb")}
    assert s.headers == {"xm": "学生姓名"}
    assert s.missing_columns == ("sfzh",)
    assert s.ignored_columns == ("备注",)
    assert s.col("sfzh") == [None, None]


def test_subset_drops_problems_of_rows_left_out() -> None:
    s = _four_rows().subset([0])
    assert problems_of(s) == set()
    assert s.rows == [2]
    assert s.record(0).xm == "甲"


def test_subset_does_not_alias_the_original() -> None:
    t = _four_rows()
    s = t.subset([0, 1, 2, 3])
    s.cols["xm"][0] = "改"
    s.headers["xm"] = "姓名"
    assert t.col("xm")[0] == "甲"
    assert t.headers == {"xm": "学生姓名"}


@given(st.lists(st.integers(min_value=0, max_value=9), unique=True, max_size=10))
def test_subset_matches_rebuilding_from_the_chosen_raw(indexes: list[int]) -> None:
    raw = {
        "csrq": ["2000-01-01", "x", "2000-02-30", "20000101", None, "", "y", "2001-1-1", "z", "0"],
        "xb": ["男", "女", "?", None, "1", "2", "F", "mm", "", "男"],
    }
    t = build_table(D, raw)
    s = t.subset(indexes)
    direct = build_table(D, {k: [v[i] for i in indexes] for k, v in raw.items()})
    assert s.cols == direct.cols
    assert s.raw == direct.raw
    assert problems_of(s) == problems_of(direct)
    assert s.rows == [i + 2 for i in indexes]


# --- records -----------------------------------------------------------------------------


def test_record_returns_the_typed_dataclass() -> None:
    t = build_table(
        D,
        {"xm": ["张三", "李四"], "csrq": ["2000-01-02", "bad"], "xz": ["4", "3"]},
    )
    r = t.record(1)
    assert isinstance(r, DiplomaRecord)
    assert r == DiplomaRecord(xm="李四", csrq=None, xz=Decimal(3))
    assert r.sfzh is None  # absent column


@pytest.mark.parametrize(
    ("kind", "record_type"),
    [
        (BatchKind.ENROLLMENT, EnrollmentRecord),
        (BatchKind.ANNUAL, AnnualRecord),
        (BatchKind.DIPLOMA, DiplomaRecord),
        (BatchKind.CORRECTION, CorrectionRecord),
    ],
)
def test_record_type_follows_the_kind(kind: BatchKind, record_type: type[object]) -> None:
    t = build_table(kind, {"xm": ["张三"], "sfzh": [ID]})
    r = t.record(0)
    assert type(r) is record_type
    assert r.xm == "张三" and r.sfzh == ID


DIPLOMA = DiplomaRecord(
    xm="阿依古丽·买买提",
    xb="2",
    csrq=date(2001, 9, 9),
    zjlx="1",
    sfzh="65010120010909002X",
    mz="05",
    zzmm="13",
    ksh="21650101123456",
    xh="2021001",
    rxrq=date(2021, 9, 1),
    byrq=date(2025, 6, 30),
    zydm="080901",
    zymc="计算机科学与技术",
    cc="05",
    xz=Decimal("4"),
    xxxs="1",
    byjl="1",
    xxmc="某某大学",
    xzxm="王五",
    zsbh="100011202505000123",
    fzrq=date(2025, 6, 30),
    zp="2021001.jpg",
    fxzy=None,
)


def test_table_from_records_round_trips_a_diploma_record() -> None:
    other = DiplomaRecord(xm="张三", xz=Decimal("2.5"))
    t = table_from_records(D, [DIPLOMA, other])
    assert t.n == 2
    assert t.rows == [2, 3]
    assert t.problems == {}
    assert t.record(0) == DIPLOMA
    assert t.record(1) == other
    assert t.col("csrq") == [date(2001, 9, 9), None]
    assert t.raw["csrq"] == ["2001-09-09", None]
    assert t.raw["xz"] == ["4", "2.5"]
    assert t.raw["xm"] == ["阿依古丽·买买提", "张三"]
    assert set(t.cols) == {f.name for f in kind_fields(D)}


def test_records_survive_a_trip_through_their_raw_text() -> None:
    t = table_from_records(D, [DIPLOMA])
    again = build_table(D, t.raw)
    assert again.problems == {}
    assert again.record(0) == DIPLOMA


def test_table_from_no_records() -> None:
    t = table_from_records(D, [])
    assert t.n == 0
    assert t.col("xm") == []


@given(
    st.builds(
        DiplomaRecord,
        xm=st.sampled_from(["张三", "阿依古丽·买买提", None]),
        xb=st.sampled_from(["1", "2", None]),
        csrq=st.none() | st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
        sfzh=st.none() | st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
        xz=st.none() | st.integers(min_value=1, max_value=16).map(lambda h: Decimal(h) / 2),
        cc=st.sampled_from(["01", "02", "05", "06", None]),
    )
)
def test_any_normalised_record_round_trips(record: DiplomaRecord) -> None:
    t = table_from_records(D, [record])
    assert t.record(0) == record
    again = build_table(D, t.raw)
    assert again.problems == {}
    assert again.record(0) == record
