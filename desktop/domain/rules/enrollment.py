"""新生学籍注册 (articles 7–11, 26): admission data, the 复查 result, 录取类型."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import cache

from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind
from desktop.domain.rules.base import Context, Hit
from desktop.domain.rules.base import Scope as S
from desktop.domain.rules.base import Severity as V
from desktop.domain.rules.book import RuleBook
from desktop.domain.rules.helpers import (
    blank,
    code_of,
    codes_with,
    column_duplicates,
    missing_columns,
    missing_values,
    years_between,
)
from desktop.domain.table import Table

BOOK = RuleBook()
rule = BOOK.rule
E = BatchKind.ENROLLMENT

# Article 9 names which special programmes are for 本科生 and which for 研究生.
_UNDERGRADUATE_PROGRAMMES = (
    "免费医学定向", "公费师范生", "非西藏生源定向西藏就业计划",
    "国家专项计划", "地方专项计划", "高校专项计划",
)  # fmt: skip
_GRADUATE_PROGRAMMES = ("强军计划", "援藏计划", "少数民族高层次骨干人才计划")


@cache
def _code(table_key: str, name: str) -> str:
    return code_of(table_key, name)


@cache
def _graduate_levels() -> frozenset[str]:
    return codes_with("level", "graduate")


@cache
def _targeted() -> frozenset[str]:
    return codes_with("admission_type", "targeted")


@cache
def _codes(table_key: str, names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(code_of(table_key, n) for n in names)


def _values(t: Table, name: str) -> set[object]:
    """The distinct values of a column, once per table: most rules concern rare values
    (a reserved admission, a targeted programme) and skip a batch that has none."""
    key = f"values:{name}"
    found: set[object] | None = t.memo.get(key)
    if found is None:
        found = t.memo[key] = set(t.col(name))
    return found


def _name(table_key: str, code: str) -> str:
    return code_table(table_key).name_of(code)


def _years_later(day: date, n: int) -> date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # 29 February
        return day.replace(year=day.year + n, day=28)


@rule(
    "ENR-008-COLUMN", kinds=E, basis="第八条", severity=V.ERROR,
    scope=S.BATCH, fields=(), title="缺少学籍注册必需的列",
    zh="文件缺少“{label}”列：新生学籍注册必须有该项信息",
    en="the file has no '{label}' column; new-student registration requires it",
)  # fmt: skip
def _columns(t: Table, ctx: Context) -> Iterator[Hit]:
    return missing_columns(t, E)


@rule(
    "ENR-008-REQUIRED", kinds=E, basis="第八条", severity=V.ERROR,
    scope=S.FIELD, fields=(), title="学籍注册信息不完整",
    zh="{label}不能为空：新生学籍注册必须填写该项",
    en="{label} must not be empty for new-student registration",
)  # fmt: skip
def _required(t: Table, ctx: Context) -> Iterator[Hit]:
    return missing_values(t, E)


@rule(
    "ENR-007-DUP-KSH", kinds=E, basis="第七条", severity=V.ERROR,
    scope=S.BATCH, fields=("ksh",), title="考生号重复",
    zh="考生号“{value}”与第 {first_row} 行重复：一条录取数据只能注册一个学籍",
    en="exam no. '{value}' repeats row {first_row}; one admission record gives one registration",
)  # fmt: skip
def _dup_exam(t: Table, ctx: Context) -> Iterator[Hit]:
    return _duplicates(t, "ksh")


@rule(
    "ENR-008-DUP-XH", kinds=E, basis="第八条", severity=V.ERROR,
    scope=S.BATCH, fields=("xh",), title="学号重复",
    zh="学号“{value}”与第 {first_row} 行重复：一个学号只能属于一名学生",
    en="student no. '{value}' repeats row {first_row}; a student number belongs to one student",
)  # fmt: skip
def _dup_number(t: Table, ctx: Context) -> Iterator[Hit]:
    return _duplicates(t, "xh")


@rule(
    "ENR-008-DUP-SFZH", kinds=E, basis="第八条", severity=V.ERROR,
    scope=S.BATCH, fields=("sfzh",), title="同一学生重复注册学籍",
    zh="证件号码“{value}”与第 {first_row} 行重复：同一学生在同一学习时段只注册一个普通全日制学籍",
    en="ID '{value}' repeats row {first_row}; a student holds one full-time registration "
    "in one period of study",
)  # fmt: skip
def _dup_person(t: Table, ctx: Context) -> Iterator[Hit]:
    return _duplicates(t, "sfzh")


_GAOKAO: dict[str, object] = {"want": 14, "what": "高考考生号", "what_en": "gaokao"}
_GRADUATE_EXAM: dict[str, object] = {
    "want": 15,
    "what": "研究生考生编号",
    "what_en": "graduate entrance exam",
}
_ANY_EXAM: dict[str, object] = {
    "want": "14 或 15",
    "what": "高考考生号 14 位，研究生考生编号 15 位",
    "what_en": "14 for the gaokao, 15 for the graduate entrance exam",
}


def _duplicates(t: Table, name: str) -> Iterator[Hit]:
    col = t.col(name)
    distinct = set(col)
    if len(distinct) + col.count(None) - (None in distinct) == t.n:
        return iter(())  # the usual case, found without a row-by-row pass
    return column_duplicates(t, name)


@rule(
    "ENR-007-KSH-FORMAT", kinds=E, basis="第七条", severity=V.ERROR,
    scope=S.ROW, fields=("ksh", "cc"), title="考生号格式错误",
    zh="考生号“{value}”应为 {want} 位数字（{what}）",
    en="exam no. '{value}' must be {want} digits ({what_en})",
)  # fmt: skip
def _exam_format(t: Table, ctx: Context) -> Iterator[Hit]:
    return ((i, "ksh", params) for i, params in _exams(t)[1])


_YY = [f"{n:02d}" for n in range(100)]
_Exams = tuple[list[str | None], list[tuple[int, dict[str, object]]]]


def _exams(t: Table) -> _Exams:
    """Each row's 考生号 when it is a well-formed 14-digit 高考 考生号 (年份 2 位、省份 2 位 …)
    and not a graduate's, else None; and the malformed ones. Computed once per table."""
    found: _Exams | None = t.memo.get("enr-exams")
    if found is not None:
        return found
    graduate = _graduate_levels()
    gaokao: list[str | None] = [None] * t.n
    bad: list[tuple[int, dict[str, object]]] = []
    for i, (k, level) in enumerate(zip(t.col("ksh"), t.col("cc"), strict=True)):
        if k is None:
            continue
        size = len(k) if k.isdigit() and k.isascii() else 0
        if level in graduate:
            if size != 15:
                bad.append((i, _GRADUATE_EXAM))
        elif size == 14:
            gaokao[i] = k
        elif level is not None or size != 15:
            bad.append((i, _GAOKAO if level is not None else _ANY_EXAM))
    t.memo["enr-exams"] = found = (gaokao, bad)
    return found


