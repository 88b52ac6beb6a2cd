"""`regdesk template KIND -o FILE.xlsx`: the import template of one batch kind."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import EXIT_OK, EXIT_UNREADABLE
from desktop.domain.fields import BatchKind


def register(sub: Any) -> None:
    t = sub.add_parser("template", help="生成导入模板 / write the import template of a kind")
    t.add_argument("kind", choices=[k.value for k in BatchKind])
    t.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    t.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.sheets.template import write_template

    out: Path = args.output
    if out.suffix.lower() != ".xlsx":
        out = out.with_suffix(out.suffix + ".xlsx") if out.suffix else out.with_suffix(".xlsx")
    try:
        write_template(BatchKind(args.kind), out)
    except OSError as exc:
        print(f"regdesk: 无法写入 {out}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已生成{BatchKind(args.kind).label}导入模板：{out}")
    return EXIT_OK
