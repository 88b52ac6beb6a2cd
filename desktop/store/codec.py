"""Typed record values <-> the JSON text kept in `record.data`."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
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


def json_column(values: list[Any]) -> list[Any]:
    """A typed column as JSON-ready values; dates and 学制 repeat, so convert each once."""
    if not any(isinstance(v, (date, Decimal)) for v in values[:64]) and not any(
        isinstance(v, (date, Decimal)) for v in values
    ):
        return values
    seen: dict[Any, Any] = {}
    out: list[Any] = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        got = seen.get(v)
        if got is None:
            got = seen[v] = to_json_value(v)
        out.append(got)
    return out


def dumps_plain(values: Mapping[str, Any]) -> str:
    """`dumps` for values already JSON-ready and in field order (the bulk path)."""
    return _ENCODE(values)


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
