"""A service call that needs the workspace, run in a child process (`services.child`):
the child acts as the operator the parent logged in (`Ticket`). The password was checked
there; the child only reopens the same workspace.

    batch = child.call(import_job, ticket(session), path, kind, progress=report, cancel=token)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.services.workspace import Session, Workspace
from desktop.store import operators as ops
from desktop.store.engine import make_engine


@dataclass(frozen=True)
class Ticket:
    home: str
    url: str
    username: str


def ticket(session: Session) -> Ticket:
    ws = session.workspace
    url = ws.engine.url.render_as_string(hide_password=False)
    return Ticket(str(ws.home), url, session.username)


def resume(t: Ticket) -> Session:
    """The ticket's operator on a fresh engine (in the child). `require` still refuses
    an operator disabled meanwhile."""
    ws = Workspace(make_engine(t.url), Path(t.home))
    with ws.engine.connect() as conn:
        info = ops.get(conn, t.username)
    return Session(ws, info)
