"""RFC 8785 (JCS) and the record-to-wire mapping."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.fields import BatchKind
from desktop.domain.records import (
    AnnualRecord,
    CorrectionRecord,
    EnrollmentRecord,
    Record,
    kind_fields,
)
from desktop.sync.canonical import (
    MAX_SAFE_INTEGER,
    canonical_bytes,
    chunk_lines,
    decimal_text,
    is_canonical,
    jcs,
    loads_strict,
    to_wire,
)
from desktop.sync.errors import WireFormatError
from desktop.sync.records_wire import (
    record_line,
    record_lines,
    record_to_wire,
    wire_to_record,
)
from tests.sync.conftest import diploma


def _integral(text: str) -> int:
    # The vectors write 56.0; as an ES6 number that is 56. Any other float is refused.
    value = float(text)
    assert value.is_integer(), text
    return int(value)


# The float-free vectors of RFC 8785's reference test data (testdata/input, output) and
# the sorting example of §3.2.3, with the raw controls written as escapes here.
VECTORS = [
    ('[56, {"d": true, "10": null, "1": [ ]}]', '[56,{"1":[],"10":null,"d":true}]'),
    (
        '{"peach": "This sorting order", "péché": "is wrong according to French",'
        ' "pêche": "but canonicalization MUST", "sin": "ignore locale"}',
        '{"peach":"This sorting order","péché":"is wrong according to French",'
        '"pêche":"but canonicalization MUST","sin":"ignore locale"}',
    ),
    (
        '{"1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { },'
        ' "111": [ { } ], "A": { }}',
        '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
    ),
    ('{"Unnormalized Unicode":"\\u1e0d\\u0307"}', '{"Unnormalized Unicode":"\u1e0d\u0307"}'),
    (
        '{"\\u20ac": "Euro Sign", "1": "One", "\\u0080": "Control\\u007f",'
        ' "\\ud83d\\ude02": "Smiley", "\\u00f6": "Latin Small Letter O With Diaeresis",'
        ' "\\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"}',
        '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f",'
        '"ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","\U0001f602":"Smiley",'
        '"\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    ),
    (
        '{"escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        ' "literals": [null, true, false]}',
        '{"escaping":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false]}',
    ),
    (
        '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet",'
        ' "1": "One", "\\ud83d\\ude00": "Emoji", "\\u0080": "Control", "\\u00f6": "o"}',
        '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"o","€":"Euro Sign",'
        '"\U0001f600":"Emoji","\ufb33":"Hebrew Letter Dalet"}',
    ),
]


@pytest.mark.parametrize(("source", "expected"), VECTORS)
def test_rfc8785_vectors(source: str, expected: str) -> None:
    value = json.loads(source, parse_float=_integral)
    assert jcs(value) == expected.encode("utf-8")


def test_rfc8785_numbers_vector_is_refused_since_the_wire_has_no_floats() -> None:
    value = json.loads('{"numbers": [1E30, 4.50, 333333333.33333329, 2e-3]}')
    with pytest.raises(WireFormatError, match="浮点数"):
        jcs(value)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.text(st.characters(exclude_categories=["Cs"])),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"])), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_jcs_agrees_with_the_rfc8785_package(value: Any) -> None:
    rfc8785 = pytest.importorskip("rfc8785")
    assert jcs(value) == rfc8785.dumps(value)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_jcs_output_reads_back_to_itself(value: Any) -> None:
    data = jcs(value)
    assert loads_strict(data) == value
    assert is_canonical(data)


@pytest.mark.parametrize(
    "value",
    [
        1.5,
        {"a": [1, 2.0]},
        2**53,
        -(2**53),
        {1: "x"},
        "\ud800",
        b"bytes",
        float("nan"),
    ],
)
def test_jcs_refuses_what_is_not_wire_json(value: object) -> None:
    with pytest.raises(WireFormatError):
        jcs(value)


def test_to_wire_normalises_and_types() -> None:
    decomposed = "e\u0301"  # é as e + combining acute
    value = {
        "name": decomposed,
        decomposed + "k": 1,
        "when": date(2026, 6, 30),
        "at": datetime(2026, 7, 1, 17, 30, tzinfo=timezone(timedelta(hours=8))),
        "xz": Decimal("2.50"),
        "id": uuid.UUID(int=1),
        "kind": BatchKind.DIPLOMA,
        "list": (1, "a"),
    }
    assert to_wire(value) == {
        "name": "é",
        "ék": 1,
        "when": "2026-06-30",
        "at": "2026-07-01T09:30:00Z",
        "xz": "2.5",
        "id": "00000000-0000-0000-0000-000000000001",
        "kind": "diploma",
        "list": [1, "a"],
    }


def test_to_wire_refusals() -> None:
    with pytest.raises(WireFormatError, match="浮点数"):
        to_wire({"xz": 4.0})
    with pytest.raises(WireFormatError, match="时区"):
        to_wire(datetime(2026, 1, 1, 8, 0))
    with pytest.raises(WireFormatError, match="键重复"):
        to_wire({"e\u0301": 1, "é": 2})
    with pytest.raises(WireFormatError):
        to_wire(Decimal("Infinity"))


@pytest.mark.parametrize(
    ("number", "text"),
    [("4", "4"), ("4.0", "4"), ("1E+1", "10"), ("2.50", "2.5"), ("0.000001", "0.000001"),
     ("-0", "0"), ("3.25", "3.25")],
)  # fmt: skip
def test_decimal_text_is_one_text_per_value(number: str, text: str) -> None:
    assert decimal_text(Decimal(number)) == text


def test_datetime_keeps_microseconds_only_when_present() -> None:
    assert canonical_bytes(datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)) == (
        b'"2026-01-02T03:04:05.000006Z"'
    )


SAMPLES: list[Record] = [
    diploma(3, xm="Zoe\u0301", fxzy=None),
    diploma(4, xz=Decimal("2.5"), zp="照片.jpg"),
    EnrollmentRecord(ksh="26110101000001", xm="赵六", rxrq=date(2026, 9, 1), xz=Decimal(4)),
    AnnualRecord(xh="2022001", xn="2025-2026", zcrq=date(2025, 9, 3), ydlb="01"),
    CorrectionRecord(bglx="1", xm="钱七", bgq="旧\n值", bgh='新"值', sqrq=date(2026, 3, 1)),
]


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: type(r).__name__)
def test_record_lines_match_the_reference_mapping(record: Record) -> None:
    line = record_line(record)
    assert line == jcs(record_to_wire(record))
    assert is_canonical(line)
    wire = loads_strict(line)
    assert set(wire) == {f.name for f in kind_fields(record.KIND)}  # null or not
    assert wire_to_record(record.KIND, wire) == _nfc_record(record)


def _nfc_record(record: Record) -> Record:
    # What comes back is the record with its text in NFC, everything else unchanged.
    changes: dict[str, Any] = {
        f.name: unicodedata.normalize("NFC", v)
        for f in dataclasses.fields(record)
        if isinstance(v := getattr(record, f.name), str)
    }
    return dataclasses.replace(record, **changes)


def test_record_wire_has_every_field_and_nfc_text() -> None:
    wire = record_to_wire(diploma(1, xm="Zoe\u0301"))
    assert wire["xm"] == "Zoé"
    assert wire["fxzy"] is None and wire["xz"] == "4" and wire["byrq"] == "2026-06-30"
    assert list(wire) == sorted(wire)


def test_record_lines_in_slices_equal_one_by_one() -> None:
    many = [diploma(i, xm=f"名{i}") for i in range(9000)]  # crosses the 4,096-record slices
    assert list(record_lines(many, BatchKind.DIPLOMA)) == [jcs(record_to_wire(r)) for r in many]


def test_record_lines_refuse_a_float_a_wrong_type_or_a_mixed_batch() -> None:
    with pytest.raises(WireFormatError, match=r"浮点数.*xz"):
        list(record_lines([diploma(1), diploma(2, xz=4.0)]))
    with pytest.raises(WireFormatError, match="byrq"):
        list(record_lines([diploma(1, byrq="2026-06-30")]))
    with pytest.raises(WireFormatError, match="DiplomaRecord"):
        list(record_lines([diploma(1), EnrollmentRecord(xm="x")]))
    with pytest.raises(WireFormatError, match="EnrollmentRecord"):
        list(record_lines([diploma(1)], BatchKind.ENROLLMENT))
    with pytest.raises(WireFormatError, match="代理"):
        record_line(diploma(1, xm="\udc00"))


def test_wire_to_record_refuses_what_it_would_not_have_written() -> None:
    good = record_to_wire(diploma(1))
    for field, bad in [("xz", "4.0"), ("byrq", "2026-6-30"), ("xm", "e\u0301"), ("xm", 5)]:
        with pytest.raises(WireFormatError, match=field):
            wire_to_record(BatchKind.DIPLOMA, {**good, field: bad})
    with pytest.raises(WireFormatError, match="未知字段"):
        wire_to_record(BatchKind.DIPLOMA, {**good, "extra": None})


@pytest.mark.parametrize(
    "data",
    [b'{"a":1,"a":2}', b'{"a":1.5}', b'{"a":NaN}', b"\xef\xbb\xbf{}", b"{", b"\xff"],
)
def test_loads_strict_refuses(data: bytes) -> None:
    with pytest.raises(WireFormatError):
        loads_strict(data)


def test_is_canonical_sees_reordering_and_whitespace() -> None:
    assert is_canonical(b'{"a":1,"b":2}')
    assert not is_canonical(b'{"b":2,"a":1}')
    assert not is_canonical(b'{"a": 1,"b":2}')
    assert not is_canonical(b'{"a":"\\u00e9"}')  # JCS writes é itself, not an escape


def test_chunk_lines() -> None:
    assert chunk_lines(b"") == []
    assert chunk_lines(b"{}\n[]\n") == [b"{}", b"[]"]
    with pytest.raises(WireFormatError):
        chunk_lines(b"{}\n[]")
