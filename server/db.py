"""Engine and sessions: SQLite by default (WAL, a busy timeout), PostgreSQL by URL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from server.models import Base


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        memory = ":memory:" in url or url == "sqlite://"
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            # One in-memory database must be one connection, or each thread sees its own.
            poolclass=StaticPool if memory else None,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(conn: Any, _record: Any) -> None:
            cur = conn.cursor()
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    else:
        engine = create_engine(url, pool_pre_ping=True)
    Base.metadata.create_all(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
