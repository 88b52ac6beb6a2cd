"""Benchmark: the store's bulk path (`python -m bench.store 100000 [URL]`).

Times, for N generated diploma rows already normalised into a Table: creating the
students and inserting the records (Core executemany) in one transaction, loading the
batch back as a Table, and storing a validation run's findings. SQLite in a temporary
folder unless a database URL is given (then its tables are dropped first).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.datagen import diploma_columns
from desktop.domain.fields import BatchKind
from desktop.domain.roles import Role
from desktop.domain.table import build_table
from desktop.services.batches import _store_validation
from desktop.services.workspace import SchoolProfile, Workspace
from desktop.store import batches as repo
from desktop.store import records as rec
from desktop.store.models import Base


def run(n: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if url:
            from sqlalchemy import create_engine

            Base.metadata.drop_all(create_engine(url))
            with create_engine(url).begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        ws = Workspace.open(home=Path(tmp), url=url)
        ws.initialise(SchoolProfile("10001", "北京大学", "李四"), "admin", "Admin123!")
        admin = ws.login("admin", "Admin123!")
        admin.add_operator("clerk", "Clerk123!", Role.CLERK)
        session = ws.login("clerk", "Clerk123!")
        table = build_table(BatchKind.DIPLOMA, diploma_columns(n))
        t0 = time.perf_counter()
        with ws.transaction() as conn:
            batch_id = repo.create(
                conn, kind=BatchKind.DIPLOMA, name="bench", operator="clerk", rows=n
            )
            rec.insert_records(conn, batch_id, table)
        t1 = time.perf_counter()
        with ws.engine.connect() as conn:
            loaded, ids, _ = rec.load_table(conn, batch_id, BatchKind.DIPLOMA)
        t2 = time.perf_counter()
        with ws.transaction() as conn:
            batch = repo.get(conn, batch_id)
            batch = _store_validation(
                session, conn, batch, loaded, ids, date(2026, 7, 15), settle=True
            )
        t3 = time.perf_counter()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{ws.engine.dialect.name:10} N={n:>9,}  "
            f"insert {t1 - t0:6.2f}s ({n / (t1 - t0):>8,.0f} rows/s)  "
            f"load {t2 - t1:6.2f}s  validate+store findings {t3 - t2:6.2f}s "
            f"({batch.errors:,} errors)  peak RSS {rss:,.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    run(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
