"""Per-rule cost on N diploma rows (`python -m bench.rules_profile 100000`): where the
validation time goes, slowest first."""

from __future__ import annotations

import sys
import time
from datetime import date

from bench.datagen import diploma_columns
from desktop.domain.fields import BatchKind
from desktop.domain.rules.base import Context
from desktop.domain.rules.catalogue import rules_for
from desktop.domain.table import build_table, gc_paused


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 100_000
    table = build_table(BatchKind.DIPLOMA, diploma_columns(n))
    ctx = Context(as_of=date(2026, 7, 15), school_code="10001")
    timings = []
    with gc_paused():
        for rule in rules_for(BatchKind.DIPLOMA):
            t0 = time.perf_counter()
            hits = sum(1 for _ in rule.check(table, ctx))
            timings.append((time.perf_counter() - t0, rule.id, hits))
    total = sum(t for t, _, _ in timings)
    for seconds, rule_id, hits in sorted(timings, reverse=True):
        print(f"{seconds * 1000:8.1f} ms  {rule_id:<28} {hits:>8,} hits")
    print(f"{total * 1000:8.1f} ms  total ({n / total:,.0f} rows/s)")


if __name__ == "__main__":
    main(sys.argv[1:])
