"""Named points where the fault tests kill this very process, to prove that a client
killed anywhere resumes without losing or duplicating a batch.

Inert unless REGDESK_FAILPOINT is set: `name` kills at the first pass through the point,
`name:N` at the N-th. The kill is SIGKILL (no cleanup, no flush), as a power cut or the
task manager would do it.
"""

from __future__ import annotations

import os
import signal
import threading

ENV = "REGDESK_FAILPOINT"
_hits: dict[str, int] = {}
_lock = threading.Lock()


def hit(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    wanted, _, nth = spec.partition(":")
    if wanted != name:
        return
    with _lock:
        _hits[name] = _hits.get(name, 0) + 1
        count = _hits[name]
    if count == (int(nth) if nth else 1):
        kill = getattr(signal, "SIGKILL", None)
        if kill is not None:
            os.kill(os.getpid(), kill)
        os._exit(137)  # Windows: no SIGKILL; _exit skips cleanup just the same
