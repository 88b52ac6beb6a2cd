"""What a batch grid shows: a page of records with their findings, display-ready."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.domain.codes import table as code_table
from desktop.domain.fields import FieldSpec, FieldType
from desktop.domain.idcards import mask_id
from desktop.domain.records import kind_fields
from desktop.domain.roles import Action
from desktop.services.workspace import Session
from desktop.store import batches as repo
from desktop.store import codec
from desktop.store import records as rec
from desktop.store.models import FindingRow, table_of

_f = table_of(FindingRow)


@dataclass(frozen=True)
class CellNote:
    severity: str
    rule: str
    message: str


@dataclass(frozen=True)
class GridRow:
    record_id: int
    row_no: int
    values: dict[str, str]  # field -> text as shown (codes as names, ID numbers masked)
    notes: dict[str, list[CellNote]]  # field ("" for the row) -> findings


@dataclass(frozen=True)
class GridPage:
    start: int
    rows: list[GridRow]


def shown(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return ""
    if spec.type is FieldType.CODE and spec.table:
        entry = code_table(spec.table).lookup(str(value))
        return entry.name if entry else str(value)
    if spec.type is FieldType.ID_NUMBER:
        return mask_id(str(value))
    return str(value)


def read_page(session: Session, batch_id: str, start: int, count: int) -> GridPage:
    """Rows `start` .. `start + count - 1` of the batch, ready to draw."""
    session.require(Action.VIEW, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        records = rec.page(conn, batch.id, start, count)
        ids = [r[0] for r in records]
        notes: dict[int, dict[str, list[CellNote]]] = {}
        if ids:
            query = select(_f.c.record_id, _f.c.field, _f.c.severity, _f.c.rule_id, _f.c.message)
            for f in conn.execute(query.where(_f.c.record_id.in_(ids))):
                notes.setdefault(f.record_id, {}).setdefault(f.field or "", []).append(
                    CellNote(f.severity, f.rule_id, f.message)
                )
    specs = kind_fields(batch.kind)
    rows = []
    for record_id, row_no, data, raw in records:
        values = codec.loads(batch.kind, data)
        if raw:
            values.update(json.loads(raw))
        texts = {s.name: shown(s, values.get(s.name)) for s in specs}
        rows.append(GridRow(record_id, row_no, texts, notes.get(record_id, {})))
    return GridPage(start, rows)
