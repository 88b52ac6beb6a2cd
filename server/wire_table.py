"""A batch's chunks read straight into a `Table`: the commit's hot path.

The reference reading is, line by line, `loads_strict` → `wire_to_record` → a record,
then `table_from_records`. At a million records that was most of the commit, so this
module reaches the same verdicts and the same typed values a chunk and a column at a
time (wire_parse.py says how lines are read), and hands every record it cannot vouch
for to the reference functions themselves.

The values of the records holding exactly the kind's fields are checked a column at a
time against `wire_to_record`'s rules — text in NFC, dates as 10-character ISO text,
decimals in their one text form, booleans — each distinct date or decimal text
converted once. A record that holds other keys or misses a check goes through
`wire_to_record` (and, when its chunk was read at once, its line through `loads_strict`
first), so it is refused with the reference's message, or typed by the reference
should that accept it after all. Property tests hold the two paths to the same tables
and the same refusals (tests/server/test_wire_table.py).
"""

from __future__ import annotations

import functools
import operator
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.domain.fields import BatchKind, FieldType
from desktop.domain.records import kind_fields
from desktop.domain.table import Table
from desktop.sync.canonical import chunk_lines, decimal_text
from desktop.sync.errors import WireFormatError
from desktop.sync.records_wire import wire_to_record
from server.wire_parse import Wire, parse_chunk, quotes_expected, whole_chunk

_TEXT = frozenset(
    {FieldType.TEXT, FieldType.NAME, FieldType.CODE, FieldType.IDENT, FieldType.ID_NUMBER,
     FieldType.ACADEMIC_YEAR}
)  # fmt: skip
_DATES = frozenset({FieldType.DATE, FieldType.YEAR_MONTH})
_NONE = type(None)
_STR_OR_NONE = frozenset({str, _NONE})
_BAD: Any = object()  # a value `wire_to_record` would refuse
_is_nfc = functools.partial(unicodedata.is_normalized, "NFC")


def _date(text: str) -> Any:
    if len(text) != 10:
        return _BAD
    try:
        return date.fromisoformat(text)
    except ValueError:
        return _BAD


def _decimal(text: str) -> Any:
    try:
        number = Decimal(text)
        return number if decimal_text(number) == text else _BAD
    except (ValueError, InvalidOperation, WireFormatError):
        return _BAD


def _text(value: object) -> object:
    """`table_from_records`' raw text of a typed value."""
    return value if value is None or type(value) is str else str(value)


@dataclass
class _Checked:
    """A chunk's column: typed and raw values, the rows whose value would be refused
    (their typed value is _BAD), and how many values are text and how many None."""

    typed: Sequence[Any]
    raw: Sequence[Any]
    bad: list[int]
    texts: int
    nones: int


# Text columns decide on their first chunk of this many values whether they repeat.
_PROBE = 256


@dataclass
class _Column:
    name: str
    ftype: FieldType
    typed: list[Any] = field(default_factory=list)
    raw: list[Any] = field(default_factory=list)
    nones: int = 0  # typed values that are None (a wire null is one; nothing else types to it)
    # Dates and decimals: wire text -> typed value and its raw text, and the texts refused.
    # Text of repeating values (codes, the major's name): one shared string per distinct
    # text, since a million rows would otherwise hold a million copies of "计算机科学与技术".
    memo: dict[Any, Any] = field(default_factory=dict)
    raw_memo: dict[Any, Any] = field(default_factory=dict)
    refused: set[Any] = field(default_factory=set)
    repeats: bool | None = None

    def check(self, values: Sequence[Any]) -> _Checked:
        kinds = set(map(type, values))
        # Counting None compares every value with it: only a column that mixes both pays.
        nones = 0 if _NONE not in kinds else len(values) if len(kinds) == 1 else values.count(None)
        texts = len(values) - nones
        if self.ftype in _TEXT:
            return self._text(values, kinds, texts, nones)
        if self.ftype is FieldType.BOOL:
            typed = [v if v is None or type(v) is bool else _BAD for v in values]
            return _Checked(typed, list(map(_text, typed)), _bad_rows(typed), 0, nones)
        memo, raw_memo = self.memo, self.raw_memo
        if not kinds <= _STR_OR_NONE:  # only text can be a date or a decimal
            values = [v if v is None or type(v) is str else _BAD for v in values]
        convert: Callable[[str], Any] = _date if self.ftype in _DATES else _decimal
        distinct = set(values)
        for v in distinct.difference(memo):
            memo[v] = one = v if v is None or v is _BAD else convert(v)
            raw_memo[v] = _text(one)
            if one is _BAD:
                self.refused.add(v)
        typed = list(map(memo.__getitem__, values))
        raw = list(map(raw_memo.__getitem__, values))
        bad = [] if self.refused.isdisjoint(distinct) else _bad_rows(typed)
        return _Checked(typed, raw, bad, texts, nones)

    def _text(self, values: Sequence[Any], kinds: set[type], texts: int, nones: int) -> _Checked:
        # ASCII text is NFC whatever it holds; only the rest is asked one by one.
        if kinds <= _STR_OR_NONE and (
            "".join(filter(None, values)).isascii() or all(map(_is_nfc, filter(None, values)))
        ):
            if self.repeats is None and len(values) >= _PROBE:
                self.repeats = len(set(values)) * 4 <= len(values)
            if self.repeats is False:
                return _Checked(values, values, [], texts, nones)
            typed = list(map(self.memo.setdefault, values, values))
            return _Checked(typed, typed, [], texts, nones)
        typed = [v if v is None or (type(v) is str and _is_nfc(v)) else _BAD for v in values]
        return _Checked(typed, typed, _bad_rows(typed), texts, nones)


