"""What a student's timeline says of one record: when it happened and its kind's key
fields, as the grid shows them (codes as names, ID numbers masked)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from desktop.domain.fields import BatchKind, FieldSpec
from desktop.domain.idcards import mask_id
from desktop.domain.records import kind_fields
from desktop.services.grid import shown

IDENTITY_LABELS = {"xm": "姓名", "xb": "性别", "csrq": "出生日期", "sfzh": "证件号码"}

# The fields that say what a record of each kind was about (articles 8–19).
KEY_FIELDS: dict[BatchKind, tuple[str, ...]] = {
    BatchKind.ENROLLMENT: ("xm", "ksh", "xh", "zymc", "cc", "xxxs", "rxrq", "fcjl"),
    BatchKind.ANNUAL: (
        "xm", "xh", "xn", "zczt", "hzyy", "ydlb", "ydrq", "yzydm", "xzydm", "zxlb", "clrq",
        "jzlb", "qtzs", "qtzsbh",
    ),
    BatchKind.DIPLOMA: ("xm", "xh", "zymc", "cc", "byjl", "byrq", "zsbh", "fzrq"),
    BatchKind.CORRECTION: ("xm", "bglx", "bgxm", "bgq", "bgh", "spwh", "zmsbh"),
}  # fmt: skip

# The record's own date of what happened, the first one present.
_DATES: dict[BatchKind, tuple[str, ...]] = {
    BatchKind.ENROLLMENT: ("rxrq",),
    BatchKind.ANNUAL: ("ydrq", "clrq", "zcrq"),
    BatchKind.DIPLOMA: ("byrq", "fzrq"),
    BatchKind.CORRECTION: ("sqrq",),
}
_ACADEMIC_YEAR = re.compile(r"(\d{4})-\d{4}")
TERM_START = (9, 1)  # a 学年 with no date of its own is placed at its usual start


@cache
def _specs(kind: BatchKind) -> dict[str, FieldSpec]:
    return {f.name: f for f in kind_fields(kind)}


def key_fields(kind: BatchKind, values: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """(label, value as shown) of the kind's key fields that hold a value."""
    specs = _specs(kind)
    out = []
    for name in KEY_FIELDS[kind]:
        text = shown(specs[name], values.get(name))
        if text and name in ("bgq", "bgh") and values.get("bgxm") == "sfzh":
            text = mask_id(text)  # a corrected 证件号码, written in a free-text field
        if text:
            out.append((specs[name].label, text))
    return tuple(out)


def when(kind: BatchKind, values: Mapping[str, Any]) -> date | None:
    """The date the record is about, or None when it holds none (the batch's date then)."""
    for name in _DATES[kind]:
        value = values.get(name)
        if isinstance(value, date):
            return value
    year = values.get("xn")
    match = _ACADEMIC_YEAR.fullmatch(year) if isinstance(year, str) else None
    if match:
        return date(int(match.group(1)), *TERM_START)
    return None
