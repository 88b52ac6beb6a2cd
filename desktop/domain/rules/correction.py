"""信息变更/更正 (articles 10, 19): the record's identity fields hold the current values;
变更项目 names the identity field changed, 变更前/变更后 its old and new values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from desktop.domain.certno import parse_cert_number
from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind, FieldSpec, FieldType, field_map
from desktop.domain.idcards import (
    IdKind,
    IdProblem,
    looks_like_permit,
    mask_id,
    parse_resident_id,
)
from desktop.domain.records import Identity
from desktop.domain.rules.base import Context, Hit
from desktop.domain.rules.base import Scope as S
from desktop.domain.rules.base import Severity as V
from desktop.domain.rules.book import RuleBook
from desktop.domain.rules.common import _NAME_OK
from desktop.domain.rules.helpers import (
    blank,
    code_of,
    missing_columns,
    missing_values,
    where,
)
from desktop.domain.table import Parser, Table, parser_for

BOOK = RuleBook()
rule = BOOK.rule
C = BatchKind.CORRECTION

_DURING = "在校期间身份信息变更"
_AFTER = "学历注册后信息更正"
_LOST = "学历证书遗失证明书"
_ADMISSION = "录取数据更正申请"


@cache
def _types(*names: str) -> frozenset[str]:
    return frozenset(code_of("correction_type", n) for n in names)


@cache
def _items() -> dict[str, tuple[FieldSpec, Parser]]:
    """变更项目 code -> the identity field it changes and that field's cell parser."""
    specs = field_map(Identity)
    return {
        e.code: (specs[e.code], parser_for(specs[e.code])[0])
        for e in code_table("identity_item")
        if e.code in specs
    }


@cache
def _kinds_by_code() -> dict[str, IdKind]:
    return {e.code: IdKind(e.extra["kind"]) for e in code_table("id_type")}


@cache
def _provinces() -> frozenset[str]:
    return code_table("province").codes


# Code cells that do not parse are reported by the STD-…-CODE rules, not as empty.
_CODED = frozenset({"bglx", "bgxm"})


def _missing(t: Table, name: str) -> list[bool]:
    if name in _CODED:
        return [blank(r) for r in t.raw_col(name)]
    return [v is None for v in t.col(name)]


def _empty_in(t: Table, types: frozenset[str], *names: str) -> Iterator[Hit]:
    """Empty cells of `names` in the rows whose 变更类别 is one of `types`."""
    kinds = t.col("bglx")
    names_of = code_table("correction_type").name_of
    for name in names:
        for i, (k, empty) in enumerate(zip(kinds, _missing(t, name), strict=True)):
            if empty and k in types:
                yield i, name, {"kind": names_of(k)}


@rule(
    "COR-019-COLUMN", kinds=C, basis="第十九条", severity=V.ERROR,
    scope=S.BATCH, fields=(), title="缺少信息变更必需的列",
    zh="文件缺少“{label}”列：信息变更/更正必须写明变更类别、姓名、证件号码和变更原因",
    en="the file has no '{label}' column; a correction needs its type, name, ID number "
    "and reason",
)  # fmt: skip
def _columns(t: Table, ctx: Context) -> Iterator[Hit]:
    return missing_columns(t, C)


@rule(
    "COR-019-REQUIRED", kinds=C, basis="第十九条", severity=V.ERROR,
    scope=S.FIELD, fields=(), title="信息变更信息不完整",
    zh="{label}不能为空", en="{label} must not be empty",
)  # fmt: skip
def _required(t: Table, ctx: Context) -> Iterator[Hit]:
    return missing_values(t, C)


@rule(
    "COR-019-CHANGE-REQUIRED", kinds=C, basis="第十九条", severity=V.ERROR,
    scope=S.ROW, fields=("bgxm", "bgq", "bgh"), title="未写明变更项目及变更前后的值",
    zh="{label}不能为空：{kind}须写明变更项目、变更前和变更后的值（学信网保留更改前的信息）",
    en="{label} must not be empty: a '{kind}' names the changed item and its old and new values",
)  # fmt: skip
def _change_fields(t: Table, ctx: Context) -> Iterator[Hit]:
    return _empty_in(t, _types(_DURING, _AFTER), "bgxm", "bgq", "bgh")


