"""Progress reports and cancellation for long operations (import, validate, sign, sync).

Services take these plain objects; the UI adapts them to Qt signals off the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The operator cancelled; the operation's transaction was rolled back."""

    def __str__(self) -> str:
        return "操作已取消，未保存任何更改"


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled
