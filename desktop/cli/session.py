"""Opening the workspace and logging in for a command (REGDESK_OPERATOR/REGDESK_PASSWORD
or a prompt), and turning store errors into one clear line."""

from __future__ import annotations

import argparse
import atexit
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from desktop.store.errors import StoreError


def add_workspace_args(parser: Any) -> None:
    parser.add_argument(
        "--data-dir", type=Path, help="工作区文件夹（默认 REGDESK_HOME 或用户数据目录）"
    )
    parser.add_argument(
        "--database", help="数据库 URL（默认 REGDESK_DATABASE_URL 或工作区内的 SQLite）"
    )


def open_workspace(args: argparse.Namespace) -> Any:
    from desktop.services.workspace import Workspace

    ws = Workspace.open(home=args.data_dir, url=args.database)
    # Close the connections before the interpreter tears down: a shared PostgreSQL server
    # otherwise logs every command as a connection dropped without a goodbye.
    atexit.register(ws.engine.dispose)
    return ws


def read_secret(prompt: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise StoreError(f"需要{prompt}：请用 --password-stdin 或环境变量提供")
    return getpass.getpass(f"{prompt}：")


def login(args: argparse.Namespace) -> Any:
    """The session of the operator named by REGDESK_OPERATOR (or asked for)."""
    ws = open_workspace(args)
    user = os.environ.get("REGDESK_OPERATOR")
    if not user:
        if not sys.stdin.isatty():
            raise StoreError("请设置 REGDESK_OPERATOR 和 REGDESK_PASSWORD 环境变量指定操作员")
        user = input("操作员：").strip()
    password = os.environ.get("REGDESK_PASSWORD")
    if password is None:
        password = read_secret("密码", from_stdin=False)
    return ws.login(user, password)


def fail(message: str) -> int:
    print(f"regdesk: {message}", file=sys.stderr)
    return 2
