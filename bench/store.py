"""Benchmark: the store's bulk path (`python -m bench.store 100000 [URL]`).

Times, for N generated diploma rows already normalised into a Table: creating the
students and inserting the records in one transaction (`insert`, commit included),
loading the batch back as a Table (`load`), reading a grid page of 100 records at 20
places (`page`, the mean), and validating the batch the way an import does:
the rules' own work (`rules`), what the workspace-scope rules ask the store
(`workspace queries`) and storing the findings and counts (`findings`). `store time of
the import` adds up what the database side of `regdesk import` costs: insert, workspace
queries, findings. Each phase also shows its CPU time in this process, a steadier figure
on a shared machine than the wall clock. SQLite in a temporary folder unless a database
URL is given (then its tables are dropped first).
"""

from __future__ import annotations

import functools
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from bench.datagen import diploma_columns
from bench.workspace import add_clerk, fresh
from desktop.domain.fields import BatchKind
from desktop.domain.rules.catalogue import RULE_PACK_VERSION
from desktop.domain.table import build_table, gc_paused
from desktop.services.batches import run_rules, subjects
from desktop.store import batches as repo
from desktop.store import records as rec
from desktop.store.operators import now
from desktop.store.workspace_view import StoreWorkspaceView

QUESTIONS = ("students_with_diploma", "enrolled_students", "student_numbers")
PAGES = 20


class Clock:
    """Wall and CPU seconds per phase."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu

    def show(self, name: str) -> str:
        return f"{name} {self.wall.get(name, 0.0):5.2f}s (cpu {self.cpu.get(name, 0.0):5.2f})"


def _timed(clock: Clock, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def timed(*args: Any, **kwargs: Any) -> Any:
        with clock.phase("workspace queries"):
            return method(*args, **kwargs)

    return timed


def run(n: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = fresh(Path(tmp), url)
        session = add_clerk(ws)
        table = build_table(BatchKind.DIPLOMA, diploma_columns(n))
        clock = Clock()
        for name in QUESTIONS:
            setattr(StoreWorkspaceView, name, _timed(clock, getattr(StoreWorkspaceView, name)))
        with clock.phase("insert"), ws.transaction() as conn:
            batch_id = repo.create(
                conn, kind=BatchKind.DIPLOMA, name="bench", operator="clerk", rows=n
            )
            rec.insert_records(conn, batch_id, table)
        with clock.phase("load"), ws.engine.connect() as conn:
            loaded, ids, _ = rec.load_table(conn, batch_id, BatchKind.DIPLOMA)
        with ws.engine.connect() as conn:  # what the grid reads as the clerk scrolls
            started = time.perf_counter()
            for start in range(0, n, max(1, n // PAGES))[:PAGES]:
                rec.page(conn, batch_id, start, 100)
            page_ms = (time.perf_counter() - started) / PAGES * 1000
        with ws.transaction() as conn:
            with clock.phase("rules"), gc_paused():
                findings = run_rules(session, conn, batch_id, loaded, date(2026, 7, 15))
            with clock.phase("findings"):
                repo.replace_findings(conn, batch_id, findings, ids, subjects(loaded))
                errors, warnings, open_warnings = repo.counts(conn, batch_id)
                repo.touch(
                    conn,
                    repo.get(conn, batch_id),
                    errors=errors,
                    warnings=warnings,
                    unacknowledged=open_warnings,
                    rule_pack=RULE_PACK_VERSION,
                    validated_at=now(),
                )
        for name in ("wall", "cpu"):
            totals = getattr(clock, name)
            totals["rules"] -= totals.get("workspace queries", 0.0)
            totals["store"] = sum(
                totals.get(k, 0.0) for k in ("insert", "workspace queries", "findings")
            )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{ws.engine.dialect.name:10} N={n:>9,}  "
            f"{clock.show('insert')} {n / clock.wall['insert']:>8,.0f} rows/s  "
            f"{clock.show('load')}  page of 100 {page_ms:4.1f} ms  {clock.show('rules')}  "
            f"{clock.show('workspace queries')}  {clock.show('findings')} "
            f"({errors:,} errors)  => store time of the import {clock.wall['store']:5.2f}s "
            f"(cpu {clock.cpu['store']:5.2f})  peak RSS {rss:,.0f} MB",
            flush=True,
        )
        ws.engine.dispose()


if __name__ == "__main__":
    run(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
