"""Header rows: spellings of each field, required marks, duplicates, title rows above."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.records import kind_fields
from desktop.sheets.headers import HEADER_SEARCH_ROWS, find_header, header_key, map_header

D = BatchKind.DIPLOMA
ALL_SPELLINGS = [
    (kind, f.name, spelling)
    for kind in BatchKind
    for f in kind_fields(kind)
    for spelling in (f.name, f.name.upper(), f.code, f.code.lower(), f.label, *f.headers)
]


# --- header_key --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("姓名", "姓名"),
        ("姓名*", "姓名"),
        ("*姓名", "姓名"),
        ("姓名＊", "姓名"),
        ("姓名(必填)", "姓名"),
        ("姓名（必填）", "姓名"),
        ("备注(选填)", "备注"),
        ("备注（选填）", "备注"),
        (" 姓 名 ", "姓名"),
        ("姓\u3000名\n", "姓名"),
        ("xm", "XM"),
        ("Sfzh", "SFZH"),
        ("ＳＦＺＨ", "SFZH"),
        ("学制（年）", "学制(年)"),
        ("学制(年)", "学制(年)"),
        ("学制 ( 年 ) *", "学制(年)"),
        ("毕(结)业", "毕(结)业"),
    ],
)
def test_header_key(text: str, key: str) -> None:
    assert header_key(text) == key


# --- map_header --------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "field", "spelling"), ALL_SPELLINGS)
def test_every_spelling_of_every_field_maps_to_it(
    kind: BatchKind, field: str, spelling: str
) -> None:
    mapped = map_header([spelling], kind, 1)
    assert mapped.fields == {0: field}
    assert mapped.headers == {field: spelling}
    assert mapped.ignored == []


@pytest.mark.parametrize("kind", list(BatchKind))
@pytest.mark.parametrize(
    "spelling",
    [
        "身份证号",
        "身份证号码",
        "身份证件号",
        "身份证件号码",
        "证件号",
        "证件号码",
        "SFZH",
        "sfzh",
        "Sfzh",
        "ｓｆｚｈ",
        "证件号码*",
        "*身份证号",
        "证件号码(必填)",
        "证件号码（必填）",
        "身份证 号码",
    ],
)
def test_id_number_spellings(kind: BatchKind, spelling: str) -> None:
    assert map_header([spelling], kind, 1).fields == {0: "sfzh"}


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("姓名*", "xm"),
        ("姓名(必填)", "xm"),
        ("姓名（必填）", "xm"),
        ("XM", "xm"),
        ("Xm", "xm"),
        ("BYRQ", "byrq"),
        ("byrq", "byrq"),
        ("学制（年）", "xz"),
        ("学制(年)", "xz"),
        ("学制（年）*", "xz"),
        ("毕(结)业", "byjl"),
        ("毕（结）业", "byjl"),
        ("校(院)长姓名", "xzxm"),
        ("学习起始年月", "rxrq"),
    ],
)
def test_marks_codes_and_brackets(cell: str, field: str) -> None:
    mapped = map_header([cell], D, 1)
    assert mapped.fields == {0: field}
    assert mapped.headers == {field: cell}


def test_map_header_full_row() -> None:
    cells: list[Any] = [
        None,
        "序号",
        "学生姓名",
        "",
        "身份证号",
        "出生日期*",
        "  ",
        "XB",
        "备注（内部）",
    ]
    mapped = map_header(cells, D, 3)
    assert mapped.row == 3
    assert mapped.fields == {2: "xm", 4: "sfzh", 5: "csrq", 7: "xb"}
    assert mapped.headers == {"xm": "学生姓名", "sfzh": "身份证号", "csrq": "出生日期*", "xb": "XB"}
    assert mapped.ignored == ["序号", "备注（内部）"]


def test_duplicate_columns_first_wins_second_is_ignored() -> None:
    mapped = map_header(["姓名", "证件号码", "学生姓名", "SFZH", "xm"], D, 1)
    assert mapped.fields == {0: "xm", 1: "sfzh"}
    assert mapped.headers == {"xm": "姓名", "sfzh": "证件号码"}
    assert mapped.ignored == ["学生姓名", "SFZH", "xm"]


def test_unknown_columns_are_listed_as_written() -> None:
    cells = ["备注 说明", "Remark-1", "联系电话（手机）", "姓名", "ＱＱ号"]
    mapped = map_header(cells, D, 1)
    assert mapped.fields == {3: "xm"}
    assert mapped.ignored == ["备注 说明", "Remark-1", "联系电话（手机）", "ＱＱ号"]


def test_non_text_header_cells() -> None:
    mapped = map_header([2024, "姓名"], D, 1)
    assert mapped.fields == {1: "xm"}
    assert mapped.ignored == ["2024"]


def test_fields_of_another_kind_are_ignored() -> None:
    annual = map_header(["学年", "姓名"], BatchKind.ANNUAL, 1)
    assert annual.fields == {0: "xn", 1: "xm"}
    diploma = map_header(["学年", "姓名"], D, 1)
    assert diploma.fields == {1: "xm"}
    assert diploma.ignored == ["学年"]


def test_empty_row_maps_nothing() -> None:
    mapped = map_header([None, "", "  "], D, 7)
    assert mapped.fields == {} and mapped.headers == {} and mapped.ignored == []
    assert mapped.row == 7


# --- find_header -------------------------------------------------------------------------

HEADER = ["姓名", "性别", "出生日期", "证件号码", "毕业日期"]
DATA = ["张三", "男", "2000-01-02", "110101199003074514", "2024-06-30"]


def test_header_on_the_first_row() -> None:
    found = find_header([HEADER, DATA], D)
    assert found is not None
    assert found.row == 1
    assert found.fields == {0: "xm", 1: "xb", 2: "csrq", 3: "sfzh", 4: "byrq"}


def test_header_below_one_title_row() -> None:
    rows: list[list[Any]] = [["2024届毕业生学历证书注册名单", None, None], HEADER, DATA]
    found = find_header(rows, D)
    assert found is not None and found.row == 2
    assert set(found.headers) == {"xm", "xb", "csrq", "sfzh", "byrq"}


def test_header_below_two_title_rows() -> None:
    rows: list[list[Any]] = [
        ["某某大学2024届毕业生名单"],
        ["填表单位：教务处", None, "填表日期：2024-06-30"],
        HEADER,
        DATA,
    ]
    found = find_header(rows, D)
    assert found is not None and found.row == 3
    assert found.fields[0] == "xm"


def test_a_title_row_naming_one_field_is_not_the_header() -> None:
    rows: list[list[Any]] = [["姓名", "（按学号排序）"], HEADER, DATA]
    found = find_header(rows, D)
    assert found is not None and found.row == 2


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [[]],
        [["姓名", "备注"], ["张三", "x"]],
        [["姓名"], ["证件号码"], ["张三"]],  # two fields, but never in one row
        [["名单"], ["张三", "男"]],
        [["姓名", "学生姓名"]],  # one field twice
    ],
)
def test_none_when_no_row_names_two_fields(rows: list[list[Any]]) -> None:
    assert find_header(rows, D) is None


def test_picks_the_row_with_most_fields() -> None:
    rows: list[list[Any]] = [
        ["姓名", "证件号码"],
        ["姓名", "性别", "证件号码"],
        ["姓名", "性别"],
    ]
    found = find_header(rows, D)
    assert found is not None
    assert found.row == 2
    assert set(found.headers) == {"xm", "xb", "sfzh"}


def test_ties_keep_the_upper_row() -> None:
    rows: list[list[Any]] = [["姓名", "性别"], ["证件号码", "毕业日期"]]
    found = find_header(rows, D)
    assert found is not None and found.row == 1


def test_a_repeated_header_further_down_does_not_move_it() -> None:
    rows: list[list[Any]] = [["名单"], HEADER, DATA, DATA, HEADER, DATA]
    found = find_header(rows, D)
    assert found is not None and found.row == 2


def test_header_must_be_among_the_top_rows() -> None:
    title: list[Any] = ["说明"]
    at_limit = [title] * (HEADER_SEARCH_ROWS - 1) + [HEADER]
    found = find_header(at_limit, D)
    assert found is not None and found.row == HEADER_SEARCH_ROWS
    too_low = [title] * HEADER_SEARCH_ROWS + [HEADER]
    assert find_header(too_low, D) is None


def test_header_text_is_kept_exactly_as_in_the_file() -> None:
    mapped = map_header([" 姓名 ", "证件号码\t", " 备 注 "], BatchKind.DIPLOMA, 1)
    assert mapped.headers == {"xm": " 姓名 ", "sfzh": "证件号码\t"}
    assert mapped.ignored == [" 备 注 "]
