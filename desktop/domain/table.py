"""A batch held by columns: the shape rules run fastest over.

A `Table` keeps, for each field, the values as read (`raw`, for reports and for telling
an empty cell from an unreadable one) and the typed values (`cols`, None where empty or
unreadable). Parsing problems are kept per cell in `problems` so that the declared rules
(GEN-DATE-FORMAT, STD-… code tables, GEN-NUMBER-PRECISION) report them.

A column that normalisation did not change shares one list between `raw` and `cols`
(memory at a million rows): treat both as read-only; edits build a new table.
"""

from __future__ import annotations

import dataclasses
import gc
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop.domain import normalize as nz
from desktop.domain.codes import CodeTable, table
from desktop.domain.fields import BatchKind, FieldSpec, FieldType
from desktop.domain.records import RECORD_TYPES, Record, kind_fields


class Problem(StrEnum):
    DATE = "date"
    NUMBER = "number"
    PRECISION = "precision"
    CODE = "code"
    ACADEMIC_YEAR = "academic_year"
    BOOL = "bool"


Parser = Callable[[object], Any]


def _code_parser(codes: CodeTable) -> Parser:
    def parse(value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        key = str(value)
        if not key.strip():
            return None
        entry = codes.lookup(key)
        if entry is None:
            raise LookupError(key)
        return entry.code

    return parse


def parser_for(f: FieldSpec, *, date1904: bool = False) -> tuple[Parser, Problem]:
    match f.type:
        case FieldType.TEXT:
            return nz.text, Problem.NUMBER
        case FieldType.NAME:
            return nz.name, Problem.NUMBER
        case FieldType.CODE:
            assert f.table is not None
            return _code_parser(table(f.table)), Problem.CODE
        case FieldType.IDENT | FieldType.ID_NUMBER:
            return nz.code_text, Problem.NUMBER
        case FieldType.DATE:
            return (lambda v: nz.parse_date(v, date1904=date1904)), Problem.DATE
        case FieldType.YEAR_MONTH:
            return (lambda v: nz.parse_year_month(v, date1904=date1904)), Problem.DATE
        case FieldType.DECIMAL:
            return nz.parse_decimal, Problem.NUMBER
        case FieldType.ACADEMIC_YEAR:
            return nz.parse_academic_year, Problem.ACADEMIC_YEAR
        case FieldType.BOOL:
            return nz.parse_bool, Problem.BOOL
    raise AssertionError(f.type)


@dataclass
class Table:
    kind: BatchKind
    n: int
    raw: dict[str, list[Any]]
    cols: dict[str, list[Any]]
    rows: list[int]  # sheet row number of each record (header = row 1)
    headers: dict[str, str] = field(default_factory=dict)  # field -> header text as in file
    problems: dict[Problem, list[tuple[int, str]]] = field(default_factory=dict)
    missing_columns: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()  # header texts the mapping did not recognise
    # How many typed values of each column are None; lets "required" checks skip full
    # columns without scanning them (`None in list` compares Decimals the slow way).
    none_counts: dict[str, int] = field(default_factory=dict)
    # Work that several rules share (parsed ID numbers, duplicate groups), per table.
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    _empty: list[Any] = field(default_factory=list, repr=False)

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return kind_fields(self.kind)

    @property
    def present(self) -> frozenset[str]:
        return frozenset(self.raw)

    def col(self, name: str) -> list[Any]:
        """Typed values of one field; all None when the file had no such column."""
        got = self.cols.get(name)
        if got is not None:
            return got
        if len(self._empty) != self.n:
            self._empty = [None] * self.n
        return self._empty

    def has_blanks(self, name: str) -> bool:
        """Whether any typed value of the column is None (unknown counts: assume so)."""
        return self.none_counts.get(name, 1) > 0

    def raw_col(self, name: str) -> list[Any]:
        got = self.raw.get(name)
        return got if got is not None else self.col("\0")

    def header(self, name: str) -> str:
        return self.headers.get(name) or _label(self.kind, name)

    def record(self, i: int) -> Record:
        values = {name: col[i] for name, col in self.cols.items()}
        return RECORD_TYPES[self.kind](**values)

    def subset(self, indexes: Sequence[int]) -> Table:
        """A table of some rows (re-validating edited rows); problems follow their rows."""
        where = {old: new for new, old in enumerate(indexes)}
        return Table(
            kind=self.kind,
            n=len(indexes),
            raw={k: [v[i] for i in indexes] for k, v in self.raw.items()},
            cols={k: [v[i] for i in indexes] for k, v in self.cols.items()},
            rows=[self.rows[i] for i in indexes],
            headers=dict(self.headers),
            problems={
                p: [(where[i], f) for i, f in cells if i in where]
                for p, cells in self.problems.items()
            },
            missing_columns=self.missing_columns,
            ignored_columns=self.ignored_columns,
            none_counts={k: sum(1 for i in indexes if v[i] is None) for k, v in self.cols.items()},
        )


def _label(kind: BatchKind, name: str) -> str:
    for f in kind_fields(kind):
        if f.name == name:
            return f.label
    return name


@contextmanager
def gc_paused() -> Iterator[None]:
    """Bulk work allocates millions of acyclic objects; the cyclic GC would rescan them
    over and over (measured: half the time of validating 100k rows). Pause it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_table(
    kind: BatchKind,
    raw: Mapping[str, list[Any]],
    *,
    rows: list[int] | None = None,
    headers: Mapping[str, str] | None = None,
    missing_columns: Iterable[str] = (),
    ignored_columns: Iterable[str] = (),
    date1904: bool = False,
) -> Table:
    """Normalise raw columns (field -> cell values) into a typed `Table`."""
    with gc_paused():
        return _build(
            kind,
            raw,
            rows=rows,
            headers=headers,
            missing_columns=missing_columns,
            ignored_columns=ignored_columns,
            date1904=date1904,
        )


def _build(
    kind: BatchKind,
    raw: Mapping[str, list[Any]],
    *,
    rows: list[int] | None,
    headers: Mapping[str, str] | None,
    missing_columns: Iterable[str],
    ignored_columns: Iterable[str],
    date1904: bool,
) -> Table:
    lengths = {len(v) for v in raw.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of unequal length: {sorted(lengths)}")
    n = lengths.pop() if lengths else len(rows or [])
    specs = {f.name: f for f in kind_fields(kind)}
    problems: dict[Problem, list[tuple[int, str]]] = {}
    cols: dict[str, list[Any]] = {}
    raw_out: dict[str, list[Any]] = {}
    none_counts: dict[str, int] = {}
    for name, values in raw.items():
        f = specs.get(name)
        if f is None:
            continue
        parse, problem = parser_for(f, date1904=date1904)
        typed, failed, nones = _parse_column(values, parse, problem)
        for i, kind_of_problem in failed:
            problems.setdefault(kind_of_problem, []).append((i, name))
        # A million-row column costs 8 MB of pointers per list: the caller's list is kept
        # rather than copied, and a column that normalisation left untouched (most text
        # columns) shares one list for raw and typed.
        raw_list = values if type(values) is list else list(values)
        unchanged = len(typed) == len(raw_list) and all(map(operator.is_, typed, raw_list))
        cols[name] = raw_list if unchanged else typed
        none_counts[name] = nones
        raw_out[name] = raw_list
    return Table(
        kind=kind,
        n=n,
        raw=raw_out,
        cols=cols,
        rows=list(rows) if rows is not None else list(range(2, n + 2)),
        headers=dict(headers or {}),
        problems=problems,
        missing_columns=tuple(missing_columns),
        ignored_columns=tuple(ignored_columns),
        none_counts=none_counts,
    )


# After this many cells, a column whose texts are mostly distinct stops being memoised.
_MEMO_PROBE = 4096


def _parse_column(
    values: Sequence[Any], parse: Parser, problem: Problem
) -> tuple[list[Any], list[tuple[int, Problem]], int]:
    """Typed values, the cells that failed, and how many typed values are None.

    Office sheets repeat most texts (codes, cohort dates, the school's name), so each
    distinct text is parsed once; a column of mostly distinct texts (names, ID numbers)
    drops the memo after a probe, since it would only cost memory there.
    """
    typed: list[Any] = []
    failed: list[tuple[int, Problem]] = []
    append = typed.append
    seen: dict[str, tuple[Any, Problem | None]] = {}
    nones = 0
    memo = True
    for i, value in enumerate(values):
        if value is None or value == "":
            append(None)
            nones += 1
            continue
        if i == _MEMO_PROBE and len(seen) > _MEMO_PROBE // 2:
            memo = False
            seen.clear()
        # Only text is memoised: 1, 1.0 and True are equal keys of different meaning.
        if memo and type(value) is str:
            hit = seen.get(value)
            if hit is None:
                hit = seen[value] = parse_cell(parse, value, problem)
            parsed, failure = hit
        else:
            # `parse_cell` inlined: this branch runs once per cell of the distinct-valued
            # columns (names, ID numbers), where a call and a tuple per cell add up.
            try:
                parsed, failure = parse(value), None
            except nz.PrecisionLost:
                parsed, failure = None, Problem.PRECISION
            except (ValueError, LookupError):
                parsed, failure = None, problem
        append(parsed)
        if parsed is None:
            nones += 1
        if failure is not None:
            failed.append((i, failure))
    return typed, failed, nones


def parse_cell(parse: Parser, value: object, problem: Problem) -> tuple[Any, Problem | None]:
    """One cell's typed value and the problem that made it None, if any."""
    try:
        return parse(value), None
    except nz.PrecisionLost:
        return None, Problem.PRECISION
    except (ValueError, LookupError):
        return None, problem


def table_from_records(kind: BatchKind, records: Sequence[Record]) -> Table:
    """A table of already-typed records (typed in the UI, loaded from the store)."""
    names = [f.name for f in kind_fields(kind)]
    cols = {name: [getattr(r, name) for r in records] for name in names}
    raw = {name: [_as_text(v) for v in col] for name, col in cols.items()}
    return Table(
        kind=kind,
        n=len(records),
        raw=raw,
        cols=cols,
        rows=list(range(2, len(records) + 2)),
        none_counts={k: sum(1 for v in col if v is None) for k, col in cols.items()},
    )


def _as_text(value: object) -> object:
    if value is None or isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value):
        return repr(value)
    return str(value)
