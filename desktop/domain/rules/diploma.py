"""学历证书注册 (articles 15–18)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from functools import cache
from typing import Any

from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind
from desktop.domain.rules.base import Context, Hit
from desktop.domain.rules.base import Scope as S
from desktop.domain.rules.base import Severity as V
from desktop.domain.rules.book import RuleBook
from desktop.domain.rules.helpers import (
    column_duplicates,
    missing_columns,
    missing_values,
    years_between,
)
from desktop.domain.table import Table

BOOK = RuleBook()
rule = BOOK.rule
D = BatchKind.DIPLOMA


@rule(
    "DIP-017-COLUMN", kinds=D, basis="第十七条", severity=V.ERROR,
    scope=S.BATCH, fields=(), title="缺少学历注册必需的列",
    zh="文件缺少“{label}”列：第十七条规定的学历注册信息必须完整",
    en="the file has no '{label}' column; article 17 requires it for diploma registration",
)  # fmt: skip
def _columns(t: Table, ctx: Context) -> Iterator[Hit]:
    return missing_columns(t, D)


@rule(
    "DIP-017-REQUIRED", kinds=D, basis="第十七条", severity=V.ERROR,
    scope=S.FIELD, fields=(), title="学历注册信息不完整",
    zh="{label}不能为空：学历注册信息不完整的不提供网上查询",
    en="{label} must not be empty: incomplete diploma data is not published",
)  # fmt: skip
def _required(t: Table, ctx: Context) -> Iterator[Hit]:
    return missing_values(t, D)


@rule(
    "DIP-017-PHOTO-MISSING", kinds=D, basis="第十七条", severity=V.ERROR,
    scope=S.ROW, fields=("zp",), title="缺少照片",
    zh="没有找到该学生的照片（按证件号码、考生号、学号或照片文件名匹配）",
    en="no photo found for this student (matched by ID number, exam no., student no. or file name)",
)  # fmt: skip
def _photo(t: Table, ctx: Context) -> Iterator[Hit]:
    photos = ctx.photos
    if photos is None:  # photos not imported yet: nothing to judge
        return
    keys = [t.col(n) for n in ("sfzh", "ksh", "xh", "zp")]
    for i in range(t.n):
        if not any(col[i] is not None and col[i] in photos for col in keys):
            yield i, "zp", None


@rule(
    "DIP-018-FZRQ", kinds=D, basis="第十八条", severity=V.ERROR,
    scope=S.ROW, fields=("fzrq", "byrq"), title="发证日期与毕业日期不一致",
    zh="发证日期 {value} 应与毕业日期 {byrq} 一致",
    en="issue date {value} must equal the graduation date {byrq}",
)  # fmt: skip
def _issue_date(t: Table, ctx: Context) -> Iterator[Hit]:
    for i, (issued, graduated) in enumerate(zip(t.col("fzrq"), t.col("byrq"), strict=True)):
        if issued is not None and graduated is not None and issued != graduated:
            yield i, "fzrq", {"byrq": graduated}


@rule(
    "DIP-016-DUP-STUDENT", kinds=D, basis="第十六条", severity=V.ERROR,
    scope=S.BATCH, fields=("sfzh",), title="同一学生多份学历证书",
    zh="证件号码“{value}”在第 {first_row} 行已有一份学历证书：学校只能为一名学生注册一份学历证书",
    en="ID '{value}' already has a certificate at row {first_row}; one certificate per student",
)  # fmt: skip
def _one_per_student(t: Table, ctx: Context) -> Iterator[Hit]:
    return column_duplicates(t, "sfzh")


@rule(
    "DIP-ZSBH-DUP", kinds=D, basis="学历证书编号规则", severity=V.ERROR,
    scope=S.BATCH, fields=("zsbh",), title="证书编号重复",
    zh="证书编号“{value}”与第 {first_row} 行重复（毕业、结业证书共用一个顺序号）",
    en="certificate number '{value}' repeats row {first_row} "
    "(graduation and completion certificates share one sequence)",
)  # fmt: skip
def _dup_number(t: Table, ctx: Context) -> Iterator[Hit]:
    return column_duplicates(t, "zsbh")


def _numbers(t: Table) -> list[str | None]:
    """Each well-formed 证书编号 (18 ASCII digits), else None; the rules slice its parts:
    [0:5] school, [5] 办学类型, [6:10] year, [10:12] 层次, [12:18] sequence."""
    found = t.memo.get("certno")
    if found is None:
        found = [
            v if v is not None and len(v) == 18 and v.isascii() and v.isdigit() else None
            for v in t.col("zsbh")
        ]
        t.memo["certno"] = found
    return found


@cache
def _school_types() -> frozenset[str]:
    return code_table("school_type").codes


@cache
def _type_by_mode() -> dict[str, str]:
    """The 办学类型 a 学习形式 implies (a 函授 student holds an adult-education diploma)."""
    modes = code_table("study_mode")
    implied = {"普通全日制": "1", "非全日制": "1", "函授": "5", "业余": "5", "脱产": "5"}
    implied["网络教育"] = "7"
    out = {}
    for name, school_type in implied.items():
        entry = modes.lookup(name)
        if entry is not None:
            out[entry.code] = school_type
    return out


@cache
def _cert_levels() -> dict[str, str]:
    return {e.code: e.extra.get("cert_level", "") for e in code_table("level")}


Found = list[tuple[int, dict[str, Any] | None]]


def _certificates(t: Table, school: str | None) -> dict[str, Found]:
    """Every 证书编号 judged in one pass (rule id -> hits): the parts are cheap slices,
    the loop over a million rows is what costs."""
    memo_key = f"certno-check@{school}"
    memo = t.memo.get(memo_key)
    if memo is not None:
        return memo  # type: ignore[no-any-return]
    found: dict[str, Found] = {
        k: [] for k in ("FORMAT", "SCHOOL", "TYPE", "MODE", "YEAR", "LEVEL", "SEQ")
    }
    known_types, implied, levels = _school_types(), _type_by_mode(), _cert_levels()
    level_names, modes = code_table("level"), code_table("study_mode")
    year_text: dict[Any, str] = {}
    # A batch's numbers share their first 12 digits and the cohort's date, 层次 and
    # 学习形式: such a combination that passed once passes again.
    passed: set[tuple[str, Any, Any, Any]] = set()
    cols = zip(_numbers(t), t.col("zsbh"), t.col("byrq"), t.col("cc"), t.col("xxxs"), strict=True)
    for i, (n, text, graduated, level, mode) in enumerate(cols):
        if n is None:
            if text is not None:
                found["FORMAT"].append((i, None))
            continue
        key = (n[:12], graduated, level, mode)
        if key in passed and n[12:] != "000000":
            continue
        before = sum(len(v) for v in found.values())
        if school and n[:5] != school:
            found["SCHOOL"].append((i, {"got": n[:5], "school": school}))
        school_type = n[5]
        if school_type not in known_types:
            found["TYPE"].append((i, {"got": school_type}))
        elif mode is not None and implied.get(mode, school_type) != school_type:
            implied_type = implied[mode]
            found["MODE"].append(
                (i, {"got": school_type, "mode": modes.name_of(mode), "want": implied_type})
            )
        if graduated is not None:
            year = year_text.get(graduated)
            if year is None:
                year = year_text[graduated] = f"{graduated.year:04d}"
            if n[6:10] != year:
                found["YEAR"].append((i, {"got": n[6:10], "want": graduated.year}))
        if level is not None:
            cert_level = levels.get(level)
            if cert_level and n[10:12] != cert_level:
                name = level_names.name_of(level)
                found["LEVEL"].append((i, {"got": n[10:12], "level": name, "want": cert_level}))
        if n[12:] == "000000":
            found["SEQ"].append((i, None))
        elif sum(len(v) for v in found.values()) == before:
            passed.add(key)
    t.memo[memo_key] = found
    return found


def _cert_hits(t: Table, ctx: Context, what: str) -> Iterator[Hit]:
    return ((i, "zsbh", params) for i, params in _certificates(t, ctx.school_code)[what])


@rule(
    "DIP-ZSBH-FORMAT", kinds=D, basis="学历证书编号规则", severity=V.ERROR,
    scope=S.FIELD, fields=("zsbh",), title="证书编号格式错误",
    zh="证书编号“{value}”应为 18 位数字：学校代码 5 位、办学类型 1 位、年份 4 位、层次 2 位、顺序号 6 位",
    en="certificate number '{value}' must be 18 digits: school 5, type 1, year 4, level 2, "
    "sequence 6",
)  # fmt: skip
def _number_format(t: Table, ctx: Context) -> Iterator[Hit]:
    return _cert_hits(t, ctx, "FORMAT")


@rule(
    "DIP-ZSBH-SCHOOL", kinds=D, basis="学历证书编号规则", severity=V.ERROR,
    scope=S.ROW, fields=("zsbh",), title="证书编号中的学校代码不是本校",
    zh="证书编号“{value}”的前 5 位 {got} 不是本校学校代码 {school}",
    en="the first 5 digits of certificate number '{value}' ({got}) are not this school's "
    "code {school}",
)  # fmt: skip
def _number_school(t: Table, ctx: Context) -> Iterator[Hit]:
    return _cert_hits(t, ctx, "SCHOOL")


@rule(
    "DIP-ZSBH-TYPE", kinds=D, basis="学历证书编号规则", severity=V.ERROR,
    scope=S.FIELD, fields=("zsbh",), title="证书编号中的办学类型无效",
    zh="证书编号“{value}”第 6 位办学类型“{got}”无效（1 普通、5 成人、6 自学考试、7 网络教育）",
    en="digit 6 of certificate number '{value}' ('{got}') is not a school type code",
)  # fmt: skip
def _number_type(t: Table, ctx: Context) -> Iterator[Hit]:
    return _cert_hits(t, ctx, "TYPE")


@rule(
    "DIP-ZSBH-MODE", kinds=D, basis="学历证书编号规则", severity=V.WARNING,
    scope=S.ROW, fields=("zsbh", "xxxs"), title="办学类型与学习形式不符",
    zh="证书编号“{value}”的办学类型“{got}”与学习形式“{mode}”不符（应为“{want}”）",
    en="school type '{got}' in certificate number '{value}' does not fit study mode '{mode}' "
    "(expected '{want}')",
)  # fmt: skip
def _number_mode(t: Table, ctx: Context) -> Iterator[Hit]:
    return _cert_hits(t, ctx, "MODE")


@rule(
    "DIP-ZSBH-YEAR", kinds=D, basis="学历证书编号规则", severity=V.ERROR,
    scope=S.ROW, fields=("zsbh", "byrq"), title="证书编号年份与毕业年份不符",
    zh="证书编号“{value}”中的年份 {got} 与毕业日期的年份 {want} 不一致",
    en="the year {got} in certificate number '{value}' differs from the graduation year {want}",
)  # fmt: skip
def _number_year(t: Table, ctx: Context) -> Iterator[Hit]:
    return _cert_hits(t, ctx, "YEAR")


@rule(
    "DIP-ZSBH-LEVEL", kinds=D, basis="学历证书编号规则", severity=V.ERROR,
    scope=S.ROW, fields=("zsbh", "cc"), title="证书编号层次码与层次不符",
    zh="证书编号“{value}”中的层次码 {got} 与层次“{level}”（应为 {want}）不一致",
    en="level code {got} in certificate number '{value}' does not match level '{level}' "
    "(expected {want})",
)  # fmt: skip
def _number_level(t: Table, ctx: Context) -> Iterator[Hit]:
    return _cert_hits(t, ctx, "LEVEL")


@rule(
    "DIP-ZSBH-SEQ", kinds=D, basis="学历证书编号规则", severity=V.ERROR,
    scope=S.FIELD, fields=("zsbh",), title="证书编号顺序号为零",
    zh="证书编号“{value}”的顺序号（后 6 位）不能为 000000",
    en="the sequence (last 6 digits) of certificate number '{value}' must not be 000000",
)  # fmt: skip
def _number_sequence(t: Table, ctx: Context) -> Iterator[Hit]:
    return _cert_hits(t, ctx, "SEQ")


@rule(
    "DIP-015-PREP", kinds=D, basis="第十五条", severity=V.ERROR,
    scope=S.FIELD, fields=("cc",), title="预科不颁发学历证书",
    zh="层次为预科：预科阶段不颁发学历证书，不能进行学历注册",
    en="preparatory students receive no diploma and cannot be registered here",
)  # fmt: skip
def _preparatory(t: Table, ctx: Context) -> Iterator[Hit]:
    prep = code_table("level").lookup("预科")
    code = prep.code if prep else None
    for i, v in enumerate(t.col("cc")):
        if v is not None and v == code:
            yield i, "cc", None


@rule(
    "DIP-DATES-ORDER", kinds=D, basis="第十七条", severity=V.ERROR,
    scope=S.ROW, fields=("rxrq", "byrq"), title="毕业日期早于入学日期",
    zh="毕业日期 {value} 不晚于入学日期 {rxrq}",
    en="graduation date {value} is not after the entry date {rxrq}",
)  # fmt: skip
def _order(t: Table, ctx: Context) -> Iterator[Hit]:
    for i, (entered, graduated) in enumerate(zip(t.col("rxrq"), t.col("byrq"), strict=True)):
        if entered is not None and graduated is not None and graduated <= entered:
            yield i, "byrq", {"rxrq": entered}


@rule(
    "DIP-XZ-DATES", kinds=D, basis="第十七条", severity=V.WARNING,
    scope=S.ROW, fields=("xz", "rxrq", "byrq"), title="学习年限与学制不符",
    zh="入学到毕业共 {span} 年，与学制 {xz} 年相差过大（比学制短 1.5 年以上或长 3 年以上）",
    en="{span} years from entry to graduation is far from the {xz}-year programme",
)  # fmt: skip
def _span(t: Table, ctx: Context) -> Iterator[Hit]:
    # A cohort shares its dates and 学制: judge each combination once.
    verdicts: dict[tuple[Any, Any, Any], float | None] = {}
    cols = zip(t.col("xz"), t.col("rxrq"), t.col("byrq"), strict=True)
    for i, key in enumerate(cols):
        years, entered, graduated = key
        if years is None or entered is None or graduated is None:
            continue
        if key in verdicts:
            span = verdicts[key]
        else:
            span = years_between(entered, graduated) if graduated > entered else None
            # A school year runs September to June, so finishing a year early looks like
            # 1.2 years short on the calendar; 3 years over covers 休学 and 保留学籍.
            if span is not None and float(years) - 1.5 <= span <= float(years) + 3:
                span = None
            verdicts[key] = span
        if span is not None:
            yield i, "byrq", {"span": round(span, 1), "xz": years}


@rule(
    "DIP-BYRQ-FUTURE", kinds=D, basis="第十六条", severity=V.WARNING,
    scope=S.FIELD, fields=("byrq",), title="毕业日期远在将来",
    zh="毕业日期 {value} 晚于今天 90 天以上：学历注册应在学生毕(结)业离校时完成",
    en="graduation date {value} is more than 90 days ahead; register at graduation",
)  # fmt: skip
def _future(t: Table, ctx: Context) -> Iterator[Hit]:
    latest = ctx.as_of + timedelta(days=90)
    for i, v in enumerate(t.col("byrq")):
        if v is not None and v > latest:
            yield i, "byrq", None


@rule(
    "DIP-XXMC-PROFILE", kinds=D, basis="第十七条", severity=V.WARNING,
    scope=S.FIELD, fields=("xxmc",), title="学校名称与本校名称不同",
    zh="学校名称“{value}”与本校名称“{school}”不同（更名前颁发的证书请确认）",
    en="school name '{value}' differs from this school's name '{school}'",
)  # fmt: skip
def _school_name(t: Table, ctx: Context) -> Iterator[Hit]:
    school = ctx.school_name
    if not school:
        return
    for i, v in enumerate(t.col("xxmc")):
        if v is not None and v != school:
            yield i, "xxmc", {"school": school}


@rule(
    "DIP-XZXM-PROFILE", kinds=D, basis="第十七条", severity=V.WARNING,
    scope=S.FIELD, fields=("xzxm",), title="校(院)长姓名与本校登记不同",
    zh="校(院)长姓名“{value}”与本校登记的“{president}”不同",
    en="president's name '{value}' differs from the registered '{president}'",
)  # fmt: skip
def _president(t: Table, ctx: Context) -> Iterator[Hit]:
    president = ctx.president
    if not president:
        return
    for i, v in enumerate(t.col("xzxm")):
        if v is not None and v != president:
            yield i, "xzxm", {"president": president}


@rule(
    "DIP-016-MINOR", kinds=D, basis="第十六条", severity=V.WARNING,
    scope=S.ROW, fields=("fxzy", "zymc"), title="辅修专业与主修专业相同",
    zh="辅修专业“{value}”与主修专业相同：辅修专业应另为一个专业",
    en="minor '{value}' is the same as the major",
)  # fmt: skip
def _minor(t: Table, ctx: Context) -> Iterator[Hit]:
    for i, (minor, major) in enumerate(zip(t.col("fxzy"), t.col("zymc"), strict=True)):
        if minor is not None and minor == major:
            yield i, "fxzy", None
