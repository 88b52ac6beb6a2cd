"""The bulk path: what insert_records writes and load_table reads back is the same on
SQLite and PostgreSQL, and the look-ups it relies on (`bulk.among`, `insert_missing_ids`,
`new_ids`) hold for any number of keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.domain.fields import BatchKind
from desktop.domain.table import Table, build_table
from desktop.services.workspace import Workspace
from desktop.store import batches as repo
from desktop.store import bulk
from desktop.store import records as rec
from desktop.store.models import Record, Student, table_of
from tests.store import sheets
from tests.store.conftest import PgServer, tamper

_rec, _stu = table_of(Record), table_of(Student)
N = 600


def _raw(n: int, shift: int = 0) -> dict[str, list[Any]]:
    """Diploma columns with what the bulk path must keep apart: cells that do not parse,
    records without an ID number, one person on several rows, another document type,
    text that JSON escapes, empty optional cells."""
    cols: dict[str, list[Any]] = {}
    for j in range(n):
        i = j + shift
        number = sheets.id_number(i - 1 if i % 41 == 5 else i)
        row = {
            "xm": sheets.name(i) + ('"\\\t\x01😀' if i % 7 == 0 else ""),
            "xb": sheets.sex(i),
            "csrq": "1999-13-40" if i % 31 == 0 else sheets.birth(i),
            "zjlx": "港澳居民来往内地通行证" if i % 97 == 1 else "居民身份证",
            "sfzh": None if i % 50 == 3 else number,
            "mz": None if i % 17 == 0 else ("汉族" if i % 10 else "火星族"),
            "xh": sheets.student_no(i),
            "ksh": f"22{i:012d}",
            "rxrq": "2022-09-01",
            "byrq": "20260630" if i % 2 else "2026-06-30",
            "zymc": "软件工程",
            "cc": "本科",
            "xz": ("4.0", "2.5", "abc", "", "4年")[i % 5] if i % 13 == 0 else "4",
            "xxxs": "普通全日制",
            "byjl": "毕业",
            "xxmc": "北京大学",
            "xzxm": "李四",
            "zsbh": f"100011202605{i + 1:06d}",
            "fzrq": "2026-06-30",
        }
        for name, value in row.items():
            cols.setdefault(name, []).append(value)
    return cols


def _store(ws: Workspace, table: Table) -> tuple[str, list[int]]:
    with ws.transaction() as conn:
        batch_id = repo.create(conn, kind=BatchKind.DIPLOMA, name="b", operator="clerk")
        ids = rec.insert_records(conn, batch_id, table)
    return batch_id, ids


def _loaded(ws: Workspace, batch_id: str) -> dict[str, Any]:
    """Everything load_table gives, and each record's identity, comparable across
    databases (values as their type and text)."""
    with ws.engine.connect() as conn:
        table, ids, versions = rec.load_table(conn, batch_id, BatchKind.DIPLOMA)
        query = (
            select(_rec.c.seq, _stu.c.id_type, _stu.c.id_number, _stu.c.name, _stu.c.birth_date)
            .outerjoin(_stu, _stu.c.id == _rec.c.student_id)
            .where(_rec.c.batch_id == batch_id)
            .order_by(_rec.c.seq)
        )
        people = [tuple(map(str, r)) for r in conn.execute(query)]
        query = select(_rec.c.data).where(_rec.c.batch_id == batch_id).order_by(_rec.c.seq)
        stored = [r.data for r in conn.execute(query)]

    def typed(col: list[Any]) -> list[tuple[str, str]]:
        return [(type(v).__name__, str(v)) for v in col]

    return {
        "n": table.n,
        "rows": table.rows,
        "cols": {k: typed(v) for k, v in table.cols.items()},
        "raw": {k: typed(v) for k, v in table.raw.items()},
        "problems": {str(k): v for k, v in table.problems.items()},
        "none_counts": table.none_counts,
        "versions": versions,
        "people": people,
        "data": stored,
        "ids_in_order": ids == sorted(ids),
    }


@pytest.fixture
def both(
    sqlite_workspace: Workspace, pg_server: PgServer, tmp_path: Path
) -> Iterator[tuple[Workspace, Workspace]]:
    pg = Workspace.open(home=tmp_path / "pg", url=pg_server.fresh())
    yield sqlite_workspace, pg
    pg.engine.dispose()


def test_sqlite_and_postgresql_load_the_same_table(both: tuple[Workspace, Workspace]) -> None:
    first, second = (
        build_table(BatchKind.DIPLOMA, _raw(N)),
        build_table(BatchKind.DIPLOMA, _raw(N, shift=N // 2)),
    )
    seen = []
    for ws in both:
        loaded = []
        for table in (first, second):  # the second names half of the first's students
            batch_id, ids = _store(ws, table)
            with ws.engine.connect() as conn:
                assert rec.load_table(conn, batch_id, BatchKind.DIPLOMA)[1] == ids
            loaded.append(_loaded(ws, batch_id))
        seen.append(loaded)
    assert seen[0] == seen[1]
    for table, got in zip((first, second), seen[0], strict=True):
        assert got["ids_in_order"]
        assert got["cols"] == {k: [(type(v).__name__, str(v)) for v in table.cols[k]]
                               for k in got["cols"]}  # fmt: skip
        assert got["problems"] == {str(k): v for k, v in table.problems.items()}


def test_a_record_with_a_field_the_kind_does_not_know_still_loads(
    workspace: Workspace,
) -> None:
    table = build_table(BatchKind.DIPLOMA, _raw(40))
    batch_id, ids = _store(workspace, table)
    # A record written by a later version with one field more, one field less.
    with workspace.engine.connect() as conn:
        data = conn.execute(select(_rec.c.data).where(_rec.c.id == ids[4])).scalar_one()
    tamper(
        workspace,
        "UPDATE record SET data = :d WHERE id = :i",
        d=data.replace('"xxmc":"北京大学",', '"zzz":"?",'),
        i=ids[4],
    )
    with workspace.engine.connect() as conn:
        loaded, _, _ = rec.load_table(conn, batch_id, BatchKind.DIPLOMA)
    assert loaded.cols["xxmc"][4] is None and loaded.cols["xxmc"][5] == "北京大学"
    assert "zzz" not in loaded.cols
    for name in ("xm", "sfzh", "byrq", "zsbh"):
        assert loaded.cols[name] == table.cols[name]


def test_among_takes_any_number_of_keys(workspace: Workspace) -> None:
    table = build_table(BatchKind.DIPLOMA, _raw(30))
    batch_id, ids = _store(workspace, table)
    # More keys than SQLite's 32,766 parameters, strings and integers.
    numbers = {sheets.id_number(i) for i in range(20, 40_000)}
    seqs = [*range(-40_000, 0), 3, 5, 5]
    with workspace.engine.connect() as conn:
        found = conn.execute(select(_rec.c.seq).where(bulk.among(conn, _rec.c.id_number, numbers)))
        assert sorted(r.seq for r in found) == [i for i in range(20, 30) if i % 50 != 3]
        found = conn.execute(select(_rec.c.id).where(bulk.among(conn, _rec.c.seq, seqs)))
        assert sorted(r.id for r in found) == [ids[3], ids[5]]
        none = conn.execute(select(_rec.c.id).where(bulk.among(conn, _rec.c.xh, [])))
        assert none.all() == []
        loaded, got, _ = rec.load_table(conn, batch_id, BatchKind.DIPLOMA, seqs=seqs)
    assert got == [ids[3], ids[5]] and loaded.rows == [table.rows[3], table.rows[5]]


def test_insert_missing_ids_keeps_the_rows_it_finds(workspace: Workspace) -> None:
    columns = ("id_number", "id_type", "name", "sex", "birth_date", "version")
    with workspace.transaction() as conn:
        before = bulk.insert_missing_ids(
            conn,
            "student",
            columns,
            2,
            [("A1", "1", "甲", "1", None, 1), ("B2", "1", "乙", "2", None, 1)],
        )
        again = bulk.insert_missing_ids(
            conn,
            "student",
            columns,
            2,
            [
                ("B2", "1", "改名", "1", None, 1),
                ("B2", "6", "丙", "1", None, 1),
                ("C3", "1", None, None, None, 1),
            ],
        )
        rows = {
            (r.id_number, r.id_type): (r.id, r.name)
            for r in conn.execute(select(_stu.c.id, _stu.c.id_number, _stu.c.id_type, _stu.c.name))
        }
        assert bulk.insert_missing_ids(conn, "student", columns, 2, []) == {}
        keys = [("C3", "1"), ("B2", "6"), ("A1", "6"), ("A1", "1")]
        found = bulk.lookup_ids(conn, "student", ("id_number", "id_type"), keys)
    assert set(before) == {("A1", "1"), ("B2", "1")}
    assert set(again) == {("B2", "1"), ("B2", "6"), ("C3", "1")}
    assert again[("B2", "1")] == before[("B2", "1")]
    assert rows[("B2", "1")] == (before[("B2", "1")], "乙")  # found, not overwritten
    assert {k: v[0] for k, v in rows.items()} == before | again
    assert found == {k: v for k, v in (before | again).items() if k in keys}


def test_new_ids_are_the_ones_the_database_would_give(workspace: Workspace) -> None:
    with workspace.transaction() as conn:
        batch_id = repo.create(conn, kind=BatchKind.DIPLOMA, name="b", operator="clerk")
        assert bulk.new_ids(conn, "record", 0) == []
        ids = bulk.new_ids(conn, "record", 3)
        assert ids == [1, 2, 3]  # a new workspace
        row = {"batch_id": batch_id, "row_no": 2, "data": "{}", "version": 1}
        conn.execute(_rec.insert(), [{"id": i, "seq": i, **row} for i in ids])
        conn.execute(_rec.insert().values(seq=9, **row))  # the database's own id
        assert conn.execute(select(_rec.c.id).where(_rec.c.seq == 9)).scalar_one() == 4
        assert bulk.new_ids(conn, "record", 2) == [5, 6]