_ID_PROBLEMS = {
    IdProblem.FORMAT: (
        "应为 18 位：17 位数字加 1 位数字或 X",
        "must be 17 digits and a digit or X",
    ),
    IdProblem.CHECKSUM: ("校验码（第 18 位）不正确", "has a wrong check character"),
    IdProblem.BIRTH_DATE: ("第 7–14 位不是有效的出生日期", "digits 7–14 are not a birth date"),
    IdProblem.AREA: ("前两位不是有效的省级行政区代码", "digits 1–2 are not a province code"),
}
_PERMIT = (
    "是港澳台居民居住证号码，证件类型应为港澳台居民居住证",
    "is a residence permit number; set the ID type to residence permit",
)
_BAD_DATE = ("不是有效日期，请写作 2000-01-01", "is not a valid date; write 2000-01-01")
_BAD_NAME = (
    "含有数字、标点或其他不应出现在姓名中的字符",
    "contains characters not allowed in a name",
)

Wrong = tuple[str, str]  # what is wrong, in Chinese and English


def _unreadable(spec: FieldSpec) -> Wrong | None:
    if spec.type is FieldType.DATE:
        return _BAD_DATE
    if spec.type is FieldType.CODE:
        info = code_table(spec.table or "")
        return (
            f"不是{info.title}代码表（{info.version}）中的代码或名称",
            f"is not a code or name in the {info.title_en} table",
        )
    return None


def _wrong(spec: FieldSpec, normal: Any, value: str, resident: bool, today: date) -> Wrong | None:
    if spec.type is FieldType.NAME:
        name = normal or ""
        if len(name) > 50 or _NAME_OK.match(name) is None or name.startswith("·"):
            return _BAD_NAME
    elif spec.type is FieldType.ID_NUMBER and resident:
        if looks_like_permit(value):
            return _PERMIT
        _, problems = parse_resident_id(value, provinces=_provinces(), today=today)
        found = [_ID_PROBLEMS[p] for p in problems if p in _ID_PROBLEMS]
        if found:
            return (
                "居民身份证号码" + "；".join(zh for zh, _ in found),
                "resident ID " + "; ".join(en for _, en in found),
            )
    return None


def _judge(
    spec: FieldSpec, parse: Parser, value: str, resident: bool, today: date
) -> tuple[Any, Wrong | None]:
    """`value` normalised as its field is, and what is wrong with it as that field's value."""
    try:
        normal = parse(value)
    except (ValueError, LookupError):
        return value, _unreadable(spec)
    return normal, _wrong(spec, normal, value, resident, today)


def _normal(parse: Parser, value: str) -> Any:
    try:
        return parse(value)
    except (ValueError, LookupError):
        return value


