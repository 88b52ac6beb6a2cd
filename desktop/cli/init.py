"""`regdesk init`: create the workspace with the school profile and the first admin."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import EXIT_OK, date_arg
from desktop.cli.session import add_workspace_args, fail, open_workspace, read_secret
from desktop.store.errors import StoreError


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="初始化工作区（学校信息与首个管理员）")
    add_workspace_args(p)
    p.add_argument("--school-code", required=True, help="5 位学校代码")
    p.add_argument("--school-name", required=True)
    p.add_argument("--president", required=True, help="校(院)长姓名")
    p.add_argument("--school-id", help="10 位学校标识码")
    p.add_argument("--school-type", default="1", help="办学类型代码（1 普通 5 成人 6 自考 7 网络）")
    p.add_argument("--credit-system", action="store_true", help="实行学分制")
    p.add_argument(
        "--term-start",
        action="append",
        default=[],
        metavar="学年=日期",
        help="某学年第一学期开学日期，如 2026-2027=2026-09-01，可重复",
    )
    p.add_argument("--admin-user", required=True)
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取管理员密码")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.services.workspace import SchoolProfile

    terms = {}
    for item in args.term_start:
        year, _, day = item.partition("=")
        try:
            terms[year.strip()] = date_arg(day)
        except argparse.ArgumentTypeError as exc:
            return fail(str(exc))
    try:
        ws = open_workspace(args)
        password = read_secret("管理员密码", args.password_stdin)
        profile = SchoolProfile(
            code=args.school_code,
            name=args.school_name,
            president=args.president,
            identifier=args.school_id,
            school_type=args.school_type,
            credit_system=args.credit_system,
            term_starts=terms,
        )
        ws.initialise(profile, args.admin_user, password)
    except StoreError as exc:
        return fail(str(exc))
    print(f"工作区已初始化：{args.school_name}（{args.school_code}），管理员 {args.admin_user}")
    return EXIT_OK
