"""Pull the school's registered students from the server and reconcile them with what
the workspace believes was accepted (issue 6).

The pull is resumable: each page is written with the cursor after it, so a run killed
half-way continues where it stopped; the pass ends by dropping students the server no
longer lists, so afterwards the local copy is exactly the server's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.domain.fields import BatchKind
from desktop.domain.idcards import mask_id
from desktop.domain.roles import Action
from desktop.services import signing
from desktop.services.sync import ClientSettings, client_for, require_link
from desktop.services.workspace import Session
from desktop.store import audit, server_link
from desktop.store.models import Batch, Record, table_of
from desktop.sync import failpoints

_r = table_of(Record)
_b = table_of(Batch)
PAGE = 500


@dataclass(frozen=True, slots=True)
class PullReport:
    students: int  # registered at the server for this school
    pages: int
    # Accepted here (per a receipt) but not registered there: to look into.
    missing_on_server: tuple[str, ...]  # masked ID numbers
    # Registered there but in no batch of this workspace (another PC, an earlier system).
    unknown_here: int


def pull(
    session: Session,
    passphrase: str,
    *,
    settings: ClientSettings | None = None,
    page_size: int = PAGE,
) -> PullReport:
    session.require(Action.SUBMIT)
    link = require_link(session)
    school = session.workspace.profile().code
    key = signing.keystore(session).unlock(passphrase)
    with session.workspace.transaction() as conn:
        pass_no, after = server_link.start_pull(conn)
    pages = 0
    with client_for(link.url, link.ca_file, settings) as client:
        client.login_with(school, key)
        while True:
            page = client.call(
                "GET", f"/schools/{school}/students?after={after or 0}&limit={page_size}"
            ).json()
            with session.workspace.transaction() as conn:
                server_link.write_page(conn, pass_no, page["students"], page["next_after"])
            pages += 1
            failpoints.hit("pull-page")
            after = page["next_after"]
            if after is None:
                break
    report = reconcile(session, pages)
    with session.workspace.transaction() as conn:
        audit.append(
            conn, operator=session.username, action="pull", object_type="server",
            object_id=link.server_kid,
            after={"students": report.students, "missing_on_server": len(report.missing_on_server),
                   "unknown_here": report.unknown_here},
        )  # fmt: skip
    return report


def reconcile(session: Session, pages: int = 0) -> PullReport:
    """Compare the last pull with the enrolment records the server accepted."""
    session.require(Action.VIEW)
    with session.workspace.engine.connect() as conn:
        registered = server_link.registered_numbers(conn)
        total = server_link.count(conn)
        accepted = {
            r.id_number
            for r in conn.execute(
                select(_r.c.id_number)
                .join(_b, _b.c.id == _r.c.batch_id)
                .where(_b.c.kind == BatchKind.ENROLLMENT.value, _r.c.outcome == "accepted")
            )
            if r.id_number
        }
        known = {
            r.id_number for r in conn.execute(select(_r.c.id_number).distinct()) if r.id_number
        }
    missing = tuple(sorted(mask_id(n) for n in accepted - registered))
    return PullReport(total, pages, missing, len(registered - known))
