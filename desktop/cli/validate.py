"""`regdesk validate FILE --kind K`: findings of one file (the contract in README.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from desktop.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, date_arg
from desktop.domain.fields import BatchKind


def register(sub: Any) -> None:
    v = sub.add_parser("validate", help="校验一个表格文件 / validate a sheet against the rules")
    v.add_argument("file", type=Path)
    v.add_argument("--kind", required=True, choices=[k.value for k in BatchKind])
    v.add_argument("--sheet", help="工作表名称（默认第一个）")
    v.add_argument("--school-code", help="本校 5 位学校代码")
    v.add_argument("--school-name", help="本校名称")
    v.add_argument("--president", help="校(院)长姓名")
    v.add_argument("--credit-system", action="store_true", help="本校实行学分制")
    v.add_argument("--term-start", type=date_arg, help="本学年第一学期开学日期")
    v.add_argument("--as-of", type=date_arg, help="以此日期为“今天”判断期限（默认今天）")
    v.add_argument("--format", choices=["jsonl", "table"], default="table")
    v.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.domain.rules.base import Context
    from desktop.services.validation import validate_file
    from desktop.sheets.errors import SheetError

    ctx = Context(
        as_of=args.as_of or date.today(),
        school_code=args.school_code,
        school_name=args.school_name,
        president=args.president,
        credit_system=args.credit_system,
        term_start=args.term_start,
    )
    try:
        result = validate_file(args.file, BatchKind(args.kind), ctx, sheet=args.sheet)
    except SheetError as exc:
        print(f"regdesk: 无法读取 {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:
        print(f"regdesk: 无法读取 {args.file.name}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    out = sys.stdout
    if args.format == "jsonl":
        for f in result.findings:
            out.write(json.dumps(f.as_dict(), ensure_ascii=False) + "\n")
    else:
        from desktop.report_text import findings_table

        out.write(findings_table(result))
    return EXIT_FINDINGS if result.errors else EXIT_OK
