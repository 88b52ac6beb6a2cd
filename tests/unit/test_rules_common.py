"""Cases for the rules every kind shares: cells, code tables, names, identity documents."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.fields import BatchKind
from tests.unit.rules_support import Case, context, rule_ids, run

E, A, D, C = BatchKind.ENROLLMENT, BatchKind.ANNUAL, BatchKind.DIPLOMA, BatchKind.CORRECTION

CASES = [
    Case(
        "GEN-DATE-FORMAT", D,
        good=[{"csrq": d, "sfzh": "110105200001010016"} for d in (
            "20000101", "2000-1-1", "2000/01/01", "2000.01.01", "2000年1月1日", "２０００－０１－０１",
            date(2000, 1, 1), 36526, "2000-01-01 00:00:00",
        )],
        bad=[{"csrq": "2000-13-01"}, {"csrq": "明年"}, {"csrq": "2001-02-29"}, {"csrq": 60}],
    ),
    Case("GEN-COLUMN-IGNORED", D, good=[{}], bad=[{"备注": "x"}]),
    Case(
        "GEN-NUMBER-PRECISION", D,
        good=[{"sfzh": "110105200001010016"}, {"ksh": 22110101150001}],
        bad=[{"sfzh": 110105200001010016}],
    ),
    Case("GEN-NUMBER-FORMAT", D, good=[{"xz": "４年"}, {"xz": 4.0}], bad=[{"xz": "四年"}]),
    Case("GEN-XN-FORMAT", A, good=[{"xn": "2026"}, {"xn": "2026—2027学年"}], bad=[{"xn": "2026-2028"}]),
    Case("STD-XB-CODE", D, good=[{"xb": "1"}, {"xb": "男性"}], bad=[{"xb": "未知"}]),
    Case("STD-MZ-CODE", D, good=[{"mz": "1"}, {"mz": "01"}, {"mz": "汉"}], bad=[{"mz": "火星族"}]),
    Case("STD-ZZMM-CODE", D, good=[{"zzmm": "团员"}, {"zzmm": "13"}], bad=[{"zzmm": "党外"}]),
    Case("STD-ZJLX-CODE", D, good=[{"zjlx": "身份证"}, {"zjlx": "1"}], bad=[{"zjlx": "驾驶证"}]),
    Case("STD-SYD-CODE", E, good=[{"syd": "北京"}, {"syd": "110000"}], bad=[{"syd": "火星"}]),
    Case("STD-CC-CODE", D, good=[{"cc": "05"}, {"cc": "普通本科"}], bad=[{"cc": "大学"}]),
    Case("STD-XXXS-CODE", D, good=[{"xxxs": "全日制"}], bad=[{"xxxs": "旁听"}]),
    Case("STD-LQLX-CODE", E, good=[{"lqlx": "统招"}], bad=[{"lqlx": "走后门"}]),
    Case("STD-FCJL-CODE", E, good=[{"fcjl": "复查合格"}], bad=[{"fcjl": "待定"}]),
    Case("STD-ZCZT-CODE", A, good=[{"zczt": "已注册"}], bad=[{"zczt": "未知"}]),
    Case(
        "STD-YDLB-CODE", A,
        good=[{"ydlb": "休学", "ydrq": "2026-03-01", "ydyy": "病休"}],
        bad=[{"ydlb": "旅游", "ydrq": "2026-03-01", "ydyy": "x"}],
    ),
    Case(
        "STD-ZXLB-CODE", A,
        good=[{"zczt": None, "zxlb": "退学", "clrq": "2026-09-01", "zxrq": "2026-09-05"}],
        bad=[{"zczt": None, "zxlb": "消失", "clrq": "2026-09-01", "zxrq": "2026-09-05"}],
    ),
    Case(
        "STD-JZLB-CODE", A,
        good=[{"jzlb": "奖励", "jznr": "国家奖学金"}], bad=[{"jzlb": "八卦", "jznr": "x"}],
    ),
    Case("STD-QTZS-CODE", A, good=[{"qtzs": "学习证明"}], bad=[{"qtzs": "驾照"}]),
    Case("STD-BYJL-CODE", D, good=[{"byjl": "1"}], bad=[{"byjl": "肄业"}]),
    Case("STD-BGLX-CODE", C, good=[{"bglx": "信息变更"}], bad=[{"bglx": "随便改"}]),
    Case("STD-BGXM-CODE", C, good=[{"bgxm": "XM"}], bad=[{"bgxm": "身高"}]),
    Case(
        "GEN-XM-CHARS", D,
        good=[{"xm": n} for n in ("欧阳娜娜", "阿依古丽・买买提", "迪丽热巴•迪力木拉提", "John Smith", "𠮷野")],
        bad=[{"xm": "张三1"}, {"xm": "李,四"}, {"xm": "·王"}, {"xzxm": "校长(代)"}],
    ),
    Case("GEN-CSRQ-RANGE", C, good=[{}], bad=[{"csrq": "2030-01-01"}, {"csrq": "1899-12-31"}]),
    Case(
        "GEN-AGE-ENTRY", D,
        good=[{"rxrq": "2012-09-01", "byrq": "2016-06-30", "fzrq": "2016-06-30"}],
        bad=[{"rxrq": "2005-09-01"}],
    ),
    Case("GEN-XZ-LEVEL", D, good=[{"xz": "5"}], bad=[{"xz": "3"}, {"cc": "专科", "xz": "4"}]),
    Case("GEN-XZ-POSITIVE", E, good=[{"xz": "4"}, {"xz": "2.5", "cc": "专科"}], bad=[{"xz": "0"}, {"xz": "4.3"}]),
    Case(
        "ID-GB11643-FORMAT", D,
        good=[{"sfzh": "110105 2000 0101 0016"}, {"sfzh": "１１０１０５２０００１２３１００１x", "csrq": "2000-12-31"}],
        bad=[{"sfzh": "110105000101001"}, {"sfzh": "11010520000101001A"}],
    ),
    Case("ID-GB11643-CHECKSUM", D, good=[{}], bad=[{"sfzh": "110105200001010017"}]),
    Case("ID-GB11643-BIRTH", D, good=[{}], bad=[{"sfzh": "110105200002300015"}]),
    Case("ID-GB11643-AREA", D, good=[{}], bad=[{"sfzh": "99010520000101001X"}]),
    Case(
        "ID-TYPE-PERMIT", D,
        good=[{"zjlx": "港澳台居民居住证", "sfzh": "810000200001010014"}],
        bad=[{"sfzh": "810000200001010014"}],
    ),
    Case(
        "ID-PERMIT-INVALID", D,
        good=[{"zjlx": "居住证", "sfzh": "830000200001010018"}],
        bad=[{"zjlx": "居住证", "sfzh": "110105200001010016"}, {"zjlx": "居住证", "sfzh": "81000020000101001X"}],
    ),
    Case(
        "ID-HKMO-FORMAT", D,
        good=[{"zjlx": "回乡证", "sfzh": "H12345678"}, {"zjlx": "3", "sfzh": "M1234567801"}],
        bad=[{"zjlx": "回乡证", "sfzh": "X12345678"}],
    ),
    Case(
        "ID-TW-FORMAT", D,
        good=[{"zjlx": "台胞证", "sfzh": "12345678"}], bad=[{"zjlx": "台胞证", "sfzh": "1234567"}],
    ),
    Case(
        "ID-PASSPORT-FORMAT", D,
        good=[{"zjlx": "护照", "sfzh": "E12345678"}], bad=[{"zjlx": "护照", "sfzh": "ABC"}],
    ),
    Case(
        "ID-FOREIGN-PR-FORMAT", D,
        good=[{"zjlx": "永居证", "sfzh": "USA110012345678"}],
        bad=[{"zjlx": "永居证", "sfzh": "USA11001234567"}],
    ),
    Case("ID-CSRQ-MISMATCH", D, good=[{"csrq": "2000年1月1日"}], bad=[{"csrq": "2000-01-02"}]),
    Case("ID-XB-MISMATCH", D, good=[{"xb": "男"}], bad=[{"xb": "女"}]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_case(case: Case) -> None:
    good = rule_ids(run(case.kind, case.good, context(**case.ctx)))
    assert case.rule not in good
    bad_ctx = case.bad_ctx if case.bad_ctx is not None else case.ctx
    bad = rule_ids(run(case.kind, case.bad, context(**bad_ctx)))
    assert case.rule in bad


@pytest.mark.parametrize("kind", list(BatchKind))
def test_baseline_rows_raise_nothing(kind: BatchKind) -> None:
    assert run(kind, [{}]) == []


def test_good_data_in_every_usual_shape_is_not_reported() -> None:
    shapes = {
        "csrq": "2000年1月1日",
        "rxrq": "2022.9.1",
        "byrq": 46203,  # Excel serial of 2026-06-30
        "fzrq": "20260630",
        "xz": "４",
        "sfzh": " １１０１０５２０００ ０１０１００１６ ",
        "xm": " 张三 ",
        "xb": "1",
        "mz": "01",
        "cc": "本科",
        "zsbh": "１０００１１２０２６０５０００００１",
    }
    assert run(BatchKind.DIPLOMA, [shapes]) == []


def test_messages_name_the_cell_and_mask_identity_numbers() -> None:
    findings = run(BatchKind.DIPLOMA, [{"sfzh": "110105200001010017"}])
    (checksum,) = [f for f in findings if f.rule.id == "ID-GB11643-CHECKSUM"]
    assert checksum.row == 2 and checksum.column == "证件号码" and checksum.field == "sfzh"
    assert "110105********0017" in checksum.message
    assert "20000101" not in checksum.message
    sex = [f for f in run(BatchKind.DIPLOMA, [{"xb": "女"}]) if f.rule.id == "ID-XB-MISMATCH"]
    assert sex[0].message == "性别“女”与证件号码第 17 位表示的性别（男）不一致"


def test_inlined_check_digit_matches_the_reference() -> None:
    from desktop.domain.idcards import check_digit
    from tests.unit.rules_support import VALID_IDS

    for number in VALID_IDS:
        assert check_digit(number[:17]) == number[17]
        findings = run(BatchKind.DIPLOMA, [{"sfzh": number, "csrq": None, "xb": None}])
        assert "ID-GB11643-CHECKSUM" not in rule_ids(findings)


def test_one_unreadable_cell_gives_one_finding() -> None:
    findings = run(BatchKind.DIPLOMA, [{"byrq": "明年六月"}])
    assert [f.rule.id for f in findings] == ["GEN-DATE-FORMAT"]


def test_as_of_moves_the_birth_date_horizon() -> None:
    young = {"csrq": "2017-01-01", "sfzh": "110105201701010011", "rxrq": None}
    assert "GEN-CSRQ-RANGE" in rule_ids(run(BatchKind.CORRECTION, [young]))
    later = context(as_of=date(2027, 1, 2), calendar=context().calendar)
    assert "GEN-CSRQ-RANGE" not in rule_ids(run(BatchKind.CORRECTION, [young], later))
