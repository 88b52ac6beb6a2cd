"""Benchmark: the 学生 page's search and timeline on a large workspace
(`python -m bench.students 500000 [URL] [--key-indexes]`).

N generated students, each with a diploma record and an annual record (2N records),
stored through the bulk path; then each kind of search (best of three) and one
timeline are timed. `--key-indexes` first adds the record(ksh) and record(zsbh) indexes
the schema is to get (migration 0004), to show the 考生号 / 证书编号 searches with and
without them. SQLite in a temporary folder unless a database URL is given (its tables
dropped first).
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
from bench.workspace import admin, fresh
from desktop.domain.fields import BatchKind
from desktop.domain.table import build_table
from desktop.services import students
from desktop.services.workspace import Session, Workspace
from desktop.store import batches as repo
from desktop.store import records as rec

_IDENTITY = ("xm", "xb", "csrq", "zjlx", "sfzh", "mz", "xh")


def best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(3):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def build(n: int, ws: Workspace) -> dict[str, list[Any]]:
    people = diploma_columns(n, bad_share=0.0)
    annual = {k: people[k] for k in _IDENTITY}
    annual |= {"xn": ["2025-2026"] * n, "zczt": ["注册"] * n, "zcrq": ["2025-09-10"] * n}
    for kind, cols in ((BatchKind.DIPLOMA, people), (BatchKind.ANNUAL, annual)):
        table = build_table(kind, cols)
        with ws.transaction() as conn:
            batch_id = repo.create(conn, kind=kind, name=kind.label, operator="admin", rows=n)
            rec.insert_records(conn, batch_id, table)
    return people


def run(n: int, url: str | None, key_indexes: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = fresh(Path(tmp), url)
        session = admin(ws)
        start = time.perf_counter()
        people = build(n, ws)
        print(f"{n:,} students, {2 * n:,} records built in {time.perf_counter() - start:.0f} s")
        if key_indexes:
            with ws.transaction() as conn:
                conn.exec_driver_sql("CREATE INDEX ix_record_ksh ON record (ksh)")
                conn.exec_driver_sql("CREATE INDEX ix_record_zsbh ON record (zsbh)")
            print("with indexes on record(ksh) and record(zsbh)")
        middle = n // 2
        texts = {
            "证件号码 (exact, lower-case x)": people["sfzh"][middle].lower(),
            "学号 (exact)": people["xh"][middle],
            "学号 (prefix, 200 of many)": people["xh"][middle][:-3],
            "考生号 (exact)": people["ksh"][middle],
            "证书编号 (exact)": people["zsbh"][middle],
            "姓名 (exact, a common name)": people["xm"][middle],
            "姓名 (a name nobody has)": "欧阳不存在",
            "姓名 (one character, many)": people["xm"][middle][-1],
        }
        for label, text in texts.items():
            took, hits = best(partial(students.search, session, text))
            print(f"  search {label:<32} {took * 1000:8.1f} ms  ({len(hits)} hits)")
        hit = students.search(session, people["xh"][middle])[0]
        took, line = best(lambda: students.timeline(session, hit.student_id))
        print(f"  timeline of one student {'':<24} {took * 1000:8.1f} ms  ({len(line.entries)})")
        _plans(session, people["xh"][middle])
        ws.engine.dispose()


def _plans(session: Session, xh: str) -> None:
    """SQLite's plan for the key look-ups: each must SEARCH an index, never SCAN record."""
    engine = session.workspace.engine
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        for column in ("xh", "ksh", "zsbh", "id_number"):
            plan = conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN SELECT student_id FROM record WHERE {column} > ? "
                f"AND {column} < ? ORDER BY {column} LIMIT 1000",
                (xh, xh + "\U0010ffff"),
            ).all()
            print(f"  plan record.{column}: {'; '.join(str(p[-1]) for p in plan)}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    size = int(args[0]) if args else 100_000
    run(size, args[1] if len(args) > 1 else None, "--key-indexes" in sys.argv)
