"""Typed record values <-> the JSON text kept in `record.data`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import orjson

from desktop.domain.fields import BatchKind, FieldType
from desktop.domain.records import kind_fields


def to_json_value(value: Any) -> Any:
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def dumps(values: Mapping[str, Any]) -> str:
    """Compact, key-sorted JSON of the non-empty typed values."""
    clean = {k: to_json_value(v) for k, v in values.items() if v is not None}
    return json.dumps(clean, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fragments(name: str, values: list[Any]) -> list[str | None]:
    """Each value of a column as its `"name":value` JSON member, None where empty.

    A record's JSON is then its members joined: the bulk path builds no dict per row, and
    a column's repeating values (codes, cohort dates, 学制) are encoded once and share one
    string (memory at a million rows)."""
    key = _ENCODE(name) + ":"
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if kinds == {Decimal}:
        # Written as its text, and two equal Decimals can differ in it (2.5, 2.50).
        values = [None if v is None else str(v) for v in values]
        kinds = {str}
    if len(kinds) > 1 or not kinds <= _SAME_WHEN_EQUAL:
        # Mixed types: True == 1 would share a memo entry.
        return [None if v is None else key + _encode(v) for v in values]
    distinct = set(values)
    if kinds == {str} and len(distinct) * 2 > len(values):
        # Mostly distinct (names, ID numbers): a memo would cost more than it saves.
        return [None if v is None else key + _STRING(v) for v in values]
    memo: dict[Any, str | None] = {v: key + _encode(v) for v in distinct if v is not None}
    memo[None] = None
    return list(map(memo.__getitem__, values))


# Types whose equal values have one JSON text (not Decimal: 2.5 == 2.50; not float: 0.0 == -0.0).
_SAME_WHEN_EQUAL = frozenset({str, bool, int, date})


def _encode(value: Any) -> str:
    if type(value) is str:
        return _STRING(value)
    return _ENCODE(to_json_value(value))


def join_members(members: Iterable[str | None]) -> str:
    """One record's JSON object from its members (see `fragments`); the same text as `dumps`
    when the members come in key order."""
    return "{" + ",".join(filter(None, members)) + "}"


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# What `_ENCODE` does with a str (ensure_ascii=False), without its dispatch.
_STRING: Callable[[str], str] = json.encoder.encode_basestring


@cache
def _converters(kind: BatchKind) -> dict[str, Callable[[str], Any]]:
    """What turns the text of the fields JSON does not type (dates, 学制) back into values;
    the rest load as they are."""
    out: dict[str, Callable[[str], Any]] = {}
    for f in kind_fields(kind):
        if f.type in (FieldType.DATE, FieldType.YEAR_MONTH):
            out[f.name] = date.fromisoformat
        elif f.type is FieldType.DECIMAL:
            out[f.name] = Decimal
    return out


def parse_objects(texts: Sequence[str]) -> list[dict[str, Any]]:
    """The stored JSON objects, parsed by orjson (three times as fast as json here).

    Record values are strings, booleans and nulls (dates and decimals are written as
    text), which orjson reads exactly as json does; it differs only on what records never
    hold: an integer beyond 64 bits (a float to orjson), and NaN or a lone surrogate,
    which it refuses and json reads (then json reads them all)."""
    try:
        return list(map(orjson.loads, texts))
    except orjson.JSONDecodeError:
        return list(map(json.loads, texts))


def decode_columns(kind: BatchKind, cols: dict[str, list[Any]]) -> None:
    """Dates and 学制 back from their text, in place; each distinct text converted once
    (they repeat across a batch)."""
    for name, convert in _converters(kind).items():
        col = cols.get(name)
        if col is not None:
            memo = {text: convert(text) for text in set(col) if text is not None}
            cols[name] = list(map(memo.get, col))


def loads(kind: BatchKind, text: str) -> dict[str, Any]:
    values = parse_objects([text])[0]
    for name, convert in _converters(kind).items():
        if values.get(name) is not None:
            values[name] = convert(values[name])
    return values
