"""The pinned central server, and the school's students as the server has them (the
pull), kept resumable: each page is written with the cursor that follows it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from desktop.store.models import CentralStudent, ServerLink, table_of
from desktop.store.operators import now

_l = table_of(ServerLink)
_cs = table_of(CentralStudent)


@dataclass(frozen=True)
class Link:
    url: str
    ca_file: str | None
    server_kid: str
    server_key: bytes
    fingerprint: str
    pinned_at: datetime
    pinned_by: str
    pull_pass: int
    pull_after: int | None
    pulled_at: datetime | None


def get(conn: Connection) -> Link | None:
    row = conn.execute(select(_l).where(_l.c.id == 1)).first()
    if row is None:
        return None
    values = dict(row._mapping)
    values.pop("id")
    return Link(**values)


def pin(
    conn: Connection, *, url: str, ca_file: str | None, kid: str, pem: bytes, fingerprint: str,
    operator: str,
) -> None:  # fmt: skip
    values = {
        "url": url, "ca_file": ca_file, "server_kid": kid, "server_key": pem,
        "fingerprint": fingerprint, "pinned_at": now(), "pinned_by": operator,
    }  # fmt: skip
    if get(conn) is None:
        conn.execute(insert(_l).values(id=1, pull_pass=0, **values))
    else:
        conn.execute(update(_l).where(_l.c.id == 1).values(**values))


def start_pull(conn: Connection) -> tuple[int, int | None]:
    """The pass to write and the cursor to resume from (a new pass if the last ended)."""
    link = get(conn)
    assert link is not None
    if link.pull_after is None:
        pass_no = link.pull_pass + 1
        conn.execute(update(_l).where(_l.c.id == 1).values(pull_pass=pass_no, pull_after=0))
        return pass_no, 0
    return link.pull_pass, link.pull_after


def write_page(
    conn: Connection, pass_no: int, students: Sequence[Mapping[str, Any]], next_after: int | None
) -> None:
    """One page of pulled students and the cursor after it, in the caller's transaction."""
    ids = [int(s["id"]) for s in students]
    if ids:
        conn.execute(delete(_cs).where(_cs.c.id.in_(ids)))
        conn.execute(
            insert(_cs),
            [
                {
                    "id": int(s["id"]), "id_type": s.get("zjlx"), "id_number": s["sfzh"],
                    "name": s.get("xm"), "xh": s.get("xh"), "ksh": s.get("ksh"),
                    "zydm": s.get("zydm"), "cc": s.get("cc"), "active": bool(s["active"]),
                    "batch": s["batch"], "seen_pass": pass_no,
                    "data": json.dumps(s, ensure_ascii=False, sort_keys=True),
                }
                for s in students
            ],
        )  # fmt: skip
    if next_after is None:
        # The pass is complete: whatever it did not see is no longer on the server.
        conn.execute(delete(_cs).where(_cs.c.seen_pass != pass_no))
        conn.execute(update(_l).where(_l.c.id == 1).values(pull_after=None, pulled_at=now()))
    else:
        conn.execute(update(_l).where(_l.c.id == 1).values(pull_after=next_after))


def students(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(_cs.c.data).order_by(_cs.c.id))
    return [json.loads(r.data) for r in rows]


def count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(_cs)).scalar_one())


def registered_numbers(conn: Connection) -> set[str]:
    return {r.id_number for r in conn.execute(select(_cs.c.id_number).where(_cs.c.active))}
