"""Progress reports and cancellation for long operations (import, validate, sign, sync).

Services take these plain objects; the UI adapts them to Qt signals off the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

Progress = Callable[[int, int], None]


class Event(Protocol):
    """threading.Event, or multiprocessing's when the work runs in a child process."""

    def set(self) -> None: ...

    def is_set(self) -> bool: ...


class Cancelled(Exception):
    """The operator cancelled; the operation's transaction was rolled back."""

    def __str__(self) -> str:
        return "操作已取消，未保存任何更改"


class CancelToken:
    def __init__(self, event: Event | None = None) -> None:
        self._event: Event = event if event is not None else threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def is_set(self) -> bool:
        """`sheets.loader.CancelToken`'s protocol: the loader checks it between chunks."""
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled
