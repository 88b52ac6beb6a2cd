"""What every command shares: exit codes and argument types."""

from __future__ import annotations

import argparse
from datetime import date

from desktop.domain.normalize import parse_date

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3


def date_arg(text: str) -> date:
    try:
        parsed = parse_date(text)
    except ValueError:
        parsed = None
    if parsed is None:
        raise argparse.ArgumentTypeError(f"无法识别的日期：{text}")
    return parsed
