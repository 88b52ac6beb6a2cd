"""Cases for the photo and cell-format rules (desktop/domain/rules/sheet.py).

The photo rules judge a `PhotoIndex` (what the scanner learnt about each file), so the
cases describe photos by their properties; tests/sheets/test_photos.py makes real files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.photos import PhotoFile, PhotoIndex
from desktop.domain.rules import sheet as sheet_rules
from desktop.domain.rules.base import Context, Finding
from desktop.domain.rules.catalogue import rules_for
from desktop.domain.rules.engine import validate
from desktop.domain.table import build_table
from tests.unit.rules_support import BASE, Case, Row, context, rule_ids

D = BatchKind.DIPLOMA
ID1 = "110105200001010016"  # the baseline row's 证件号码
KSH1 = "22110101150001"
SECOND = {
    "sfzh": "110105200001010024",
    "xb": "女",
    "zsbh": "100011202605000002",
    "xh": "2022000002",
    "ksh": "22110101150002",
}
GOOD = PhotoFile(f"{ID1}.jpg", 30 * 1024, "JPEG", 480, 640, "RGB")


def photos(*files: PhotoFile) -> PhotoIndex:
    return PhotoIndex(files, "照片.zip")


CASES = [
    Case("PHO-UNREADABLE", D, good=[{}], bad=[{}], ctx={"photos": photos(GOOD)},
         bad_ctx={"photos": photos(replace(GOOD, width=None, height=None, problem="图像已损坏或不完整"))}),
    Case("PHO-FORMAT", D, good=[{}], bad=[{}], ctx={"photos": photos(GOOD)},
         bad_ctx={"photos": photos(replace(GOOD, format="PNG", width=None, height=None, mode=None))}),
    Case("PHO-PIXELS", D, good=[{}], bad=[{}], ctx={"photos": photos(GOOD)},
         bad_ctx={"photos": photos(replace(GOOD, width=358, height=441))}),
    Case("PHO-COLOR", D, good=[{}], bad=[{}], ctx={"photos": photos(GOOD)},
         bad_ctx={"photos": photos(replace(GOOD, mode="CMYK"))}),
    Case("PHO-BYTES", D, good=[{}], bad=[{}], ctx={"photos": photos(GOOD)},
         bad_ctx={"photos": photos(replace(GOOD, size=180 * 1024))}),
    Case("PHO-EXT", D, good=[{}], bad=[{}], ctx={"photos": photos(GOOD)},
         bad_ctx={"photos": photos(replace(GOOD, name=f"{ID1}.jpeg"))}),
    Case("PHO-DUPLICATE", D, good=[{}, SECOND], bad=[{}], ctx={"photos": photos(GOOD, replace(GOOD, name="2022000002.jpg"))},
         bad_ctx={"photos": photos(GOOD, replace(GOOD, name=f"{KSH1}.jpg"))}),
    Case("PHO-UNMATCHED", D, good=[{}], bad=[{}], ctx={"photos": photos(GOOD)},
         bad_ctx={"photos": photos(GOOD, replace(GOOD, name="110105199901010011.jpg"))}),
    Case("PHO-MATCHED", D, good=[{}], bad=[{}], ctx={"photos": photos(replace(GOOD, name="x.jpg"))},
         bad_ctx={"photos": photos(GOOD)}),
    Case("SHT-NUMERIC-ID", D, good=[{"xh": 2022000001.0}, {**SECOND, "ksh": 22110101150002}],
         bad=[{"xh": "0022000001"}, {**SECOND, "xh": 22000002.0}]),
]  # fmt: skip


def run(kind: BatchKind, rows: Sequence[Row], ctx: Context) -> list[Finding]:
    """rules_support.run with this module's rules added (until the catalogue lists them)."""
    full = [{**BASE[kind], **row} for row in rows]
    names = list(dict.fromkeys(k for r in full for k in r))
    table = build_table(kind, {n: [r.get(n) for r in full] for n in names})
    selected = list(rules_for(kind))
    selected += [r for r in sheet_rules.BOOK.rules if r.applies_to(kind) and r not in selected]
    return validate(table, ctx, selected)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_case(case: Case) -> None:
    assert case.rule not in rule_ids(run(case.kind, case.good, context(**case.ctx)))
    bad_ctx = case.bad_ctx if case.bad_ctx is not None else case.ctx
    assert case.rule in rule_ids(run(case.kind, case.bad, context(**bad_ctx)))


def test_every_sheet_rule_has_a_case_and_fills_its_placeholders() -> None:
    assert {r.id for r in sheet_rules.BOOK.rules} == {c.rule for c in CASES}
    for case in CASES:
        ctx = case.bad_ctx if case.bad_ctx is not None else case.ctx
        for f in run(case.kind, case.bad, context(**ctx)):
            assert "{" not in f.message and "{" not in f.message_en, (f.rule.id, f.message)


def by_rule(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.rule.id, []).append(f)
    return out


def test_a_bad_photo_is_reported_on_its_students_row() -> None:
    bad = replace(GOOD, name=f"{KSH1}.png", format="PNG", width=None, height=None, mode=None)
    found = by_rule(run(D, [{}, SECOND], context(photos=photos(bad))))
    (fmt,) = found["PHO-FORMAT"]
    assert (fmt.row, fmt.field) == (2, "zp")
    assert fmt.message.startswith(f"照片“{KSH1}.png”的内容是 PNG，不是 JPEG 图像")
    (missing,) = found["DIP-017-PHOTO-MISSING"]
    assert missing.row == 3  # the second student has no photo at all


def test_unmatched_photo_is_batch_level_with_its_faults() -> None:
    stray = replace(GOOD, name="照片/王五.jpg", width=100, height=100)
    found = by_rule(run(D, [{}], context(photos=photos(GOOD, stray))))
    assert [f.row for f in found["PHO-UNMATCHED"]] == [None]
    assert [(f.row, f.params) for f in found["PHO-PIXELS"]] == [
        (None, {"photo": "照片/王五.jpg", "width": 100, "height": 100})
    ]
    (summary,) = found["PHO-MATCHED"]
    assert summary.message == "共导入照片 2 张，1 张匹配到记录；1 条记录有照片"


def test_numeric_identifiers_that_may_have_lost_a_leading_zero() -> None:
    found = by_rule(run(D, [{"sfzh": 110105200001010016}], context()))
    assert "GEN-NUMBER-PRECISION" in found and "SHT-NUMERIC-ID" not in found
    found = by_rule(run(D, [{"ksh": 2110101150001.0, "zydm": 80901}], context()))
    hits = [(f.column, f.params) for f in found["SHT-NUMERIC-ID"]]
    assert hits == [
        ("考生号", {"number": "2110101150001", "digits": 13}),
        ("专业代码", {"number": "80901", "digits": 5}),
    ]
    assert found["SHT-NUMERIC-ID"][0].message.startswith(
        "考生号“2110101150001”在表格中是数字格式，只有 13 位"
    )
    assert "SHT-NUMERIC-ID" not in by_rule(run(D, [{"ksh": 22110101150001}], context()))


def test_photo_rules_stay_silent_without_photos() -> None:
    ids = rule_ids(run(D, [{}], context()))
    assert not {i for i in ids if i.startswith("PHO-")}


def test_rule_declarations() -> None:
    for r in sheet_rules.BOOK.rules:
        assert r.basis in ("第十七条", "数据标准")
        assert all(isinstance(x, str) for x in r.fields)
    ids: Any = [r.id for r in sheet_rules.BOOK.rules]
    assert len(ids) == len(set(ids))