def _bad_rows(typed: list[Any]) -> list[int]:
    return [i for i, v in enumerate(typed) if v is _BAD]


@dataclass
class WireBatch:
    """The records of a batch as a Table, with each row's batch position, and the
    positions (with a reason) of the lines that are not records."""

    table: Table
    where: list[int]
    bad: dict[int, str]


class BatchReader:
    """Chunks in, in batch order; `finish()` gives the `WireBatch`."""

    def __init__(self, kind: BatchKind) -> None:
        self.kind = kind
        specs = kind_fields(kind)
        self.names = tuple(f.name for f in specs)
        self.columns = [_Column(f.name, f.type) for f in specs]
        for c in self.columns:
            if c.ftype in _TEXT:
                c.raw = c.typed  # text is its own raw value: one list for both
        self._get = operator.itemgetter(*self.names)
        self.where: list[int] = []
        self.bad: dict[int, str] = {}
        self.position = 0

    def add(self, data: bytes) -> None:
        """The next chunk of the batch."""
        if not data.endswith(b"\n"):
            chunk_lines(data)  # refuses a chunk that does not end its last line, as before
            return  # (an empty chunk holds no line)
        try:
            text: str | None = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            objects = whole_chunk(text, data.count(b"\n"))
            if objects is not None and self._whole(objects, text.count('"')):
                return
        self._by_line(parse_chunk(chunk_lines(data), text))

    def _whole(self, objects: list[Wire], quotes: int) -> bool:
        """Take a chunk read at once when every record is as our client writes it and no
        line repeats a key; else take nothing (the chunk is then read line by line)."""
        rows, odd = self._rows(objects)
        if odd:
            return False
        checked = self._check(rows)
        if any(c.bad for c in checked):
            return False
        keys = len(objects) * len(self.names)
        if quotes != quotes_expected(keys, sum(c.texts for c in checked)):
            return False
        self._extend(checked, range(self.position, self.position + len(objects)))
        self.position += len(objects)
        return True

    def _by_line(self, parsed: list[Wire | str]) -> None:
        """A chunk whose lines are as `loads_strict` reads them (a dict or a reason)."""
        wires: list[tuple[int, Wire]] = []
        for i, item in enumerate(parsed, self.position):
            if isinstance(item, str):
                self.bad[i] = item
            else:
                wires.append((i, item))
        self.position += len(parsed)
        rows, odd = self._rows([w for _, w in wires])
        checked = self._check(rows)
        flagged = {r for c in checked for r in c.bad}
        if not odd and not flagged:  # every record as our client writes it
            self._extend(checked, [i for i, _ in wires])
            return
        r = 0
        for k, (i, wire) in enumerate(wires):
            if k in odd or r in flagged:
                self._one(i, wire)  # judged as the reference does, with its message
            else:
                self._append(i, [(c.typed[r], c.raw[r]) for c in checked])
            if k not in odd:
                r += 1

    def _rows(self, wires: list[Wire]) -> tuple[list[tuple[Any, ...]], set[int]]:
        """The value tuples of the records holding exactly the kind's fields, and the
        indexes of the others."""
        width, get = len(self.names), self._get
        if set(map(len, wires)) <= {width}:
            try:
                return list(map(get, wires)), set()
            except KeyError:
                pass
        rows, odd = [], set()
        for k, wire in enumerate(wires):
            try:
                if len(wire) != width:
                    raise KeyError
                rows.append(get(wire))
            except KeyError:
                odd.add(k)
        return rows, odd

    def _check(self, rows: list[tuple[Any, ...]]) -> list[_Checked]:
        values = list(zip(*rows, strict=True)) or [() for _ in self.columns]
        return [c.check(v) for c, v in zip(self.columns, values, strict=True)]

    def _extend(self, checked: list[_Checked], positions: Iterable[int]) -> None:
        for column, got in zip(self.columns, checked, strict=True):
            column.nones += got.nones
            column.typed += got.typed
            if column.raw is not column.typed:
                column.raw += got.raw
        self.where += positions

    def _one(self, position: int, wire: Wire) -> None:
        try:
            record = wire_to_record(self.kind, wire)
        except (WireFormatError, TypeError) as exc:
            self.bad[position] = str(exc)
            return
        self._append(position, [(v, _text(v)) for v in (getattr(record, n) for n in self.names)])

    def _append(self, position: int, values: list[tuple[Any, Any]]) -> None:
        for column, (typed, raw) in zip(self.columns, values, strict=True):
            column.nones += typed is None
            column.typed.append(typed)
            if column.raw is not column.typed:
                column.raw.append(raw)
        self.where.append(position)

    def finish(self) -> WireBatch:
        n = len(self.where)
        cols = {c.name: c.typed for c in self.columns}
        return WireBatch(
            Table(
                kind=self.kind,
                n=n,
                raw={c.name: c.raw for c in self.columns},
                cols=cols,
                rows=list(range(2, n + 2)),
                none_counts={c.name: c.nones for c in self.columns},
            ),
            self.where,
            self.bad,
        )


def read_batch(kind: BatchKind, chunks: Iterable[bytes]) -> WireBatch:
    reader = BatchReader(kind)
    for data in chunks:
        reader.add(data)
    return reader.finish()
