"""Text that a spreadsheet would run as a formula, made inert for every cell we write.

A cell that starts with = + - @ (or their full-width and small forms, which some input
methods and WPS treat alike), a tab or a carriage return can start a formula or a DDE
payload when the clerk opens or edits the report. Such text gets a leading apostrophe:
it is then shown as written and never evaluated.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫")
# Characters XML 1.0 cannot carry (openpyxl refuses them); shown as U+FFFD.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutral(text: str) -> str:
    text = _ILLEGAL.sub("\ufffd", text)
    return "'" + text if text.startswith(TRIGGERS) else text
