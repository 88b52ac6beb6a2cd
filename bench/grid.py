"""Benchmark: what the batch grid asks of the services (`python -m bench.grid 100000`).

For N generated diploma rows (imported through the store's bulk path and validated), the
time of: a page at the top and at the bottom (what opening and scrolling cost), the
error filter, a sort by name and by a code, a search, one `edit_record`, mass edits of
1,000 and 10,000 cells in one transaction and their undo, and planning a replace over a
whole column. SQLite in a temporary folder unless a database URL is given.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.datagen import diploma_columns
from bench.workspace import AS_OF, validated_batch
from desktop.services import bulk_edit, grid, records
from desktop.services.grid_query import RowQuery, select_rows
from desktop.services.workspace import Session
from desktop.store.errors import StoreError


def timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    took = time.perf_counter() - start
    size = f"  ({len(result):,})" if hasattr(result, "__len__") else ""
    if isinstance(result, bulk_edit.BulkEditResult):
        size = f"  ({result.changed:,} changed)"
    print(f"  {label:<42} {took:8.3f} s{size}", flush=True)
    return result


def plan_replace(s: Session, b: str) -> Any:
    return bulk_edit.plan_replace(s, b, "zymc", "软件", "网络")


def edit_one(s: Session, b: str, row_no: int) -> Any:
    return records.edit_record(s, b, row_no, {"zymc": "英语"}, as_of=AS_OF).findings


def build(n: int, url: str | None, home: Path) -> tuple[Session, str]:
    return validated_batch(n, url, home, diploma_columns(n))


def run(n: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        s, b = build(n, url, Path(tmp))
        print(f"N={n:,}: batch built in {time.perf_counter() - start:.1f} s", flush=True)
        timed("read_page, top (open)", lambda: grid.read_page(s, b, 0, 200).rows)
        timed("read_page, bottom (scroll)", lambda: grid.read_page(s, b, n - 200, 200).rows)
        timed("filter: rows with errors", lambda: select_rows(s, b, RowQuery(severity="error")))
        order = timed("sort by 姓名", lambda: select_rows(s, b, RowQuery(sort_field="xm")))
        timed(
            "read_rows, a page of the sorted view", lambda: grid.read_rows(s, b, order[:200]).rows
        )
        timed(
            "sort by 民族 (a code, by name)", lambda: select_rows(s, b, RowQuery(sort_field="mz"))
        )
        timed("search 张伟", lambda: select_rows(s, b, RowQuery(search="张伟")))
        for i in range(3):
            row_no = 1000 * (i + 1)
            timed(f"edit_record #{i + 1}", partial(edit_one, s, b, row_no))
        for cells in (1000, 10000):
            seqs = list(range(20000 % n, 20000 % n + cells))
            plan = bulk_edit.plan_fill_down(s, b, "zymc", seqs)
            label = f"fill-down {cells:,} cells (one transaction)"
            done = timed(label, partial(bulk_edit.edit_column, s, b, "zymc", plan, as_of=AS_OF))
            timed("  ... and its undo", partial(bulk_edit.edit_column, s, b, "zymc", done.before))
        try:
            timed("plan replace over a whole column", partial(plan_replace, s, b))
        except StoreError as exc:  # a 1M batch has more matches than one mass edit may hold
            print(f"  plan replace over a whole column: refused: {exc}")


if __name__ == "__main__":
    run(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
