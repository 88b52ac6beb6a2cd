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
    v.add_argument("--sheet", help="工作表名称（默认：第一个有表头的工作表）")
    v.add_argument("--school-code", help="本校 5 位学校代码")
    v.add_argument("--school-name", help="本校名称")
    v.add_argument("--president", help="校(院)长姓名")
    v.add_argument("--credit-system", action="store_true", help="本校实行学分制")
    v.add_argument("--term-start", type=date_arg, help="本学年第一学期开学日期")
    v.add_argument("--as-of", type=date_arg, help="以此日期为“今天”判断期限（默认今天）")
    v.add_argument("--format", choices=["jsonl", "table"], default="table")
    v.add_argument("--report", type=Path, metavar="OUT.xlsx", help="另存一份 Excel 校验报告")
    v.add_argument(
        "--all-rows", action="store_true", help="报告中列出全部记录（默认只列有问题的记录）"
    )
    v.add_argument("--photos", type=Path, metavar="DIR|ZIP", help="照片文件夹或 .zip 压缩包")
    v.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="表头=字段",
        help="更正列对应关系，如 “身份证=sfzh”，“备用电话=”表示忽略该列；按文件表头格式记住",
    )
    v.add_argument("--data-dir", type=Path, help="保存已记住的列对应关系的目录（默认用户配置目录）")
    v.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.domain.rules.base import Context
    from desktop.services.validation import validate_file
    from desktop.sheets.errors import SheetError
    from desktop.sheets.layouts import parse_corrections

    kind = BatchKind(args.kind)
    ctx = Context(
        as_of=args.as_of or date.today(),
        school_code=args.school_code,
        school_name=args.school_name,
        president=args.president,
        credit_system=args.credit_system,
        term_start=args.term_start,
    )
    try:
        corrections = parse_corrections(kind, args.map)
        result = validate_file(
            args.file,
            kind,
            ctx,
            sheet=args.sheet,
            photos=args.photos,
            corrections=corrections,
            data_dir=args.data_dir,
        )
    except SheetError as exc:
        print(f"regdesk: 无法读取 {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:
        print(f"regdesk: 无法读取 {args.file.name}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.report is not None:
        try:
            _write_report(result, kind, args.report, args.all_rows, ctx.as_of)
        except OSError as exc:
            print(
                f"regdesk: 无法写入报告 {args.report.name}：{exc.strerror or exc}", file=sys.stderr
            )
            return EXIT_UNREADABLE
    out = sys.stdout
    if args.format == "jsonl":
        for f in result.findings:
            out.write(json.dumps(f.as_dict(), ensure_ascii=False) + "\n")
    else:
        from desktop.report_text import findings_table

        out.write(findings_table(result))
        if args.report is not None:
            out.write(f"校验报告已写入 {args.report}\n")
    return EXIT_FINDINGS if result.errors else EXIT_OK


def _write_report(result: Any, kind: BatchKind, out: Path, all_rows: bool, today: date) -> None:
    from desktop.sheets.report import ReportInput, write_report

    loaded = result.loaded
    data = ReportInput(
        file=result.file,
        sheet=result.sheet,
        kind=kind,
        table=result.table,
        findings=result.findings,
        columns=loaded.columns if loaded else (),
        fields=loaded.header.fields if loaded else None,
        extra=loaded.extra if loaded else None,
        photos=result.photos.source if result.photos is not None else None,
    )
    write_report(data, out, all_rows=all_rows, today=today)
