"""Baseline rows and a runner for rule tests.

Each kind has one baseline row of raw cell values, as a clerk's sheet would hold them,
that every rule accepts. A rule test overrides a few cells to make the rule pass or fail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.domain.fields import BatchKind
from desktop.domain.records import kind_fields
from desktop.domain.rules.base import Context, Finding
from desktop.domain.rules.engine import validate
from desktop.domain.table import build_table
from desktop.domain.workcal import WorkCalendar

AS_OF = date(2026, 7, 15)
SCHOOL = "10001"

Row = Mapping[str, Any]

_PERSON: dict[str, Any] = {
    "xm": "张三",
    "xb": "男",
    "csrq": "2000-01-01",
    "zjlx": "居民身份证",
    "sfzh": "110105200001010016",
    "mz": "汉族",
    "zzmm": "共青团员",
}

BASE: dict[BatchKind, dict[str, Any]] = {
    BatchKind.ENROLLMENT: {
        **_PERSON,
        "csrq": "2008-03-01",
        "sfzh": "110105200803010034",
        "ksh": "26110101150001",
        "xh": "2026000001",
        "syd": "北京市",
        "zydm": "080901",
        "zymc": "计算机科学与技术",
        "cc": "本科",
        "xz": "4",
        "xxxs": "普通全日制",
        "rxrq": "2026-09-01",
        "yjbyrq": "2030-06-30",
        "lqlx": "普通",
        "fcjl": "注册学籍",
    },
    BatchKind.ANNUAL: {
        **_PERSON,
        "xh": "2022000001",
        "xn": "2026-2027",
        "cc": "本科",
        "xz": "4",
        "rxrq": "2022-09-01",
        "zczt": "注册",
        "zcrq": "2026-09-10",
    },
    BatchKind.DIPLOMA: {
        **_PERSON,
        "ksh": "22110101150001",
        "xh": "2022000001",
        "rxrq": "2022-09-01",
        "byrq": "2026-06-30",
        "zydm": "080901",
        "zymc": "计算机科学与技术",
        "cc": "本科",
        "xz": "4",
        "xxxs": "普通全日制",
        "byjl": "毕业",
        "xxmc": "北京大学",
        "xzxm": "李四",
        "zsbh": "100011202605000001",
        "fzrq": "2026-06-30",
    },
    BatchKind.CORRECTION: {
        **_PERSON,
        "bglx": "在校期间身份信息变更",
        "xh": "2022000001",
        "bgxm": "姓名",
        "bgq": "张叁",
        "bgh": "张三",
        "yy": "公安机关更名",
        "zmcl": "户口簿变更页",
        "sqrq": "2026-07-01",
    },
}

VALID_IDS = (
    "110105200001010016",
    "110105200001010024",
    "440304200106150024",
    "110105199803010039",
    "110105199803010047",
)


def context(**overrides: Any) -> Context:
    values: dict[str, Any] = {
        "as_of": AS_OF,
        "school_code": SCHOOL,
        "school_name": "北京大学",
        "president": "李四",
        "term_start": date(2026, 9, 1),
        "calendar": WorkCalendar(),
    }
    values.update(overrides)
    return Context(**values)


def run(kind: BatchKind, rows: Sequence[Row], ctx: Context | None = None) -> list[Finding]:
    """Validate rows, each the kind's baseline with some cells overridden (None = blank;
    the key `-field` drops the column altogether)."""
    full = []
    for row in rows:
        merged = {**BASE[kind], **row}
        full.append({k: v for k, v in merged.items() if not k.startswith("-")})
    dropped = {k[1:] for row in rows for k in row if k.startswith("-")}
    names = [n for n in dict.fromkeys(k for r in full for k in r) if n not in dropped]
    known = {f.name for f in kind_fields(kind)}
    raw = {n: [r.get(n) for r in full] for n in names if n in known}
    table = build_table(kind, raw, ignored_columns=[n for n in names if n not in known])
    return validate(table, ctx or context())


def rule_ids(findings: Sequence[Finding]) -> set[str]:
    return {f.rule.id for f in findings}


@dataclass(frozen=True)
class Case:
    """A rule's passing and failing example; `good` and `bad` are each one batch."""

    rule: str
    kind: BatchKind
    good: Sequence[Row]
    bad: Sequence[Row]
    ctx: Mapping[str, Any] = field(default_factory=dict)
    bad_ctx: Mapping[str, Any] | None = None  # when the failing example needs another context
