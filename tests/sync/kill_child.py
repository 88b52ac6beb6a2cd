"""The client process the kill tests start (via a fork server, so that a child costs
milliseconds, not a fresh interpreter) and kill at a named failpoint with SIGKILL."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.services import pull, sync
from desktop.services.workspace import Workspace
from desktop.sync import failpoints

NOT_KILLED = 3  # the child ran to its end: the failpoint was never reached


def run_client(home: str, password: str, passphrase: str, point: str, what: str) -> None:
    from tests.sync.office import FAST

    os.environ[failpoints.ENV] = point
    ws = Workspace.open(home=Path(home))
    session = ws.login("reviewer", password)
    if what == "pull":
        pull.pull(session, passphrase, settings=FAST, page_size=4)
    else:
        sync.sync(session, passphrase, settings=FAST)
    os._exit(NOT_KILLED)
