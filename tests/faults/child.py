"""`python -m tests.faults.child ARGS…` = `python -m server ARGS…` that dies with its parent.

A test run killed hard (SIGKILL, a CI timeout) runs no finalizer, and a reference server
left behind would hold its port and database for ever. So the child watches its parent
and exits as soon as it is re-parented. (PR_SET_PDEATHSIG would fire when the *thread*
that started the child ends — a proxy callback thread that restarts the server — and
would kill a healthy server.)
"""

from __future__ import annotations

import os
import sys
import threading
import time


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(70)  # no clean-up to wait for: the test run that owned us is gone


def main() -> int:
    threading.Thread(target=_watch, args=(os.getppid(),), daemon=True).start()
    from server.__main__ import main as server_main

    return server_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
