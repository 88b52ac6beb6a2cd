"""Typed record values <-> the JSON text kept in `record.data`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

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
    a column's repeating values (codes, cohort dates, 学制) are encoded once."""
    key = _ENCODE(name) + ":"
    seen: dict[Any, str] = {}
    out: list[str | None] = []
    append = out.append
    for v in values:
        if v is None:
            append(None)
            continue
        got = seen.get(v) if type(v) is not bool else None
        if got is None:
            got = key + _ENCODE(to_json_value(v))
            if type(v) is not bool:
                seen[v] = got
        append(got)
    return out


def join_members(members: Iterable[str | None]) -> str:
    """One record's JSON object from its members (see `fragments`); the same text as `dumps`."""
    return "{" + ",".join(m for m in members if m is not None) + "}"


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@cache
def decoders(kind: BatchKind) -> dict[str, Callable[[Any], Any]]:
    """Converters for the fields JSON does not type (dates, 学制); the rest load as-is."""
    out: dict[str, Callable[[Any], Any]] = {}
    for f in kind_fields(kind):
        if f.type in (FieldType.DATE, FieldType.YEAR_MONTH):
            out[f.name] = _memo(date.fromisoformat)
        elif f.type is FieldType.DECIMAL:
            out[f.name] = _memo(Decimal)
    return out


def _memo(convert: Callable[[str], Any]) -> Callable[[Any], Any]:
    """Dates and 学制 repeat across a batch: convert each text once."""
    seen: dict[str, Any] = {}

    def decode(text: Any) -> Any:
        got = seen.get(text)
        if got is None:
            got = seen[text] = convert(text)
        return got

    return decode


def loads(kind: BatchKind, text: str) -> dict[str, Any]:
    values: dict[str, Any] = json.loads(text)
    for name, decode in decoders(kind).items():
        if name in values:
            values[name] = decode(values[name])
    return values