@rule(
    "ENR-007-KSH-YEAR", kinds=E, basis="第七条", severity=V.WARNING,
    scope=S.ROW, fields=("ksh", "rxrq"), title="考生号年份与入学年份不符",
    zh="考生号“{value}”前两位 {got} 应为入学年份 {year} 的后两位",
    en="the first two digits of exam no. '{value}' ({got}) should be the last two of the "
    "entry year {year}",
)  # fmt: skip
def _exam_year(t: Table, ctx: Context) -> Iterator[Hit]:
    for i, (ksh, entered) in enumerate(zip(_exams(t)[0], t.col("rxrq"), strict=True)):
        if ksh is not None and entered is not None and ksh[:2] != _YY[entered.year % 100]:
            yield i, "ksh", {"got": ksh[:2], "year": entered.year}


@rule(
    "ENR-007-KSH-SYD", kinds=E, basis="第七条", severity=V.WARNING,
    scope=S.ROW, fields=("ksh", "syd"), title="考生号省份与生源地不符",
    zh="考生号“{value}”第 3–4 位省份代码 {got} 与生源地“{syd}”（{want}）不一致",
    en="the province digits 3–4 of exam no. '{value}' ({got}) differ from the home province "
    "'{syd}' ({want})",
)  # fmt: skip
def _exam_province(t: Table, ctx: Context) -> Iterator[Hit]:
    for i, (ksh, home) in enumerate(zip(_exams(t)[0], t.col("syd"), strict=True)):
        if ksh is not None and home is not None and ksh[2:4] != home:
            yield i, "ksh", {"got": ksh[2:4], "syd": _name("province", home), "want": home}


@rule(
    "ENR-008-FCJL-NOTE", kinds=E, basis="第八条", severity=V.ERROR,
    scope=S.ROW, fields=("fcjl", "fcsm"), title="复查结论缺少说明",
    zh="复查结论为“{fcjl}”时必须填写复查说明：放弃、保留、取消入学资格的学生应予标注",
    en="a review conclusion of '{fcjl}' needs an explanation; such students must be marked",
)  # fmt: skip
def _review_note(t: Table, ctx: Context) -> Iterator[Hit]:
    marked = _codes("review_conclusion", ("放弃入学资格", "保留入学资格", "取消入学资格"))
    if marked.isdisjoint(_values(t, "fcjl")):
        return
    for i, (result, note) in enumerate(zip(t.col("fcjl"), t.col("fcsm"), strict=True)):
        if result in marked and blank(note):
            yield i, "fcsm", {"fcjl": _name("review_conclusion", result)}


