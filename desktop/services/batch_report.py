"""A batch's summary for the office file (issue 7, 报表): the school, the batch and where
it stands (signature, the server's verdict and receipt), and its records counted by 层次,
专业, 学习形式, the kind's own status field, the validation result and the server's
outcome — counted in the database, a slice of the batch at a time, so a million-row batch
is never loaded. Printing or saving the sheet is an export: role-checked and audited."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, func, select

from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind, FieldSpec
from desktop.domain.lifecycle import BatchState
from desktop.domain.records import kind_fields
from desktop.domain.roles import Action
from desktop.services import submissions
from desktop.services.progress import CancelToken, Progress
from desktop.services.record_counts import Combo, count_combos
from desktop.services.workspace import Session
from desktop.store import audit
from desktop.store import batches as repo
from desktop.store import operators as ops
from desktop.store.errors import StoreError
from desktop.store.models import Batch, FindingRow, table_of
from desktop.store.operators import now
from desktop.sync.errors import SyncError

_b = table_of(Batch)
_f = table_of(FindingRow)
BLANK = "（未填写）"
# The field that says what became of each student, per kind.
STATUS_FIELD = {
    BatchKind.ENROLLMENT: "fcjl",  # 复查结论
    BatchKind.ANNUAL: "zczt",  # 注册状态
    BatchKind.DIPLOMA: "byjl",  # 毕(结)业
    BatchKind.CORRECTION: "bglx",  # 变更类别
}
CHECKED = ("有错误", "有未确认的警告", "警告均已确认", "无问题")
OUTCOMES = {"accepted": "中心受理", "refused": "中心退回", None: "尚无中心结论"}


@dataclass(frozen=True, slots=True)
class Count:
    code: str | None  # the stored code (None for a blank, and for the result groupings)
    name: str  # as a clerk reads it: the code table's name, a major's code and name
    count: int


@dataclass(frozen=True, slots=True)
class Grouping:
    key: str  # "cc", "major", "xxxs", the status field, "checked", "outcome"
    title: str
    counts: tuple[Count, ...]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)


@dataclass(frozen=True, slots=True)
class Signature:
    signed_by: str  # display name (username)
    signed_at: datetime  # naive UTC, as stored
    kid: str
    alg: str
    manifest_sha256: str  # what the signature covers; the receipt names the same digest


@dataclass(frozen=True, slots=True)
class Verdict:
    """The server's word on the batch. `verified`: True when the stored receipt verifies
    with the pinned server key, False when it does not (`problem` says why), None when
    there is no receipt (a batch refused as a whole)."""

    accepted: int
    refused: int
    verified: bool | None
    problem: str | None
    receipt_sha256: str | None
    issued: str | None
    server_kid: str | None


@dataclass(frozen=True, slots=True)
class BatchReport:
    school_name: str
    school_code: str
    batch_id: str
    name: str
    kind: BatchKind
    state: BatchState
    rows: int
    errors: int
    warnings: int
    acknowledged: int
    unacknowledged: int
    rule_pack: str | None
    source_file: str | None
    created_by: str
    created_at: datetime
    validated_at: datetime | None
    signature: Signature | None
    verdict: Verdict | None
    groupings: tuple[Grouping, ...]
    made_at: datetime  # naive UTC
    operator: str  # display name (username)
    operator_role: str

    def grouping(self, key: str) -> Grouping:
        for g in self.groupings:
            if g.key == key:
                return g
        raise KeyError(key)


def summary(
    session: Session,
    batch_id: str,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> BatchReport:
    """Read-only (looking costs no audit entry, as with the other views)."""
    session.require(Action.VIEW, batch_id)
    profile = session.workspace.profile()
    with session.workspace.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # One snapshot for every slice and the batch row (SQLite's read transaction
            # is one already).
            conn.execution_options(isolation_level="REPEATABLE READ")
        batch = repo.get(conn, batch_id)
        specs = {s.name: s for s in kind_fields(batch.kind)}
        wanted = _fields(batch.kind, specs)
        combos = count_combos(conn, batch.id, wanted, progress, cancel)
        checked = _checked(conn, batch.id, batch.rows)
        signature = _signature(conn, batch)
    groupings = (*_groupings(batch.kind, specs, wanted, combos), checked)
    outcomes = Counter[str | None]()
    for (_, outcome), n in combos.items():
        outcomes[outcome] += n
    groupings += (
        Grouping(
            "outcome",
            "中心结论",
            tuple(Count(None, OUTCOMES[k], outcomes[k]) for k in OUTCOMES if outcomes[k]),
        ),
    )
    op = session.operator
    return BatchReport(
        profile.name, profile.code, batch.id, batch.name, batch.kind, batch.state,
        batch.rows, batch.errors, batch.warnings, batch.warnings - batch.unacknowledged,
        batch.unacknowledged, batch.rule_pack, batch.source_file, batch.created_by,
        batch.created_at, batch.validated_at, signature,
        _verdict(session, batch, outcomes), groupings, now(),
        f"{op.display_name}（{op.username}）", op.role.label,
    )  # fmt: skip


def export(
    session: Session,
    batch_id: str,
    destination: str,
    write: Callable[[BatchReport], Any],
    *,
    how: str = "file",
) -> BatchReport:
    """The sheet made from a fresh summary by `write` (the UI's renderer: a PDF file or a
    printer) and audited as an export; `destination` names the file or the printer."""
    session.require(Action.EXPORT, batch_id)
    report = summary(session, batch_id)
    write(report)
    with session.workspace.transaction() as conn:
        audit.append(
            conn, operator=session.username, action="export", object_type="batch_report",
            object_id=report.batch_id,
            after={how: destination, "rows": report.rows, "state": report.state.value},
        )  # fmt: skip
    return report


# -- counting ------------------------------------------------------------------------------
def _fields(kind: BatchKind, specs: dict[str, FieldSpec]) -> tuple[str, ...]:
    names = ("cc", "zydm", "zymc", "xxxs", STATUS_FIELD[kind])
    return tuple(n for n in names if n in specs)


def _checked(conn: Connection, batch_id: str, rows: int) -> Grouping:
    """Each record once, by its worst finding: an error, a warning still to acknowledge,
    acknowledged warnings only, nothing (infos count as nothing)."""
    grade = func.max(
        case(
            (_f.c.severity == "error", 3),
            (_f.c.severity == "warning", case((_f.c.acknowledged.is_(False), 2), else_=1)),
            else_=0,
        )
    ).label("grade")
    per_record = (
        select(grade)
        .where(_f.c.batch_id == batch_id, _f.c.record_id.is_not(None))
        .group_by(_f.c.record_id)
        .subquery()
    )
    query = select(per_record.c.grade, func.count()).group_by(per_record.c.grade)
    found: dict[int, int] = {int(g): int(n) for g, n in conn.execute(query)}
    counts = [found.get(g, 0) for g in (3, 2, 1)]
    counts.append(rows - sum(counts))
    return Grouping(
        "checked",
        "校验结果",
        tuple(Count(None, t, n) for t, n in zip(CHECKED, counts, strict=True)),
    )


def _groupings(
    kind: BatchKind, specs: dict[str, FieldSpec], names: Sequence[str], combos: Counter[Combo]
) -> tuple[Grouping, ...]:
    position = {n: i for i, n in enumerate(names)}
    out: list[Grouping] = []
    for key in ("cc", "major", "xxxs", STATUS_FIELD[kind]):
        if key == "major":
            if "zymc" in position or "zydm" in position:
                out.append(_majors(position, combos))
            continue
        if key not in position:
            continue
        spec = specs[key]
        counts = Counter[str | None]()
        for (values, _), n in combos.items():
            counts[values[position[key]]] += n
        out.append(
            Grouping(key, spec.label, _ordered(_code_count(spec, c, n) for c, n in counts.items()))
        )
    return tuple(out)


def _code_count(spec: FieldSpec, code: str | None, n: int) -> Count:
    if code is None:
        return Count(None, BLANK, n)
    entry = code_table(spec.table).lookup(code) if spec.table else None
    # A code the table does not know is what the clerk typed (a draft's red cell).
    return Count(code, entry.name if entry else f"{code}（无法识别）", n)


def _majors(position: dict[str, int], combos: Counter[Combo]) -> Grouping:
    """By 专业代码 where there is one (named by its most frequent 专业名称), else by name."""
    names: dict[str | None, Counter[str | None]] = {}
    for (values, _), n in combos.items():
        code = values[position["zydm"]] if "zydm" in position else None
        name = values[position["zymc"]] if "zymc" in position else None
        key = code if code is not None else (f"\0{name}" if name is not None else None)
        names.setdefault(key, Counter())[name] += n
    counts = []
    for key, by_name in names.items():
        total = sum(by_name.values())
        best = min(by_name.items(), key=lambda kv: (-kv[1], kv[0] or ""))[0]
        if key is None:
            counts.append(Count(None, BLANK, total))
        elif key.startswith("\0"):
            counts.append(Count(None, key[1:], total))
        else:
            counts.append(Count(key, f"{key} {best}" if best else key, total))
    return Grouping("major", "专业", _ordered(counts))


def _ordered(counts: Iterable[Count]) -> tuple[Count, ...]:
    """Largest first, blanks last; ties by code, then name (a stable sheet)."""
    return tuple(sorted(counts, key=lambda c: (c.name == BLANK, -c.count, c.code or "", c.name)))


# -- signature and verdict -------------------------------------------------------------------
def _signature(conn: Connection, batch: repo.BatchInfo) -> Signature | None:
    if batch.state.editable:
        return None  # a batch sent back to draft is no longer what was signed
    row = conn.execute(
        select(_b.c.manifest, _b.c.kid, _b.c.signed_at, _b.c.signed_by).where(_b.c.id == batch.id)
    ).one()
    if row.manifest is None or row.signed_at is None:
        return None
    try:
        alg = str(json.loads(row.manifest).get("alg", ""))
    except ValueError:
        alg = ""
    who = row.signed_by or ""
    with suppress(StoreError):  # else an operator of the PC the package came from
        who = f"{ops.get(conn, who).display_name}（{who}）"
    return Signature(
        who, row.signed_at, row.kid or "", alg, hashlib.sha256(row.manifest).hexdigest()
    )


def _verdict(
    session: Session, batch: repo.BatchInfo, outcomes: Counter[str | None]
) -> Verdict | None:
    accepted, refused = outcomes["accepted"], outcomes["refused"]
    if batch.state not in (BatchState.ACCEPTED, BatchState.PARTLY_ACCEPTED, BatchState.REJECTED):
        return None
    try:
        receipt = submissions.status(session, batch.id).receipt
    except (SyncError, StoreError) as exc:  # a stored receipt that no longer verifies
        return Verdict(accepted, refused, False, str(exc), None, None, None)
    if receipt is None:
        return Verdict(accepted, refused, None, None, None, None, None)
    return Verdict(
        receipt.accepted,
        receipt.record_count - receipt.accepted,
        True,
        None,
        hashlib.sha256(receipt.data).hexdigest(),
        receipt.issued,
        receipt.server_kid,
    )
