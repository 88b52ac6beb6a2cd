"""Bulk writes at driver speed: executemany on SQLite, COPY on PostgreSQL.

The bulk import of a 100k-row batch must take seconds, not minutes; SQLAlchemy's
per-row parameter handling (and psycopg's executemany round trips) were the bottleneck.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection


def _is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def insert_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Append rows in the caller's transaction."""
    if not rows:
        return
    names = ", ".join(columns)
    if _is_postgres(conn):
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["?"] * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


def insert_missing(
    conn: Connection,
    table: str,
    columns: Sequence[str],
    key: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """Insert the rows whose `key` is not in the table yet (others are left as they are)."""
    if not rows:
        return
    names = ", ".join(columns)
    conflict = ", ".join(key)
    if _is_postgres(conn):
        stage = f"stage_{table}"
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} "
            f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        conn.exec_driver_sql(f"TRUNCATE {stage}")
        insert_rows(conn, stage, columns, rows)
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} "
            f"ON CONFLICT ({conflict}) DO NOTHING"
        )
        return
    marks = ", ".join(["?"] * len(columns))
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({conflict}) DO NOTHING",
        list(rows),
    )


def lookup_ids(
    conn: Connection, table: str, key: Sequence[str], keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], int]:
    """`id` of each row of `table` whose `key` columns are among `keys`, by staging the
    keys in a temporary table and joining once (no per-key queries, no huge IN lists)."""
    if not keys:
        return {}
    stage = f"keys_{table}"
    cols = ", ".join(key)
    if _is_postgres(conn):
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {cols} FROM {table} WITH NO DATA"
        )
    else:
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {cols} FROM {table} LIMIT 0"
        )
    conn.exec_driver_sql(f"DELETE FROM {stage}")
    insert_rows(conn, stage, key, keys)
    join = " AND ".join(f"t.{k} = s.{k}" for k in key)
    found = conn.exec_driver_sql(
        f"SELECT t.id, {', '.join('t.' + k for k in key)} FROM {table} t JOIN {stage} s ON {join}"
    )
    return {tuple(row[1:]): row[0] for row in found}
