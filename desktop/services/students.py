"""学生: find a student by 姓名, 证件号码, 学号, 考生号 or 证书编号, and one student's records
across batches in time order, with the identity corrections article 19 keeps.

A person may be several student rows: a corrected 证件号码 is another identity (see
`records._relink_student`), and the records not corrected stay with the old one. Searches
and timelines therefore work on the person — the student rows linked by 证件号码
corrections — and show the newest identity. ID numbers are masked in every answer; the
full number is `records.reveal_id`, audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from desktop.crash import mask_text
from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind
from desktop.domain.idcards import mask_id, normalize_id
from desktop.domain.lifecycle import BatchState
from desktop.domain.normalize import code_text
from desktop.domain.normalize import name as name_text
from desktop.domain.roles import Action
from desktop.services.grid import cell_values
from desktop.services.grid_query import like_pattern
from desktop.services.student_entries import IDENTITY_LABELS, key_fields, when
from desktop.services.workspace import Session
from desktop.store import bulk
from desktop.store.errors import NotFound
from desktop.store.models import Batch, IdentityChange, Record, Student, table_of

_r = table_of(Record)
_b = table_of(Batch)
_s = table_of(Student)
_chg = table_of(IdentityChange)

# The record columns a 学号, 考生号 or 证书编号 is looked up in (each indexed).
KEY_COLUMNS = ("xh", "ksh", "zsbh")
# What a hit matched (`StudentHit.matched`): a key column, exactly or as a prefix
# ("xh_prefix"), or:
ID_NUMBER, NAME, NAME_PART, FORMER_NAME = "id_number", "name", "name_part", "former_name"
_TOP = "\U0010ffff"  # sorts after every character: the end of a prefix's range
_ROWS_PER_HIT = 5  # record rows read per student wanted: a person holds a few per key
_OUTCOMES = {"accepted": "中心已受理", "refused": "中心未受理"}
_KIND_ORDER = {
    BatchKind.ENROLLMENT: 0,
    BatchKind.ANNUAL: 1,
    BatchKind.CORRECTION: 2,
    BatchKind.DIPLOMA: 3,
}


@dataclass(frozen=True)
class StudentHit:
    student_id: int  # the person's newest identity
    name: str
    id_type: str  # 证件类型, as its name
    masked_id: str
    xh: tuple[str, ...]  # every 学号 the person's records hold
    ksh: tuple[str, ...]
    records: int
    matched: str = ""  # what the search text matched: "xh", "xh_prefix", NAME … (above)


@dataclass(frozen=True)
class RecordEntry:
    """One record of the person, in its batch."""

    on: date  # when it happened, as the record says (入学日期, 学年, 毕业日期 …)
    batch_id: str
    batch_name: str
    kind: BatchKind
    state: BatchState
    batch_created: datetime
    seq: int  # the record's position in its batch: what the grid jumps to
    row_no: int
    fields: tuple[tuple[str, str], ...]  # (label, value as shown) of the kind's key fields
    outcome: str = ""  # the central server's verdict on this record, if any


@dataclass(frozen=True)
class CorrectionEntry:
    """An identity value changed by an edit (article 19): the old value is kept."""

    on: date
    at: datetime
    field: str  # xm / xb / csrq / sfzh
    label: str  # 姓名 / 性别 / 出生日期 / 证件号码
    old: str  # ID numbers masked
    new: str
    operator: str
    reason: str


Entry = RecordEntry | CorrectionEntry


@dataclass(frozen=True)
class Timeline:
    student: StudentHit
    entries: tuple[Entry, ...]  # oldest first


def search(session: Session, text: str, limit: int = 200) -> list[StudentHit]:
    """Students whose 姓名 contains the text (or once did), whose 证件号码 is it (any case
    of the X, full-width digits), or whose 学号 / 考生号 / 证书编号 is it or starts with it;
    exact matches first, at most `limit` people."""
    session.require(Action.VIEW)
    text = text.strip()
    if not text or limit <= 0:
        return []
    with session.workspace.engine.connect() as conn:
        found: dict[int, str] = {}  # student row -> what matched, best match first
        if any(c.isdigit() for c in text):  # names hold no digits, every key does
            _by_id_number(conn, normalize_id(text), found)
            ident = code_text(text)
            if ident:
                for column in KEY_COLUMNS:
                    _by_key(conn, column, ident, found, exact=True, limit=limit)
                for column in KEY_COLUMNS:
                    _by_key(conn, column, ident, found, exact=False, limit=limit)
        else:
            _by_name(conn, name_text(text) or text, found, limit)
        if not found:
            return []
        people = _People.load(conn)
        chosen: dict[int, tuple[frozenset[int], str]] = {}
        for student_id, matched in found.items():
            group = people.group(student_id)
            current = people.current(group)
            chosen.setdefault(current, (group, matched))
            if len(chosen) == limit:
                break
        return _hits(conn, chosen)


def timeline(session: Session, student_id: int) -> Timeline:
    """The person's records in every batch, oldest first, with their identity corrections."""
    session.require(Action.VIEW, f"student:{student_id}")
    with session.workspace.engine.connect() as conn:
        people = _People.load(conn)
        group = people.group(student_id)
        current = people.current(group)
        hits = _hits(conn, {current: (group, "")})
        if not hits:
            raise NotFound(f"没有编号为 {student_id} 的学生")
        entries: list[Entry] = [_record_entry(r) for r in _records(conn, group, with_data=True)]
        corrections = select(_chg).where(bulk.among(conn, _chg.c.student_id, group))
        entries += [_correction(c) for c in conn.execute(corrections.order_by(_chg.c.id))]
        return Timeline(hits[0], tuple(sorted(entries, key=_order)))


