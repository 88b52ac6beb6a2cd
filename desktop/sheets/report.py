"""The error report a clerk can act on and hand around the office (openpyxl, write-only).

Sheets: 概况 (file, rule-pack version, date, totals), 问题行 (the rows with findings, or
全部数据 on request, laid out as in the file, each offending cell filled by severity
with the messages in a comment), 问题清单 (one line per finding, autofilter, frozen
header), 规则汇总 (counts per rule). Every text cell goes through `neutral`; identity
numbers are masked as everywhere else.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.domain.fields import BatchKind, FieldType
from desktop.domain.idcards import mask_id
from desktop.domain.records import kind_fields
from desktop.domain.rules.base import Finding, Severity
from desktop.domain.rules.catalogue import RULE_PACK_VERSION
from desktop.domain.table import Table
from desktop.sheets.neutral import neutral

FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_AUTHOR = "学籍学历注册工作台"


@dataclass
class ReportInput:
    file: str
    sheet: str | None
    kind: BatchKind
    table: Table
    findings: Sequence[Finding]
    columns: Sequence[tuple[int, str]] = ()  # header cells (column index, text), file order
    fields: dict[int, str] | None = None  # column index -> field, for mapped columns
    extra: dict[int, list[Any]] | None = None  # unmapped columns' cells, by column index
    photos: str | None = None  # where the photos came from, when imported


def write_report(
    data: ReportInput, out: Path, *, all_rows: bool = False, today: date | None = None
) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    styles = _Styles()
    _summary(book, data, today or date.today(), styles)
    _rows(book, data, all_rows, styles)
    _findings(book, data, styles)
    _rules(book, data, styles)
    # Saved to memory first: a target that cannot be written then fails after openpyxl
    # has finished with its write-only sheets, not in the middle of them.
    buffer = io.BytesIO()
    book.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return out


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.fills = {s: PatternFill("solid", fgColor=c) for s, c in FILLS.items()}
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.head_fill = PatternFill("solid", fgColor="D9D9D9")
        self.wrap = Alignment(wrap_text=True, vertical="top")


def _cell(ws: Any, value: Any, **style: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=_value(value))
    if isinstance(value, (date, datetime)):
        cell.number_format = "yyyy-mm-dd" if not isinstance(value, datetime) else "yyyy-mm-dd hh:mm"
    for key, v in style.items():
        setattr(cell, key, v)
    return cell


def _value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, date, datetime)):
        return value
    return neutral(str(value))


def _header(ws: Any, titles: Iterable[str], styles: _Styles) -> None:
    ws.append([_cell(ws, t, font=styles.bold, fill=styles.head_fill) for t in titles])


def _summary(book: Any, d: ReportInput, today: date, styles: _Styles) -> None:
    ws = book.create_sheet("概况")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 60
    counts = Counter(f.severity for f in d.findings)
    rows_with = len({f.index for f in d.findings if f.index is not None})
    ws.append([_cell(ws, "学籍学历注册工作台 校验报告", font=styles.title)])
    ws.append([])
    lines: list[tuple[str, Any]] = [
        ("文件", d.file),
        ("工作表", d.sheet or "（无）"),
        ("业务类型", d.kind.label),
        ("规则包版本", RULE_PACK_VERSION),
        ("校验日期", today),
        ("记录数", d.table.n),
        ("有问题的记录", rows_with),
        ("错误", counts[Severity.ERROR]),
        ("警告", counts[Severity.WARNING]),
        ("提示", counts[Severity.INFO]),
    ]
    if d.photos:
        lines.append(("照片", d.photos))
    for label, value in lines:
        ws.append([_cell(ws, label, font=styles.bold), _cell(ws, value)])
    ws.append([])
    ws.append([_cell(ws, "错误须改正后才能签名上报；警告须由审核员确认并说明理由；提示仅供参考。")])


def _sensitive(kind: BatchKind) -> frozenset[str]:
    return frozenset(f.name for f in kind_fields(kind) if f.type is FieldType.ID_NUMBER)


def _rows(book: Any, d: ReportInput, all_rows: bool, styles: _Styles) -> None:
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet("全部数据" if all_rows else "问题行")
    t = d.table
    columns = list(d.columns) or [(i, t.header(n)) for i, n in enumerate(t.raw)]
    fields = d.fields if d.fields is not None else dict(enumerate(t.raw))
    extra = d.extra or {}
    hidden = _sensitive(d.kind)
    # Findings per record and cell: the row-number column takes those whose field has
    # no column in the file.
    placed = {n: pos + 1 for pos, (i, _) in enumerate(columns) if (n := fields.get(i))}
    per_cell: dict[int, dict[int, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in d.findings:
        if f.index is not None:
            per_cell[f.index][placed.get(f.field or "", 0)].append(f)
    # A write-only sheet takes its views and widths before the first row.
    ws.freeze_panes = "B2"
    for pos in range(len(columns) + 1):
        ws.column_dimensions[get_column_letter(pos + 1)].width = 8 if pos == 0 else 16
    _header(ws, ["行号", *(text for _, text in columns)], styles)
    getters = []
    for i, _ in columns:
        name = fields.get(i)
        values = t.raw.get(name) if name else extra.get(i)
        getters.append((values, name in hidden))
    indexes = range(t.n) if all_rows else sorted(per_cell)
    for index in indexes:
        marks = per_cell.get(index, {})
        cells: list[Any] = [t.rows[index]]
        for values, secret in getters:
            v = values[index] if values is not None else None
            cells.append(mask_id(str(v)) if secret and v is not None else v)
        out = []
        for pos, v in enumerate(cells):
            found = marks.get(pos)
            if not found:
                out.append(_value(v))
                continue
            worst = min((f.severity for f in found), key=_RANK.__getitem__)
            text = "\n".join(f"[{f.severity.label}] {f.rule.id}：{f.message}" for f in found)
            cell = _cell(ws, v, fill=styles.fills[worst])
            cell.comment = Comment(neutral(text), _AUTHOR, width=360, height=40 + 40 * len(found))
            out.append(cell)
        ws.append(out)


def _findings(book: Any, d: ReportInput, styles: _Styles) -> None:
    ws = book.create_sheet("问题清单")
    titles = ["行号", "列", "值", "规则", "严重程度", "说明", "依据"]
    for letter, width in zip("ABCDEFG", (8, 16, 22, 24, 9, 70, 18), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{len(d.findings) + 1}"
    _header(ws, titles, styles)
    for f in d.findings:
        shown = mask_id(str(f.value)) if f.sensitive and f.value else f.value
        severity = _cell(ws, f.severity.label, fill=styles.fills[f.severity])
        ws.append([
            f.row if f.row is not None else "表级", _value(f.column), _value(shown),
            _value(f.rule.id), severity, _value(f.message), _value(f.rule.basis),
        ])  # fmt: skip


def _rules(book: Any, d: ReportInput, styles: _Styles) -> None:
    ws = book.create_sheet("规则汇总")
    for letter, width in zip("ABCDEF", (24, 30, 9, 18, 9, 12), strict=True):
        ws.column_dimensions[letter].width = width
    _header(ws, ["规则", "名称", "严重程度", "依据", "问题数", "涉及记录数"], styles)
    counts: Counter[str] = Counter()
    records: dict[str, set[int]] = defaultdict(set)
    rules = {}
    for f in d.findings:
        counts[f.rule.id] += 1
        rules[f.rule.id] = f.rule
        if f.index is not None:
            records[f.rule.id].add(f.index)
    order = sorted(counts, key=lambda r: (_RANK[rules[r].severity], -counts[r], r))
    for rule_id in order:
        r = rules[rule_id]
        severity = _cell(ws, r.severity.label, fill=styles.fills[r.severity])
        ws.append([
            _value(r.id), _value(r.title), severity, _value(r.basis), counts[rule_id],
            len(records[rule_id]),
        ])  # fmt: skip
    ws.append([])
    ws.append([_cell(ws, "合计", font=styles.bold), None, None, None, sum(counts.values())])
