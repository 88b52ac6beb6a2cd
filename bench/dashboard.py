"""Benchmark: what the 工作台 and 上报 pages read each time they are shown
(`python -m bench.dashboard 100000 [URL]`).

N annual records in one batch (1 in 100 deregisters a student with no 注销日期 yet), stored
through the bulk path, then `dashboard.load` and `outbox_view.overview` timed (best of
three; the pages read them off the GUI thread, but a slow board is still a slow board).
SQLite in a temporary folder unless a database URL is given (its tables dropped first).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench.datagen import diploma_columns
from bench.workspace import admin, fresh
from desktop.domain.fields import BatchKind
from desktop.domain.table import build_table
from desktop.services import dashboard, outbox_view
from desktop.store import batches as repo
from desktop.store import records as rec

_IDENTITY = ("xm", "xb", "csrq", "zjlx", "sfzh", "mz", "xh", "rxrq", "cc", "xz")


def annual_columns(n: int) -> dict[str, list[Any]]:
    people = diploma_columns(n, bad_share=0.0)
    cols: dict[str, list[Any]] = {k: people[k] for k in _IDENTITY}
    gone = [i % 100 == 0 for i in range(n)]
    cols["xn"] = ["2025-2026"] * n
    cols["zczt"] = [None if g else "注册" for g in gone]
    cols["zcrq"] = [None if g else "2025-09-10" for g in gone]
    cols["zxlb"] = ["退学" if g else None for g in gone]
    cols["clrq"] = ["2025-09-26" if g else None for g in gone]
    return cols


def best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(3):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def run(n: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = fresh(Path(tmp), url)
        session = admin(ws)
        session.set_term_start("2025-2026", date(2025, 9, 1))
        table = build_table(BatchKind.ANNUAL, annual_columns(n))
        with ws.transaction() as conn:
            batch_id = repo.create(conn, kind=BatchKind.ANNUAL, name="bench", operator="admin")
            rec.insert_records(conn, batch_id, table)
        today = date(2025, 9, 30)
        board_s, board = best(lambda: dashboard.load(session, today=today))
        overview_s, _ = best(lambda: outbox_view.overview(session))
        students = sum(d.students for d in board.deadlines)
        print(
            f"{n} annual records ({students} deregistrations pending): "
            f"dashboard.load {board_s * 1000:.0f} ms, outbox_view.overview "
            f"{overview_s * 1000:.0f} ms"
        )
        ws.engine.dispose()


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    run(size, sys.argv[2] if len(sys.argv) > 2 else None)
