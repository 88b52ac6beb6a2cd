"""The commit's fast reading of chunks (server/wire_parse.py, server/wire_table.py) against
the reference reading it replaces: `loads_strict` → `wire_to_record` per line, then
`table_from_records`. Same records, same typed and raw values, same refusals with the
same messages, whatever the lines hold."""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.fields import BatchKind, FieldType
from desktop.domain.records import Record, kind_fields
from desktop.domain.table import Table, table_from_records
from desktop.sync.canonical import chunk_lines, decimal_text, jcs, loads_strict
from desktop.sync.errors import WireFormatError
from desktop.sync.records_wire import record_lines, wire_to_record
from server.wire_parse import canonical_line, whole_chunk
from server.wire_table import WireBatch, read_batch
from tests.server.conftest import diploma, enrollment

SETTINGS = settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])


def reference(kind: BatchKind, chunks: Sequence[bytes]) -> tuple[Table, list[int], dict[int, str]]:
    """The commit's reading before the fast path, kept here as the oracle."""
    good: list[Record] = []
    where: list[int] = []
    bad: dict[int, str] = {}
    i = 0
    for data in chunks:
        for line in chunk_lines(data):
            try:
                wire = loads_strict(line)
                if not isinstance(wire, dict):
                    raise WireFormatError("不是 JSON 对象")
                good.append(wire_to_record(kind, wire))
                where.append(i)
            except (WireFormatError, TypeError) as exc:
                bad[i] = str(exc)
            i += 1
    return table_from_records(kind, good), where, bad


def _typed(values: list[Any]) -> list[tuple[type, Any]]:
    return [(type(v), v) for v in values]  # Decimal(4) == 4: the type must agree too


def assert_same(kind: BatchKind, chunks: Sequence[bytes]) -> WireBatch:
    got = read_batch(kind, chunks)
    table, where, bad = reference(kind, chunks)
    assert got.bad == bad
    assert got.where == where
    t = got.table
    assert (t.kind, t.n, t.rows, t.headers, t.problems) == (
        table.kind, table.n, table.rows, table.headers, table.problems
    )  # fmt: skip
    assert t.cols.keys() == table.cols.keys() and t.raw.keys() == table.raw.keys()
    for name in table.cols:
        assert _typed(t.cols[name]) == _typed(table.cols[name]), name
        assert _typed(t.raw[name]) == _typed(table.raw[name]), name
    assert t.none_counts == table.none_counts
    return got


def chunked(lines: Sequence[bytes], cuts: Sequence[int] = ()) -> list[bytes]:
    """The lines as chunks, cut before the given line indexes."""
    bounds = [0, *sorted({c for c in cuts if 0 < c < len(lines)}), len(lines)]
    return [b"".join(x + b"\n" for x in lines[a:b]) for a, b in itertools.pairwise(bounds)]


# --- wire values of every kind, valid and not ----------------------------------------------

SAFE_TEXT = st.text(st.sampled_from("张三李四王五赵钱孙abcXYZ0123456789 -·()"), max_size=8)
ANY_TEXT = st.text(max_size=8)
ODD_DATES = st.sampled_from(
    ["2024-02-30", "2024-W36-1", "20240901", "2024-9-1", "2024-09-01T00:00", " 2024-09-01", ""]
)
ODD_DECIMALS = st.sampled_from(["4.0", "04", "1E+1", "NaN", "Infinity", "-0", " 4", "1_000", ""])
JUNK = st.one_of(
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from("ab"), st.none(), max_size=1),
    st.booleans(),
)


