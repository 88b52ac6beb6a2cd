"""`regdesk`: the command line over the services (headless, scriptable).

Exit codes of `validate` are a contract other tools rely on: 0 no error-severity
finding, 1 at least one, 2 the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from desktop import __version__
from desktop.crash import report_crash
from desktop.domain.fields import BatchKind
from desktop.domain.normalize import parse_date

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3


def _date_arg(text: str) -> date:
    try:
        parsed = parse_date(text)
    except ValueError:
        parsed = None
    if parsed is None:
        raise argparse.ArgumentTypeError(f"无法识别的日期：{text}")
    return parsed


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regdesk",
        description=(
            "学籍学历注册工作台 Registrar Desk — 离线准备、校验、签名并上报学籍学历注册数据"
        ),
    )
    parser.add_argument("--version", action="version", version=f"regdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    v = sub.add_parser("validate", help="校验一个表格文件 / validate a sheet against the rules")
    v.add_argument("file", type=Path)
    v.add_argument("--kind", required=True, choices=[k.value for k in BatchKind])
    v.add_argument("--sheet", help="工作表名称（默认第一个）")
    v.add_argument("--school-code", help="本校 5 位学校代码")
    v.add_argument("--school-name", help="本校名称")
    v.add_argument("--president", help="校(院)长姓名")
    v.add_argument("--credit-system", action="store_true", help="本校实行学分制")
    v.add_argument("--term-start", type=_date_arg, help="本学年第一学期开学日期")
    v.add_argument("--as-of", type=_date_arg, help="以此日期为“今天”判断期限（默认今天）")
    v.add_argument("--format", choices=["jsonl", "table"], default="table")

    r = sub.add_parser("rules", help="列出校验规则目录 / print the rule catalogue")
    r.add_argument("--kind", choices=[k.value for k in BatchKind])
    r.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    return parser


def _validate(args: argparse.Namespace) -> int:
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


def _rules(args: argparse.Namespace) -> int:
    from desktop.domain.rules.catalogue import catalogue
    from desktop.rules_doc import render

    rules = [r for r in catalogue() if args.kind is None or BatchKind(args.kind) in r.kinds]
    sys.stdout.write(render(rules, args.format))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        if args.command == "validate":
            return _validate(args)
        return _rules(args)
    except KeyboardInterrupt:
        print("regdesk: 已取消", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: no traceback reaches a clerk
        where = report_crash(exc)
        print(f"regdesk: 内部错误（{type(exc).__name__}），详情已记录到 {where}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
