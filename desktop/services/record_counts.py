"""Records of a batch counted by the values of a few fields, in the database: the report's
one pass over a batch (services/batch_report.py). A slice of the batch per query, so the
caller sees progress and may cancel, and each query sorts only a slice's combinations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, String, case, cast, column, func, select, true
from sqlalchemy.dialects.postgresql import JSON

from desktop.services.progress import CancelToken, Progress
from desktop.store.models import Record, table_of

_r = table_of(Record)
SLICE = 100_000  # records per counting query
Combo = tuple[tuple[str | None, ...], str | None]  # the fields' values, the server's outcome


def count_combos(
    conn: Connection,
    batch_id: str,
    names: Sequence[str],
    progress: Progress | None,
    cancel: CancelToken | None,
) -> Counter[Combo]:
    """Records per combination of the fields' values and the server's outcome. The
    combinations are few (levels x modes x majors x statuses), the records many: the
    database groups them and hands back a few hundred rows per slice."""
    top = conn.execute(select(func.max(_r.c.seq)).where(_r.c.batch_id == batch_id)).scalar()
    last = -1 if top is None else int(top)
    out: Counter[Combo] = Counter()
    for start in range(0, last + 1, SLICE):
        if cancel is not None:
            cancel.check()
        where = (_r.c.batch_id == batch_id, _r.c.seq >= start, _r.c.seq < start + SLICE)
        if conn.dialect.name == "postgresql":
            rows = _slice_postgresql(conn, names, where)
        else:
            rows = _slice_sqlite(conn, names, where)
        for values, outcome, n in rows:
            out[(values, outcome)] += n
        if progress is not None:
            progress(min(start + SLICE, last + 1), last + 1)
    return out


def _slice_sqlite(conn: Connection, names: Sequence[str], where: Iterable[Any]) -> Any:
    # One json_extract with every path parses each record once and yields a JSON array;
    # a cell that did not parse counts as the text the clerk typed (record.raw).
    paths = [f"$.{n}" for n in names]
    typed = func.json_extract(_r.c.data, *paths).label("typed")
    raw = case((_r.c.raw.is_(None), None), else_=func.json_extract(_r.c.raw, *paths))
    inner = select(typed, raw.label("raw"), _r.c.outcome).where(*where)
    # Materialised: grouping the expressions directly makes SQLite carry every record's
    # whole JSON through its sorter to evaluate them again per group.
    cte = inner.cte("slice").prefix_with("MATERIALIZED")
    query = select(cte.c.typed, cte.c.raw, cte.c.outcome, func.count()).group_by(
        cte.c.typed, cte.c.raw, cte.c.outcome
    )
    for typed_text, raw_text, outcome, n in conn.execute(query):
        values = _array(typed_text, len(names))
        if raw_text is not None:
            raw_values = _array(raw_text, len(names))
            values = [r if r is not None else v for v, r in zip(values, raw_values, strict=True)]
        yield tuple(_text(v) for v in values), outcome, int(n)


def _array(value: Any, size: int) -> list[Any]:
    """json_extract's answer: a JSON array for several paths, the SQL value for one."""
    return list(json.loads(value)) if size > 1 else [value]


def _slice_postgresql(conn: Connection, names: Sequence[str], where: Iterable[Any]) -> Any:
    # json_to_record parses each record once and yields its fields as columns (one row
    # of NULLs for a NULL `raw`). It beats casting to jsonb, or one ->> per field, 3-4x.
    def fields(col: Any, alias: str) -> Any:
        record = func.json_to_record(cast(col, JSON))
        return record.table_valued(*(column(n, String) for n in names)).render_derived(
            name=alias, with_types=True
        )

    typed, raw = fields(_r.c.data, "t"), fields(_r.c.raw, "w")
    keys = [func.coalesce(raw.c[n], typed.c[n]) for n in names]
    query = (
        select(*keys, _r.c.outcome, func.count())
        .select_from(_r.join(typed, true()).join(raw, true()))
        .where(*where)
        .group_by(*keys, _r.c.outcome)
    )
    for row in conn.execute(query):
        yield tuple(row[: len(names)]), row[len(names)], int(row[-1])


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)
