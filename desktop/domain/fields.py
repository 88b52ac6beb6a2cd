"""Field descriptions shared by records, sheets, rules and the UI."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class BatchKind(StrEnum):
    ENROLLMENT = "enrollment"
    ANNUAL = "annual"
    DIPLOMA = "diploma"
    CORRECTION = "correction"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    BatchKind.ENROLLMENT: "新生学籍注册",
    BatchKind.ANNUAL: "学年注册",
    BatchKind.DIPLOMA: "学历证书注册",
    BatchKind.CORRECTION: "信息变更/更正",
}


class FieldType(StrEnum):
    TEXT = "text"  # free text
    NAME = "name"  # a person's name
    CODE = "code"  # a value of a code table, stored as its code
    IDENT = "ident"  # an identifier (考生号, 学号, 证书编号, 专业代码): NFKC text, no spaces
    ID_NUMBER = "id_number"  # an identity document number
    DATE = "date"
    YEAR_MONTH = "year_month"
    DECIMAL = "decimal"
    ACADEMIC_YEAR = "academic_year"
    BOOL = "bool"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str  # canonical field name (also the English-side header)
    label: str  # Chinese label, the template header
    code: str  # CHSI-style field code
    type: FieldType
    table: str | None = None  # code table key for CODE fields
    headers: tuple[str, ...] = ()  # other header spellings found in office sheets
    label_en: str = ""


def spec(
    label: str,
    code: str,
    ftype: FieldType,
    *,
    table: str | None = None,
    headers: tuple[str, ...] = (),
    en: str = "",
) -> Any:
    """A dataclass field carrying its sheet description; every record field is optional
    in the type because a draft row may lack anything — rules decide what is required."""
    meta = {"spec": (label, code, ftype, table, headers, en)}
    return dataclasses.field(default=None, metadata=meta)


_FIELDS: dict[type[Any], tuple[FieldSpec, ...]] = {}


def fields_of(record_type: type[Any]) -> tuple[FieldSpec, ...]:
    known = _FIELDS.get(record_type)
    if known is not None:
        return known
    out = []
    for f in dataclasses.fields(record_type):
        if "spec" not in f.metadata:
            continue
        label, code, ftype, table, headers, en = f.metadata["spec"]
        out.append(
            FieldSpec(
                name=f.name,
                label=label,
                code=code,
                type=ftype,
                table=table,
                headers=headers,
                label_en=en or f.name,
            )
        )
    _FIELDS[record_type] = result = tuple(out)
    return result


def field_map(record_type: type[Any]) -> Mapping[str, FieldSpec]:
    return {f.name: f for f in fields_of(record_type)}
