"""Benchmark: validation of N realistic diploma rows (`python bench/validate.py 10000 100000`).

Prints, for each N, the time to build the typed table (normalisation) and the time of
validation alone with the full diploma rule set, as rows per second on one core, and the
process's peak resident memory so far (run one N per process to read it per size).
"""

from __future__ import annotations

import resource
import sys
import time
from datetime import date

from bench.datagen import diploma_columns
from desktop.domain.fields import BatchKind
from desktop.domain.rules.base import Context
from desktop.domain.rules.catalogue import rules_for
from desktop.domain.rules.engine import validate
from desktop.domain.table import build_table


def run(n: int) -> None:
    cols = diploma_columns(n)
    ctx = Context(
        as_of=date(2026, 7, 15), school_code="10001", school_name="北京大学", president="李四"
    )
    t0 = time.perf_counter()
    table = build_table(BatchKind.DIPLOMA, cols)
    t1 = time.perf_counter()
    findings = validate(table, ctx)
    t2 = time.perf_counter()
    rules = len(rules_for(BatchKind.DIPLOMA))
    print(
        f"N={n:>9,}  rules={rules}  normalise {t1 - t0:6.2f}s ({n / (t1 - t0):>9,.0f} rows/s)  "
        f"validate {t2 - t1:6.2f}s ({n / (t2 - t1):>9,.0f} rows/s)  findings={len(findings):,}  "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB",
        flush=True,
    )


def main(argv: list[str]) -> None:
    for arg in argv or ["10000", "100000"]:
        run(int(arg))


if __name__ == "__main__":
    main(sys.argv[1:])