# -- search -----------------------------------------------------------------------------
def _by_id_number(conn: Connection, number: str, found: dict[int, str]) -> None:
    # Every student row keeps its number, so a former 证件号码 finds its old row; the
    # person is resolved to the newest identity afterwards.
    query = select(_s.c.id).where(_s.c.id_number == number).order_by(_s.c.id)
    for (student_id,) in conn.execute(query):
        found.setdefault(student_id, ID_NUMBER)


def _by_key(
    conn: Connection,
    column: str,
    ident: str,
    found: dict[int, str],
    *,
    exact: bool,
    limit: int,
) -> None:
    """Records whose key is `ident` (or starts with it), read in the key's index order:
    a range, not LIKE, which neither SQLite's case-insensitive LIKE nor PostgreSQL
    outside the C collation would answer from a plain index."""
    if len(found) >= limit:
        return
    key = _r.c[column]
    query = select(_r.c.student_id).where(_r.c.student_id.is_not(None))
    if exact:
        query = query.where(key == ident)
    else:
        query = query.where(key > ident, key < ident + _TOP).order_by(key)
    for (student_id,) in conn.execute(query.limit(limit * _ROWS_PER_HIT)):
        found.setdefault(student_id, column if exact else f"{column}_prefix")


def _by_name(conn: Connection, name: str, found: dict[int, str], limit: int) -> None:
    """A substring of the current name, then of a name an edit corrected (article 19).
    No index answers a substring: this reads the student table (see bench/students.py);
    the shortest names come first, so the exact name leads."""
    pattern = like_pattern(name)
    query = (
        select(_s.c.id, _s.c.name)
        .where(_s.c.name.like(pattern, escape="\\"))
        .order_by(func.length(_s.c.name), _s.c.name, _s.c.id)
        .limit(limit)
    )
    for student_id, current in conn.execute(query):
        found.setdefault(student_id, NAME if current == name else NAME_PART)
    former = (
        select(_chg.c.student_id)
        .where(_chg.c.field == "xm", _chg.c.old_value.like(pattern, escape="\\"))
        .order_by(_chg.c.id)
        .limit(limit)
    )
    for (student_id,) in conn.execute(former):
        found.setdefault(student_id, FORMER_NAME)


