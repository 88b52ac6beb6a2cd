"""Opening a workspace database: SQLite in the user data directory by default, or any
SQLAlchemy URL (a PostgreSQL server shared by an office)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event

DATABASE_FILE = "workspace.sqlite3"


def default_home() -> Path:
    """The workspace folder: REGDESK_HOME, else the platform's user data directory."""
    home = os.environ.get("REGDESK_HOME")
    return Path(home) if home else Path(user_data_dir("registrar-desk", appauthor=False))


def database_url(home: Path | None = None, url: str | None = None) -> str:
    chosen = url or os.environ.get("REGDESK_DATABASE_URL")
    if chosen:
        return chosen
    folder = home or default_home()
    return f"sqlite:///{folder / DATABASE_FILE}"


def sqlite_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Every commit here is batch state, audit or (later) outbox and receipts: a commit
    # acknowledged to the clerk must survive a power cut. WAL keeps the cost to one
    # fsync per commit, and bulk imports commit once.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # 64 MB of page cache keeps index pages of a million-row import in memory.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take control so that write
        # transactions (see `write_transaction`) start with BEGIN IMMEDIATE and never
        # deadlock upgrading a read lock, while readers stay deferred and concurrent.
        event.listen(engine, "connect", _no_pysqlite_begin)
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _no_pysqlite_begin(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


_IMMEDIATE = "regdesk_immediate"


def _begin(conn: Any) -> None:
    immediate = conn.info.pop(_IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: on SQLite it takes the write lock at its start."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.info[_IMMEDIATE] = True
        try:
            with conn.begin():
                yield conn
        finally:
            conn.info.pop(_IMMEDIATE, None)
