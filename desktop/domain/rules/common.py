"""Rules every kind shares: readable cells, code tables, names, dates, 学制."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import cache

from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind
from desktop.domain.records import kind_fields
from desktop.domain.rules.base import Context, Hit
from desktop.domain.rules.base import Scope as S
from desktop.domain.rules.base import Severity as V
from desktop.domain.rules.book import ALL_KINDS, RuleBook
from desktop.domain.rules.helpers import problems, where_memo, years_before, years_between
from desktop.domain.table import Problem, Table

BOOK = RuleBook()
rule = BOOK.rule

STUDY_KINDS = (BatchKind.ENROLLMENT, BatchKind.ANNUAL, BatchKind.DIPLOMA)


@rule(
    "GEN-DATE-FORMAT", kinds=ALL_KINDS, basis="GB/T 7408-2005", severity=V.ERROR,
    scope=S.FIELD, fields=(), title="日期无法识别",
    zh="{label}“{value}”不是有效日期，请写作 2024-06-30",
    en="{label} '{value}' is not a valid date; write it as 2024-06-30",
)  # fmt: skip
def _date_format(t: Table, ctx: Context) -> Iterator[Hit]:
    return problems(t, Problem.DATE)


@rule(
    "GEN-COLUMN-IGNORED", kinds=ALL_KINDS, basis="数据标准", severity=V.INFO,
    scope=S.BATCH, fields=(), title="未识别的列已忽略",
    zh="未识别的列“{_column}”已忽略（不是本业务类型的字段）",
    en="unrecognised column '{_column}' was ignored",
)  # fmt: skip
def _ignored(t: Table, ctx: Context) -> Iterator[Hit]:
    return ((None, None, {"_column": header}) for header in t.ignored_columns)


@rule(
    "GEN-NUMBER-PRECISION", kinds=ALL_KINDS, basis="GB 11643-1999", severity=V.ERROR,
    scope=S.FIELD, fields=("sfzh", "ksh", "zsbh"), title="长号码被表格转成数字",
    zh="{label}被表格软件当作数字保存，超过 15 位的部分已丢失，请把该列设为文本后重新录入",
    en="{label} was stored as a number and lost its digits beyond the 15th; "
    "set the column to text and enter it again",
)  # fmt: skip
def _precision(t: Table, ctx: Context) -> Iterator[Hit]:
    return problems(t, Problem.PRECISION)


@rule(
    "GEN-NUMBER-FORMAT", kinds=ALL_KINDS, basis="数据标准", severity=V.ERROR,
    scope=S.FIELD, fields=("xz",), title="数值无法识别",
    zh="{label}“{value}”不是有效的数值", en="{label} '{value}' is not a valid number",
)  # fmt: skip
def _number(t: Table, ctx: Context) -> Iterator[Hit]:
    return problems(t, Problem.NUMBER)


@rule(
    "GEN-XN-FORMAT", kinds=ALL_KINDS, basis="第十二条", severity=V.ERROR,
    scope=S.FIELD, fields=("xn",), title="学年格式错误",
    zh="{label}“{value}”应写作相邻两年，如 2025-2026",
    en="{label} '{value}' must name two consecutive years, e.g. 2025-2026",
)  # fmt: skip
def _academic_year(t: Table, ctx: Context) -> Iterator[Hit]:
    return problems(t, Problem.ACADEMIC_YEAR)


# One rule per code table, each tracing to the standard the table comes from.
_CODE_RULES = (
    ("STD-XB-CODE", "gender", "性别"),
    ("STD-MZ-CODE", "ethnicity", "民族"),
    ("STD-ZZMM-CODE", "political", "政治面貌"),
    ("STD-ZJLX-CODE", "id_type", "证件类型"),
    ("STD-SYD-CODE", "province", "省份"),
    ("STD-CC-CODE", "level", "层次"),
    ("STD-XXXS-CODE", "study_mode", "学习形式"),
    ("STD-LQLX-CODE", "admission_type", "录取类型"),
    ("STD-FCJL-CODE", "review_conclusion", "复查结论"),
    ("STD-ZCZT-CODE", "registration_status", "注册状态"),
    ("STD-YDLB-CODE", "status_change", "学籍变动类别"),
    ("STD-ZXLB-CODE", "deregistration", "学籍注销类别"),
    ("STD-JZLB-CODE", "record_note", "学籍记载类别"),
    ("STD-QTZS-CODE", "other_certificate", "其他证书"),
    ("STD-BYJL-CODE", "graduation", "毕(结)业"),
    ("STD-BGLX-CODE", "correction_type", "变更类别"),
    ("STD-BGXM-CODE", "identity_item", "变更项目"),
)


@cache
def _fields_with_table(key: str) -> frozenset[str]:
    return frozenset(f.name for k in BatchKind for f in kind_fields(k) if f.table == key)


def _code_rule(rule_id: str, key: str, what: str) -> None:
    info = code_table(key)
    names = _fields_with_table(key)
    kinds = [k for k in BatchKind if any(f.table == key for f in kind_fields(k))]

    def check(t: Table, ctx: Context) -> Iterator[Hit]:
        return problems(t, Problem.CODE, names.__contains__)

    rule(
        rule_id, kinds=kinds, basis=info.version, severity=V.ERROR, scope=S.FIELD,
        fields=tuple(sorted(names)), title=f"{what}代码不在代码表中",
        zh=f"{{label}}“{{value}}”不是{info.title}代码表（{info.version}）中的代码或名称",
        en=f"{{label}} '{{value}}' is not a code or name in the {info.title_en} table "
        f"({info.version})",
    )(check)  # fmt: skip


for _rule_id, _key, _what in _CODE_RULES:
    _code_rule(_rule_id, _key, _what)


# A name is letters of some script, the middle dot of minority and foreign names, and
# single spaces between Latin words; digits and punctuation are typing slips.
_NAME_CHARS = "\u3400-\u9fff\U00020000-\U0003134f·A-Za-z\u00c0-\u024f' .\\-"
_NAME_OK = re.compile(f"^[{_NAME_CHARS}]+$")
# Over names joined by newlines: a character outside the set, or a name over 50 long.
_NAME_BAD_CHAR = re.compile(f"[^{_NAME_CHARS}\n]")
_NAME_TOO_LONG = re.compile(r"[^\n]{51}")


def _names_suspect(joined: str) -> bool:
    return bool(
        _NAME_BAD_CHAR.search(joined)
        or _NAME_TOO_LONG.search(joined)
        or joined.startswith("·")
        or "\n·" in joined
    )


@rule(
    "GEN-XM-CHARS", kinds=ALL_KINDS, basis="第十七条", severity=V.ERROR,
    scope=S.FIELD, fields=("xm", "xzxm"), title="姓名含非法字符",
    zh="{label}“{value}”含有数字、标点或其他不应出现在姓名中的字符",
    en="{label} '{value}' contains digits, punctuation or other characters not allowed in a name",
)  # fmt: skip
def _name_chars(t: Table, ctx: Context) -> Iterator[Hit]:
    match = _NAME_OK.match
    for name in ("xm", "xzxm"):
        col = t.col(name)
        # One regex pass over the whole column clears it when no name is suspect, which
        # is nearly always; only then is each name looked at.
        if not _names_suspect("\n".join(v for v in col if v is not None)):
            continue
        for i, v in enumerate(col):
            if v is not None and (len(v) > 50 or match(v) is None or v.startswith("·")):
                yield i, name, None


@rule(
    "GEN-CSRQ-RANGE", kinds=ALL_KINDS, basis="GB/T 7408-2005", severity=V.ERROR,
    scope=S.FIELD, fields=("csrq",), title="出生日期不合理",
    zh="出生日期 {value} 不合理（晚于今天、早于 1900 年或不满 10 周岁）",
    en="birth date {value} is implausible (in the future, before 1900, or under 10 years old)",
)  # fmt: skip
def _birth_range(t: Table, ctx: Context) -> Iterator[Hit]:
    lowest = date(1900, 1, 1)
    latest = years_before(ctx.as_of, 10)
    for i, v in enumerate(t.col("csrq")):
        if v is not None and not lowest <= v <= latest:
            yield i, "csrq", None


@rule(
    "GEN-AGE-ENTRY", kinds=STUDY_KINDS, basis="第七条", severity=V.WARNING,
    scope=S.ROW, fields=("csrq", "rxrq"), title="入学年龄异常",
    zh="入学时年龄 {age} 岁，请核对出生日期与入学日期",
    en="age at entry is {age}; check the birth and entry dates",
)  # fmt: skip
def _entry_age(t: Table, ctx: Context) -> Iterator[Hit]:
    # An age is judged by entry date and birth year: cheap to compute once per pair.
    for i, (born, entered) in enumerate(zip(t.col("csrq"), t.col("rxrq"), strict=True)):
        if born is not None and entered is not None and not 12 <= entered.year - born.year <= 80:
            age = int(years_between(born, entered))
            if not 12 <= age <= 80:
                yield i, "rxrq", {"age": age}


@cache
def _level_years() -> dict[str, tuple[Decimal, Decimal]]:
    spans = {}
    for e in code_table("level"):
        low, high = e.extra.get("min_years"), e.extra.get("max_years")
        if low and high:
            spans[e.code] = (Decimal(low), Decimal(high))
    return spans


@rule(
    "GEN-XZ-LEVEL", kinds=STUDY_KINDS, basis="第十七条", severity=V.ERROR,
    scope=S.ROW, fields=("xz", "cc"), title="学制与层次不符",
    zh="学制 {value} 年不在{level}的范围（{low}–{high} 年）内",
    en="a {value}-year programme is outside the {low}–{high} years allowed for {level}",
)  # fmt: skip
def _years_for_level(t: Table, ctx: Context) -> Iterator[Hit]:
    spans = _level_years()
    names = code_table("level")
    for i, (years, level) in enumerate(zip(t.col("xz"), t.col("cc"), strict=True)):
        if years is None or level is None or level not in spans:
            continue
        low, high = spans[level]
        if not low <= years <= high:
            yield i, "xz", {"level": names.name_of(level), "low": low, "high": high}


@rule(
    "GEN-XZ-POSITIVE", kinds=STUDY_KINDS, basis="第十七条", severity=V.ERROR,
    scope=S.FIELD, fields=("xz",), title="学制不是正数",
    zh="学制“{value}”应为 1 到 8 之间的年数（可含 0.5）",
    en="length of programme '{value}' must be 1 to 8 years (halves allowed)",
)  # fmt: skip
def _years_shape(t: Table, ctx: Context) -> Iterator[Hit]:
    return where_memo(t, "xz", lambda v: not (1 <= v <= 8 and (v * 2) == (v * 2).to_integral()))
