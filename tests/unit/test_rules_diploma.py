"""Cases for the diploma rules (articles 15–18, the certificate number scheme)."""

from __future__ import annotations

import pytest

from desktop.domain.fields import BatchKind
from tests.unit.rules_support import Case, context, rule_ids, run

D = BatchKind.DIPLOMA
SECOND = {
    "sfzh": "110105200001010024",
    "xb": "女",
    "zsbh": "100011202605000002",
    "xh": "2022000002",
}

CASES = [
    Case("DIP-017-COLUMN", D, good=[{}], bad=[{"-xzxm": None}]),
    Case("DIP-017-REQUIRED", D, good=[{"zp": None, "fxzy": None}], bad=[{"xzxm": None}, {"zsbh": " "}]),
    Case(
        "DIP-017-PHOTO-MISSING", D,
        good=[{"zp": "a.jpg"}, {**SECOND, "zp": None}],
        bad=[{"zp": "b.jpg"}],
        ctx={"photos": frozenset({"a.jpg", "110105200001010024"})},
    ),
    Case("DIP-018-FZRQ", D, good=[{"fzrq": "2026年6月30日"}], bad=[{"fzrq": "2026-07-01"}]),
    Case(
        "DIP-016-DUP-STUDENT", D,
        good=[{}, SECOND],
        bad=[{}, {**SECOND, "sfzh": "110105200001010016", "xb": "男"}],
    ),
    Case("DIP-ZSBH-DUP", D, good=[{}, SECOND], bad=[{}, {**SECOND, "zsbh": "100011202605000001"}]),
    Case("DIP-ZSBH-FORMAT", D, good=[{"zsbh": "1000112026 05000001"}], bad=[{"zsbh": "10001120260500001"}]),
    Case(
        "DIP-ZSBH-SCHOOL", D,
        good=[{}], bad=[{"zsbh": "100021202605000001"}],
    ),
    Case("DIP-ZSBH-TYPE", D, good=[{}], bad=[{"zsbh": "100013202605000001"}]),
    Case(
        "DIP-ZSBH-MODE", D,
        good=[{"xxxs": "函授", "zsbh": "100015202605000001"}],
        bad=[{"xxxs": "函授"}, {**SECOND, "xxxs": "网络教育"}],
    ),
    Case("DIP-ZSBH-YEAR", D, good=[{}], bad=[{"zsbh": "100011202505000001"}]),
    Case(
        "DIP-ZSBH-LEVEL", D,
        good=[{"cc": "专升本", "xz": "2", "rxrq": "2024-09-01", "zsbh": "100011202605000001"}],
        bad=[{"zsbh": "100011202606000001"}],
    ),
    Case("DIP-ZSBH-SEQ", D, good=[{}], bad=[{"zsbh": "100011202605000000"}]),
    Case("DIP-015-PREP", D, good=[{}], bad=[{"cc": "预科", "xz": "1", "rxrq": "2025-09-01"}]),
    Case(
        "DIP-DATES-ORDER", D,
        good=[{}], bad=[{"rxrq": "2026-09-01", "byrq": "2026-06-30"}],
    ),
    Case(
        "DIP-XZ-DATES", D,
        good=[{"rxrq": "2023-09-01"}, {**SECOND, "rxrq": "2019-09-01"}],
        bad=[{"rxrq": "2025-09-01"}, {**SECOND, "rxrq": "2014-09-01"}],
    ),
    Case(
        "DIP-BYRQ-FUTURE", D,
        good=[{}],
        bad=[{"byrq": "2027-06-30", "fzrq": "2027-06-30", "zsbh": "100011202705000001"}],
    ),
    Case("DIP-XXMC-PROFILE", D, good=[{}], bad=[{"xxmc": "北京大学医学部"}]),
    Case("DIP-XZXM-PROFILE", D, good=[{}], bad=[{"xzxm": "王五"}]),
    Case("DIP-016-MINOR", D, good=[{"fxzy": "经济学"}], bad=[{"fxzy": "计算机科学与技术"}]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_case(case: Case) -> None:
    good = rule_ids(run(case.kind, case.good, context(**case.ctx)))
    assert case.rule not in good
    bad_ctx = case.bad_ctx if case.bad_ctx is not None else case.ctx
    bad = rule_ids(run(case.kind, case.bad, context(**bad_ctx)))
    assert case.rule in bad


def test_missing_column_is_one_batch_finding_not_one_per_row() -> None:
    rows: list[dict[str, object]] = [{"-xzxm": None}, {**SECOND, "-xzxm": None}]
    findings = [f for f in run(D, rows) if f.rule.id.startswith("DIP-017")]
    assert [(f.rule.id, f.row, f.column) for f in findings] == [
        ("DIP-017-COLUMN", None, "校(院)长姓名")
    ]


def test_profile_rules_stay_silent_without_a_profile() -> None:
    ctx = context(school_code=None, school_name=None, president=None)
    bad = {"zsbh": "100021202605000001", "xxmc": "别的大学", "xzxm": "王五"}
    assert run(D, [bad], ctx) == []


def test_completion_and_graduation_certificates_share_one_sequence() -> None:
    rows = [{}, {**SECOND, "byjl": "结业", "zsbh": "100011202605000001"}]
    findings = [f for f in run(D, rows) if f.rule.id == "DIP-ZSBH-DUP"]
    assert [(f.row, f.params) for f in findings] == [(3, {"first_row": 2})]
    assert findings[0].message.startswith("证书编号“100011202605000001”与第 2 行重复")


def test_certificate_messages_say_what_was_expected() -> None:
    findings = run(D, [{"zsbh": "100011202506000001"}])
    by_rule = {f.rule.id: f.message for f in findings}
    assert (
        by_rule["DIP-ZSBH-YEAR"]
        == "证书编号“100011202506000001”中的年份 2025 与毕业日期的年份 2026 不一致"
    )
    assert by_rule["DIP-ZSBH-LEVEL"] == (
        "证书编号“100011202506000001”中的层次码 06 与层次“本科”（应为 05）不一致"
    )
