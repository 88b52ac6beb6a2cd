"""What a batch grid shows: a page of records with their findings, display-ready."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind, FieldSpec, FieldType
from desktop.domain.idcards import mask_id
from desktop.domain.records import kind_fields
from desktop.domain.roles import Action
from desktop.services.workspace import Session
from desktop.store import batches as repo
from desktop.store import codec
from desktop.store.batches import BatchInfo
from desktop.store.models import FindingRow, Record, table_of

# BatchInfo is re-exported: the UI's view of a batch, without importing the store.
__all__ = [
    "BatchInfo", "CellNote", "GridPage", "GridRow", "cell_values", "read_page", "read_rows",
    "shown",
]  # fmt: skip
_f = table_of(FindingRow)
_r = table_of(Record)
CHUNK = 900  # values per IN list: under every driver's parameter limit


@dataclass(frozen=True)
class CellNote:
    severity: str
    rule: str
    message: str
    acknowledged: bool = False


@dataclass(frozen=True)
class GridRow:
    record_id: int
    row_no: int
    values: dict[str, str]  # field -> text as shown (codes as names, ID numbers masked)
    notes: dict[str, list[CellNote]]  # field ("" for the row) -> findings
    seq: int = -1  # position in the batch (the store's order)
    version: int = 0  # the record's version when read: what an edit expects


@dataclass(frozen=True)
class GridPage:
    start: int
    rows: list[GridRow]
    seqs: tuple[int, ...] | None = field(default=None)  # the positions' records, if not start..


def shown(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return ""
    if spec.type is FieldType.CODE and spec.table:
        entry = code_table(spec.table).lookup(str(value))
        return entry.name if entry else str(value)
    if spec.type is FieldType.ID_NUMBER:
        return mask_id(str(value))
    return str(value)


def cell_values(kind: BatchKind, data: str, raw: str | None) -> dict[str, Any]:
    """A record's values as the clerk last typed them: typed values, and the raw text of
    the cells that did not parse (which is what the grid shows and edits)."""
    values = codec.loads(kind, data)
    if raw:
        values.update(json.loads(raw))
    return values


def read_page(session: Session, batch_id: str, start: int, count: int) -> GridPage:
    """Rows `start` .. `start + count - 1` of the batch, ready to draw."""
    session.require(Action.VIEW, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        query = _rows_query(batch.id).where(_r.c.seq >= start, _r.c.seq < start + count)
        records = list(conn.execute(query.order_by(_r.c.seq)))
        return GridPage(start, _grid_rows(conn, batch, records))


def read_rows(session: Session, batch_id: str, seqs: Sequence[int], start: int = 0) -> GridPage:
    """The records at these positions, in the order given (a sorted or filtered view)."""
    session.require(Action.VIEW, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        found: dict[int, Any] = {}
        wanted = sorted(set(seqs))
        for i in range(0, len(wanted), CHUNK):
            query = _rows_query(batch.id).where(_r.c.seq.in_(wanted[i : i + CHUNK]))
            found.update((r.seq, r) for r in conn.execute(query))
        records = [found[s] for s in seqs if s in found]
        return GridPage(start, _grid_rows(conn, batch, records), tuple(seqs))


def _rows_query(batch_id: str) -> Any:
    columns = (_r.c.id, _r.c.seq, _r.c.row_no, _r.c.data, _r.c.raw, _r.c.version)
    return select(*columns).where(_r.c.batch_id == batch_id)


def _grid_rows(conn: Connection, batch: repo.BatchInfo, records: list[Any]) -> list[GridRow]:
    ids = sorted({r.id for r in records})
    notes: dict[int, dict[str, list[CellNote]]] = {}
    columns = (_f.c.record_id, _f.c.field, _f.c.severity, _f.c.rule_id, _f.c.message)
    for i in range(0, len(ids), CHUNK):
        query = select(*columns, _f.c.acknowledged).where(
            _f.c.batch_id == batch.id, _f.c.record_id.in_(ids[i : i + CHUNK])
        )
        for f in conn.execute(query.order_by(_f.c.id)):
            notes.setdefault(f.record_id, {}).setdefault(f.field or "", []).append(
                CellNote(f.severity, f.rule_id, f.message, bool(f.acknowledged))
            )
    specs = kind_fields(batch.kind)
    rows = []
    for r in records:
        values = cell_values(batch.kind, r.data, r.raw)
        texts = {s.name: shown(s, values.get(s.name)) for s in specs}
        rows.append(GridRow(r.id, r.row_no, texts, notes.get(r.id, {}), r.seq, r.version))
    return rows
