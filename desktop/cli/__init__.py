"""`regdesk`: the command line over the services (headless, scriptable).

Each command lives in its own module with `register(subparsers)`; `COMMANDS` lists them.
Exit codes of `validate` are a contract other tools rely on: 0 no error-severity
finding, 1 at least one, 2 the file cannot be read.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from platformdirs import user_log_dir

from desktop import __version__
from desktop.cli import (
    admin,
    batch,
    demo,
    init,
    keys,
    operator,
    package,
    rules,
    sign,
    sync,
    template,
    validate,
)
from desktop.cli.common import EXIT_INTERNAL, EXIT_OK
from desktop.crash import report_crash

COMMANDS = (
    validate, rules, template, init, batch, operator, admin, keys, sign, package, sync, demo,
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regdesk",
        description=(
            "学籍学历注册工作台 Registrar Desk — 离线准备、校验、签名并上报学籍学历注册数据"
        ),
    )
    parser.add_argument("--version", action="version", version=f"regdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def _log_to_file() -> None:
    """Library warnings go to the log file, not onto the clerk's terminal."""
    root = logging.getLogger("desktop")
    if root.handlers:
        return
    try:
        folder = Path(user_log_dir("registrar-desk", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "regdesk.log", encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    _log_to_file()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_OK
    try:
        return handler(args)
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
