"""Shapes of check that many rules share."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from datetime import date
from typing import Any

from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind
from desktop.domain.records import required_fields
from desktop.domain.rules.base import Hit
from desktop.domain.table import Problem, Table


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_columns(t: Table, kind: BatchKind) -> Iterator[Hit]:
    """One batch-level hit per required column the file lacks (not one per row)."""
    if t.kind is not kind:
        return
    for name in required_fields(kind):
        if name not in t.raw:
            yield None, name, None


def missing_values(t: Table, kind: BatchKind, names: Sequence[str] | None = None) -> Iterator[Hit]:
    """Empty required cells, only in columns the file has (see `missing_columns`)."""
    if t.kind is not kind:
        return
    for name in names or required_fields(kind):
        raw = t.raw.get(name)
        typed = t.cols.get(name)
        if raw is None or typed is None or not t.has_blanks(name):
            continue  # a typed value exists in every row: nothing is blank
        for i, v in enumerate(typed):
            if v is None:
                cell = raw[i]
                if cell is None or (isinstance(cell, str) and not cell.strip()):
                    yield i, name, None


def problems(
    t: Table, problem: Problem, only: Callable[[str], bool] | None = None
) -> Iterator[Hit]:
    for i, name in t.problems.get(problem, ()):
        if only is None or only(name):
            yield i, name, None


def where(t: Table, name: str, bad: Callable[[Any], bool]) -> Iterator[Hit]:
    """Hits on the non-empty cells of one column for which `bad` holds."""
    for i, v in enumerate(t.col(name)):
        if v is not None and bad(v):
            yield i, name, None


def where_memo(t: Table, name: str, bad: Callable[[Any], bool]) -> Iterator[Hit]:
    """`where` for columns of few distinct values (学制, dates): judge each value once."""
    verdicts: dict[Any, bool] = {}
    for i, v in enumerate(t.col(name)):
        if v is None:
            continue
        verdict = verdicts.get(v)
        if verdict is None:
            verdict = verdicts[v] = bad(v)
        if verdict:
            yield i, name, None


def duplicates(t: Table, key: Callable[[int], Hashable | None], name: str) -> Iterator[Hit]:
    """Every record after the first whose key repeats, naming the first one's sheet row."""
    first: dict[Hashable, int] = {}
    rows = t.rows
    for i in range(t.n):
        k = key(i)
        if k is None:
            continue
        seen = first.setdefault(k, i)
        if seen != i:
            yield i, name, {"first_row": rows[seen]}


def column_duplicates(t: Table, name: str) -> Iterator[Hit]:
    col = t.col(name)
    return duplicates(t, col.__getitem__, name)


def codes_with(table_key: str, column: str, value: str = "1") -> frozenset[str]:
    return code_table(table_key).codes_where(column, value)


def code_of(table_key: str, name: str) -> str:
    entry = code_table(table_key).lookup(name)
    if entry is None:
        raise KeyError(f"{table_key}: {name}")
    return entry.code


def years_between(start: Any, end: Any) -> float:
    return float((end - start).days) / 365.25


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
