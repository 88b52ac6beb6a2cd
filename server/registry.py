"""The national register: who holds a 学籍 where, which certificates exist, and the
identity history of every person. Read by the central rules, written on commit."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from desktop.domain.fields import BatchKind
from desktop.domain.records import Record
from server.models import Certificate, IdentityHistory, Person, Status
from server.rules import fulltime_code, registered_code

_IDENTITY = ("zjlx", "xm", "xb", "csrq", "mz")
_IN = 500  # keys per IN (...) query: SQLite's variable limit is 999 on old builds


def _slices(keys: Collection[str]) -> Iterable[list[str]]:
    items = sorted(keys)
    for i in range(0, len(items), _IN):
        yield items[i : i + _IN]


class Registry:
    """`CentralView` over one database session."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def fulltime_elsewhere(self, school: str, ids: Collection[str]) -> Mapping[str, str]:
        out: dict[str, str] = {}
        for part in _slices(ids):
            rows = self.s.execute(
                select(Status.sfzh, Status.school).where(
                    Status.sfzh.in_(part),
                    Status.active.is_(True),
                    Status.xxxs == fulltime_code(),
                    Status.school != school,
                )
            )
            for key, school_code in rows:
                out[key] = school_code
        return out

    def enrolled_at(self, school: str, ids: Collection[str]) -> Collection[str]:
        found: set[str] = set()
        for part in _slices(ids):
            found.update(
                self.s.scalars(
                    select(Status.sfzh).where(Status.school == school, Status.sfzh.in_(part))
                )
            )
        return found

    def certificate_schools(self, numbers: Collection[str]) -> Mapping[str, str]:
        out: dict[str, str] = {}
        for part in _slices(numbers):
            rows = self.s.execute(
                select(Certificate.zsbh, Certificate.school).where(Certificate.zsbh.in_(part))
            )
            for key, school_code in rows:
                out[key] = school_code
        return out

    # --- writing accepted records --------------------------------------------------------

    def apply(
        self, school: str, kind: BatchKind, records: Iterable[Record], batch: str, now: datetime
    ) -> None:
        """Register the accepted records: set-wise (a query per 500 keys, bulk inserts and
        updates), since a commit may hold a million of them."""
        chosen = [r for r in records if r.sfzh is not None]
        self._persons(chosen, batch, now)
        if kind is BatchKind.ENROLLMENT:
            self._enrol(school, chosen, batch)
        elif kind is BatchKind.ANNUAL:
            gone = {str(r.sfzh) for r in chosen if getattr(r, "zxlb", None) is not None}
            for part in _slices(gone):  # 学籍注销
                self.s.execute(
                    update(Status)
                    .where(Status.school == school, Status.sfzh.in_(part))
                    .values(active=False)
                )
        elif kind is BatchKind.DIPLOMA:
            self._certificates(school, chosen, batch)
        self.s.flush()

    def _persons(self, records: list[Record], batch: str, now: datetime) -> None:
        current: dict[str, dict[str, Any]] = {}
        for part in _slices({r.sfzh for r in records if r.sfzh is not None}):
            for row in self.s.execute(select(Person).where(Person.sfzh.in_(part))).scalars():
                current[row.sfzh] = {f: getattr(row, f) for f in _IDENTITY}
        fresh: dict[str, dict[str, Any]] = {}
        changed: dict[str, dict[str, Any]] = {}
        history: list[dict[str, Any]] = []
        for record in records:
            sfzh = record.sfzh
            assert sfzh is not None
            new = {f: getattr(record, f) for f in _IDENTITY}
            held = current.get(sfzh)
            if held is None:
                fresh[sfzh] = current[sfzh] = new
                continue
            diff = {f: v for f, v in new.items() if v is not None and held[f] != v}
            if not diff:
                continue
            # Article 19: the register keeps what it held before the change.
            history.append({"sfzh": sfzh, "replaced": now, "batch": batch, **held})
            held = current[sfzh] = {**held, **diff}
            if sfzh in fresh:
                fresh[sfzh] = held
            else:
                changed[sfzh] = held
        if fresh:
            self.s.execute(
                insert(Person), [{"sfzh": k, "updated": now, **v} for k, v in fresh.items()]
            )
        if changed:
            self.s.execute(
                update(Person), [{"sfzh": k, "updated": now, **v} for k, v in changed.items()]
            )
        if history:
            self.s.execute(insert(IdentityHistory), history)

    def _enrol(self, school: str, records: list[Record], batch: str) -> None:
        wanted = [r for r in records if getattr(r, "fcjl", None) == registered_code()]
        held: dict[tuple[str, str | None], int] = {}
        for part in _slices({str(r.sfzh) for r in wanted}):
            rows = self.s.execute(
                select(Status.id, Status.sfzh, Status.ksh).where(
                    Status.school == school, Status.sfzh.in_(part)
                )
            )
            held.update(((sfzh, ksh), id_) for id_, sfzh, ksh in rows)
        fresh: dict[tuple[str, str | None], dict[str, Any]] = {}
        changed: dict[int, dict[str, Any]] = {}
        for record in wanted:
            ksh = getattr(record, "ksh", None)
            xz = getattr(record, "xz", None)
            values: dict[str, Any] = {
                "xh": getattr(record, "xh", None),
                "zydm": getattr(record, "zydm", None),
                "zymc": getattr(record, "zymc", None),
                "cc": getattr(record, "cc", None),
                "xz": None if xz is None else str(xz),
                "xxxs": getattr(record, "xxxs", None),
                "rxrq": getattr(record, "rxrq", None),
                "active": True,
                "batch": batch,
            }
            key = (str(record.sfzh), ksh)
            if key in held:
                changed[held[key]] = values
            else:
                fresh[key] = {"school": school, "sfzh": key[0], "ksh": ksh, **values}
        if fresh:
            self.s.execute(insert(Status), list(fresh.values()))
        if changed:
            self.s.execute(update(Status), [{"id": k, **v} for k, v in changed.items()])

    def _certificates(self, school: str, records: list[Record], batch: str) -> None:
        numbers = {z for r in records if (z := getattr(r, "zsbh", None)) is not None}
        taken: set[str] = set()
        for part in _slices(numbers):
            taken.update(self.s.scalars(select(Certificate.zsbh).where(Certificate.zsbh.in_(part))))
        rows: dict[str, dict[str, Any]] = {}
        for r in records:
            zsbh = getattr(r, "zsbh", None)
            if zsbh is not None and zsbh not in taken and zsbh not in rows:
                rows[zsbh] = {"zsbh": zsbh, "school": school, "sfzh": r.sfzh, "batch": batch}
        if rows:
            self.s.execute(insert(Certificate), list(rows.values()))

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


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