@rule(
    "ENR-008-BLRQ-MISSING", kinds=E, basis="第八条", severity=V.ERROR,
    scope=S.ROW, fields=("fcjl", "blrq"), title="保留入学资格缺少截止日期",
    zh="复查结论为保留入学资格时必须填写保留入学资格截止日期",
    en="a reserved admission needs the date the reservation ends",
)  # fmt: skip
def _reserve_missing(t: Table, ctx: Context) -> Iterator[Hit]:
    reserved = _code("review_conclusion", "保留入学资格")
    if reserved not in _values(t, "fcjl"):
        return
    for i, (result, until) in enumerate(zip(t.col("fcjl"), t.col("blrq"), strict=True)):
        if result == reserved and until is None:
            yield i, "blrq", None


@rule(
    "ENR-008-BLRQ-ORDER", kinds=E, basis="第八条", severity=V.ERROR,
    scope=S.ROW, fields=("blrq", "rxrq"), title="保留入学资格截止日期不晚于入学日期",
    zh="保留入学资格截止日期 {value} 应晚于入学日期 {rxrq}",
    en="the reservation end date {value} must be after the entry date {rxrq}",
)  # fmt: skip
def _reserve_order(t: Table, ctx: Context) -> Iterator[Hit]:
    reserved = _code("review_conclusion", "保留入学资格")
    if reserved not in _values(t, "fcjl"):
        return
    cols = zip(t.col("fcjl"), t.col("blrq"), t.col("rxrq"), strict=True)
    for i, (result, until, entered) in enumerate(cols):
        if result == reserved and until is not None and entered is not None and until <= entered:
            yield i, "blrq", {"rxrq": entered}


@rule(
    "ENR-008-BLRQ-UNUSED", kinds=E, basis="第八条", severity=V.WARNING,
    scope=S.ROW, fields=("blrq", "fcjl"), title="未保留入学资格却填了保留截止日期",
    zh="复查结论为“{fcjl}”，却填写了保留入学资格截止日期 {value}：请核对复查结论",
    en="the review conclusion is '{fcjl}' but a reservation end date {value} is given",
)  # fmt: skip
def _reserve_unused(t: Table, ctx: Context) -> Iterator[Hit]:
    reserved = _code("review_conclusion", "保留入学资格")
    if _values(t, "blrq") <= {None}:
        return
    for i, (result, until) in enumerate(zip(t.col("fcjl"), t.col("blrq"), strict=True)):
        if until is not None and result is not None and result != reserved:
            yield i, "blrq", {"fcjl": _name("review_conclusion", result)}


@rule(
    "ENR-009-DXDW-MISSING", kinds=E, basis="第九条", severity=V.ERROR,
    scope=S.ROW, fields=("lqlx", "dxdw"), title="定向类录取缺少定向单位",
    zh="录取类型为“{lqlx}”时必须填写定向单位",
    en="admission type '{lqlx}' needs the employer or region the student is bound to",
)  # fmt: skip
def _target_missing(t: Table, ctx: Context) -> Iterator[Hit]:
    targeted = _targeted()
    if targeted.isdisjoint(_values(t, "lqlx")):
        return
    for i, (kind, unit) in enumerate(zip(t.col("lqlx"), t.col("dxdw"), strict=True)):
        if kind in targeted and blank(unit):
            yield i, "dxdw", {"lqlx": _name("admission_type", kind)}


@rule(
    "ENR-009-DXDW-UNMARKED", kinds=E, basis="第九条", severity=V.WARNING,
    scope=S.ROW, fields=("dxdw", "lqlx"), title="有定向单位却未标注录取类型",
    zh="填写了定向单位“{value}”，录取类型却为普通或空：按特殊政策录取的学生应标注其录取类型",
    en="a bound employer '{value}' is given but the admission type is ordinary or empty; "
    "mark the special admission type",
)  # fmt: skip
def _target_unmarked(t: Table, ctx: Context) -> Iterator[Hit]:
    ordinary = _code("admission_type", "普通")
    if _values(t, "dxdw") <= {None}:
        return
    for i, (kind, unit) in enumerate(zip(t.col("lqlx"), t.col("dxdw"), strict=True)):
        if unit is not None and (kind is None or kind == ordinary):
            yield i, "dxdw", None


