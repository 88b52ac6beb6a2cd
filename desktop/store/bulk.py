"""Bulk writes and look-ups at driver speed: executemany on SQLite, COPY on PostgreSQL.

The bulk import of a 100k-row batch must take seconds, not minutes; SQLAlchemy's
per-row parameter handling (and psycopg's executemany round trips) were the bottleneck.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Connection, any_, bindparam, func, select


def _is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def insert_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Append rows in the caller's transaction."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)  # quoted: finding has a `column`
    if _is_postgres(conn):
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["?"] * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


def insert_missing_ids(
    conn: Connection,
    table: str,
    columns: Sequence[str],
    key_len: int,
    rows: Sequence[tuple[Any, ...]],
) -> dict[tuple[Any, ...], int]:
    """Insert the rows whose key (their first `key_len` columns, a unique constraint of
    `table`) is not in the table yet, others are left as they are; return the `id` of
    every row's key. The rows are staged once, then inserted and looked up by joining
    the stage, in the order they are given."""
    if not rows:
        return {}
    names = ", ".join(columns)
    key = columns[:key_len]
    stage = _stage(conn, table, columns)
    insert_rows(conn, stage, columns, rows)
    if _is_postgres(conn):
        conn.exec_driver_sql(f"ANALYZE {stage}")  # a fresh temp table has no statistics
    conflict = ", ".join(key)
    # WHERE true: SQLite would read ON CONFLICT as a join's ON clause without it.
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} WHERE true "
        f"ORDER BY {conflict} ON CONFLICT ({conflict}) DO NOTHING"
    )
    return _join_ids(conn, table, stage, key)


def new_ids(conn: Connection, table: str, count: int) -> list[int]:
    """`count` fresh values of `table`'s integer primary key `id`, in increasing order:
    what the database would hand out to rows inserted without one, so that an insert can
    give them itself and need not read its rows back. SQLite: the caller holds the write
    lock (BEGIN IMMEDIATE) and the key has no AUTOINCREMENT, so new rows get max + 1."""
    if count <= 0:
        return []
    if _is_postgres(conn):
        found = conn.exec_driver_sql(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id "
            f"FROM generate_series(1, %(n)s) ORDER BY id",
            {"n": count},
        )
        return [row[0] for row in found]
    top = conn.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0
    return list(range(top + 1, top + 1 + count))


def lookup_ids(
    conn: Connection, table: str, key: Sequence[str], keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], int]:
    """`id` of each row of `table` whose `key` columns are among `keys`, by staging the
    keys in a temporary table and joining once (no per-key queries, no huge IN lists)."""
    if not keys:
        return {}
    stage = _stage(conn, table, key)
    insert_rows(conn, stage, key, keys)
    if _is_postgres(conn):
        conn.exec_driver_sql(f"ANALYZE {stage}")
    return _join_ids(conn, table, stage, key)


def _stage(conn: Connection, table: str, columns: Sequence[str]) -> str:
    """A new empty temporary table with `columns` of `table` (no constraints, no
    defaults: a default would draw ids from `table`'s sequence for every staged row)."""
    stage = f"stage_{table}"
    cols = ", ".join(columns)
    if _is_postgres(conn):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS pg_temp.{stage}")
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA"
        )
    else:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{stage}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE {stage} AS SELECT {cols} FROM {table} LIMIT 0")
    return stage


def _join_ids(
    conn: Connection, table: str, stage: str, key: Sequence[str]
) -> dict[tuple[Any, ...], int]:
    join = " AND ".join(f"t.{k} = s.{k}" for k in key)
    found = conn.exec_driver_sql(
        f"SELECT t.id, {', '.join('t.' + k for k in key)} FROM {table} t JOIN {stage} s ON {join}"
    )
    return {tuple(row[1:]): row[0] for row in found}


def among(conn: Connection, column: ColumnElement[Any], keys: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN keys` as one parameter however many keys there are: a JSON array that
    SQLite's json_each reads, an array on PostgreSQL. IN lists were sent 900 keys at a
    time (SQLite's old parameter limit), 112 queries and 4 s for a 100k-row batch on
    PostgreSQL."""
    values = sorted(set(keys))
    if _is_postgres(conn):
        return column == any_(bindparam("keys", values, type_=ARRAY(column.type), unique=True))
    listed = func.json_each(bindparam("keys", json.dumps(values), unique=True))
    return column.in_(select(listed.table_valued("value").c.value))
