"""`REGDESK_SMOKE_SECONDS=N regdesk-gui`: the bundle's smoke test (tools/bundle_smoke.sh).

Before the event loop, one call in a child process (the import wizard's way of reading a
large file; in a frozen bundle the child is this executable re-run, which only works when
the entry point calls freeze_support first); then the first window for N seconds, and
however long the start-up's workspace check still runs; then a clean exit through the
usual shutdown.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.services import child
from desktop.ui import worker

SMOKE_ENV = "REGDESK_SMOKE_SECONDS"


def seconds() -> float | None:
    """The smoke test's duration when it was asked for (a number in the variable)."""
    try:
        value = float(os.environ.get(SMOKE_ENV, ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def arm(app: QApplication, duration: float) -> None:
    answer = child.call(os.getpid, controlled=False, grace=30.0)
    if answer == os.getpid():
        raise RuntimeError("the child process ran in this process")
    if sys.stdout is not None:  # a windowed Windows executable has no stdout
        print(f"smoke: child process {answer} answered", flush=True)
    QTimer.singleShot(int(duration * 1000), lambda: _quit_when_idle(app))


def _quit_when_idle(app: QApplication) -> None:
    # Quitting under a running worker would cut the start-up short on a busy machine.
    if worker.running():
        QTimer.singleShot(100, lambda: _quit_when_idle(app))
    else:
        app.quit()
