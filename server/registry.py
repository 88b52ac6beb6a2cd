"""The national register: who holds a 学籍 where, which certificates exist, and the
identity history of every person. Read by the central rules, written on commit."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
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
        for record in records:
            sfzh = record.sfzh
            if sfzh is None:
                continue
            self._person(record, batch, now)
            if kind is BatchKind.ENROLLMENT:
                self._enrol(school, record, batch)
            elif kind is BatchKind.ANNUAL and getattr(record, "zxlb", None) is not None:
                for st in self.s.scalars(
                    select(Status).where(Status.school == school, Status.sfzh == sfzh)
                ):
                    st.active = False  # 学籍注销
            elif kind is BatchKind.DIPLOMA:
                zsbh = getattr(record, "zsbh", None)
                if zsbh is not None and self.s.get(Certificate, zsbh) is None:
                    self.s.add(Certificate(zsbh=zsbh, school=school, sfzh=sfzh, batch=batch))
            self.s.flush()

    def _person(self, record: Record, batch: str, now: datetime) -> None:
        assert record.sfzh is not None
        new: dict[str, Any] = {f: getattr(record, f) for f in _IDENTITY}
        person = self.s.get(Person, record.sfzh)
        if person is None:
            self.s.add(Person(sfzh=record.sfzh, updated=now, **new))
            return
        changed = {f: v for f, v in new.items() if v is not None and getattr(person, f) != v}
        if not changed:
            return
        # Article 19: the register keeps what it held before the change.
        self.s.add(
            IdentityHistory(
                sfzh=person.sfzh,
                replaced=now,
                batch=batch,
                **{f: getattr(person, f) for f in _IDENTITY},
            )
        )
        for f, v in changed.items():
            setattr(person, f, v)
        person.updated = now

    def _enrol(self, school: str, record: Record, batch: str) -> None:
        if getattr(record, "fcjl", None) != registered_code():
            return
        ksh = getattr(record, "ksh", None)
        found = self.s.scalars(
            select(Status).where(
                Status.school == school, Status.sfzh == record.sfzh, Status.ksh == ksh
            )
        ).first()
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
        if found is None:
            self.s.add(Status(school=school, sfzh=record.sfzh, ksh=ksh, **values))
        else:
            for k, v in values.items():
                setattr(found, k, v)

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
