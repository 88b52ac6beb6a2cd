"""Crash reports: the traceback goes to a file, with identity numbers masked."""

from __future__ import annotations

import os
import re
import traceback
from datetime import datetime
from pathlib import Path

from platformdirs import user_log_dir

from desktop.domain.idcards import mask_id

# 18-character GB 11643-style numbers anywhere in the text (IDs, residence permits).
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    return _ID_LIKE.sub(lambda m: mask_id(m.group(0)), text)


def report_crash(exc: BaseException, folder: Path | None = None) -> Path:
    target = folder or Path(user_log_dir("registrar-desk", appauthor=False))
    # Microseconds and the process id keep two crashes in one second apart.
    stamp = f"{datetime.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}"
    text = mask_text("".join(traceback.format_exception(exc)))
    try:
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"crash-{stamp}.txt"
        path.write_text(text, encoding="utf-8")
    except OSError:
        return Path("（无法写入日志目录）")
    return path