@dataclass
class _Changes:
    """变更前/变更后 judged once per table, shared by the two rules below."""

    unchanged: list[int] = field(default_factory=list)
    invalid: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _changes(t: Table, today: date) -> _Changes:
    key = f"changes@{today.isoformat()}"
    done = t.memo.get(key)
    if isinstance(done, _Changes):
        return done
    out = _Changes()
    items = _items()
    kinds = _kinds_by_code()
    resident_id = IdKind.RESIDENT_ID
    # Code values repeat across rows: judge each (item, value) once.
    judged: dict[tuple[str, str, bool], tuple[Any, Wrong | None]] = {}
    normals: dict[tuple[str, str], Any] = {}
    cols = zip(t.col("bgxm"), t.col("bgq"), t.col("bgh"), t.col("zjlx"), strict=True)
    for i, (item, old, new, id_type) in enumerate(cols):
        if new is None:
            continue
        found = items.get(item) if item is not None else None
        if found is None:
            if new == old:
                out.unchanged.append(i)
            continue
        spec, parse = found
        # An empty 证件类型 means 居民身份证, as on every national form.
        resident = spec.type is FieldType.ID_NUMBER and (
            id_type is None or kinds.get(id_type) is resident_id
        )
        got = judged.get((item, new, resident))
        if got is None:
            got = judged[item, new, resident] = _judge(spec, parse, new, resident, today)
        normal, wrong = got
        if wrong is not None:
            shown = mask_id(new) if spec.type is FieldType.ID_NUMBER else new
            params = {"item": spec.label, "item_en": spec.label_en, "shown": shown}
            out.invalid.append((i, {**params, "problem": wrong[0], "problem_en": wrong[1]}))
        if old is not None:
            if (item, old) not in normals:
                normals[item, old] = _normal(parse, old)
            if normals[item, old] == normal:
                out.unchanged.append(i)
    t.memo[key] = out
    return out


@rule(
    "COR-019-UNCHANGED", kinds=C, basis="第十九条", severity=V.ERROR,
    scope=S.ROW, fields=("bgq", "bgh"), title="变更后与变更前相同",
    zh="变更后的值与变更前相同，没有需要变更的内容",
    en="the new value is the same as the old one; there is nothing to change",
)  # fmt: skip
def _unchanged(t: Table, ctx: Context) -> Iterator[Hit]:
    return ((i, "bgh", None) for i in _changes(t, ctx.as_of).unchanged)


@rule(
    "COR-019-BGH-INVALID", kinds=C, basis="第十九条", severity=V.ERROR,
    scope=S.ROW, fields=("bgh", "bgxm"), title="变更后的值无效",
    zh="变更后的{item}“{shown}”无效：{problem}",
    en="the new {item_en} '{shown}' is invalid: it {problem_en}",
)  # fmt: skip
def _new_value(t: Table, ctx: Context) -> Iterator[Hit]:
    return ((i, "bgh", params) for i, params in _changes(t, ctx.as_of).invalid)


@rule(
    "COR-019-PROOF", kinds=C, basis="第十九条", severity=V.ERROR,
    scope=S.ROW, fields=("zmcl",), title="缺少合法性证明",
    zh="{label}不能为空：在校期间修改或变更身份信息须由学生本人提供合法性证明",
    en="{label} must not be empty: a change of identity data needs the student's legal proof",
)  # fmt: skip
def _proof(t: Table, ctx: Context) -> Iterator[Hit]:
    return _empty_in(t, _types(_DURING), "zmcl")


@rule(
    "COR-019-SPWH", kinds=C, basis="第十九条", severity=V.ERROR,
    scope=S.ROW, fields=("spwh",), title="缺少省级审核文号",
    zh="{label}不能为空：学历注册后注册信息确有错误的，须经省级教育行政部门审核确认后方可修改",
    en="{label} must not be empty: after diploma registration only the provincial "
    "education department may approve a correction",
)  # fmt: skip
def _approval(t: Table, ctx: Context) -> Iterator[Hit]:
    return _empty_in(t, _types(_AFTER), "spwh")


@rule(
    "COR-019-ZSBH-REQUIRED", kinds=C, basis="第十九条", severity=V.ERROR,
    scope=S.ROW, fields=("zsbh",), title="缺少证书编号",
    zh="{label}不能为空：{kind}须写明所涉学历证书的编号",
    en="{label} must not be empty: a '{kind}' names the diploma's number",
)  # fmt: skip
def _cert_required(t: Table, ctx: Context) -> Iterator[Hit]:
    return _empty_in(t, _types(_AFTER, _LOST), "zsbh")


