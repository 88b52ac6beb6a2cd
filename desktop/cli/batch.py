"""`regdesk import`, `regdesk batches` and `regdesk batch show|validate|ack|edit|delete|
history|reveal|correct` over the workspace."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import EXIT_FINDINGS, EXIT_OK, date_arg
from desktop.cli.session import add_workspace_args, fail, login
from desktop.domain.fields import BatchKind
from desktop.sheets.errors import SheetError
from desktop.store.errors import StoreError


def register(sub: Any) -> None:
    imp = sub.add_parser("import", help="导入表格为新批次，输出批次编号")
    imp.add_argument("file", type=Path)
    imp.add_argument("--kind", required=True, choices=[k.value for k in BatchKind])
    imp.add_argument("--batch", help="批次名称（默认文件名）")
    imp.add_argument("--sheet")
    imp.add_argument("--as-of", type=date_arg)
    add_workspace_args(imp)
    imp.set_defaults(handler=run_import)

    lst = sub.add_parser("batches", help="列出批次")
    lst.add_argument("--format", choices=["table", "json"], default="table")
    add_workspace_args(lst)
    lst.set_defaults(handler=run_list)

    b = sub.add_parser("batch", help="查看、校验、确认警告、修改、删除批次")
    verbs = b.add_subparsers(dest="batch_command", metavar="ACTION", required=True)
    show = verbs.add_parser("show", help="批次概况与问题")
    show.add_argument("--format", choices=["table", "json"], default="table")
    validate = verbs.add_parser("validate", help="重新校验")
    validate.add_argument("--as-of", type=date_arg)
    ack = verbs.add_parser("ack", help="确认警告（审核员）")
    ack.add_argument("--rule", required=True)
    ack.add_argument("--row", required=True, type=int)
    ack.add_argument("--reason", required=True)
    ack.add_argument("--field")
    edit = verbs.add_parser("edit", help="修改一条记录：--set 字段=值，可重复")
    edit.add_argument("--row", required=True, type=int)
    edit.add_argument("--set", action="append", required=True, metavar="字段=值")
    edit.add_argument("--reason")
    verbs.add_parser("delete", help="删除草稿批次")
    hist = verbs.add_parser("history", help="一条记录的历史")
    hist.add_argument("--row", required=True, type=int)
    reveal = verbs.add_parser("reveal", help="显示完整证件号码（记入审计）")
    reveal.add_argument("--row", required=True, type=int)
    verbs.add_parser("correct", help="为退回的批次建立更正批次")
    for child in verbs.choices.values():
        child.add_argument("id", help="批次编号（可只写前几位）")
        add_workspace_args(child)
    b.set_defaults(handler=run_batch)


def _guard(fn: Any) -> Any:
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return int(fn(args))
        except (StoreError, SheetError) as exc:
            return fail(str(exc))

    return wrapped


@_guard
def run_import(args: argparse.Namespace) -> int:
    from desktop.services.batches import import_file

    session = login(args)
    batch = import_file(
        session,
        args.file,
        BatchKind(args.kind),
        name=args.batch,
        sheet=args.sheet,
        as_of=args.as_of,
    )
    print(batch.id)
    print(
        f"{batch.name}：{batch.rows} 条，错误 {batch.errors}，警告 {batch.warnings}",
        file=sys.stderr,
    )
    return EXIT_OK


@_guard
def run_list(args: argparse.Namespace) -> int:
    from desktop.services.batches import list_batches

    batches = list_batches(login(args))
    if args.format == "json":
        print(json.dumps([b.as_dict() for b in batches], ensure_ascii=False))
        return EXIT_OK
    for b in batches:
        print(
            f"{b.id}\t{b.name}\t{b.kind.label}\t{b.state.label}\t{b.rows}\t"
            f"错误 {b.errors}\t警告 {b.warnings}"
        )
    return EXIT_OK


@_guard
def run_batch(args: argparse.Namespace) -> int:
    from desktop.services import batches as svc
    from desktop.services import records

    session = login(args)
    verb = args.batch_command
    if verb == "show":
        batch, findings = svc.show_batch(session, args.id)
        if args.format == "json":
            print(
                json.dumps(
                    {
                        **batch.as_dict(),
                        "findings": [
                            {
                                k: f[k]
                                for k in (
                                    "row_no",
                                    "column",
                                    "field",
                                    "rule_id",
                                    "severity",
                                    "message",
                                    "acknowledged",
                                )
                            }
                            for f in findings
                        ],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(
                f"{batch.id}  {batch.name}  {batch.kind.label}  {batch.state.label}  "
                f"{batch.rows} 条  "
                f"错误 {batch.errors}  警告 {batch.warnings}（未确认 {batch.unacknowledged}）"
            )
            for f in findings:
                row = "表级" if f["row_no"] is None else f"第{f['row_no']}行"
                mark = "（已确认）" if f["acknowledged"] else ""
                print(
                    f"{row}\t{f['column'] or '-'}\t{f['severity']}\t{f['rule_id']}\t"
                    f"{f['message']}{mark}"
                )
        return EXIT_OK
    if verb == "validate":
        batch = svc.validate_batch(session, args.id, as_of=args.as_of)
        print(
            f"{batch.state.label}：错误 {batch.errors}，警告 {batch.warnings}"
            f"（未确认 {batch.unacknowledged}）"
        )
        return EXIT_FINDINGS if batch.errors else EXIT_OK
    if verb == "ack":
        batch = records.acknowledge(session, args.id, args.row, args.rule, args.reason, args.field)
        print(f"已确认；批次{batch.state.label}，未确认警告 {batch.unacknowledged}")
        return EXIT_OK
    if verb == "edit":
        changes = {}
        for item in args.set:
            name, sep, value = item.partition("=")
            if not sep:
                return fail(f"--set 应写作 字段=值：{item}")
            changes[name.strip()] = value if value != "" else None
        result = records.edit_record(session, args.id, args.row, changes, reason=args.reason)
        for finding in result.findings:
            print(
                f"第{finding.row}行\t{finding.column}\t{finding.severity.value}\t{finding.rule.id}\t{finding.message}"
            )
        print(
            f"已保存；批次{result.batch.state.label}，"
            f"错误 {result.batch.errors}，警告 {result.batch.warnings}"
        )
        return EXIT_OK
    if verb == "delete":
        svc.delete_draft(session, args.id)
        print("已删除")
        return EXIT_OK
    if verb == "history":
        for h in records.history(session, args.id, args.row):
            print(f"{h.at}\t{h.operator}\t{h.action}\t{h.detail}")
        return EXIT_OK
    if verb == "reveal":
        print(records.reveal_id(session, args.id, args.row))
        return EXIT_OK
    child = svc.start_correction(session, args.id)
    print(child.id)
    return EXIT_OK