@rule(
    "ENR-009-LQLX-LEVEL", kinds=E, basis="第九条", severity=V.WARNING,
    scope=S.ROW, fields=("lqlx", "cc"), title="录取类型与层次不符",
    zh="录取类型“{lqlx}”是招收{want}的专项计划，与层次“{level}”不符",
    en="admission type '{lqlx}' is a programme for {want_en}, not for level '{level}'",
)  # fmt: skip
def _programme_level(t: Table, ctx: Context) -> Iterator[Hit]:
    graduate = _graduate_levels()
    prep = _code("level", "预科")
    for_graduates = _codes("admission_type", _GRADUATE_PROGRAMMES)
    for_undergraduates = _codes("admission_type", _UNDERGRADUATE_PROGRAMMES)
    if _values(t, "lqlx").isdisjoint(for_graduates | for_undergraduates):
        return
    for i, (kind, level) in enumerate(zip(t.col("lqlx"), t.col("cc"), strict=True)):
        if kind is None or level is None or level == prep:  # 预科/基础培训 may precede either
            continue
        if kind in for_graduates and level not in graduate:
            want, want_en = "研究生", "graduate students"
        elif kind in for_undergraduates and level in graduate:
            want, want_en = "本专科生", "undergraduates"
        else:
            continue
        params = {"lqlx": _name("admission_type", kind), "level": _name("level", level)}
        yield i, "lqlx", {**params, "want": want, "want_en": want_en}


@rule(
    "ENR-008-PREP-LQLX", kinds=E, basis="第八条", severity=V.WARNING,
    scope=S.ROW, fields=("lqlx", "cc"), title="少数民族预科生层次不是预科",
    zh="录取类型为少数民族预科生，层次却为“{level}”：预科阶段的层次应为预科",
    en="admission type is ethnic-minority preparatory but the level is '{level}', not preparatory",
)  # fmt: skip
def _preparatory(t: Table, ctx: Context) -> Iterator[Hit]:
    prep_type = _code("admission_type", "少数民族预科生")
    if prep_type not in _values(t, "lqlx"):
        return
    prep = _code("level", "预科")
    for i, (kind, level) in enumerate(zip(t.col("lqlx"), t.col("cc"), strict=True)):
        if kind == prep_type and level is not None and level != prep:
            yield i, "lqlx", {"level": _name("level", level)}


@rule(
    "ENR-008-YJBYRQ-ORDER", kinds=E, basis="第八条", severity=V.ERROR,
    scope=S.ROW, fields=("yjbyrq", "rxrq"), title="预计毕业日期不晚于入学日期",
    zh="预计毕业日期 {value} 应晚于入学日期 {rxrq}",
    en="expected graduation {value} must be after the entry date {rxrq}",
)  # fmt: skip
def _graduation_order(t: Table, ctx: Context) -> Iterator[Hit]:
    for i, (entered, leaving) in enumerate(zip(t.col("rxrq"), t.col("yjbyrq"), strict=True)):
        if entered is not None and leaving is not None and leaving <= entered:
            yield i, "yjbyrq", {"rxrq": entered}


@rule(
    "ENR-008-YJBYRQ-XZ", kinds=E, basis="第八条", severity=V.WARNING,
    scope=S.ROW, fields=("yjbyrq", "rxrq", "xz"), title="预计毕业日期与学制不符",
    zh="入学到预计毕业共 {span} 年，与学制 {xz} 年相差 1 年以上",
    en="{span} years from entry to expected graduation differs from the {xz}-year programme "
    "by more than a year",
)  # fmt: skip
def _graduation_span(t: Table, ctx: Context) -> Iterator[Hit]:
    days: dict[Decimal, float] = {}  # 学制 -> its length in days
    cols = zip(t.col("xz"), t.col("rxrq"), t.col("yjbyrq"), strict=True)
    for i, (years, entered, leaving) in enumerate(cols):
        if years is None or entered is None or leaving is None or leaving <= entered:
            continue
        want = days.get(years)
        if want is None:
            want = days[years] = float(years) * 365.25
        if abs((leaving - entered).days - want) > 365.25:
            yield i, "yjbyrq", {"span": round(years_between(entered, leaving), 1), "xz": years}


@rule(
    "ENR-008-RXRQ-FAR", kinds=E, basis="第八条", severity=V.WARNING,
    scope=S.FIELD, fields=("rxrq",), title="入学日期距今超过一年",
    zh="入学日期 {value} 与今天（{today}）相差一年以上：新生学籍注册应在新生入学时进行，请核对",
    en="entry date {value} is more than a year from today ({today}); new students are "
    "registered on entry",
)  # fmt: skip
def _entry_far(t: Table, ctx: Context) -> Iterator[Hit]:
    today = ctx.as_of
    earliest, latest = _years_later(today, -1), _years_later(today, 1)
    for i, v in enumerate(t.col("rxrq")):
        if v is not None and not earliest <= v <= latest:
            yield i, "rxrq", {"today": today}
