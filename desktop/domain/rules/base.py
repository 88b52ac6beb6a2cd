"""What a rule is, what it finds, and the context it judges against."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from desktop.domain.fields import BatchKind
from desktop.domain.idcards import mask_id
from desktop.domain.table import Table
from desktop.domain.workcal import WorkCalendar, default_calendar


class Severity(StrEnum):
    ERROR = "error"  # blocks signing
    WARNING = "warning"  # needs an acknowledgement with a reason
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Scope(StrEnum):
    FIELD = "field"  # one cell
    ROW = "row"  # several cells of one record
    BATCH = "batch"  # across the records of the batch (uniqueness, columns)
    WORKSPACE = "workspace"  # against what the local store already holds
    CENTRAL = "central"  # only the central server can judge


class WorkspaceView(Protocol):
    """What workspace-scope rules may ask of the local store (implemented by the store)."""

    def students_with_diploma(self, id_numbers: Collection[str]) -> Collection[str]: ...

    def enrolled_students(self, id_numbers: Collection[str]) -> Collection[str]: ...

    def student_numbers(self, numbers: Collection[str]) -> Mapping[str, str]:
        """学号 -> the 证件号码 of the student who holds it."""
        ...

    def suspended_students(self, id_numbers: Collection[str]) -> Collection[str]:
        """Students whose latest 学籍变动 is 休学."""
        ...


@dataclass(frozen=True)
class Context:
    """What a rule may know beyond the records: the school, the date, the store."""

    as_of: date
    school_code: str | None = None
    school_name: str | None = None
    president: str | None = None
    school_type: str | None = None  # 办学类型 code (the 6th digit of 证书编号)
    credit_system: bool = False
    term_start: date | None = None
    calendar: WorkCalendar = field(default_factory=default_calendar)
    workspace: WorkspaceView | None = None
    photos: frozenset[str] | None = None  # keys (证件号码/考生号/学号) that have a photo


# A hit: (row index in the table or None for the batch, field or None, message params).
Hit = tuple[int | None, str | None, Mapping[str, Any] | None]
Check = Callable[[Table, Context], Iterable[Hit]]


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    kinds: frozenset[BatchKind]
    basis: str  # the article (第十七条) or the standard (GB 11643-1999)
    severity: Severity
    scope: Scope
    fields: tuple[str, ...]
    title: str  # short Chinese name for lists and summaries
    message_zh: str  # str.format template; {label} and {value} are always available
    message_en: str
    check: Check = field(repr=False)

    def applies_to(self, kind: BatchKind) -> bool:
        return kind in self.kinds


@dataclass(frozen=True, slots=True)
class Finding:
    rule: Rule
    index: int | None  # record index in the table; None for a batch-level finding
    row: int | None  # sheet row number (header = row 1)
    field: str | None
    column: str | None  # header text as in the file
    value: Any
    params: Mapping[str, Any] | None
    sensitive: bool = False  # an identity number: shown masked in messages

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def _format(self, template: str) -> str:
        shown = mask_id(str(self.value)) if self.sensitive and self.value else _shown(self.value)
        values: dict[str, Any] = {"label": self.column or "", "value": shown}
        if self.params:
            values.update({k: _shown(v) for k, v in self.params.items()})
        try:
            return template.format(**values)
        except (KeyError, IndexError):  # a template bug must not hide the finding
            return template

    @property
    def message(self) -> str:
        return self._format(self.rule.message_zh)

    @property
    def message_en(self) -> str:
        return self._format(self.rule.message_en)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "rule": self.rule.id,
            "severity": self.severity.value,
            "message": self.message,
        }


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
