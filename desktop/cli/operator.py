"""`regdesk operator add|list|disable|enable`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.cli.common import EXIT_OK
from desktop.cli.session import add_workspace_args, fail, login, read_secret
from desktop.store.errors import StoreError


def register(sub: Any) -> None:
    p = sub.add_parser("operator", help="管理操作员（管理员）")
    ops = p.add_subparsers(dest="operator_command", metavar="ACTION", required=True)
    add = ops.add_parser("add", help="添加操作员")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=["clerk", "reviewer", "admin"])
    add.add_argument("--name", default="", help="显示名称")
    add.add_argument("--password-stdin", action="store_true")
    lst = ops.add_parser("list", help="列出操作员")
    lst.add_argument("--format", choices=["table", "json"], default="table")
    for verb in ("disable", "enable"):
        one = ops.add_parser(verb, help="停用操作员" if verb == "disable" else "启用操作员")
        one.add_argument("username")
    for child in (add, lst, *ops.choices.values()):
        if not any(a.dest == "data_dir" for a in child._actions):
            add_workspace_args(child)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.domain.roles import Role

    try:
        session = login(args)
        if args.operator_command == "add":
            password = read_secret(f"操作员 {args.username} 的密码", args.password_stdin)
            info = session.add_operator(args.username, password, Role(args.role), args.name)
            print(f"已添加{info.role.label} {info.username}")
        elif args.operator_command == "list":
            rows = session.operators()
            if args.format == "json":
                print(
                    json.dumps(
                        [
                            {
                                "username": o.username,
                                "name": o.display_name,
                                "role": o.role.value,
                                "disabled": o.disabled,
                            }
                            for o in rows
                        ],
                        ensure_ascii=False,
                    )
                )
            for o in rows if args.format == "table" else ():
                print(
                    f"{o.username}\t{o.display_name}\t{o.role.label}\t"
                    f"{'已停用' if o.disabled else '正常'}"
                )
        else:
            info = session.set_operator_disabled(args.username, args.operator_command == "disable")
            print(f"{info.username}：{'已停用' if info.disabled else '已启用'}")
    except StoreError as exc:
        return fail(str(exc))
    return EXIT_OK
