"""Which records a batch grid lists, in which order: filter by findings, search, sort.

All of it runs in the database over the stored records (a million-row batch is never
loaded to be filtered); only a search's candidates are decoded, to match exactly what the
grid shows. The answer is the records' positions (`seq`) in display order, which the
grid then reads a page at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, cast, func, literal, or_, select
from sqlalchemy.dialects.postgresql import JSONB

from desktop.domain.codes import table as code_table
from desktop.domain.fields import FieldSpec, FieldType
from desktop.domain.records import kind_fields
from desktop.domain.roles import Action
from desktop.services.grid import cell_values, shown
from desktop.services.progress import CancelToken
from desktop.services.workspace import Session
from desktop.store import batches as repo
from desktop.store.errors import NotFound, StoreError
from desktop.store.models import FindingRow, Record, table_of

_r = table_of(Record)
_f = table_of(FindingRow)
SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class RowQuery:
    """`severity` "error" keeps rows with an error, "warning" rows with a warning not yet
    acknowledged; `rule` rows with a finding of that rule; `search` rows where any cell
    as shown contains the text (or whose full 证件号码 is the text)."""

    severity: str | None = None
    rule: str | None = None
    search: str = ""
    sort_field: str | None = None
    descending: bool = False

    @property
    def natural(self) -> bool:
        """Every row in the store's order: the grid needs no list of positions."""
        return not (self.severity or self.rule or self.search.strip() or self.sort_field)


def member(conn: Connection, column: Any, name: str) -> ColumnElement[Any]:
    """One member of a JSON text column (`record.data` / `record.raw`) as SQL."""
    if conn.dialect.name == "postgresql":
        expr: ColumnElement[Any] = cast(column, JSONB)[name].astext
        return expr
    return func.json_extract(column, f"$.{name}")


def cell_expr(conn: Connection, name: str) -> ColumnElement[Any]:
    """A cell as the clerk typed it: its unparsed text if any, else its stored value."""
    return func.coalesce(member(conn, _r.c.raw, name), member(conn, _r.c.data, name))


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def select_rows(
    session: Session, batch_id: str, query: RowQuery, cancel: CancelToken | None = None
) -> array[int]:
    """The positions of the records the query keeps, in display order."""
    session.require(Action.VIEW, batch_id)
    if query.severity is not None and query.severity not in SEVERITIES:
        raise StoreError(f"未知的筛选条件：{query.severity}")
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        specs = {s.name: s for s in kind_fields(batch.kind)}
        text = query.search.strip()
        columns: list[Any] = [_r.c.seq]
        if text:
            columns += [_r.c.data, _r.c.raw]
        stmt = select(*columns).where(_r.c.batch_id == batch.id)
        if query.severity or query.rule:
            stmt = stmt.where(_r.c.id.in_(_with_findings(batch.id, query)))
        if text:
            stmt = stmt.where(_search_prefilter(conn, specs.values(), text))
        stmt = stmt.order_by(*_ordering(conn, specs, query))
        out: array[int] = array("q")
        for n, row in enumerate(conn.execute(stmt)):
            if cancel is not None and n % 10000 == 0:
                cancel.check()
            if text and not _matches(batch.kind, specs.values(), row.data, row.raw, text):
                continue
            out.append(row.seq)
        return out


def _with_findings(batch_id: str, query: RowQuery) -> Any:
    sub = select(_f.c.record_id).where(_f.c.batch_id == batch_id, _f.c.record_id.is_not(None))
    if query.severity:
        sub = sub.where(_f.c.severity == query.severity)
        if query.severity == "warning":
            sub = sub.where(_f.c.acknowledged.is_(False))
    if query.rule:
        sub = sub.where(_f.c.rule_id == query.rule)
    return sub


def _ordering(conn: Connection, specs: dict[str, FieldSpec], query: RowQuery) -> list[Any]:
    if not query.sort_field:
        return [_r.c.seq]
    spec = specs.get(query.sort_field)
    if spec is None:
        raise NotFound(f"没有字段“{query.sort_field}”")
    key = cell_expr(conn, spec.name)
    if spec.type is FieldType.CODE and spec.table:
        # Codes sort by the names the grid shows, not by the codes behind them.
        names = {e.code: e.name for e in code_table(spec.table)}
        key = case(names, value=key, else_=key)
    empty = key.is_(None)
    if query.descending:
        return [empty, key.desc(), _r.c.seq]
    return [empty, key, _r.c.seq]


def _search_prefilter(conn: Connection, specs: Iterable[FieldSpec], text: str) -> Any:
    """A superset of the matches, cheap for the database: the text anywhere in the
    record's JSON, a code whose name contains it, or a masked 证件号码 as shown."""
    pattern = like_pattern(text)
    terms: list[Any] = [_r.c.data.like(pattern, escape="\\"), _r.c.raw.like(pattern, escape="\\")]
    for spec in specs:
        if spec.type is FieldType.CODE and spec.table:
            codes = sorted(
                e.code
                for e in code_table(spec.table)
                if text in e.name or any(text in a for a in e.aliases)
            )
            if codes:
                terms.append(member(conn, _r.c.data, spec.name).in_(codes))
    if "*" in text:
        masked = like_pattern(text.replace("*", "\0")).replace("\0", "_")
        terms.append(_r.c.id_number.like(masked, escape="\\"))
    return or_(*terms) if terms else literal(True)


def _matches(kind: Any, specs: Iterable[FieldSpec], data: str, raw: str | None, text: str) -> bool:
    values = cell_values(kind, data, raw)
    for spec in specs:
        value = values.get(spec.name)
        if value is None:
            continue
        if text in shown(spec, value):
            return True
        # A full 证件号码 typed into the search finds its record; parts of the hidden
        # digits do not (they would reveal a masked birth date piece by piece).
        if spec.type is FieldType.ID_NUMBER and str(value) == text:
            return True
    return False


@dataclass(frozen=True)
class CellValue:
    row_no: int
    version: int
    value: Any  # as the clerk typed it: what an edit may write back (undo)


def editable(value: Any) -> Any:
    """A stored value as an edit takes it: plain text for dates and decimals."""
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def read_cells(
    session: Session, batch_id: str, seqs: Iterable[int], name: str
) -> dict[int, CellValue]:
    """One field of some records, unmasked, with each record's version: the values an
    edit replaces (kept by the undo stack, never shown)."""
    session.require(Action.EDIT, batch_id)
    wanted = sorted(set(seqs))
    out: dict[int, CellValue] = {}
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        if name not in {s.name for s in kind_fields(batch.kind)}:
            raise NotFound(f"{batch.kind.label}没有字段“{name}”")
        columns = (_r.c.seq, _r.c.row_no, _r.c.version, _r.c.data, _r.c.raw)
        for i in range(0, len(wanted), 900):
            chunk = wanted[i : i + 900]
            query = select(*columns).where(and_(_r.c.batch_id == batch.id, _r.c.seq.in_(chunk)))
            for r in conn.execute(query):
                value = editable(cell_values(batch.kind, r.data, r.raw).get(name))
                out[r.seq] = CellValue(r.row_no, r.version, value)
    return out
