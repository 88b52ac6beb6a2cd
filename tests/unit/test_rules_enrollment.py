"""新生学籍注册 rules (desktop/domain/rules/enrollment.py)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.rules import enrollment
from desktop.domain.rules.base import Finding, Severity
from desktop.domain.rules.engine import validate
from desktop.domain.table import build_table
from tests.unit.rules_support import BASE, Case, context, rule_ids, run

E = BatchKind.ENROLLMENT

# Two more students born 2008-03-01 (valid check digits), for batches of several rows.
ID2, ID3 = "110105200803010050", "110105200803010077"
SECOND = {"ksh": "26110101150002", "xh": "2026000002", "sfzh": ID2}
MASTER = {"cc": "硕士研究生", "xz": "3", "ksh": "100013000000123", "yjbyrq": "2029-06-30"}
PREP = {"cc": "预科", "xz": "1", "lqlx": "少数民族预科生", "yjbyrq": "2027-06-30"}
RESERVED = {"fcjl": "保留入学资格", "fcsm": "应征入伍", "blrq": "2028-09-01"}

CASES = [
    Case("ENR-008-COLUMN", E, [{}], [{"-fcjl": None}]),
    Case("ENR-008-COLUMN", E, [{"-xh": None}], [{"-ksh": None}]),
    Case("ENR-008-REQUIRED", E, [{}], [{"zymc": None}]),
    Case("ENR-008-REQUIRED", E, [{"xh": None}], [{"fcjl": "  "}]),
    Case("ENR-007-DUP-KSH", E, [{}, SECOND], [{}, {**SECOND, "ksh": "26110101150001"}]),
    Case("ENR-008-DUP-XH", E, [{}, SECOND], [{}, {**SECOND, "xh": "2026000001"}]),
    Case("ENR-008-DUP-XH", E, [{"xh": None}, {**SECOND, "xh": None}],
         [{}, {**SECOND, "xh": "2026000001"}]),
    Case("ENR-008-DUP-SFZH", E, [{}, SECOND], [{}, {**SECOND, "sfzh": "110105200803010034"}]),
    Case("ENR-007-KSH-FORMAT", E, [{}], [{"ksh": "2611010115000"}]),
    Case("ENR-007-KSH-FORMAT", E, [{"ksh": "２６１１０１０１１５０００１"}],
         [{"ksh": "2611010115000A"}]),
    Case("ENR-007-KSH-FORMAT", E, [MASTER], [{**MASTER, "ksh": "26110101150001"}]),
    Case("ENR-007-KSH-FORMAT", E, [{"cc": None}, {**SECOND, "cc": None, "ksh": "100013000000124"}],
         [{"cc": None, "ksh": "1234567890123456"}]),
    Case("ENR-007-KSH-YEAR", E, [{}, MASTER], [{"ksh": "25110101150001"}]),
    Case("ENR-007-KSH-SYD", E, [{}, {**SECOND, "syd": None}], [{"syd": "天津市"}]),
    Case("ENR-008-FCJL-NOTE", E, [{"fcjl": "放弃入学资格", "fcsm": "本人放弃"}],
         [{"fcjl": "放弃入学资格"}]),
    Case("ENR-008-FCJL-NOTE", E, [{}], [{"fcjl": "取消", "fcsm": " "}]),
    Case("ENR-008-BLRQ-MISSING", E, [RESERVED], [{**RESERVED, "blrq": None}]),
    Case("ENR-008-BLRQ-ORDER", E, [RESERVED], [{**RESERVED, "blrq": "2026-09-01"}]),
    Case("ENR-008-BLRQ-UNUSED", E, [{}, RESERVED], [{"blrq": "2027-09-01"}]),
    Case("ENR-008-BLRQ-UNUSED", E, [{}],
         [{"fcjl": "放弃入学资格", "fcsm": "x", "blrq": "2027-09-01"}]),
    Case("ENR-009-DXDW-MISSING", E, [{"lqlx": "定向生", "dxdw": "某县人民医院"}],
         [{"lqlx": "定向"}]),
    Case("ENR-009-DXDW-MISSING", E, [{"lqlx": "国家专项计划"}], [{"lqlx": "公费师范生"}]),
    Case("ENR-009-DXDW-UNMARKED", E, [{"lqlx": "定向生", "dxdw": "某县人民医院"}],
         [{"dxdw": "某县人民医院"}]),
    Case("ENR-009-DXDW-UNMARKED", E, [{"lqlx": None}], [{"lqlx": None, "dxdw": "西藏"}]),
    Case("ENR-009-LQLX-LEVEL", E, [{"lqlx": "国家专项计划"}], [{**MASTER, "lqlx": "国家专项计划"}]),
    Case("ENR-009-LQLX-LEVEL", E, [{**MASTER, "lqlx": "援藏计划", "dxdw": "西藏大学"}],
         [{"lqlx": "援藏计划", "dxdw": "西藏大学"}]),
    Case("ENR-008-PREP-LQLX", E, [PREP], [{"lqlx": "少数民族预科生"}]),
    Case("ENR-008-YJBYRQ-ORDER", E, [{}], [{"yjbyrq": "2026-06-30"}]),
    Case("ENR-008-YJBYRQ-XZ", E, [{}, {**SECOND, "yjbyrq": "2031-06-30"}],
         [{"yjbyrq": "2028-06-30"}]),
    Case("ENR-008-YJBYRQ-XZ", E, [{"yjbyrq": None}], [{"yjbyrq": "2032-07-01"}]),
    Case("ENR-008-RXRQ-FAR", E, [{"rxrq": "2025-07-15"}, {**SECOND, "rxrq": "2027-07-15"}],
         [{"rxrq": "2025-07-14"}]),
    Case("ENR-008-RXRQ-FAR", E, [{}], [{"rxrq": "2027-07-16"}]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_case(case: Case) -> None:
    good = rule_ids(run(case.kind, case.good, context(**case.ctx)))
    assert case.rule not in good
    bad_ctx = case.bad_ctx if case.bad_ctx is not None else case.ctx
    bad = rule_ids(run(case.kind, case.bad, context(**bad_ctx)))
    assert case.rule in bad


def test_every_rule_has_a_case() -> None:
    assert {r.id for r in enrollment.BOOK.rules} == {c.rule for c in CASES}


def test_rules_belong_to_enrollment_only() -> None:
    for r in enrollment.BOOK.rules:
        assert r.kinds == frozenset({E}), r.id
        assert r.basis.startswith("第") and r.basis.endswith("条"), r.id


def test_baseline_gives_no_finding() -> None:
    assert run(E, [{}]) == []


@pytest.mark.parametrize(
    "row",
    [
        {"rxrq": "2026年9月1日", "yjbyrq": "2030/6/30", "ksh": "２６１１０１０１１５０００１"},
        {"rxrq": "20260901", "yjbyrq": 47664.0, "ksh": 26110101150001},  # Excel serial, number
        {"cc": "专科", "xz": "3", "yjbyrq": "2029-06-30"},
        {"cc": "博士研究生", "xz": "4", "ksh": "100013000000123", "yjbyrq": "2030-06-30"},
        PREP,
        RESERVED,
        {"fcjl": "取消入学资格", "fcsm": "体检复查不合格"},
        {"lqlx": "免费医学定向", "dxdw": "某县卫生健康委员会"},
        {"cc": "硕士研究生", "xz": "3", "ksh": "100013000000123", "yjbyrq": "2029-06-30",
         "lqlx": "少数民族骨干计划", "dxdw": "西藏自治区"},
        {"cc": "预科", "xz": "1", "lqlx": "少数民族骨干计划", "dxdw": "新疆",
         "yjbyrq": "2027-06-30"},
    ],
)  # fmt: skip
def test_good_variants_give_no_finding(row: dict[str, object]) -> None:
    assert [f.rule.id for f in run(E, [row])] == []


def test_good_batch_of_three_gives_no_finding() -> None:
    third = {"ksh": "26110101150003", "xh": "2026000003", "sfzh": ID3}
    assert run(E, [{}, SECOND, third]) == []


def _only(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule.id == rule_id]


def test_duplicate_names_the_first_row_and_article_8() -> None:
    found = run(E, [{}, SECOND, {"ksh": "26110101150003", "xh": "2026000003"}])
    (dup,) = _only(found, "ENR-008-DUP-SFZH")
    assert dup.row == 4
    assert "第 2 行" in dup.message
    assert "同一学习时段只注册一个普通全日制学籍" in dup.message
    assert "110105200803010034" not in dup.message  # ID numbers are masked


def test_only_later_duplicates_are_reported() -> None:
    found = run(E, [{}, SECOND, {**SECOND, "sfzh": ID3}, {**SECOND, "sfzh": ID3, "xh": "9"}])
    assert [(f.row, f.params) for f in _only(found, "ENR-007-DUP-KSH")] == [
        (4, {"first_row": 3}),
        (5, {"first_row": 3}),
    ]


def test_exam_number_messages() -> None:
    (short,) = _only(run(E, [{"ksh": "2611010115000"}]), "ENR-007-KSH-FORMAT")
    assert short.message == "考生号“2611010115000”应为 14 位数字（高考考生号）"
    (grad,) = _only(run(E, [{**MASTER, "ksh": "26110101150001"}]), "ENR-007-KSH-FORMAT")
    assert "应为 15 位数字（研究生考生编号）" in grad.message
    (year,) = _only(run(E, [{"ksh": "25110101150001"}]), "ENR-007-KSH-YEAR")
    assert year.severity is Severity.WARNING
    assert year.message == "考生号“25110101150001”前两位 25 应为入学年份 2026 的后两位"
    (home,) = _only(run(E, [{"syd": "天津"}]), "ENR-007-KSH-SYD")
    assert "省份代码 11 与生源地“天津市”（12）" in home.message


def test_graduate_exam_numbers_are_not_read_as_gaokao_numbers() -> None:
    # 研究生考生编号 starts with the unit code, not the year or province.
    found = run(E, [{**MASTER, "ksh": "100013000000123", "syd": "天津市"}])
    assert not {"ENR-007-KSH-YEAR", "ENR-007-KSH-SYD"} & rule_ids(found)


def test_malformed_exam_number_is_reported_once() -> None:
    ids = rule_ids(run(E, [{"ksh": "2511010115000"}]))
    assert "ENR-007-KSH-FORMAT" in ids
    assert "ENR-007-KSH-YEAR" not in ids


def test_review_messages() -> None:
    (note,) = _only(run(E, [{"fcjl": "保留", "blrq": "2027-09-01"}]), "ENR-008-FCJL-NOTE")
    assert note.field == "fcsm"
    assert note.message.startswith("复查结论为“保留入学资格”时必须填写复查说明")
    (order,) = _only(run(E, [{**RESERVED, "blrq": "2026-08-31"}]), "ENR-008-BLRQ-ORDER")
    assert order.message == "保留入学资格截止日期 2026-08-31 应晚于入学日期 2026-09-01"
    (unused,) = _only(run(E, [{"blrq": "2027-09-01"}]), "ENR-008-BLRQ-UNUSED")
    assert "复查结论为“注册学籍”" in unused.message


def test_targeted_messages() -> None:
    (missing,) = _only(run(E, [{"lqlx": "免费医学生"}]), "ENR-009-DXDW-MISSING")
    assert missing.message == "录取类型为“免费医学定向”时必须填写定向单位"
    (level,) = _only(run(E, [{**MASTER, "lqlx": "扶贫计划"}]), "ENR-009-LQLX-LEVEL")
    assert level.message == "录取类型“国家专项计划”是招收本专科生的专项计划，与层次“硕士研究生”不符"


def test_span_uses_the_programme_length() -> None:
    (span,) = _only(run(E, [{"xz": "5", "yjbyrq": "2030-06-30"}]), "ENR-008-YJBYRQ-XZ")
    assert span.params is not None and span.params["span"] == 3.8
    assert span.message == "入学到预计毕业共 3.8 年，与学制 5 年相差 1 年以上"
    # An inverted range is the order rule's, not a second finding.
    ids = rule_ids(run(E, [{"yjbyrq": "2020-06-30"}]))
    assert "ENR-008-YJBYRQ-ORDER" in ids and "ENR-008-YJBYRQ-XZ" not in ids


def test_entry_date_window_follows_the_context_date() -> None:
    row = {"rxrq": "2024-09-01", "ksh": "24110101150001", "yjbyrq": "2028-06-30"}
    assert "ENR-008-RXRQ-FAR" in rule_ids(run(E, [row]))
    assert run(E, [row], context(as_of=date(2024, 8, 20))) == []
    (far,) = _only(run(E, [row]), "ENR-008-RXRQ-FAR")
    assert "今天（2026-07-15）" in far.message


def test_leap_day_as_of_does_not_crash() -> None:
    # Only this module's rules: GEN-CSRQ-RANGE does not take 29 February yet.
    table = build_table(E, {k: [v] for k, v in BASE[E].items()})
    found = validate(table, context(as_of=date(2028, 2, 29)), enrollment.BOOK.rules)
    assert rule_ids(found) == {"ENR-008-RXRQ-FAR"}  # 2026-09-01 is more than a year before
