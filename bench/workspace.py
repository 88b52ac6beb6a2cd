"""What the store benches start from: a workspace with the bench school on a database of
its own (the one a URL names is emptied first: a bench never builds on an earlier run),
its clerk, and a batch imported and validated through the store's bulk path."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from desktop.domain.fields import BatchKind
from desktop.domain.roles import Role
from desktop.domain.table import build_table
from desktop.services.batches import _store_validation
from desktop.services.workspace import SchoolProfile, Session, Workspace
from desktop.store import batches as repo
from desktop.store import records as rec
from desktop.store.models import Base

ADMIN, ADMIN_PASSWORD = "admin", "Admin123!"
CLERK, CLERK_PASSWORD = "clerk", "Clerk123!"
AS_OF = date(2026, 7, 15)


def fresh(home: Path, url: str | None = None) -> Workspace:
    """The bench school's workspace in `home`, on `url` (emptied) or SQLite there."""
    if url:
        engine = create_engine(url)
        Base.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        engine.dispose()
    ws = Workspace.open(home=home, url=url)
    ws.initialise(SchoolProfile("10001", "北京大学", "李四"), ADMIN, ADMIN_PASSWORD)
    return ws


def admin(ws: Workspace) -> Session:
    return ws.login(ADMIN, ADMIN_PASSWORD)


def add_clerk(ws: Workspace) -> Session:
    """A clerk added to a fresh workspace, logged in."""
    admin(ws).add_operator(CLERK, CLERK_PASSWORD, Role.CLERK)
    return ws.login(CLERK, CLERK_PASSWORD)


def validated_batch(
    n: int, url: str | None, home: Path, columns: dict[str, list[Any]]
) -> tuple[Session, str]:
    """A fresh workspace's clerk and a diploma batch of `columns` (n rows), inserted and
    validated the way an import does."""
    session = add_clerk(fresh(home, url))
    table = build_table(BatchKind.DIPLOMA, columns)
    with session.workspace.transaction() as conn:
        batch_id = repo.create(conn, kind=BatchKind.DIPLOMA, name="bench", operator=CLERK, rows=n)
        ids = rec.insert_records(conn, batch_id, table)
        batch = repo.get(conn, batch_id)
        _store_validation(session, conn, batch, table, ids, AS_OF, settle=False)
    return session, batch_id
