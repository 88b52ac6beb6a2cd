"""`regdesk audit verify`, `regdesk backup`, `regdesk restore`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import EXIT_FINDINGS, EXIT_OK
from desktop.cli.session import add_workspace_args, fail, login
from desktop.store.errors import StoreError


def register(sub: Any) -> None:
    a = sub.add_parser("audit", help="审计日志")
    verbs = a.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    add_workspace_args(verbs.add_parser("verify", help="核验审计日志哈希链"))
    a.set_defaults(handler=run_audit)
    b = sub.add_parser("backup", help="备份工作区（管理员）")
    b.add_argument("-o", "--output", type=Path, help="备份文件（默认工作区 backups/ 下）")
    add_workspace_args(b)
    b.set_defaults(handler=run_backup)
    r = sub.add_parser("restore", help="从备份恢复工作区（管理员；当前数据库先自动备份）")
    r.add_argument("file", type=Path)
    add_workspace_args(r)
    r.set_defaults(handler=run_restore)


def run_audit(args: argparse.Namespace) -> int:
    try:
        broken = login(args).verify_audit()
    except StoreError as exc:
        return fail(str(exc))
    if broken is not None:
        print(f"审计日志已被篡改：{broken}")
        return EXIT_FINDINGS
    print("审计日志完整")
    return EXIT_OK


def run_backup(args: argparse.Namespace) -> int:
    try:
        made = login(args).backup(args.output)
    except StoreError as exc:
        return fail(str(exc))
    print(made)
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        return fail(f"备份文件不存在：{args.file}")
    try:
        safety = login(args).restore(args.file)
    except StoreError as exc:
        return fail(str(exc))
    print(f"已恢复；恢复前的数据库另存为 {safety}")
    return EXIT_OK
