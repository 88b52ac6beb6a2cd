"""Records of a batch: the bulk insert path and loading a batch back as a `Table`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update

from desktop.domain.fields import BatchKind
from desktop.domain.records import kind_fields
from desktop.domain.table import Problem, Table, gc_paused, parse_cell, parser_for
from desktop.store import bulk, codec
from desktop.store.models import Record, Student, table_of

_rec = table_of(Record)
_stu = table_of(Student)
CHUNK = 5000  # rows per executemany: bounded memory, few round trips
KEY_FIELDS = ("sfzh", "xh", "ksh", "zsbh")
RESIDENT_ID = "1"

Progress = Callable[[int, int], None]


def problem_cells(table: Table) -> dict[int, dict[str, Any]]:
    """Raw text of the cells that did not parse, by row: kept so that re-validation
    reports them again exactly as the clerk typed them."""
    out: dict[int, dict[str, Any]] = {}
    for cells in table.problems.values():
        for i, name in cells:
            out.setdefault(i, {})[name] = _plain(table.raw[name][i])
    return out


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, (str, int, bool)) else str(value)


def _ensure_students(conn: Connection, table: Table) -> dict[tuple[Any, ...], int]:
    """Create the identities this table names that the workspace does not hold yet;
    return the student id of every (证件类型, 号码) it names."""
    types, numbers = table.col("zjlx"), table.col("sfzh")
    names, sexes, births = table.col("xm"), table.col("xb"), table.col("csrq")
    new: dict[tuple[str, str], tuple[Any, ...]] = {}
    for i, number in enumerate(numbers):
        if number is None:
            continue
        key = (types[i] or RESIDENT_ID, number)
        if key not in new:
            new[key] = (key[0], number, names[i], sexes[i], births[i], 1)
    columns = ("id_type", "id_number", "name", "sex", "birth_date", "version")
    if conn.dialect.name == "sqlite":
        return _ensure_students_sqlite(conn, new, columns)
    bulk.insert_missing(conn, "student", columns, ("id_number", "id_type"), list(new.values()))
    return bulk.lookup_ids(conn, "student", ("id_type", "id_number"), list(new))


def _ensure_students_sqlite(
    conn: Connection, new: dict[tuple[str, str], tuple[Any, ...]], columns: tuple[str, ...]
) -> dict[tuple[Any, ...], int]:
    """SQLite's write transaction holds the only write lock (BEGIN IMMEDIATE), so the ids
    of the students still to create can be handed out here: one plain insert instead of
    an insert-or-ignore and a second lookup (half the import's store time at 100k)."""
    empty = conn.execute(select(_stu.c.id).limit(1)).first() is None
    known = {} if empty else bulk.lookup_ids(conn, "student", ("id_type", "id_number"), list(new))
    top = conn.execute(select(func.max(_stu.c.id))).scalar() or 0
    rows = []
    for key, values in new.items():
        if key not in known:
            top += 1
            known[key] = top
            rows.append((top, *values))
    bulk.insert_rows(conn, "student", ("id", *columns), rows)
    return known


def student_ids(conn: Connection, table: Table) -> list[int | None]:
    """The student row of each record, creating the identities not yet known."""
    ids = _ensure_students(conn, table)
    types, numbers = table.col("zjlx"), table.col("sfzh")
    return [
        ids[(t or RESIDENT_ID, n)] if n is not None else None
        for t, n in zip(types, numbers, strict=True)
    ]


_RECORD_COLUMNS = (
    "batch_id", "seq", "row_no", "student_id", "id_type", "id_number", "xh", "ksh", "zsbh",
    "data", "raw", "version",
)  # fmt: skip


def insert_records(
    conn: Connection,
    batch_id: str,
    table: Table,
    *,
    progress: Progress | None = None,
    check_cancel: Callable[[], None] | None = None,
) -> None:
    """Bulk insert at driver speed (executemany / COPY; ORM add_all was measured 18x
    slower)."""
    students = student_ids(conn, table)
    bad = problem_cells(table)
    names = [f.name for f in kind_fields(table.kind) if f.name in table.cols]
    members = [codec.fragments(n, table.cols[n]) for n in names]
    types = table.col("zjlx")
    keys = [table.col(k) for k in KEY_FIELDS]
    rows_no = table.rows
    total = table.n
    join = codec.join_members
    with gc_paused():
        for start in range(0, total, CHUNK):
            if check_cancel is not None:
                check_cancel()
            stop = min(start + CHUNK, total)
            rows = []
            for i in range(start, stop):
                raw = json.dumps(bad[i], ensure_ascii=False) if i in bad else None
                sfzh, xh, ksh, zsbh = (k[i] for k in keys)
                id_type = (types[i] or RESIDENT_ID) if sfzh is not None else None
                rows.append(
                    (batch_id, i, rows_no[i], students[i], id_type, sfzh, xh, ksh, zsbh,
                     join([m[i] for m in members]), raw, 1)
                )  # fmt: skip
            bulk.insert_rows(conn, "record", _RECORD_COLUMNS, rows)
            if progress is not None:
                progress(stop, total)


def record_ids(conn: Connection, batch_id: str) -> list[int]:
    query = select(_rec.c.id).where(_rec.c.batch_id == batch_id).order_by(_rec.c.seq)
    return [r.id for r in conn.execute(query)]


def iter_rows(conn: Connection, batch_id: str, seqs: Sequence[int] | None = None) -> Iterator[Any]:
    query = select(_rec.c.id, _rec.c.seq, _rec.c.row_no, _rec.c.data, _rec.c.raw, _rec.c.version)
    query = query.where(_rec.c.batch_id == batch_id)
    if seqs is not None:
        query = query.where(_rec.c.seq.in_(list(seqs)))
    yield from conn.execute(query.order_by(_rec.c.seq))


def load_table(
    conn: Connection,
    batch_id: str,
    kind: BatchKind,
    headers: dict[str, str] | None = None,
    seqs: Sequence[int] | None = None,
) -> tuple[Table, list[int], list[int]]:
    """The batch (or some of its records) as a Table, with each row's record id and
    version. Stored values are already typed, so only the cells that did not parse are
    parsed again (from their raw text, so their findings reappear)."""
    names = [f.name for f in kind_fields(kind)]
    raw_cells: list[tuple[int, dict[str, Any]]] = []
    ids: list[int] = []
    versions: list[int] = []
    rows: list[int] = []
    records: list[dict[str, Any]] = []
    with gc_paused():
        for i, r in enumerate(iter_rows(conn, batch_id, seqs)):
            records.append(codec.loads(kind, r.data))
            if r.raw:
                raw_cells.append((i, json.loads(r.raw)))
            ids.append(r.id)
            versions.append(r.version)
            rows.append(r.row_no)
        typed = {n: [d.get(n) for d in records] for n in names}
        del records
    keep = set(headers or ()) | {n for n, col in typed.items() if any(v is not None for v in col)}
    keep |= {n for _, cells in raw_cells for n in cells}
    cols = {n: typed[n] for n in names if n in keep}
    raw = {n: list(col) for n, col in cols.items()}
    problems: dict[Problem, list[tuple[int, str]]] = {}
    specs = {f.name: f for f in kind_fields(kind)}
    for i, cells in raw_cells:
        for n, text in cells.items():
            if n not in raw:
                continue
            raw[n][i] = text
            parse, problem = parser_for(specs[n])
            cols[n][i], failure = parse_cell(parse, text, problem)
            if failure is not None:
                problems.setdefault(failure, []).append((i, n))
    table = Table(
        kind=kind,
        n=len(ids),
        raw=raw,
        cols=cols,
        rows=rows,
        headers=dict(headers or {}),
        problems=problems,
        none_counts={n: sum(1 for v in col if v is None) for n, col in cols.items()},
    )
    return table, ids, versions


def update_record(
    conn: Connection, record_id: int, version: int, table: Table, index: int, student_id: int | None
) -> bool:
    """Write one edited record if nobody changed it meanwhile; False on a conflict."""
    values = {n: c[index] for n, c in table.cols.items() if c[index] is not None}
    bad = problem_cells(table.subset([index])).get(0)
    result = conn.execute(
        update(_rec)
        .where(_rec.c.id == record_id, _rec.c.version == version)
        .values(
            data=codec.dumps(values),
            raw=json.dumps(bad, ensure_ascii=False) if bad else None,
            id_type=(table.col("zjlx")[index] or RESIDENT_ID) if table.col("sfzh")[index] else None,
            id_number=table.col("sfzh")[index],
            xh=table.col("xh")[index],
            ksh=table.col("ksh")[index],
            zsbh=table.col("zsbh")[index],
            student_id=student_id,
            version=version + 1,
        )
    )
    return result.rowcount == 1


def update_records(
    conn: Connection, table: Table, edits: Sequence[tuple[int, int, int, int | None]]
) -> bool:
    """`update_record` for many records at executemany speed: each edit is (table index,
    record id, version read, student id). False if any record changed meanwhile."""
    bad = problem_cells(table)
    sfzh, zjlx = table.col("sfzh"), table.col("zjlx")
    xh, ksh, zsbh = table.col("xh"), table.col("ksh"), table.col("zsbh")
    params = []
    for index, record_id, version, student_id in edits:
        values = {n: c[index] for n, c in table.cols.items() if c[index] is not None}
        params.append(
            {
                "_id": record_id,
                "_version": version,
                "data": codec.dumps(values),
                "raw": json.dumps(bad[index], ensure_ascii=False) if index in bad else None,
                "id_type": (zjlx[index] or RESIDENT_ID) if sfzh[index] else None,
                "id_number": sfzh[index],
                "xh": xh[index],
                "ksh": ksh[index],
                "zsbh": zsbh[index],
                "student_id": student_id,
                "version": version + 1,
            }
        )
    if not params:
        return True
    columns = [k for k in params[0] if not k.startswith("_")]
    statement = (
        update(_rec)
        .where(_rec.c.id == bindparam("_id"), _rec.c.version == bindparam("_version"))
        .values({c: bindparam(c) for c in columns})
    )
    result = conn.execute(statement, params)
    return not conn.dialect.supports_sane_multi_rowcount or result.rowcount == len(params)


def delete_batch_records(conn: Connection, batch_id: str) -> None:
    conn.execute(delete(_rec).where(_rec.c.batch_id == batch_id))


def seqs_sharing_keys(conn: Connection, batch_id: str, keys: dict[str, set[str]]) -> set[int]:
    """Records of the batch that share any 证件号码/学号/考生号/证书编号 with the given ones:
    the neighbourhood whose batch-level findings an edit can change."""
    out: set[int] = set()
    for name, given in keys.items():
        values = {v for v in given if v}
        if not values:
            continue
        column = _rec.c[{"sfzh": "id_number"}.get(name, name)]
        query = select(_rec.c.seq).where(_rec.c.batch_id == batch_id, column.in_(sorted(values)))
        out.update(r.seq for r in conn.execute(query))
    return out


def page(
    conn: Connection, batch_id: str, start: int, count: int
) -> list[tuple[int, int, str, str | None]]:
    """Records `start` .. `start + count - 1` of a batch (by position) as (id, row_no, data,
    raw): what a grid shows of the rows on screen."""
    query = (
        select(_rec.c.id, _rec.c.row_no, _rec.c.data, _rec.c.raw)
        .where(_rec.c.batch_id == batch_id, _rec.c.seq >= start, _rec.c.seq < start + count)
        .order_by(_rec.c.seq)
    )
    return [(r.id, r.row_no, r.data, r.raw) for r in conn.execute(query)]
