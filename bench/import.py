"""Benchmark: importing N diploma rows from .xlsx (`python -m bench.import 10000 100000`).

For each N the file is written once (xlsxwriter, shared strings as Excel writes them;
2% of rows carry a typical slip) into `--dir`, then three fresh processes read it:

- ours:     read + map + normalise (`sheets.loader.load`), validate (full diploma
            rules), and the error report of the rows with findings;
- calamine: a bare python-calamine read of the sheet to Python lists;
- pandas:   `pandas.read_excel(engine="openpyxl")` reading alone (skip with
            `--no-pandas`; at 1M rows it runs for many minutes).

Each line gives wall time and the process's peak RSS. Targets (issue 3): at 100k rows
ours <= 2.0x calamine and <= 0.2x pandas; 1M rows peak RSS <= 1.5 GB; the report of a
100k batch with 2% bad rows <= 3 s.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.datagen import diploma_columns


def rss_mb() -> float:
    """Peak RSS of this process's own memory map: VmHWM on Linux (ru_maxrss would also
    count what the parent held when it forked this process)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = re.search(r"VmHWM:\s+(\d+)", status)
    return int(found.group(1)) / 1024 if found else 0.0


def write_file(n: int, folder: Path) -> Path:
    path = folder / f"diploma-{n}.xlsx"
    if path.exists():
        return path
    xlsxwriter: Any = importlib.import_module("xlsxwriter")  # untyped; a bench-only dependency
    folder.mkdir(parents=True, exist_ok=True)
    cols = diploma_columns(n)
    names = list(cols)
    tmp = path.with_suffix(".tmp.xlsx")
    book = xlsxwriter.Workbook(str(tmp))
    ws = book.add_worksheet("学历注册")
    ws.write_row(0, 0, names)
    for i in range(n):
        ws.write_row(i + 1, 0, [cols[k][i] for k in names])
    book.close()
    tmp.rename(path)
    return path


def run_ours(path: Path) -> dict[str, Any]:
    from desktop.domain.fields import BatchKind
    from desktop.domain.rules.base import Context
    from desktop.domain.rules.engine import validate
    from desktop.sheets import loader
    from desktop.sheets.report import ReportInput, write_report

    build = getattr(loader, "build_table")  # noqa: B009 - patched to time normalisation
    spent: dict[str, float] = {}

    def timed_build(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return build(*args, **kwargs)
        finally:
            spent["normalise"] = time.perf_counter() - t

    setattr(loader, "build_table", timed_build)  # noqa: B010
    ctx = Context(
        as_of=date(2026, 7, 15), school_code="10001", school_name="北京大学", president="李四"
    )
    t0 = time.perf_counter()
    loaded = loader.load(path, BatchKind.DIPLOMA)
    t1 = time.perf_counter()
    findings = validate(loaded.table, ctx)
    t2 = time.perf_counter()
    load_rss = rss_mb()
    data = ReportInput(
        file=loaded.file, sheet=loaded.sheet, kind=BatchKind.DIPLOMA, table=loaded.table,
        findings=findings, columns=loaded.columns, fields=loaded.header.fields, extra=loaded.extra,
    )  # fmt: skip
    report = path.with_name(path.stem + "-report.xlsx")
    write_report(data, report, today=date(2026, 7, 15))
    t3 = time.perf_counter()
    bad_rows = len({f.index for f in findings if f.index is not None})
    return {
        "rows": loaded.table.n,
        "read_map": t1 - t0 - spent["normalise"],
        "normalise": spent["normalise"],
        "validate": t2 - t1,
        "total": t2 - t0,
        "rss_validate": load_rss,
        "findings": len(findings),
        "bad_rows": bad_rows,
        "report": t3 - t2,
        "rss": rss_mb(),
    }


def run_calamine(path: Path) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    with CalamineWorkbook.from_path(str(path)) as book:
        rows = book.get_sheet_by_index(0).to_python()
    return {"rows": len(rows) - 1, "total": time.perf_counter() - t0, "rss": rss_mb()}


def run_pandas(path: Path) -> dict[str, Any]:
    pandas: Any = importlib.import_module("pandas")  # untyped; a bench-only dependency
    t0 = time.perf_counter()
    frame = pandas.read_excel(path, engine="openpyxl", dtype=str)
    return {"rows": len(frame), "total": time.perf_counter() - t0, "rss": rss_mb()}


RUNNERS = {"ours": run_ours, "calamine": run_calamine, "pandas": run_pandas}


def measure(which: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.import", "--one", which, str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest run (the least disturbed on a shared machine), with the highest peak
    memory seen in any run."""
    fastest = dict(min(runs, key=lambda r: float(r["total"])))
    for key in ("rss", "rss_validate"):
        if key in fastest:
            fastest[key] = max(float(r[key]) for r in runs)
    return fastest


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.import")
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/regdesk-bench"))
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument(
        "--repeat", type=int, default=0, help="runs of ours and calamine, alternated; the "
        "fastest of each is kept (default 3 up to 100k rows, 1 above)",
    )  # fmt: skip
    parser.add_argument("--one", nargs=2, metavar=("WHICH", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(RUNNERS[args.one[0]](Path(args.one[1]))), flush=True)
        return
    for n in args.sizes:
        t = time.perf_counter()
        path = write_file(n, args.dir)
        print(f"N={n:,}: {path} ({path.stat().st_size / 1e6:.1f} MB, ready in "
              f"{time.perf_counter() - t:.0f}s)", flush=True)  # fmt: skip
        repeat = args.repeat or (3 if n <= 100_000 else 1)
        ours_runs, cal_runs = [], []
        for _ in range(repeat):
            ours_runs.append(measure("ours", path))
            cal_runs.append(measure("calamine", path))
        ours, cal = best(ours_runs), best(cal_runs)
        if repeat > 1:
            print(f"  (fastest of {repeat} alternated runs each)", flush=True)
        print(
            f"  ours      {ours['total']:7.2f}s  (read+map {ours['read_map']:.2f}s, normalise "
            f"{ours['normalise']:.2f}s, validate {ours['validate']:.2f}s)  peak RSS "
            f"{ours['rss_validate']:,.0f} MB  rows={ours['rows']:,} findings={ours['findings']:,}",
            flush=True,
        )
        print(
            f"  report    {ours['report']:7.2f}s  ({ours['bad_rows']:,} rows with findings)  "
            f"peak RSS {ours['rss']:,.0f} MB",
            flush=True,
        )
        print(f"  calamine  {cal['total']:7.2f}s  peak RSS {cal['rss']:,.0f} MB  "
              f"-> ours/calamine = {ours['total'] / cal['total']:.2f}x", flush=True)  # fmt: skip
        if not args.no_pandas:
            pd = measure("pandas", path)
            print(f"  pandas    {pd['total']:7.2f}s  peak RSS {pd['rss']:,.0f} MB  "
                  f"-> ours/pandas = {ours['total'] / pd['total']:.2f}x", flush=True)  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
