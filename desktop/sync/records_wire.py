"""Typed records (desktop/domain/records.py) to wire lines, and back.

Freezing a million records is the hot path (the issue's budget: 15 s for 1M). Records
are therefore turned into wire lines a slice at a time and a column at a time: each
column is type-checked once (`set(map(type, col))`), repeating values are written once
per distinct value, and each line is one `%` over a per-kind template whose keys are
already in JCS order. `record_to_wire` is the readable reference; a test holds the two
to the same bytes.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.domain.fields import BatchKind, FieldType, fields_of
from desktop.domain.records import RECORD_TYPES, Record
from desktop.sync.canonical import WireValue, decimal_text, refuse, utf16_key
from desktop.sync.errors import WireFormatError

_quote = json.encoder.encode_basestring  # the C escaper json uses with ensure_ascii=False
_nfc_of = functools.partial(unicodedata.normalize, "NFC")

_NONE = type(None)
_SLICE = 4096

_TEXT_TYPES = frozenset(
    {FieldType.TEXT, FieldType.NAME, FieldType.CODE, FieldType.IDENT, FieldType.ID_NUMBER,
     FieldType.ACADEMIC_YEAR}
)  # fmt: skip
_DATE_TYPES = frozenset({FieldType.DATE, FieldType.YEAR_MONTH})
_PY_TYPES: dict[FieldType, type[Any]] = {
    **dict.fromkeys(_TEXT_TYPES, str),
    **dict.fromkeys(_DATE_TYPES, date),
    FieldType.DECIMAL: Decimal,
    FieldType.BOOL: bool,
}
_TYPE_WORDS = {str: "文本 text", date: "日期 date", Decimal: "Decimal", bool: "是/否 bool"}


def _value_wire(ftype: FieldType, value: Any) -> WireValue:
    if value is None or ftype is FieldType.BOOL:
        return value  # type: ignore[no-any-return]
    if ftype in _TEXT_TYPES:
        return unicodedata.normalize("NFC", value)
    if ftype in _DATE_TYPES:
        return value.isoformat()  # type: ignore[no-any-return]
    return decimal_text(value)


def _fragment(ftype: FieldType, value: Any) -> str:
    return "null" if value is None else _quote(_value_wire(ftype, value))  # type: ignore[arg-type]


def _column_fragments(ftype: FieldType, column: list[Any]) -> list[str]:
    distinct = set(column)
    if ftype not in _TEXT_TYPES or len(distinct) * 4 <= len(column):
        # Codes, dates, 学制, the school's name: each distinct value written once.
        memo = {v: _fragment(ftype, v) for v in distinct}
        return list(map(memo.__getitem__, column))
    if None not in distinct:
        return list(map(_quote, map(_nfc_of, column)))
    return [_fragment(ftype, v) for v in column]


@dataclasses.dataclass(frozen=True, slots=True)
class _Plan:
    names: tuple[str, ...]  # canonical field names in JCS order
    types: tuple[FieldType, ...]
    get: Callable[[Any], tuple[Any, ...]]
    template: str


_PLANS: dict[type[Any], _Plan] = {}


def _plan(record_type: type[Any]) -> _Plan:
    plan = _PLANS.get(record_type)
    if plan is None:
        specs = sorted(fields_of(record_type), key=lambda f: utf16_key(f.name))
        names = tuple(f.name for f in specs)
        # '%' in a field name would break the template; canonical names are [a-z0-9_].
        assert all(n.isascii() and n.isidentifier() for n in names), names
        template = "{" + ",".join(f'"{n}":%s' for n in names) + "}"
        plan = _PLANS[record_type] = _Plan(
            names, tuple(f.type for f in specs), operator.attrgetter(*names), template
        )
    return plan


def _check_column(plan: _Plan, i: int, column: list[Any]) -> None:
    expected = _PY_TYPES[plan.types[i]]
    found = set(map(type, column)) - {_NONE, expected}
    if found:
        name = plan.names[i]
        if float in found:
            raise refuse(0.0, name)
        raise WireFormatError(
            f"字段 {name} 应为{_TYPE_WORDS[expected]}，却是 {sorted(t.__name__ for t in found)} "
            f"/ field {name} must be {expected.__name__}"
        )


def record_to_wire(record: Record) -> dict[str, WireValue]:
    """The record's declared fields (canonical names, JCS key order); absent ones as null.

    Every field is written, so every record of a kind has the same keys and a receiver
    can tell "empty" from "this sender's version did not know the field".
    """
    plan = _plan(type(record))
    values = plan.get(record)
    for i, value in enumerate(values):
        _check_column(plan, i, [value])
    return {n: _value_wire(t, v) for n, t, v in zip(plan.names, plan.types, values, strict=True)}


def record_lines(records: Iterable[Record], kind: BatchKind | None = None) -> Iterator[bytes]:
    """The JCS bytes of each record (no newline), in order; all of one record type
    (that of `kind` when given)."""
    for lines in record_slices(records, kind):
        yield from lines


def record_slices(
    records: Iterable[Record], kind: BatchKind | None = None
) -> Iterator[list[bytes]]:
    """`record_lines` a few thousand at a time (what freezing consumes)."""
    record_type = RECORD_TYPES[kind] if kind is not None else None
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) == _SLICE:
            yield _lines_of(batch, record_type)
            batch = []
    if batch:
        yield _lines_of(batch, record_type)


def _lines_of(batch: list[Record], expected: type[Record] | None = None) -> list[bytes]:
    record_type = expected or type(batch[0])
    if any(type(r) is not record_type for r in batch):
        raise WireFormatError(
            f"批次中的记录类型应全部为 {record_type.__name__} / a batch holds one record type"
        )
    plan = _plan(record_type)
    columns = list(zip(*map(plan.get, batch), strict=True))
    fragments = []
    for i, column in enumerate(columns):
        values = list(column)
        _check_column(plan, i, values)
        fragments.append(_column_fragments(plan.types[i], values))
    template = plan.template
    try:
        return [(template % row).encode("utf-8") for row in zip(*fragments, strict=True)]
    except UnicodeEncodeError:
        raise WireFormatError("文本含有孤立的代理字符 / lone surrogate in a string") from None


def record_line(record: Record) -> bytes:
    """The JCS bytes of one record (no newline)."""
    return _lines_of([record])[0]


def wire_to_record(kind: BatchKind, wire: Mapping[str, Any]) -> Record:
    """Back from the wire (a package read on another PC): dates and decimals retyped."""
    record_type = RECORD_TYPES[kind]
    plan = _plan(record_type)
    known = dict(zip(plan.names, plan.types, strict=True))
    values: dict[str, Any] = {}
    for name, value in wire.items():
        ftype = known.get(name)
        if ftype is None:
            raise WireFormatError(f"未知字段：{name} / unknown field {name}")
        values[name] = _from_wire(ftype, value, name)
    return record_type(**values)


def _from_wire(ftype: FieldType, value: Any, name: str) -> Any:
    if value is None:
        return None
    try:
        if ftype in _DATE_TYPES and type(value) is str and len(value) == 10:
            return date.fromisoformat(value)
        if ftype is FieldType.DECIMAL and type(value) is str:
            number = Decimal(value)
            if decimal_text(number) == value:
                return number
        if ftype is FieldType.BOOL and type(value) is bool:
            return value
        if ftype in _TEXT_TYPES and type(value) is str and unicodedata.is_normalized("NFC", value):
            return value
    except (ValueError, InvalidOperation):
        pass
    raise WireFormatError(f"字段 {name} 的值不合报送格式 / field {name} is not in wire form")
