"""`regdesk rules`: the rule catalogue as a table, JSON or Markdown."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop.cli.common import EXIT_OK
from desktop.domain.fields import BatchKind


def register(sub: Any) -> None:
    r = sub.add_parser("rules", help="列出校验规则目录 / print the rule catalogue")
    r.add_argument("--kind", choices=[k.value for k in BatchKind])
    r.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    r.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.domain.rules.catalogue import catalogue
    from desktop.rules_doc import render

    rules = [r for r in catalogue() if args.kind is None or BatchKind(args.kind) in r.kinds]
    sys.stdout.write(render(rules, args.format))
    return EXIT_OK
