"""Records of a batch: the bulk insert path and loading a batch back as a `Table`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from operator import is_, itemgetter
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

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
    return the student id of every (号码, 证件类型) it names.

    New students go in sorted by 证件号码, the unique index's leading column, so that the
    index grows at its right edge whatever order the sheet is in (学号, class, name)."""
    numbers = table.col("sfzh")
    types = [t or RESIDENT_ID for t in table.col("zjlx")]
    births = table.col("csrq")
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        # The text sqlite3's default date adapter writes (deprecated since Python 3.12).
        iso: dict[Any, str | None] = {d: d.isoformat() for d in set(births) if d is not None}
        iso[None] = None
        births = list(map(iso.__getitem__, births))
    first: dict[tuple[Any, Any], tuple[Any, ...]] = {}  # the first row of each identity
    people = zip(table.col("xm"), table.col("xb"), births, strict=True)
    for key, person in zip(zip(numbers, types, strict=True), people, strict=True):
        first.setdefault(key, person)
    new = sorted(
        (number, kind, *person, 1) for (number, kind), person in first.items() if number is not None
    )
    if sqlite:
        return _ensure_students_sqlite(conn, new)
    return bulk.insert_missing_ids(conn, "student", _STUDENT_COLUMNS, 2, new)


_STUDENT_COLUMNS = ("id_number", "id_type", "name", "sex", "birth_date", "version")


def _ensure_students_sqlite(
    conn: Connection, new: list[tuple[Any, ...]]
) -> dict[tuple[Any, ...], int]:
    """SQLite's write transaction holds the only write lock (BEGIN IMMEDIATE), so the ids
    of the students still to create can be handed out here: one plain insert instead of
    an insert-or-ignore and a second lookup (half the import's store time at 100k)."""
    key = itemgetter(0, 1)
    known: dict[tuple[Any, ...], int] = {}
    if conn.execute(select(_stu.c.id).limit(1)).first() is not None:
        known = bulk.lookup_ids(conn, "student", ("id_number", "id_type"), list(map(key, new)))
        new = [row for row in new if key(row) not in known]
    ids = bulk.new_ids(conn, "student", len(new))
    known.update(zip(map(key, new), ids, strict=True))
    bulk.insert_rows(
        conn,
        "student",
        ("id", *_STUDENT_COLUMNS),
        [(i, *row) for i, row in zip(ids, new, strict=True)],
    )
    return known


def student_ids(conn: Connection, table: Table) -> list[int | None]:
    """The student row of each record, creating the identities not yet known."""
    ids = _ensure_students(conn, table)
    types = [t or RESIDENT_ID for t in table.col("zjlx")]
    # A record without a 证件号码 has no student: (None, type) is never a key.
    return list(map(ids.get, zip(table.col("sfzh"), types, strict=True)))


_RECORD_COLUMNS = (
    "id", "batch_id", "seq", "row_no", "student_id", "id_type", "id_number", "xh", "ksh",
    "zsbh", "data", "raw", "version",
)  # fmt: skip


def insert_records(
    conn: Connection,
    batch_id: str,
    table: Table,
    *,
    progress: Progress | None = None,
    check_cancel: Callable[[], None] | None = None,
) -> list[int]:
    """Bulk insert at driver speed (executemany / COPY; ORM add_all was measured 18x
    slower); returns the new records' ids in row order."""
    with gc_paused():
        students = student_ids(conn, table)
        ids = bulk.new_ids(conn, "record", table.n)
        for start, rows in _record_rows(table, batch_id, ids, students):
            if check_cancel is not None:
                check_cancel()
            bulk.insert_rows(conn, "record", _RECORD_COLUMNS, rows)
            if progress is not None:
                progress(start + len(rows), table.n)
    return ids