@rule(
    "COR-019-ZMSBH", kinds=C, basis="第十九条", severity=V.ERROR,
    scope=S.ROW, fields=("zmsbh",), title="缺少证明书编号",
    zh="{label}不能为空：学历证书遗失的由学校出具证明书并在学历注册信息中标注",
    en="{label} must not be empty: for a lost diploma the school issues a certificate "
    "and records it",
)  # fmt: skip
def _statement_required(t: Table, ctx: Context) -> Iterator[Hit]:
    return _empty_in(t, _types(_LOST), "zmsbh")


@rule(
    "COR-019-ZSBH-FORMAT", kinds=C, basis="学历证书编号规则", severity=V.ERROR,
    scope=S.ROW, fields=("zsbh",), title="证书编号格式错误",
    zh="证书编号“{value}”应为 18 位数字："
    "学校代码 5 位、办学类型 1 位、年份 4 位、层次 2 位、顺序号 6 位",
    en="certificate number '{value}' must be 18 digits: school 5, type 1, year 4, level 2, "
    "sequence 6",
)  # fmt: skip
def _cert_format(t: Table, ctx: Context) -> Iterator[Hit]:
    types = _types(_AFTER, _LOST)
    for i, (kind, number) in enumerate(zip(t.col("bglx"), t.col("zsbh"), strict=True)):
        if number is not None and kind in types and parse_cert_number(number) is None:
            yield i, "zsbh", None


@rule(
    "COR-019-AFTER-REG", kinds=C, basis="第十九条", severity=V.WARNING,
    scope=S.ROW, fields=("bglx", "zsbh"), title="已注册学历的学生作在校期间变更",
    zh="已填证书编号“{value}”：学历注册并提供网上查询后学校不得自行变更注册信息，"
    "应按“学历注册后信息更正”报省级教育行政部门审核",
    en="a certificate number '{value}' is filled: after diploma registration the school may "
    "not change the data itself; file a post-registration correction",
)  # fmt: skip
def _after_registration(t: Table, ctx: Context) -> Iterator[Hit]:
    types = _types(_DURING)
    for i, (kind, number) in enumerate(zip(t.col("bglx"), t.col("zsbh"), strict=True)):
        if number is not None and kind in types:
            yield i, "zsbh", None


@rule(
    "COR-010-KSH", kinds=C, basis="第十条", severity=V.ERROR,
    scope=S.ROW, fields=("ksh",), title="录取数据更正缺少考生号",
    zh="{label}不能为空：录取数据更正须由学校向省级招生部门提出，按考生号核实",
    en="{label} must not be empty: the provincial admissions office checks the "
    "correction by exam number",
)  # fmt: skip
def _exam_number(t: Table, ctx: Context) -> Iterator[Hit]:
    return _empty_in(t, _types(_ADMISSION), "ksh")


@rule(
    "COR-019-DUP-ITEM", kinds=C, basis="第十九条", severity=V.WARNING,
    scope=S.BATCH, fields=("sfzh", "bgxm"), title="同一学生同一项目重复变更",
    zh="第 {first_row} 行已有该学生的同一变更项目“{value}”：后一条会覆盖前一条，请合并",
    en="row {first_row} already changes '{value}' for this student; the later row would "
    "overwrite it",
)  # fmt: skip
def _duplicate_item(t: Table, ctx: Context) -> Iterator[Hit]:
    first: dict[tuple[str, str], int] = {}
    rows = t.rows
    for i, (sid, item) in enumerate(zip(t.col("sfzh"), t.col("bgxm"), strict=True)):
        if sid is None or item is None:
            continue
        seen = first.setdefault((sid, item), i)
        if seen != i:
            yield i, "bgxm", {"first_row": rows[seen]}


@rule(
    "COR-SQRQ-FUTURE", kinds=C, basis="第十九条", severity=V.ERROR,
    scope=S.FIELD, fields=("sqrq",), title="申请日期晚于今天",
    zh="申请日期 {value} 晚于今天", en="application date {value} is in the future",
)  # fmt: skip
def _future(t: Table, ctx: Context) -> Iterator[Hit]:
    today = ctx.as_of
    return where(t, "sqrq", lambda d: d > today)