def _valid(ftype: FieldType, text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    if ftype in (FieldType.DATE, FieldType.YEAR_MONTH):
        return st.dates().map(lambda d: d.isoformat())
    if ftype is FieldType.DECIMAL:
        return st.decimals(allow_nan=False, allow_infinity=False, places=2).map(decimal_text)
    if ftype is FieldType.BOOL:
        return st.booleans()
    return text.map(lambda s: unicodedata.normalize("NFC", s))


def _value(ftype: FieldType, text: st.SearchStrategy[str], odd: bool) -> st.SearchStrategy[Any]:
    valid = st.none() | _valid(ftype, text)
    if not odd:
        return valid
    wrong = JUNK | ANY_TEXT  # any text: not NFC, not a date or a decimal
    if ftype in (FieldType.DATE, FieldType.YEAR_MONTH):
        wrong |= ODD_DATES
    elif ftype is FieldType.DECIMAL:
        wrong |= ODD_DECIMALS
    return st.one_of(valid, valid, valid, wrong)


@st.composite
def wire(
    draw: st.DrawFn, kind: BatchKind, text: st.SearchStrategy[str], odd: bool
) -> dict[str, Any]:
    out = {f.name: draw(_value(f.type, text, odd)) for f in kind_fields(kind)}
    if odd and draw(st.booleans()):
        if draw(st.booleans()):
            out.pop(draw(st.sampled_from(sorted(out))))  # a missing field is None
        else:
            out[draw(st.sampled_from(["extra", "XM", "xm "]))] = None  # an unknown field
    return out


def _dumps(value: object, **kw: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, **kw)


SPECIAL = [
    b"", b"null", b"1", b"[]", b"[{}]", b"{}", b"\xef\xbb\xbf{}", b"\xff\xfe{}", b'"xm"',
    b'{"xm":"a"} {"xm":"b"}', b'{"xm":"a"},{"xm":"b"}', b'{"xm":"', b'"}', b"}", b"{",
    b'{"xm":"[x]"}', b'  {"xm":"a"}  ', b'{"xm":"\\u00e9"}', b'{"xm":"a"}\r', b"\t{}",
    b'{"xm":"a","xm":"a"}', b'{"xm":1.0}', b'{"xm":NaN}', b'{"xm":-Infinity}', b'{"xm":1e2}',
    b'{"xm":"\\ud800"}', b'{"a":' * 3000 + b"1" + b"}" * 3000,
]  # fmt: skip


ALL_FORMS = st.integers(0, 9)


@st.composite
def line(
    draw: st.DrawFn, kind: BatchKind, text: st.SearchStrategy[str], odd: bool,
    forms: st.SearchStrategy[int] = ALL_FORMS,
) -> bytes:  # fmt: skip
    value = draw(wire(kind, text, odd and draw(st.booleans())))  # odd: values, form, or both
    how = draw(forms) if odd else 0
    if how == 1:  # spaces after separators
        out = json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif how == 2:  # non-ASCII as escapes
        out = json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    elif how == 3:  # another key order
        keys = draw(st.permutations(sorted(value)))
        out = json.dumps({k: value[k] for k in keys}, ensure_ascii=False, separators=(",", ":"))
    elif how == 4 and value:  # a key twice: the first value is the one json would drop
        key = draw(st.sampled_from(sorted(value)))
        first = draw(st.none() | SAFE_TEXT | st.just([1]))
        out = "{" + _dumps(key) + ":" + _dumps(first) + "," + _dumps(value)[1:]
    elif how == 5:
        return draw(st.sampled_from(SPECIAL))
    else:
        out = _dumps(value)
    return out.encode("utf-8", "surrogatepass")


KINDS = st.sampled_from(list(BatchKind))


@SETTINGS
@given(st.data())
def test_valid_lines_read_like_the_reference(data: st.DataObject) -> None:
    kind = data.draw(KINDS)
    text = data.draw(st.sampled_from([SAFE_TEXT, ANY_TEXT]))
    lines = data.draw(st.lists(line(kind, text, odd=False), max_size=16))
    cuts = data.draw(st.lists(st.integers(0, 16), max_size=3))
    got = assert_same(kind, chunked(lines, cuts))
    assert got.bad == {}


@SETTINGS
@given(st.data())
def test_any_lines_read_like_the_reference(data: st.DataObject) -> None:
    kind = data.draw(KINDS)
    text = data.draw(st.sampled_from([SAFE_TEXT, ANY_TEXT]))
    lines = data.draw(st.lists(line(kind, text, odd=True), max_size=16))
    cuts = data.draw(st.lists(st.integers(0, 16), max_size=3))
    assert_same(kind, chunked(lines, cuts))


@SETTINGS
@given(st.data())
def test_one_odd_line_among_plain_ones_reads_like_the_reference(data: st.DataObject) -> None:
    """The chunks the whole-chunk reading takes or gives up on by one line."""
    kind = data.draw(KINDS)
    lines = data.draw(st.lists(line(kind, SAFE_TEXT, odd=False), max_size=12))
    at = data.draw(st.integers(0, len(lines)))
    forms = st.sampled_from([1, 2, 3, 4, 4, 4, 5])  # above all, a key twice
    lines.insert(at, data.draw(line(kind, SAFE_TEXT, odd=True, forms=forms)))
    assert_same(kind, chunked(lines))


# --- what our client writes takes the fast readings ---------------------------------------


@SETTINGS
@given(st.data())
def test_client_lines_are_canonical_for_the_per_line_reading(data: st.DataObject) -> None:
    """JCS (what the client signs) and the server's re-encoding agree on every record the
    client can write, whatever its text holds: no client line falls to `loads_strict`."""
    kind = data.draw(KINDS)
    wires = data.draw(st.lists(wire(kind, ANY_TEXT, odd=False), min_size=1, max_size=4))
    records = [wire_to_record(kind, w) for w in wires]
    for text in record_lines(records, kind):
        assert canonical_line(text.decode("utf-8")) == loads_strict(text)
        assert jcs(loads_strict(text)) == text


def test_a_chunk_of_plain_records_is_read_at_once() -> None:
    lines = list(record_lines([enrollment(i) for i in range(50)], BatchKind.ENROLLMENT))
    text = b"".join(x + b"\n" for x in lines).decode("utf-8")
    objects = whole_chunk(text, len(lines))
    assert objects == [loads_strict(x) for x in lines]


# --- the cases the fast readings must not get wrong ---------------------------------------


def _enrolment_lines(n: int) -> list[bytes]:
    return list(record_lines([enrollment(i) for i in range(n)], BatchKind.ENROLLMENT))


def test_a_repeated_key_is_refused_even_in_a_chunk_read_at_once() -> None:
    lines = _enrolment_lines(5)
    lines[2] = b'{"xm":"\xe7\x8e\x8b\xe4\xba\x94",' + lines[2][1:]  # xm twice, all fields once
    got = assert_same(BatchKind.ENROLLMENT, chunked(lines))
    assert list(got.bad) == [2] and "键重复" in got.bad[2]
    assert got.where == [0, 1, 3, 4]


def test_a_string_across_lines_cannot_join_them_into_records() -> None:
    """A line left inside an open string, and a line holding two objects: each line is
    judged alone, as the reference judges it."""
    one, two = _enrolment_lines(2)
    assert one.endswith(b',"zzmm":null}')
    # Read as one text, lines 0 and 1 would make one record whose zzmm holds the break.
    opened = one.removesuffix(b"null}") + b'"'
    lines = [opened, b'"}', one + b"," + two, two, opened, b'x"}', opened, b'"}']
    got = assert_same(BatchKind.ENROLLMENT, chunked(lines, [6]))
    assert sorted(got.bad) == [0, 1, 2, 4, 5, 6, 7] and got.where == [3]


def test_a_non_canonical_line_is_accepted_as_before() -> None:
    lines = _enrolment_lines(3)
    value = loads_strict(lines[1])
    lines[1] = json.dumps(dict(reversed(value.items())), ensure_ascii=True, indent=None).encode()
    got = assert_same(BatchKind.ENROLLMENT, chunked(lines))
    assert got.bad == {} and got.table.n == 3
    assert got.table.cols["xm"][1] == value["xm"]


def test_brackets_and_escapes_in_text_are_read_line_by_line() -> None:
    records = [diploma(i, fxzy="[辅修]\\说明") if i % 2 else diploma(i) for i in range(6)]
    lines = list(record_lines(records, BatchKind.DIPLOMA))
    got = assert_same(BatchKind.DIPLOMA, chunked(lines, [3]))
    assert got.table.cols["fxzy"][1] == "[辅修]\\说明"


def test_a_refused_value_refuses_its_record_only() -> None:
    lines = _enrolment_lines(4)
    for i, (field, bad) in enumerate([("csrq", "2000-02-30"), ("xz", "4.0"), ("xm", "e\u0301")]):
        value = loads_strict(lines[i])
        value[field] = bad
        lines[i] = _dumps(value).encode()
    got = assert_same(BatchKind.ENROLLMENT, chunked(lines))
    assert sorted(got.bad) == [0, 1, 2] and got.where == [3]
    assert all("不合报送格式" in m for m in got.bad.values())


def test_iso_week_dates_and_decimals_type_as_the_reference_types_them() -> None:
    value = loads_strict(_enrolment_lines(1)[0])
    value.update(csrq="2000-W01-1", xz="2.5")
    got = assert_same(BatchKind.ENROLLMENT, [_dumps(value).encode() + b"\n"])
    assert got.table.cols["xz"] == [Decimal("2.5")]


def test_a_chunk_without_its_final_newline_is_an_error_as_before() -> None:
    data = chunked(_enrolment_lines(2))[0][:-1]
    with pytest.raises(WireFormatError, match="换行"):
        reference(BatchKind.ENROLLMENT, [data])
    with pytest.raises(WireFormatError, match="换行"):
        read_batch(BatchKind.ENROLLMENT, [data])
    assert_same(BatchKind.ENROLLMENT, [b"", *chunked(_enrolment_lines(2)), b""])