def _record_rows(
    table: Table, batch_id: str, ids: list[int], students: list[int | None]
) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    """The record rows, CHUNK at a time, each chunk's JSON built column by column (see
    `codec.fragments`): only one chunk's strings are alive at once."""
    names = [f.name for f in kind_fields(table.kind) if f.name in table.cols]
    numbers = table.col("sfzh")
    id_types = [
        (t or RESIDENT_ID) if n is not None else None
        for t, n in zip(table.col("zjlx"), numbers, strict=True)
    ]
    raws: list[str | None] = [None] * table.n
    for i, cells in problem_cells(table).items():
        raws[i] = json.dumps(cells, ensure_ascii=False)
    xh, ksh, zsbh = table.col("xh"), table.col("ksh"), table.col("zsbh")
    for start in range(0, table.n, CHUNK):
        part = slice(start, start + CHUNK)
        members = [codec.fragments(n, table.cols[n][part]) for n in names]
        data = map(codec.join_members, zip(*members, strict=True)) if members else repeat("{}")
        rows = zip(
            ids[part], repeat(batch_id), range(start, start + CHUNK), table.rows[part],
            students[part], id_types[part], numbers[part], xh[part], ksh[part], zsbh[part],
            data, raws[part], repeat(1),
        )  # fmt: skip
        yield start, list(rows)


def _stored_rows(
    conn: Connection, batch_id: str, seqs: Sequence[int] | None
) -> Iterator[Sequence[Any]]:
    """(id, row_no, data, raw, version) of the batch's records in order, a chunk at a
    time (on PostgreSQL through a server-side cursor: a million rows never sit in the
    driver's buffer at once)."""
    query = select(_rec.c.id, _rec.c.row_no, _rec.c.data, _rec.c.raw, _rec.c.version)
    query = query.where(_rec.c.batch_id == batch_id)
    if seqs is not None:
        query = query.where(bulk.among(conn, _rec.c.seq, seqs))
    query = query.order_by(_rec.c.seq).execution_options(yield_per=CHUNK)
    yield from conn.execute(query).partitions()


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
    typed: dict[str, list[Any]] = {n: [] for n in names}
    with gc_paused():
        for chunk in _stored_rows(conn, batch_id, seqs):
            start = len(ids)
            chunk_ids, chunk_rows, data, raws, chunk_versions = zip(*chunk, strict=True)
            ids += chunk_ids
            rows += chunk_rows
            versions += chunk_versions
            # One chunk's dicts at a time: a million of them held at once took gigabytes.
            columns = _columns(codec.parse_objects(data), names)
            for col, values in zip(typed.values(), columns, strict=True):
                col.extend(values)
            raw_cells += [(start + i, json.loads(r)) for i, r in enumerate(raws) if r]
        codec.decode_columns(kind, typed)
    nones = {n: _nones(col) for n, col in typed.items()}
    keep = set(headers or ()) | {n for n, col in typed.items() if nones[n] < len(col)}
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
            was = cols[n][i]
            cols[n][i], failure = parse_cell(parse, text, problem)
            nones[n] += (cols[n][i] is None) - (was is None)
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
        none_counts={n: nones[n] for n in cols},
    )
    return table, ids, versions


def _columns(records: list[dict[str, Any]], names: list[str]) -> list[Sequence[Any]]:
    """The values of each of `names` in `records`, column by column (None where absent)."""
    fields = set().union(*records)
    present = [n for n in names if n in fields]
    if len(present) > 1 and len(fields) == len(present):
        # Most records hold the same fields: take them all at once (one C call), and a
        # record with as many fields as are present holds exactly those.
        getter, full = itemgetter(*present), len(present)
        values = [getter(r) if len(r) == full else tuple(map(r.get, present)) for r in records]
    else:
        values = [tuple(map(r.get, present)) for r in records]
    by_name = dict(zip(present, zip(*values, strict=True), strict=True))
    absent = [None] * len(records)
    return [by_name.get(n, absent) for n in names]


def _nones(col: list[Any]) -> int:
    # Not col.count(None): it calls __eq__, which Decimal answers through the numbers ABCs.
    return sum(map(is_, col, repeat(None)))


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
        # The batch is matched here, not in SQL: with `batch_id = ?` in the query SQLite
        # (no statistics gathered) walked the whole batch by ix_record_batch_row instead
        # of the key's own index — 27-54 ms a key at 100k rows against well under 1 ms.
        query = select(_rec.c.batch_id, _rec.c.seq).where(bulk.among(conn, column, values))
        out.update(r.seq for r in conn.execute(query) if r.batch_id == batch_id)
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
