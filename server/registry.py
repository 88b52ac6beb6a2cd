"""The national register: who holds a 学籍 where, which certificates exist, and the
identity history of every person. Read by the central rules, written on commit."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy import Table as SqlTable
from sqlalchemy.orm import Session

from desktop.domain.fields import BatchKind
from desktop.domain.table import Table
from server.bulk import KEYS, insert_rows, roomy_cache, stage_keys, unstage_keys, update_rows
from server.models import Base, Certificate, IdentityHistory, Person, Status
from server.rules import fulltime_code, registered_code

_IDENTITY = ("zjlx", "xm", "xb", "csrq", "mz")


class Registry:
    """`CentralView` over one database session.

    Lookups join a temporary table of the keys asked about (`server.bulk.stage_keys`):
    one query however many keys, instead of one per few hundred keys whose IN list
    SQLAlchemy renders anew each time (a few ms a query, thousands of queries per
    million records). The keys staged last are kept for the next lookup of the same set.
    """

    def __init__(self, session: Session) -> None:
        self.s = session
        self._staged: frozenset[str] | None = None

    def _keys(self, keys: Collection[str]) -> Any:
        """A subquery of `keys`, staged on this session's connection."""
        wanted = keys if isinstance(keys, (set, frozenset)) else set(keys)
        if self._staged != wanted:
            stage_keys(self.s.connection(), wanted)
            self._staged = frozenset(wanted)
        return select(KEYS.c.k)

    def fulltime_elsewhere(self, school: str, ids: Collection[str]) -> Mapping[str, str]:
        if not ids:
            return {}
        status = _table(Status)
        rows = self.s.connection().execute(
            select(status.c.sfzh, status.c.school).where(
                status.c.sfzh.in_(self._keys(ids)),
                status.c.active.is_(True),
                status.c.xxxs == fulltime_code(),
                status.c.school != school,
            )
        )
        return dict(rows.all())

    def enrolled_at(self, school: str, ids: Collection[str]) -> Collection[str]:
        if not ids:
            return set()
        status = _table(Status)
        return set(
            self.s.connection().scalars(
                select(status.c.sfzh).where(
                    status.c.school == school, status.c.sfzh.in_(self._keys(ids))
                )
            )
        )

    def certificate_schools(self, numbers: Collection[str]) -> Mapping[str, str]:
        if not numbers:
            return {}
        cert = _table(Certificate)
        rows = self.s.connection().execute(
            select(cert.c.zsbh, cert.c.school).where(cert.c.zsbh.in_(self._keys(numbers)))
        )
        return dict(rows.all())

    # --- writing accepted records --------------------------------------------------------

    def apply(
        self, school: str, table: Table, rows: Sequence[int], batch: str, now: datetime
    ) -> None:
        """Register the accepted rows of `table`: set-wise (a query per 500 keys, bulk
        inserts and updates at driver speed), since a commit may hold a million of them."""
        conn = self.s.connection()
        with roomy_cache(conn):
            self._apply(conn, school, table, rows, batch, now)

    def _apply(
        self, conn: Connection, school: str, table: Table, rows: Sequence[int], batch: str,
        now: datetime,
    ) -> None:  # fmt: skip
        ids = table.col("sfzh")
        chosen: Sequence[int] = [j for j in rows if ids[j] is not None]
        if len(chosen) == table.n:
            chosen = range(table.n)  # every row: columns are taken as they are
        self._persons(conn, table, chosen, batch, now)
        if table.kind is BatchKind.ENROLLMENT:
            self._enrol(conn, school, table, chosen, batch)
        elif table.kind is BatchKind.ANNUAL:
            zxlb = table.col("zxlb")
            gone = {ids[j] for j in chosen if zxlb[j] is not None}
            if gone:  # 学籍注销
                status = _table(Status)
                conn.execute(
                    update(status)
                    .where(status.c.school == school, status.c.sfzh.in_(self._keys(gone)))
                    .values(active=False)
                )
        elif table.kind is BatchKind.DIPLOMA:
            self._certificates(conn, school, table, chosen, batch)
        if self._staged is not None:  # the keys go with the commit, not with the connection
            unstage_keys(conn)
            self._staged = None

    def _persons(
        self, conn: Connection, table: Table, rows: Sequence[int], batch: str, now: datetime
    ) -> None:
        person = _table(Person)
        ids = _pick(table.col("sfzh"), rows)
        distinct = set(ids)
        current: dict[str, tuple[Any, ...]] = {}
        if ids:
            query = select(person.c.sfzh, *(person.c[f] for f in _IDENTITY))
            found = conn.execute(query.where(person.c.sfzh.in_(self._keys(distinct))))
            for sfzh, *stored in found:
                current[sfzh] = tuple(stored)
        fresh: dict[str, tuple[Any, ...]] = {}
        changed: dict[str, tuple[Any, ...]] = {}
        history: list[tuple[Any, ...]] = []
        given = list(zip(*(_pick(table.col(f), rows) for f in _IDENTITY), strict=True))
        if not current and len(distinct) == len(ids):  # all new, each once: nothing to compare
            fresh = dict(zip(ids, given, strict=True))
            given = []
        for sfzh, new in zip(ids, given, strict=False):
            held = current.get(sfzh)
            if held is None:
                fresh[sfzh] = current[sfzh] = new
                continue
            if held == new:
                continue
            merged = tuple(h if v is None else v for h, v in zip(held, new, strict=True))
            if merged == held:
                continue
            # Article 19: the register keeps what it held before the change.
            history.append((sfzh, *held))
            current[sfzh] = merged
            if sfzh in fresh:
                fresh[sfzh] = merged
            else:
                changed[sfzh] = merged
        for rows_of, write in ((fresh, "insert"), (changed, "update")):
            if not rows_of:
                continue
            # In key order: the primary key's index is then written front to back.
            keys = sorted(rows_of)
            columns: dict[str, Any] = {"sfzh": keys, "updated": now}
            columns.update(
                zip(_IDENTITY, zip(*map(rows_of.__getitem__, keys), strict=True), strict=True)
            )
            if write == "insert":
                insert_rows(conn, person, columns)
            else:
                update_rows(conn, person, "sfzh", columns)
        if history:
            cols = list(zip(*history, strict=True))
            insert_rows(
                conn,
                _table(IdentityHistory),
                {"sfzh": cols[0], **dict(zip(_IDENTITY, cols[1:], strict=True)),
                 "replaced": now, "batch": batch},
            )  # fmt: skip

    def _enrol(
        self, conn: Connection, school: str, table: Table, rows: Sequence[int], batch: str
    ) -> None:
        status = _table(Status)
        ids, ksh, fcjl = table.col("sfzh"), table.col("ksh"), table.col("fcjl")
        code = registered_code()
        wanted: Sequence[int] = [j for j in rows if fcjl[j] == code]
        if len(wanted) == table.n:
            wanted = range(table.n)
        held: dict[tuple[str, str | None], int] = {}
        if wanted:
            found = conn.execute(
                select(status.c.id, status.c.sfzh, status.c.ksh).where(
                    status.c.school == school,
                    status.c.sfzh.in_(self._keys(set(_pick(ids, wanted)))),
                )
            )
            held.update(((sfzh, k), id_) for id_, sfzh, k in found)
        # Keyed like the register (a later row of the same key wins, in the first's place).
        keys = zip(_pick(ids, wanted), _pick(ksh, wanted), strict=True)
        fresh: dict[tuple[str, str | None], int] = {}
        changed: dict[int, int] = {}
        if not held:
            fresh = dict(zip(keys, wanted, strict=True))
        for key, j in zip(keys, wanted, strict=False):  # (empty when taken above)
            if key in held:
                changed[held[key]] = j
            else:
                fresh[key] = j
        xz_text = {v: None if v is None else str(v) for v in set(table.col("xz"))}
        for picked, write in ((list(fresh.values()), "insert"), (list(changed.values()), "update")):
            if not picked:
                continue
            # n distinct rows of n: each row once, in order.
            chosen: Sequence[int] = range(table.n) if len(picked) == table.n else picked
            values: dict[str, Any] = {
                f: _pick(table.col(f), chosen) for f in ("xh", "zydm", "zymc", "cc", "xxxs", "rxrq")
            }
            values["xz"] = list(map(xz_text.__getitem__, _pick(table.col("xz"), chosen)))
            values["active"] = True
            values["batch"] = batch
            if write == "insert":
                values.update(school=school, sfzh=_pick(ids, chosen), ksh=_pick(ksh, chosen))
                insert_rows(conn, status, values)
            else:
                update_rows(conn, status, "id", {"id": list(changed), **values})

    def _certificates(
        self, conn: Connection, school: str, table: Table, rows: Sequence[int], batch: str
    ) -> None:
        ids, zsbh = table.col("sfzh"), table.col("zsbh")
        numbers = {z for j in rows if (z := zsbh[j]) is not None}
        cert = _table(Certificate)
        taken = set(self.certificate_schools(numbers))
        fresh: dict[str, str] = {}
        for j in rows:
            z = zsbh[j]
            if z is not None and z not in taken and z not in fresh:
                fresh[z] = ids[j]
        if fresh:
            values = {"zsbh": list(fresh), "sfzh": list(fresh.values())}
            insert_rows(conn, cert, {**values, "school": school, "batch": batch})

    def students(self, school: str, after: int, limit: int) -> list[dict[str, Any]]:
        rows = self.s.execute(
            select(Status, Person)
            .join(Person, Person.sfzh == Status.sfzh)
            .where(Status.school == school, Status.id > after)
            .order_by(Status.id)
            .limit(limit)
        ).all()
        out = []
        for st, p in rows:
            history = self.s.scalars(
                select(IdentityHistory)
                .where(IdentityHistory.sfzh == p.sfzh)
                .order_by(IdentityHistory.id)
            ).all()
            out.append(
                {
                    "id": st.id,
                    "sfzh": p.sfzh,
                    **{f: _text(getattr(p, f)) for f in _IDENTITY},
                    "ksh": st.ksh,
                    "xh": st.xh,
                    "zydm": st.zydm,
                    "zymc": st.zymc,
                    "cc": st.cc,
                    "xz": st.xz,
                    "xxxs": st.xxxs,
                    "rxrq": _text(st.rxrq),
                    "active": st.active,
                    "batch": st.batch,
                    "identity_history": [
                        {
                            **{f: _text(getattr(h, f)) for f in _IDENTITY},
                            "replaced": h.replaced.isoformat(),
                            "batch": h.batch,
                        }
                        for h in history
                    ],
                }
            )
        return out


def _table(model: type[Base]) -> SqlTable:
    return model.metadata.tables[model.__tablename__]


def _pick(column: list[Any], rows: Sequence[int]) -> list[Any]:
    """The values of `rows` (read-only: all rows give the column itself)."""
    if isinstance(rows, range) and rows == range(len(column)):
        return column
    return list(map(column.__getitem__, rows))


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
