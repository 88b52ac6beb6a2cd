"""学年注册 rules (desktop/domain/rules/annual.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.rules import annual
from desktop.domain.rules.annual import one_month_after
from desktop.domain.rules.base import Finding, Severity
from desktop.domain.workcal import WorkCalendar
from tests.unit.rules_support import Case, context, rule_ids, run

A = BatchKind.ANNUAL
D = date.fromisoformat

# A row with no 注册状态, so that it carries only the sub-record it is combined with.
BARE = {"zczt": None, "zcrq": None}
OTHER = {"xh": "2022000002", "sfzh": "110105200001010032"}
NOTE = {**BARE, "jzlb": "奖励", "jznr": "国家奖学金"}
SUSPEND = {**BARE, "ydlb": "休学", "ydrq": "2026-03-01", "ydyy": "因病"}
MAJOR = {**BARE, "ydlb": "转专业", "ydrq": "2026-07-01", "ydyy": "申请", "yzydm": "080901",
         "xzydm": "080902"}  # fmt: skip
TRANSFER = {**BARE, "ydlb": "转学", "ydrq": "2026-07-01", "ydyy": "随父母迁居", "zxxx": "天津大学"}
DROPOUT = {**BARE, "zxlb": "退学", "clrq": "2026-06-01", "zxrq": "2026-06-10"}
EXPEL = {**DROPOUT, "zxlb": "开除学籍", "clwh": "校发〔2026〕12号"}
DEFER = {"zczt": "暂缓注册", "hzyy": "未缴学费"}
YYZS = {**BARE, "qtzs": "肄业证书", "qtzsbh": "100011202600001"}

CASES = [
    Case("ANN-012-COLUMN", A, [{"-zcrq": None}], [{"-xn": None}]),
    Case("ANN-012-REQUIRED", A, [{"cc": None, "rxrq": None}], [{"xn": None}]),
    Case("ANN-012-REQUIRED", A, [{}], [{"sfzh": " "}]),
    Case("ANN-012-EMPTY", A, [{}, {**OTHER, **NOTE}], [BARE]),
    Case("ANN-012-EMPTY", A, [{**BARE, "qtzs": "学习证明"}], [{**BARE, "hzyy": "x"}]),
    Case("ANN-012-ORPHAN", A, [{}, SUSPEND], [{**NOTE, "zcrq": "2026-09-10"}]),
    Case("ANN-012-ORPHAN", A, [DROPOUT], [{"clwh": "校发〔2026〕1号"}]),
    Case("ANN-012-ORPHAN", A, [YYZS], [{"qtzsbh": "100011202600001"}]),
    Case("ANN-012-DUP-ZCZT", A, [{}, NOTE, {"xn": "2025-2026", "zcrq": "2025-09-10"}], [{}, {}]),
    Case("ANN-012-DUP-ZCZT", A, [{}, OTHER], [{}, DEFER]),
    Case("ANN-012-DUP-YD", A, [SUSPEND, {**SUSPEND, "ydrq": "2026-03-02"}], [SUSPEND, SUSPEND]),
    Case("ANN-012-DUP-ZX", A, [DROPOUT, {**DROPOUT, **OTHER}], [DROPOUT, EXPEL]),
    Case("ANN-012-FIRST-YEAR", A, [{}, {"rxrq": "2026-03-01"}],
         [{"rxrq": "2026-09-01"}]),
    Case("ANN-012-FIRST-YEAR", A, [{**DROPOUT, "xn": "2025-2026", "rxrq": "2025-09-01"}],
         [{**NOTE, "xn": "2025-2026", "rxrq": "2025-09-01"}]),
    Case("ANN-012-HZYY-MISSING", A, [DEFER], [{"zczt": "暂缓注册"}]),
    Case("ANN-012-ZCRQ-XN", A, [{"zcrq": "2026-08-25"}, {**OTHER, "zcrq": "2027-03-01"}],
         [{"zcrq": "2025-09-10"}]),
    Case("ANN-012-YDRQ-MISSING", A, [SUSPEND], [{**SUSPEND, "ydrq": None}]),
    Case("ANN-012-YDYY-MISSING", A, [SUSPEND], [{**SUSPEND, "ydyy": None}]),
    Case("ANN-012-ZZY-NEW", A, [MAJOR], [{**MAJOR, "xzydm": None}]),
    Case("ANN-012-ZZY-NEW", A, [{**MAJOR, "yzydm": None}], [{**MAJOR, "xzydm": "080901"}]),
    Case("ANN-012-ZXXX-MISSING", A, [TRANSFER], [{**TRANSFER, "zxxx": None}]),
    Case("ANN-012-YDRQ-RANGE", A, [{**SUSPEND, "ydrq": "2025-09-01"}, {**SUSPEND, **OTHER,
         "ydrq": "2027-08-31"}], [{**SUSPEND, "ydrq": "2025-08-31"}]),
    Case("ANN-012-YDRQ-RANGE", A, [SUSPEND], [{**SUSPEND, "ydrq": "2027-09-01"}]),
    Case("ANN-012-CREDIT", A, [{**SUSPEND, "ydlb": "留级"}], [{**SUSPEND, "ydlb": "留级"}],
         bad_ctx={"credit_system": True}),
    Case("ANN-012-CREDIT", A, [SUSPEND], [{**SUSPEND, "ydlb": "跳级"}], {"credit_system": True}),
    Case("ANN-012-CLRQ-MISSING", A, [DROPOUT], [{**DROPOUT, "clrq": None}]),
    Case("ANN-026-CLWH-QXXJ", A, [{**EXPEL, "zxlb": "取消学籍"}],
         [{**EXPEL, "zxlb": "取消学籍", "clwh": None}]),
    Case("ANN-026-CLWH-QXXJ", A, [DROPOUT], [{**DROPOUT, "zxlb": "取消学籍"}]),
    Case("ANN-012-CLWH-KCXJ", A, [EXPEL, DROPOUT], [{**EXPEL, "clwh": " "}]),
    Case("ANN-012-ZX-ZCZT", A, [{**DEFER, **DROPOUT, "zczt": "暂缓注册", "zxlb": "死亡"}],
         [{**DROPOUT, "zczt": "注册"}]),
    Case("ANN-012-ZX-THEN-ZC", A, [{**DROPOUT, "clrq": "2026-09-15", "zxrq": "2026-09-16"}, {}],
         [{**DROPOUT, "clrq": "2026-09-05", "zxrq": "2026-09-06"}, {}]),
    Case("ANN-013-ZXRQ-ORDER", A, [DROPOUT, {**DROPOUT, **OTHER, "zxrq": "2026-06-01"}],
         [{**DROPOUT, "zxrq": "2026-05-31"}]),
    Case("ANN-013-ZX-DEADLINE", A, [{**DROPOUT, "zxrq": "2026-06-23"}],
         [{**DROPOUT, "zxrq": "2026-06-24"}]),
    Case("ANN-013-ZX-DEADLINE", A, [{**DROPOUT, "zxrq": None}], [{**DROPOUT, "zxrq": None}],
         {"as_of": D("2026-06-23")}, {"as_of": D("2026-06-24")}),
    Case("ANN-013-ZC-DEADLINE", A, [{"zcrq": "2026-10-01"}], [{"zcrq": "2026-10-02"}]),
    Case("ANN-013-ZC-DEADLINE", A, [{"zcrq": "2026-12-01"}], [{"zcrq": "2026-12-01"}],
         {"term_start": None}, {}),
    Case("ANN-013-ZC-DEADLINE", A, [{"zcrq": None}], [{**DEFER, "zcrq": None}],
         {"as_of": D("2026-10-01")}, {"as_of": D("2026-10-02")}),
    Case("ANN-012-JZNR-MISSING", A, [NOTE], [{**NOTE, "jznr": None}]),
    Case("ANN-012-YYZS-NUMBER", A, [YYZS, {**BARE, **OTHER, "qtzs": "学习证明"}],
         [{**YYZS, "qtzsbh": None}]),
    Case("ANN-012-YYZS-DROPOUT", A, [DROPOUT, YYZS], [YYZS]),
    Case("ANN-012-YYZS-DROPOUT", A, [{**DROPOUT, **YYZS}], [{**EXPEL, **YYZS}]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_case(case: Case) -> None:
    good = rule_ids(run(case.kind, case.good, context(**case.ctx)))
    assert case.rule not in good
    bad_ctx = case.bad_ctx if case.bad_ctx is not None else case.ctx
    bad = rule_ids(run(case.kind, case.bad, context(**bad_ctx)))
    assert case.rule in bad


def test_every_rule_has_a_case() -> None:
    assert {r.id for r in annual.BOOK.rules} == {c.rule for c in CASES}


def test_rules_belong_to_annual_only() -> None:
    for r in annual.BOOK.rules:
        assert r.kinds == frozenset({A}), r.id
        assert r.basis.startswith("第") and r.basis.endswith("条"), r.id


def test_baseline_gives_no_finding() -> None:
    assert run(A, [{}]) == []


def _ids(rows: Sequence[Mapping[str, Any]], **ctx: Any) -> list[str]:
    return [f.rule.id for f in run(A, rows, context(**ctx))]


@pytest.mark.parametrize(
    "rows",
    [
        [{"zcrq": "2026年9月10日", "xn": "2026—2027学年", "rxrq": "2022/9/1"}],
        [{"zcrq": 46275.0, "xn": 2026, "xh": "２０２２０００００１"}],  # Excel serial, number
        [DEFER],
        [SUSPEND, {**OTHER, **MAJOR}, {**OTHER, **NOTE}, TRANSFER],
        [{**DROPOUT, **YYZS}],
        [EXPEL],
        [{**DROPOUT, **DEFER, "zxlb": "死亡"}],
        [{**BARE, "qtzs": "学习证明"}],
        [{"rxrq": "2026-03-01", "xn": "2026-2027"}],  # spring entrant, second school year
    ],
)
def test_good_batches_give_no_finding(rows: list[dict[str, Any]]) -> None:
    assert _ids(rows) == []


def _only(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule.id == rule_id]


def test_unknown_code_is_content_not_an_empty_row() -> None:
    ids = _ids([{**BARE, "jzlb": "表扬", "jznr": "x"}])
    assert "STD-JZLB-CODE" in ids
    assert "ANN-012-EMPTY" not in ids and "ANN-012-ORPHAN" not in ids


def test_unreadable_date_is_not_also_missing() -> None:
    ids = _ids([{**SUSPEND, "ydrq": "2026-13-01"}, {**OTHER, **DROPOUT, "clrq": "去年"}])
    assert ids.count("GEN-DATE-FORMAT") == 2
    assert "ANN-012-YDRQ-MISSING" not in ids and "ANN-012-CLRQ-MISSING" not in ids


def test_missing_messages_name_the_type() -> None:
    (found,) = _only(run(A, [{**SUSPEND, "ydyy": None}]), "ANN-012-YDYY-MISSING")
    assert found.field == "ydyy"
    assert found.message == "学籍变动“休学”必须填写变动原因"
    (doc,) = _only(run(A, [{**DROPOUT, "zxlb": "取消学籍"}]), "ANN-026-CLWH-QXXJ")
    assert doc.rule.basis == "第二十六条"
    assert doc.message.startswith("取消学籍必须填写学校的处理文号")


def test_change_of_major_messages() -> None:
    (none,) = _only(run(A, [{**MAJOR, "xzydm": None}]), "ANN-012-ZZY-NEW")
    assert none.message == "没有填写新专业代码：转专业必须填写与原专业不同的新专业代码"
    (same,) = _only(run(A, [{**MAJOR, "xzydm": "080901"}]), "ANN-012-ZZY-NEW")
    assert same.message.startswith("新专业代码与原专业代码相同")


def test_duplicate_registration_message() -> None:
    (dup,) = _only(run(A, [{}, NOTE, DEFER]), "ANN-012-DUP-ZCZT")
    assert dup.row == 4
    assert dup.message == (
        "学号“2022000001”在 2026-2027 学年已于第 2 行注册：每名学生每学年只注册一次"
    )


def test_credit_system_message() -> None:
    ctx = context(credit_system=True)
    (found,) = _only(run(A, [{**SUSPEND, "ydlb": "降级"}], ctx), "ANN-012-CREDIT")
    assert found.severity is Severity.WARNING
    assert "实行学分制的学校无需标注留级、降级、跳级情况" in found.message
    assert "“降级”" in found.message


def test_change_date_window_message() -> None:
    (found,) = _only(run(A, [{**SUSPEND, "ydrq": "2025-08-31"}]), "ANN-012-YDRQ-RANGE")
    assert "不在 2025-09-01 至 2027-08-31 之间" in found.message


# --- article 13: deadlines -------------------------------------------------------------


def test_deregistration_deadline_counts_national_day_holidays() -> None:
    # Decided Friday 2025-09-26: 9-28 (Sunday, 调休) counts, 10-01…10-08 do not, 10-11
    # (Saturday, 调休) does; the 15th working day is Thursday 2025-10-23.
    row = {**DROPOUT, "xn": "2025-2026", "clrq": "2025-09-26", "zcrq": "2025-09-10"}
    assert "ANN-013-ZX-DEADLINE" not in _ids([{**row, "zxrq": "2025-10-23"}])
    (late,) = _only(run(A, [{**row, "zxrq": "2025-10-27"}]), "ANN-013-ZX-DEADLINE")
    assert late.params is not None
    assert late.params["deadline"] == D("2025-10-23") and late.params["late"] == 4
    assert late.field == "zxrq"
    assert late.message == (
        "学籍处理日期 2025-09-26，注销于 2025-10-27，已超过期限 2025-10-23 4 天："
        "学籍注销应在学籍处理后15个工作日内完成"
    )


def test_deregistration_deadline_without_date_uses_today() -> None:
    found = run(A, [{**DROPOUT, "zxrq": None}])  # as of 2026-07-15; due 2026-06-23
    (late,) = _only(found, "ANN-013-ZX-DEADLINE")
    assert late.field == "clrq"
    assert "注销于 2026-07-15（未填注销日期，按今天计）" in late.message
    assert "已超过期限 2026-06-23 22 天" in late.message


def test_deregistration_deadline_in_an_unknown_year_says_so() -> None:
    row = {**DROPOUT, "xn": "2060-2061", "clrq": "2060-06-01", "zxrq": "2060-09-01"}
    (late,) = _only(run(A, [row]), "ANN-013-ZX-DEADLINE")
    # Weekday fallback: 15 working days after Tuesday 2060-06-01 is Tuesday 2060-06-22.
    assert late.params is not None and late.params["deadline"] == D("2060-06-22")
    assert "（2060 年的法定节假日安排未知，按周一至周五估算）" in late.message
    assert "holidays of 2060 unknown" in late.message_en
    # Once the office adds that year's calendar the note goes away.
    known = WorkCalendar(extra_years=[2060])
    (exact,) = _only(run(A, [row], context(calendar=known)), "ANN-013-ZX-DEADLINE")
    assert "未知" not in exact.message and exact.message.endswith("15个工作日内完成")


def test_deregistration_deadline_calendar_lookup_is_shared() -> None:
    rows = [{**DROPOUT, "xh": f"20220000{i:02d}", "zxrq": "2026-07-01"} for i in range(3)]
    found = _only(run(A, rows), "ANN-013-ZX-DEADLINE")
    assert [f.params["late"] for f in found if f.params] == [8, 8, 8]


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2026-09-01", "2026-10-01"),
        ("2026-08-31", "2026-09-30"),
        ("2027-01-31", "2027-02-28"),
        ("2028-01-31", "2028-02-29"),
        ("2026-12-15", "2027-01-15"),
        ("2026-03-31", "2026-04-30"),
    ],
)
def test_one_month_after(start: str, due: str) -> None:
    assert one_month_after(D(start)) == D(due)


def test_registration_deadline_message() -> None:
    (late,) = _only(run(A, [{"zcrq": "2026-10-08"}]), "ANN-013-ZC-DEADLINE")
    assert late.severity is Severity.WARNING
    assert late.message == (
        "学年注册于 2026-10-08，晚于开学（2026-09-01）后 1 个月的期限 2026-10-01："
        "学年注册应在每学年第一学期开学后1个月内完成"
    )
    ctx = context(term_start=D("2027-02-28"), as_of=D("2027-03-29"))
    (today,) = _only(run(A, [{"zcrq": None}], ctx), "ANN-013-ZC-DEADLINE")
    assert today.field == "zczt"
    assert "学年注册于 2027-03-29（未填注册日期，按今天计）" in today.message
    assert "期限 2027-03-28" in today.message


def test_registration_deadline_ignores_rows_without_status() -> None:
    assert "ANN-013-ZC-DEADLINE" not in _ids([NOTE], as_of=D("2027-06-01"))


# --- contradictions --------------------------------------------------------------------


def test_registration_after_deregistration_names_the_row() -> None:
    gone = {**DROPOUT, "clrq": "2026-09-05", "zxrq": "2026-09-06"}
    (found,) = _only(run(A, [gone, {}]), "ANN-012-ZX-THEN-ZC")
    assert found.row == 3
    assert found.message == (
        "学号“2022000001”已于 2026-09-05 注销学籍（第 2 行，退学），不能再于 2026-09-10 注册"
    )
    # Another student's registration is not affected.
    assert "ANN-012-ZX-THEN-ZC" not in _ids([gone, OTHER])


def test_dropout_certificate_looks_for_the_same_student() -> None:
    (found,) = _only(run(A, [{**DROPOUT, **OTHER}, YYZS]), "ANN-012-YYZS-DROPOUT")
    assert found.row == 3
    assert found.message.startswith("学号“2022000001”取得肄业证书")


def test_first_year_message() -> None:
    (found,) = _only(run(A, [{"rxrq": "2026-09-01"}]), "ANN-012-FIRST-YEAR")
    assert found.message == (
        "学年 2026-2027 不晚于入学学年（入学日期 2026-09-01）：学年注册从学生入学次年起进行"
    )
