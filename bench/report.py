"""Benchmark: a batch's report (报表) (`python -m bench.report 100000 [URL]`).

N generated diploma rows (three 层次, four 学习形式, six majors; a small share of typical
slips) stored through the bulk path and validated, then `batch_report.summary` timed —
the first call and the best of three, wall clock and this process's CPU (SQLite counts in
this process, PostgreSQL in its server) — and the A4 sheet rendered to PDF in memory (Qt
offscreen). SQLite in a temporary folder unless a database URL is given (its tables are
dropped first).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.datagen import diploma_columns
from bench.workspace import validated_batch
from desktop.services import batch_report, record_counts
from desktop.services.workspace import Session

LEVELS = (("本科", "4"), ("专科", "3"), ("专科起点本科", "2"))
MODES = ("普通全日制", "函授", "业余", "网络教育")


def columns(n: int) -> dict[str, list[Any]]:
    cols = diploma_columns(n)
    cols["cc"] = [LEVELS[i % 7 % 3][0] for i in range(n)]
    cols["xz"] = [LEVELS[i % 7 % 3][1] for i in range(n)]
    cols["xxxs"] = [MODES[i % 11 % 4] for i in range(n)]
    return cols


def build(n: int, url: str | None, home: Path) -> tuple[Session, str]:
    return validated_batch(n, url, home, columns(n))


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def run(n: int, url: str | None) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.ui import report_sheet

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        s, b = build(n, url, Path(tmp))
        print(f"N={n:,}: batch built in {time.perf_counter() - start:.1f} s", flush=True)
        wall, cpu, report = timed(lambda: batch_report.summary(s, b))
        print(f"  summary, first call              {wall:7.3f} s (cpu {cpu:6.3f})", flush=True)
        runs = [timed(lambda: batch_report.summary(s, b)) for _ in range(3)]
        wall, cpu, report = min(runs, key=lambda r: r[0])
        slices = -(-n // record_counts.SLICE)
        print(f"  summary, best of 3 ({slices} slices)   {wall:7.3f} s (cpu {cpu:6.3f})")
        wall, cpu, pdf = timed(lambda: report_sheet.pdf_bytes(report))
        print(f"  A4 sheet to PDF (in memory)      {wall:7.3f} s ({len(pdf):,} bytes)")
        for g in report.groupings:
            shown = "，".join(f"{c.name} {c.count:,}" for c in g.counts[:6])
            print(f"    {g.title}: {shown}")
        s.workspace.engine.dispose()
    del app


if __name__ == "__main__":
    run(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
