"""The bulk path writes record JSON member by member; it must equal `codec.dumps`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.fields import BatchKind
from desktop.store import codec

values = st.one_of(
    st.none(), st.text(), st.integers(-(2**53), 2**53), st.booleans(), st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False, places=1),
)  # fmt: skip


@given(st.dictionaries(st.sampled_from(["xm", "xb", "csrq", "xz", "sfzh", "zp"]), values))
def test_members_join_to_the_same_json_as_dumps(row: dict[str, Any]) -> None:
    names = sorted(row)  # codec.dumps sorts its keys too
    members = [codec.fragments(n, [row[n]])[0] for n in names]
    assert codec.join_members(members) == codec.dumps(row)


def test_dates_and_decimals_round_trip() -> None:
    members = [
        codec.fragments("csrq", [date(2000, 1, 1)])[0],
        codec.fragments("xz", [Decimal("2.5")])[0],
        codec.fragments("xm", ["阿依古丽·买买提"])[0],
    ]
    loaded = codec.loads(BatchKind.DIPLOMA, codec.join_members(members))
    assert loaded == {"csrq": date(2000, 1, 1), "xz": Decimal("2.5"), "xm": "阿依古丽·买买提"}


@given(st.sampled_from(["xm", "csrq", "xz", "zp"]), st.lists(values, max_size=40))
def test_a_column_of_members_is_each_value_encoded_alone(name: str, col: list[Any]) -> None:
    # A column repeats its values (codes, dates) or mixes types (True == 1 == Decimal(1)):
    # each member must still be what its value alone encodes to.
    expected = [None if v is None else codec.dumps({name: v})[1:-1] for v in col]
    assert codec.fragments(name, col) == expected
    assert codec.fragments(name, col * 3) == expected * 3  # mostly repeating


def test_equal_decimals_keep_their_own_text() -> None:
    col = [Decimal("2.5"), Decimal("2.50"), None, Decimal("2.5")]
    assert codec.fragments("xz", col) == ['"xz":"2.5"', '"xz":"2.50"', None, '"xz":"2.5"']
    assert codec.fragments("x", [True, 1, 1.0]) == ['"x":true', '"x":1', '"x":1.0']


def test_parsed_objects_are_what_json_reads() -> None:
    texts = ['{"xm":"阿依古丽·买买提","zp":true,"n":null}', '{"a":"\\u0001\\"\\\\😀"}']
    assert codec.parse_objects(texts) == [json.loads(t) for t in texts]
    # what orjson refuses, json still reads
    odd = ['{"a":NaN}', '{"a":"\\ud800"}']
    assert codec.parse_objects(odd) == [json.loads(t) for t in odd]


def test_dates_and_decimals_come_back_from_their_text() -> None:
    cols: dict[str, list[Any]] = {
        "csrq": ["2000-01-01", None, "2000-01-01", "1999-12-31"],
        "xz": ["4", "2.5", None, "2.50"],
        "xm": ["2000-01-01", None, None, None],
    }
    codec.decode_columns(BatchKind.DIPLOMA, cols)
    assert cols["csrq"] == [date(2000, 1, 1), None, date(2000, 1, 1), date(1999, 12, 31)]
    assert [str(v) for v in cols["xz"]] == ["4", "2.5", "None", "2.50"]
    assert cols["xm"] == ["2000-01-01", None, None, None]  # text stays text