@dataclass
class _People:
    """Student rows linked by 证件号码 corrections (few: corrections are rare, so they are
    read whole rather than followed one query at a time)."""

    links: dict[int, set[int]] = field(default_factory=dict)
    made_by: dict[int, int] = field(default_factory=dict)  # row -> newest change that led to it

    @classmethod
    def load(cls, conn: Connection) -> _People:
        changes = conn.execute(
            select(_chg.c.id, _chg.c.student_id, _chg.c.new_value).where(
                _chg.c.field == "sfzh", _chg.c.new_value.is_not(None)
            )
        ).all()
        people = cls()
        if not changes:
            return people
        numbers = {c.new_value for c in changes}
        rows: dict[str, list[int]] = {}
        query = select(_s.c.id, _s.c.id_number).where(bulk.among(conn, _s.c.id_number, numbers))
        for row in conn.execute(query):
            rows.setdefault(row.id_number, []).append(row.id)
        for change in changes:
            for target in rows.get(change.new_value, ()):
                people.links.setdefault(change.student_id, set()).add(target)
                people.links.setdefault(target, set()).add(change.student_id)
                people.made_by[target] = max(people.made_by.get(target, 0), change.id)
        return people

    def group(self, student_id: int) -> frozenset[int]:
        seen, todo = {student_id}, [student_id]
        while todo:
            for other in self.links.get(todo.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return frozenset(seen)

    def current(self, group: frozenset[int]) -> int:
        """The row the latest correction led to (the first row if none did)."""
        return max(group, key=lambda s: (self.made_by.get(s, 0), -s))


def _records(conn: Connection, group: Iterable[int], *, with_data: bool = False) -> list[Any]:
    """The records of these student rows, found through the indexed 证件号码 (every record
    of a student carries the student's number)."""
    ids = set(group)
    numbers = conn.execute(select(_s.c.id_number).where(bulk.among(conn, _s.c.id, ids)))
    columns: list[Any] = [_r.c.student_id, _r.c.xh, _r.c.ksh]
    query = select(*columns).where(bulk.among(conn, _r.c.id_number, numbers.scalars()))
    if with_data:
        query = query.add_columns(
            *(_r.c[c] for c in ("batch_id", "seq", "row_no", "data", "raw", "outcome")),
            _b.c.name.label("batch_name"),
            _b.c.kind,
            _b.c.state,
            _b.c.created_at,
        ).join_from(_r, _b, _b.c.id == _r.c.batch_id)
    return [r for r in conn.execute(query.order_by(_r.c.id)) if r.student_id in ids]


def _hits(conn: Connection, chosen: dict[int, tuple[frozenset[int], str]]) -> list[StudentHit]:
    """Each chosen person as a hit: the newest identity, the keys and count of its records."""
    every = {s for group, _ in chosen.values() for s in group}
    rows = {r.id: r for r in conn.execute(select(_s).where(bulk.among(conn, _s.c.id, every)))}
    owner = {s: current for current, (group, _) in chosen.items() for s in group}
    xh: dict[int, dict[str, None]] = {c: {} for c in chosen}  # dicts: distinct, in order
    ksh: dict[int, dict[str, None]] = {c: {} for c in chosen}
    count = dict.fromkeys(chosen, 0)
    for r in _records(conn, every):
        person = owner[r.student_id]
        count[person] += 1
        if r.xh:
            xh[person][r.xh] = None
        if r.ksh:
            ksh[person][r.ksh] = None
    hits = []
    for current, (_, matched) in chosen.items():
        row = rows.get(current)
        if row is None:
            continue
        kind = code_table("id_type").lookup(row.id_type)
        hits.append(
            StudentHit(
                student_id=current,
                name=row.name or "",
                id_type=kind.name if kind else row.id_type,
                masked_id=mask_id(row.id_number),
                xh=tuple(xh[current]),
                ksh=tuple(ksh[current]),
                records=count[current],
                matched=matched,
            )
        )
    return hits


# -- timeline ---------------------------------------------------------------------------
def _record_entry(r: Any) -> RecordEntry:
    kind = BatchKind(r.kind)
    values = cell_values(kind, r.data, r.raw)
    outcome = _OUTCOMES.get(r.outcome or "", "")
    return RecordEntry(
        on=when(kind, values) or r.created_at.date(),
        batch_id=r.batch_id,
        batch_name=r.batch_name,
        kind=kind,
        state=BatchState(r.state),
        batch_created=r.created_at,
        seq=r.seq,
        row_no=r.row_no,
        fields=key_fields(kind, values),
        outcome=outcome,
    )


def _correction(c: Any) -> CorrectionEntry:
    old, new = c.old_value or "", c.new_value or ""
    if c.field == "sfzh":
        old, new = mask_id(old) if old else "", mask_id(new) if new else ""
    return CorrectionEntry(
        on=c.changed_at.date(),
        at=c.changed_at,
        field=c.field,
        label=IDENTITY_LABELS.get(c.field, c.field),
        old=old,
        new=new,
        operator=c.operator,
        reason=mask_text(c.reason or ""),
    )


def _order(e: Entry) -> tuple[date, int, datetime, int]:
    if isinstance(e, RecordEntry):
        return (e.on, _KIND_ORDER[e.kind], e.batch_created, e.row_no)
    return (e.on, len(_KIND_ORDER), e.at, 0)
