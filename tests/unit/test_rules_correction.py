"""信息变更/更正 rules (articles 10, 19)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.rules.base import Finding, Severity
from desktop.domain.rules.catalogue import rule_by_id
from desktop.domain.rules.correction import BOOK
from tests.unit.rules_support import Case, context, rule_ids, run

C = BatchKind.CORRECTION
CERT = "100011202605000001"

DURING: dict[str, Any] = {}  # the baseline row: 在校期间身份信息变更 of 姓名
AFTER: dict[str, Any] = {
    "bglx": "学历注册后信息更正",
    "zsbh": CERT,
    "spwh": "京教学函〔2026〕12号",
}
LOST: dict[str, Any] = {
    "bglx": "学历证书遗失证明书",
    "bgxm": None,
    "bgq": None,
    "bgh": None,
    "zmcl": None,
    "zsbh": CERT,
    "zmsbh": "2026-0001",
}
ADMISSION: dict[str, Any] = {
    "bglx": "录取数据更正申请",
    "bgxm": None,
    "bgq": None,
    "bgh": None,
    "zmcl": None,
    "ksh": "22110101150001",
}
SEX = {"bgxm": "性别", "bgq": "女", "bgh": "男"}
ID_CHANGE = {"bgxm": "证件号码", "bgq": "110105200001010024", "bgh": "110105200001010016"}


def findings(rows: list[dict[str, Any]], rule: str, **ctx: Any) -> list[Finding]:
    return [f for f in run(C, rows, context(**ctx)) if f.rule.id == rule]


CASES = [
    Case("COR-019-COLUMN", C, good=[{}], bad=[{"-yy": None}]),
    Case("COR-019-REQUIRED", C, good=[{}], bad=[{"yy": " "}]),
    Case("COR-019-CHANGE-REQUIRED", C, good=[{}, LOST, ADMISSION], bad=[{"bgh": None}]),
    Case("COR-019-CHANGE-REQUIRED", C, good=[AFTER], bad=[{**AFTER, "bgxm": None}]),
    Case("COR-019-UNCHANGED", C, good=[{}, SEX], bad=[{"bgq": "张三"}]),
    Case("COR-019-BGH-INVALID", C, good=[{}, SEX, ID_CHANGE], bad=[{"bgh": "张3"}]),
    Case("COR-019-PROOF", C, good=[{}, LOST, ADMISSION], bad=[{"zmcl": None}]),
    Case("COR-019-SPWH", C, good=[{}, AFTER], bad=[{**AFTER, "spwh": None}]),
    Case("COR-019-ZSBH-REQUIRED", C, good=[AFTER, LOST], bad=[{**AFTER, "zsbh": None}]),
    Case("COR-019-ZSBH-REQUIRED", C, good=[{}], bad=[{**LOST, "zsbh": None}]),
    Case("COR-019-ZMSBH", C, good=[LOST, AFTER], bad=[{**LOST, "zmsbh": None}]),
    Case("COR-019-ZSBH-FORMAT", C, good=[LOST, AFTER], bad=[{**LOST, "zsbh": "1000112026050"}]),
    Case("COR-019-AFTER-REG", C, good=[{}, AFTER], bad=[{"zsbh": CERT}]),
    Case("COR-010-KSH", C, good=[ADMISSION, {}], bad=[{**ADMISSION, "ksh": None}]),
    Case("COR-019-DUP-ITEM", C, good=[{}, SEX], bad=[{}, {"bgq": "章三"}]),
    Case("COR-SQRQ-FUTURE", C, good=[{"sqrq": "2026-07-15"}], bad=[{"sqrq": "2026-07-16"}]),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_case(case: Case) -> None:
    good = rule_ids(run(case.kind, case.good, context(**case.ctx)))
    assert case.rule not in good
    bad_ctx = case.bad_ctx if case.bad_ctx is not None else case.ctx
    bad = rule_ids(run(case.kind, case.bad, context(**bad_ctx)))
    assert case.rule in bad


def test_every_rule_has_a_case() -> None:
    assert {r.id for r in BOOK.rules} == {c.rule for c in CASES}


@pytest.mark.parametrize("row", [DURING, AFTER, LOST, ADMISSION, SEX, ID_CHANGE])
def test_baseline_rows_give_no_finding(row: dict[str, Any]) -> None:
    assert run(C, [row]) == []


def test_severities() -> None:
    warnings = {r.id for r in BOOK.rules if r.severity is Severity.WARNING}
    assert warnings == {"COR-019-AFTER-REG", "COR-019-DUP-ITEM"}


@pytest.mark.parametrize(
    ("item", "old", "new"),
    [
        ("性别", "男", "1"),
        ("性别", "男", "Male"),
        ("出生日期", "2000-01-01", "2000年1月1日"),
        ("出生日期", "20000101", "2000/1/1"),
        ("证件号码", "110105200001010016", "１１０１０５２００００１０１００１６"),
        ("民族", "汉", "汉族"),
        ("政治面貌", "团员", "共青团员"),
        ("姓名", "阿·买买提", "阿 • 买买提"),
        ("证件类型", "身份证", "居民身份证"),
    ],
)
def test_unchanged_compares_values_as_the_field_normalises_them(
    item: str, old: str, new: str
) -> None:
    row = {"bgxm": item, "bgq": old, "bgh": new}
    hits = findings([row], "COR-019-UNCHANGED")
    assert len(hits) == 1
    assert hits[0].message == "变更后的值与变更前相同，没有需要变更的内容"


def test_unchanged_ignores_different_values_of_one_field() -> None:
    assert (
        findings(
            [{"bgxm": "出生日期", "bgq": "2000-01-01", "bgh": "2000-01-02"}], "COR-019-UNCHANGED"
        )
        == []
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"bgh": "张3"}, "变更后的姓名“张3”无效：含有数字、标点或其他不应出现在姓名中的字符"),
        ({"bgxm": "出生日期", "bgq": "2000-01-02", "bgh": "2000-02-30"}, "不是有效日期"),
        ({"bgxm": "性别", "bgq": "女", "bgh": "未知"}, "不是性别代码表"),
        ({"bgxm": "民族", "bgq": "回族", "bgh": "火星族"}, "不是民族代码表"),
        ({"bgxm": "政治面貌", "bgq": "群众", "bgh": "团"}, "不是政治面貌代码表"),
        ({"bgxm": "证件类型", "bgq": "护照", "bgh": "驾驶证"}, "不是证件类型代码表"),
        ({**ID_CHANGE, "bgh": "110105200001010017"}, "居民身份证号码校验码（第 18 位）不正确"),
        ({**ID_CHANGE, "bgh": "11010520000101001"}, "居民身份证号码应为 18 位"),
        ({**ID_CHANGE, "bgh": "990105200001010012"}, "前两位不是有效的省级行政区代码"),
        ({**ID_CHANGE, "bgh": "810000200001010019"}, "是港澳台居民居住证号码"),
    ],
)
def test_invalid_new_value_names_the_problem(change: dict[str, Any], expected: str) -> None:
    hits = findings([change], "COR-019-BGH-INVALID")
    assert len(hits) == 1
    assert expected in hits[0].message
    assert hits[0].field == "bgh"
    assert "is invalid" in hits[0].message_en


def test_invalid_id_number_is_masked_in_the_message() -> None:
    (hit,) = findings([{**ID_CHANGE, "bgh": "110105200001010017"}], "COR-019-BGH-INVALID")
    assert "110105200001010017" not in hit.message
    assert "110105********0017" in hit.message


def test_new_id_number_of_another_document_type_is_not_checked_as_resident_id() -> None:
    row = {
        "zjlx": "护照",
        "sfzh": "E12345678",
        "bgxm": "证件号码",
        "bgq": "E87654321",
        "bgh": "E1234",
    }
    assert findings([row], "COR-019-BGH-INVALID") == []
    # An empty 证件类型 means 居民身份证.
    bad = {**ID_CHANGE, "zjlx": None, "bgh": "110105200001010017"}
    assert len(findings([bad], "COR-019-BGH-INVALID")) == 1


def test_change_fields_reported_per_missing_cell_with_the_kind() -> None:
    hits = findings([{"bgxm": None, "bgq": None}], "COR-019-CHANGE-REQUIRED")
    assert [h.field for h in hits] == ["bgxm", "bgq"]
    assert hits[0].message.startswith("变更项目不能为空：在校期间身份信息变更须写明")


def test_missing_change_columns_are_reported_per_row() -> None:
    hits = findings([{"-bgxm": None}, {}], "COR-019-CHANGE-REQUIRED")
    assert [(h.row, h.field) for h in hits] == [(2, "bgxm"), (3, "bgxm")]


def test_unreadable_change_item_is_a_code_finding_not_an_empty_one() -> None:
    ids = rule_ids(run(C, [{"bgxm": "身高"}]))
    assert "STD-BGXM-CODE" in ids
    assert "COR-019-CHANGE-REQUIRED" not in ids


def test_full_width_certificate_number_is_well_formed() -> None:
    assert (
        findings([{**LOST, "zsbh": "１０００１１２０２６０５０００００１"}], "COR-019-ZSBH-FORMAT")
        == []
    )


def test_duplicate_item_names_the_first_row() -> None:
    rows = [{}, SEX, {"bgq": "章三"}]
    (hit,) = findings(rows, "COR-019-DUP-ITEM")
    assert hit.row == 4
    assert hit.message.startswith("第 2 行已有该学生的同一变更项目“姓名”")
    # Another student changing the same item is no duplicate.
    other = {"sfzh": "110105200001010024", "xb": "女"}
    assert findings([{}, other], "COR-019-DUP-ITEM") == []


def test_messages() -> None:
    (proof,) = findings([{"zmcl": None}], "COR-019-PROOF")
    assert proof.message == "证明材料不能为空：在校期间修改或变更身份信息须由学生本人提供合法性证明"
    (after,) = findings([{"zsbh": CERT}], "COR-019-AFTER-REG")
    assert after.message.startswith(f"已填证书编号“{CERT}”：学历注册并提供网上查询后")
    (future,) = findings([{"sqrq": "2026年8月1日"}], "COR-SQRQ-FUTURE")
    assert future.message == "申请日期 2026年8月1日 晚于今天"
    (ksh,) = findings([{**ADMISSION, "ksh": None}], "COR-010-KSH")
    assert ksh.message.startswith("考生号不能为空：录取数据更正须由学校向省级招生部门提出")
    assert rule_by_id("COR-019-SPWH").basis == "第十九条"
    assert rule_by_id("COR-010-KSH").basis == "第十条"
