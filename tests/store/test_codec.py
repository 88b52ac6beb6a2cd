"""The bulk path writes record JSON member by member; it must equal `codec.dumps`."""

from __future__ import annotations

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
