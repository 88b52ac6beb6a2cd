"""The one way long work leaves the GUI thread: a service call run on the thread pool,
with its progress, result and error delivered back on the GUI thread as signals."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from desktop.crash import mask_text
from desktop.services.progress import Cancelled, CancelToken


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str, str)  # message for the clerk, details for IT
    cancelled = Signal()


class Job(QRunnable):
    """Runs `fn(progress=..., cancel=...)` (or `fn()` when `pass_control` is False)."""

    def __init__(self, fn: Callable[..., Any], *, pass_control: bool = True) -> None:
        super().__init__()
        self.fn = fn
        self.pass_control = pass_control
        self.signals = _Signals()
        self.token = CancelToken()

    def cancel(self) -> None:
        self.token.cancel()

    def run(self) -> None:
        try:
            if self.pass_control:
                result = self.fn(progress=self.signals.progress.emit, cancel=self.token)
            else:
                result = self.fn()
        except Cancelled:
            self._report(self.signals.cancelled)
        except Exception as exc:  # every failure becomes a message, never a dead thread
            details = mask_text("".join(traceback.format_exception(exc)))
            self._report(self.signals.failed, str(exc) or type(exc).__name__, details)
        else:
            self._report(self.signals.finished, result)

    def _report(self, signal: SignalInstance, *args: Any) -> None:
        # The application quit while this ran: the signals object went with it and the
        # answer has nobody to go to (emitting would print a traceback on the way out).
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


_running: set[Job] = set()


def running() -> int:
    return len(_running)


def start(
    fn: Callable[..., Any],
    *,
    on_done: Callable[[Any], None],
    on_error: Callable[[str, str], None],
    on_progress: Callable[[int, int], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    pass_control: bool = False,
    pool: QThreadPool | None = None,
    owner: QObject | None = None,
) -> Job:
    """`owner`: the widget the result is for; once it is deleted (its window closed while
    the work ran) the result is dropped instead of reaching a dead object."""
    job = Job(fn, pass_control=pass_control)
    # Held until it reports: Qt owns the runnable, but its Python signals object must
    # outlive the thread that emits on it.
    _running.add(job)

    def reported(handler: Callable[..., None] | None) -> Callable[..., None]:
        # One slot that reports, then forgets the job: each queued connection is an event
        # of its own, and `running()` must not read 0 before the handler has run.
        def call(*args: Any) -> None:
            try:
                if handler is not None and (owner is None or shiboken6.isValid(owner)):
                    handler(*args)
            finally:
                _running.discard(job)

        return call

    job.signals.finished.connect(reported(on_done))
    job.signals.failed.connect(reported(on_error))
    job.signals.cancelled.connect(reported(on_cancelled))
    if on_progress is not None:
        job.signals.progress.connect(on_progress)
    (pool or QThreadPool.globalInstance()).start(job)
    return job
