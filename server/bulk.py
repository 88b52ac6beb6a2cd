"""Bulk writes of the register at driver speed, on any dialect.

A commit may register a million records. SQLAlchemy's executemany prepares each row's
parameters in Python (about 13 µs a row, measured), more than SQLite takes to store it.
Here the statement is compiled once for the connection's dialect, each column's bind
processor (dates as text on SQLite, aware UTC datetimes) runs over the column, and the
rows go to the driver's executemany as they are.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import repeat
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    insert,
    update,
)
from sqlalchemy.schema import CreateTable

# Keys a lookup joins against, per connection (TEMPORARY on SQLite and PostgreSQL alike);
# on PostgreSQL the rows go with the transaction by themselves.
KEYS = Table(
    "regdesk_keys",
    MetaData(),
    Column("k", String(64), primary_key=True),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DELETE ROWS",
)


def _params(
    conn: Connection, compiled: Any, table: Table, values: Mapping[str, Sequence[Any] | Any], n: int
) -> list[Any]:
    """Driver parameters of `n` rows: `values` maps a bind name to a column of values, or
    to one value for every row (key `b_NAME` binds column NAME in an update's WHERE)."""
    columns: dict[str, Sequence[Any]] = {}
    for name, given in values.items():
        column = table.c[name.removeprefix("b_")]
        process = column.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        if isinstance(given, (list, tuple, range)):
            columns[name] = given if process is None else _processed(process, given)
        else:
            columns[name] = repeat(given if process is None else process(given), n)  # type: ignore[assignment]
    if compiled.positional:
        order = [columns[key] for key in compiled.positiontup]
        return list(zip(*order, strict=False)) if order else [()] * n
    keys = list(columns)
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=False)]


def _processed(process: Any, values: Sequence[Any]) -> list[Any]:
    """`process` over a column; once per distinct value (dates repeat) when the values
    are of one type (1 and True are one key to a dict, not to a processor)."""
    if len(set(map(type, values)) - {type(None)}) <= 1:
        try:
            memo = {v: process(v) for v in set(values)}
        except TypeError:  # unhashable values
            pass
        else:
            return list(map(memo.__getitem__, values))
    return list(map(process, values))


def insert_rows(conn: Connection, table: Table, values: Mapping[str, Sequence[Any] | Any]) -> None:
    """INSERT one row per item of the columns in `values` (scalars repeat)."""
    n = _count(values)
    if n == 0:
        return
    stmt = insert(table).values({name: bindparam(name) for name in values})
    compiled = stmt.compile(dialect=conn.dialect)
    conn.exec_driver_sql(compiled.string, _params(conn, compiled, table, values, n))


def update_rows(
    conn: Connection, table: Table, key: str, values: Mapping[str, Sequence[Any] | Any]
) -> None:
    """UPDATE the row whose `key` column equals each item of `values[key]`, setting the
    other columns to the matching items."""
    n = _count(values)
    if n == 0:
        return
    stmt = (
        update(table)
        .where(table.c[key] == bindparam(f"b_{key}"))
        .values({name: bindparam(name) for name in values if name != key})
    )
    compiled = stmt.compile(dialect=conn.dialect)
    params = {f"b_{key}" if name == key else name: v for name, v in values.items()}
    conn.exec_driver_sql(compiled.string, _params(conn, compiled, table, params, n))


def _count(values: Mapping[str, Any]) -> int:
    sizes = {len(v) for v in values.values() if isinstance(v, (list, tuple, range))}
    if len(sizes) != 1:
        raise ValueError(f"columns of unequal or unknown length: {sorted(sizes)}")
    return sizes.pop()


def stage_keys(conn: Connection, keys: Collection[str]) -> None:
    """Fill `KEYS` with exactly `keys` (distinct), in the caller's transaction."""
    conn.execute(CreateTable(KEYS, if_not_exists=True))
    conn.execute(delete(KEYS))
    insert_rows(conn, KEYS, {"k": sorted(keys)})


def unstage_keys(conn: Connection) -> None:
    conn.execute(delete(KEYS))


@contextmanager
def roomy_cache(conn: Connection, mib: int = 256) -> Iterator[None]:
    """On SQLite, a page cache that holds the register's indexes while a commit writes
    into them: their keys (ID numbers) come in no order, and with the default 2 MB cache
    each insert reads its index pages back (a million status rows: 24 s of CPU against
    13 s, measured). The connection's own size is restored after. Other dialects: as is."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size=-{mib * 1024}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={before}")
