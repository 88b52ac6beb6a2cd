"""学年注册 (articles 12–14): the new year's registration and last year's sub-records."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date
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
    duplicates,
    missing_columns,
    missing_values,
)
from desktop.domain.table import Table
from desktop.domain.workcal import WorkdayResult

BOOK = RuleBook()
rule = BOOK.rule
A = BatchKind.ANNUAL

# The type field of each sub-record of article 12, which a row must carry at least one of.
_TYPES = ("zczt", "ydlb", "zxlb", "jzlb", "qtzs")
# Cells that only mean something beside a sub-record's type.
_DETAILS = (
    ("zczt", "注册状态", "registration status", ("zcrq", "hzyy")),
    ("ydlb", "学籍变动类别", "status change", ("ydrq", "ydyy", "yzydm", "xzydm", "zxxx")),
    ("zxlb", "学籍注销类别", "deregistration", ("clrq", "zxrq", "clwh")),
    ("jzlb", "学籍记载类别", "record entry type", ("jznr",)),
    ("qtzs", "其他证书", "certificate type", ("qtzsbh",)),
)  # fmt: skip
_DEREGISTRATION_DAYS = 15
_NO_ZXRQ = "（未填注销日期，按今天计）"
_NO_ZCRQ = "（未填注册日期，按今天计）"
_NO_NEW_MAJOR = {"problem": "没有填写新专业代码", "problem_en": "no new major code"}
_SAME_MAJOR = {
    "problem": "新专业代码与原专业代码相同",
    "problem_en": "the new major code is the old one",
}


@cache
def _code(table_key: str, name: str) -> str:
    return code_of(table_key, name)


@cache
def _codes(table_key: str, names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(code_of(table_key, n) for n in names)


def _values(t: Table, name: str) -> set[object]:
    """The distinct values of a column, once per table: most sub-records are rare, and a
    rule about them skips a batch that has none."""
    key = f"values:{name}"
    found: set[object] | None = t.memo.get(key)
    if found is None:
        found = t.memo[key] = set(t.col(name))
    return found


def _name(table_key: str, code: str) -> str:
    return code_table(table_key).name_of(code)


def _starts(t: Table) -> list[int | None]:
    """First calendar year of each row's 学年 ('2026-2027' -> 2026), once per table."""
    found = t.memo.get("ann-xn-start")
    if found is None:
        years: dict[str, int] = {}
        found = [
            None if xn is None else years.get(xn) or years.setdefault(xn, int(xn[:4]))
            for xn in t.col("xn")
        ]
        t.memo["ann-xn-start"] = found
    return found


def one_month_after(day: date) -> date:
    """The same day next month, clamped to that month's end (31 January -> 28/29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@rule(
    "ANN-012-COLUMN", kinds=A, basis="第十二条", severity=V.ERROR,
    scope=S.BATCH, fields=(), title="缺少学年注册必需的列",
    zh="文件缺少“{label}”列：学年注册必须有该项信息",
    en="the file has no '{label}' column; annual registration requires it",
)  # fmt: skip
def _columns(t: Table, ctx: Context) -> Iterator[Hit]:
    return missing_columns(t, A)


@rule(
    "ANN-012-REQUIRED", kinds=A, basis="第十二条", severity=V.ERROR,
    scope=S.FIELD, fields=(), title="学年注册信息不完整",
    zh="{label}不能为空：学年注册必须填写该项",
    en="{label} must not be empty for annual registration",
)  # fmt: skip
def _required(t: Table, ctx: Context) -> Iterator[Hit]:
    return missing_values(t, A)


@rule(
    "ANN-012-EMPTY", kinds=A, basis="第十二条", severity=V.ERROR,
    scope=S.ROW, fields=_TYPES, title="学年注册记录没有内容",
    zh="该行没有注册状态、学籍变动、学籍注销、学籍记载或其他证书中的任何一项",
    en="the row carries no registration status, status change, deregistration, record entry "
    "or other certificate",
)  # fmt: skip
def _empty(t: Table, ctx: Context) -> Iterator[Hit]:
    raws = [t.raw_col(name) for name in _TYPES]
    for i, codes in enumerate(zip(*(t.col(name) for name in _TYPES), strict=True)):
        # An unknown code is still content (its own rule reports it), hence the raw cells.
        if not any(codes) and all(blank(raw[i]) for raw in raws):
            yield i, "zczt", None


@rule(
    "ANN-012-ORPHAN", kinds=A, basis="第十二条", severity=V.WARNING,
    scope=S.ROW, fields=tuple(d for *_, ds in _DETAILS for d in ds), title="填写了明细却没有类别",
    zh="填写了{label}，却没有填写{what}：该项不会被标注",
    en="{label} is filled but the row has no {what_en}; it will not be recorded",
)  # fmt: skip
def _orphan(t: Table, ctx: Context) -> Iterator[Hit]:
    for kind, what, what_en, details in _DETAILS:
        codes, raw_codes = t.col(kind), t.raw_col(kind)
        params = {"what": what, "what_en": what_en}
        for name in details:
            cells = t.raw.get(name)
            if cells is None:
                continue
            for i, (cell, code) in enumerate(zip(cells, codes, strict=True)):
                if code is None and not blank(cell) and blank(raw_codes[i]):
                    yield i, name, params


@rule(
    "ANN-012-DUP-ZCZT", kinds=A, basis="第十二条", severity=V.ERROR,
    scope=S.BATCH, fields=("xh", "xn", "zczt"), title="同一学年重复注册",
    zh="学号“{value}”在 {xn} 学年已于第 {first_row} 行注册：每名学生每学年只注册一次",
    en="student no. '{value}' is already registered for {xn} at row {first_row}",
)  # fmt: skip
def _dup_registration(t: Table, ctx: Context) -> Iterator[Hit]:
    numbers = t.col("xh")
    distinct = set(numbers)
    if len(distinct) + numbers.count(None) - (None in distinct) == t.n:
        return  # no 学号 repeats, the usual case
    first: dict[tuple[str, str], int] = {}
    rows = t.rows
    cols = zip(numbers, t.col("xn"), t.col("zczt"), strict=True)
    for i, (xh, xn, status) in enumerate(cols):
        if xh is None or xn is None or status is None:
            continue
        seen = first.setdefault((xh, xn), i)
        if seen != i:
            yield i, "xh", {"first_row": rows[seen], "xn": xn}


@rule(
    "ANN-012-DUP-YD", kinds=A, basis="第十二条", severity=V.WARNING,
    scope=S.BATCH, fields=("xh", "ydlb", "ydrq"), title="学籍变动重复",
    zh="学号“{value}”同一天的同一学籍变动与第 {first_row} 行重复",
    en="student no. '{value}' has the same status change on the same day at row {first_row}",
)  # fmt: skip
def _dup_change(t: Table, ctx: Context) -> Iterator[Hit]:
    if _values(t, "ydlb") <= {None}:
        return iter(())
    keys = [
        (xh, kind, on) if xh is not None and kind is not None and on is not None else None
        for xh, kind, on in zip(t.col("xh"), t.col("ydlb"), t.col("ydrq"), strict=True)
    ]
    return duplicates(t, keys.__getitem__, "xh")


@rule(
    "ANN-012-DUP-ZX", kinds=A, basis="第十二条", severity=V.ERROR,
    scope=S.BATCH, fields=("xh", "zxlb"), title="学籍重复注销",
    zh="学号“{value}”已在第 {first_row} 行注销学籍：一名学生的学籍只能注销一次",
    en="student no. '{value}' is already deregistered at row {first_row}",
)  # fmt: skip
def _dup_deregistration(t: Table, ctx: Context) -> Iterator[Hit]:
    if _values(t, "zxlb") <= {None}:
        return iter(())
    keys = [
        xh if kind is not None else None
        for xh, kind in zip(t.col("xh"), t.col("zxlb"), strict=True)
    ]
    return duplicates(t, keys.__getitem__, "xh")


@rule(
    "ANN-012-FIRST-YEAR", kinds=A, basis="第十二条", severity=V.WARNING,
    scope=S.ROW, fields=("xn", "rxrq"), title="入学当年进行了学年注册",
    zh="学年 {value} 不晚于入学学年（入学日期 {rxrq}）：学年注册从学生入学次年起进行",
    en="school year {value} is not after the year of entry ({rxrq}); annual registration "
    "starts the year after entry",
)  # fmt: skip
def _first_year(t: Table, ctx: Context) -> Iterator[Hit]:
    # A student who leaves in the first year is deregistered then (article 13), so rows
    # that carry a deregistration or a certificate are not held to article 12's start.
    cols = zip(_starts(t), t.col("rxrq"), t.col("zxlb"), t.col("qtzs"), strict=True)
    for i, (start, entered, gone, certificate) in enumerate(cols):
        if start is None or entered is None or start > entered.year:
            continue
        # The 学年 an entry date falls in: spring entrants belong to the one begun before.
        entry_year = entered.year if entered.month >= 7 else entered.year - 1
        if start <= entry_year and gone is None and certificate is None:
            yield i, "xn", {"rxrq": entered}


@rule(
    "ANN-012-ZCRQ-XN", kinds=A, basis="第十二条", severity=V.WARNING,
    scope=S.ROW, fields=("zcrq", "xn"), title="注册日期不在该学年内",
    zh="注册日期 {value} 不在 {xn} 学年内：学年注册在每学年第一学期进行",
    en="registration date {value} is outside the school year {xn}",
)  # fmt: skip
def _registration_in_year(t: Table, ctx: Context) -> Iterator[Hit]:
    windows: dict[int, tuple[date, date]] = {}
    cols = zip(t.col("zcrq"), _starts(t), t.col("xn"), strict=True)
    for i, (on, start, xn) in enumerate(cols):
        if on is None or start is None:
            continue
        window = windows.get(start)
        if window is None:
            window = windows[start] = (date(start, 7, 1), date(start + 1, 8, 31))
        if not window[0] <= on <= window[1]:
            yield i, "zcrq", {"xn": xn}


@rule(
    "ANN-012-ZZY-NEW", kinds=A, basis="第十二条", severity=V.ERROR,
    scope=S.ROW, fields=("ydlb", "xzydm", "yzydm"), title="转专业缺少新专业或专业未变",
    zh="{problem}：转专业必须填写与原专业不同的新专业代码",
    en="{problem_en}; a change of major needs a new major code different from the old one",
)  # fmt: skip
def _new_major(t: Table, ctx: Context) -> Iterator[Hit]:
    switch = _code("status_change", "转专业")
    if switch not in _values(t, "ydlb"):
        return
    cols = zip(t.col("ydlb"), t.col("yzydm"), t.col("xzydm"), strict=True)
    for i, (kind, old, new) in enumerate(cols):
        if kind != switch:
            continue
        if new is None:
            yield i, "xzydm", _NO_NEW_MAJOR
        elif new == old:
            yield i, "xzydm", _SAME_MAJOR


@rule(
    "ANN-012-YDRQ-RANGE", kinds=A, basis="第十二条", severity=V.WARNING,
    scope=S.ROW, fields=("ydrq", "xn"), title="变动日期不在上学年或本学年内",
    zh="变动日期 {value} 不在 {low} 至 {high} 之间：{xn} 学年注册标注上学年及本学年的学籍变动",
    en="change date {value} is not between {low} and {high}; the {xn} registration records "
    "changes of the previous and the current school year",
)  # fmt: skip
def _change_in_range(t: Table, ctx: Context) -> Iterator[Hit]:
    for i, (on, start, xn) in enumerate(zip(t.col("ydrq"), _starts(t), t.col("xn"), strict=True)):
        if on is None or start is None:
            continue
        low, high = date(start - 1, 9, 1), date(start + 1, 8, 31)
        if not low <= on <= high:
            yield i, "ydrq", {"xn": xn, "low": low, "high": high}


@rule(
    "ANN-012-CREDIT", kinds=A, basis="第十二条", severity=V.WARNING,
    scope=S.FIELD, fields=("ydlb",), title="学分制学校标注了留级、降级或跳级",
    zh="本校实行学分制，学籍变动“{ydlb}”无需标注：实行学分制的学校无需标注留级、降级、跳级情况",
    en="this school uses credits; '{ydlb}' (repeat, demotion, skip) need not be recorded",
)  # fmt: skip
def _credit_system(t: Table, ctx: Context) -> Iterator[Hit]:
    if not ctx.credit_system:
        return
    exempt = codes_with("status_change", "credit_exempt")
    for i, kind in enumerate(t.col("ydlb")):
        if kind in exempt:
            yield i, "ydlb", {"ydlb": _name("status_change", kind)}


# Rows of some types that must fill a field: (rule id, basis, type field, code table, the
# types concerned (all when empty), the field, title, Chinese message, English message).
_Needs = tuple[str, str, str, str, tuple[str, ...], str, str, str, str]
_NEEDS: tuple[_Needs, ...] = (
    ("ANN-012-HZYY-MISSING", "第十二条", "zczt", "registration_status", ("暂缓注册",), "hzyy",
     "暂缓注册缺少原因", "注册状态为暂缓注册时必须填写暂缓注册原因",
     "a deferred registration needs the reason for deferral"),
    ("ANN-012-YDRQ-MISSING", "第十二条", "ydlb", "status_change", (), "ydrq",
     "学籍变动缺少变动日期", "学籍变动“{kind}”必须填写变动日期",
     "status change '{kind}' needs the date of the change"),
    ("ANN-012-YDYY-MISSING", "第十二条", "ydlb", "status_change", (), "ydyy",
     "学籍变动缺少变动原因", "学籍变动“{kind}”必须填写变动原因",
     "status change '{kind}' needs the reason for the change"),
    ("ANN-012-ZXXX-MISSING", "第十二条", "ydlb", "status_change", ("转学",), "zxxx",
     "转学缺少转学学校", "学籍变动为转学时必须填写转学学校", "a transfer needs the other school"),
    ("ANN-012-CLRQ-MISSING", "第十二条", "zxlb", "deregistration", (), "clrq",
     "学籍注销缺少学籍处理日期", "学籍注销“{kind}”必须填写学籍处理日期",
     "deregistration '{kind}' needs the date the school decided it"),
    ("ANN-026-CLWH-QXXJ", "第二十六条", "zxlb", "deregistration", ("取消学籍",), "clwh",
     "取消学籍缺少处理文号",
     "取消学籍必须填写学校的处理文号：违反国家规定入学的学生，已经注册的应凭处理决定予以注销",
     "cancelling a registration needs the number of the school's decision; a student "
     "admitted against national rules is deregistered on a formal decision"),
    ("ANN-012-CLWH-KCXJ", "第十二条", "zxlb", "deregistration", ("开除学籍",), "clwh",
     "开除学籍缺少处理文号", "开除学籍必须填写学校的处理文号",
     "an expulsion needs the number of the school's decision"),
    ("ANN-012-JZNR-MISSING", "第十二条", "jzlb", "record_note", (), "jznr",
     "学籍记载缺少内容", "学籍记载“{kind}”必须填写记载内容",
     "record entry '{kind}' needs its content"),
    ("ANN-012-YYZS-NUMBER", "第十二条", "qtzs", "other_certificate", ("肄业证书",), "qtzsbh",
     "肄业证书缺少编号", "其他证书为肄业证书时必须填写证书编号",
     "a certificate of incomplete study needs its number"),
)  # fmt: skip


def _needs(spec: _Needs) -> None:
    """Declare one of `_NEEDS`; an unreadable cell is not blank (its own rule reports it)."""
    rule_id, basis, kind_field, table_key, kinds, field, title, zh, en = spec

    def check(t: Table, ctx: Context) -> Iterator[Hit]:
        wanted = _codes(table_key, kinds) if kinds else None
        present = _values(t, kind_field)
        if present <= {None} or (wanted is not None and wanted.isdisjoint(present)):
            return
        raw = t.raw_col(field)
        for i, kind in enumerate(t.col(kind_field)):
            if kind is not None and (wanted is None or kind in wanted) and blank(raw[i]):
                yield i, field, {"kind": _name(table_key, kind)}

    rule(
        rule_id, kinds=A, basis=basis, severity=V.ERROR, scope=S.ROW,
        fields=(kind_field, field), title=title, zh=zh, en=en,
    )(check)  # fmt: skip


for _spec in _NEEDS:
    _needs(_spec)


@rule(
    "ANN-012-ZX-ZCZT", kinds=A, basis="第十二条", severity=V.ERROR,
    scope=S.ROW, fields=("zxlb", "zczt"), title="注销学籍的同时注册",
    zh="同一行既注销学籍（{zxlb}）又注册：学籍已注销的学生不能注册",
    en="the row deregisters the student ('{zxlb}') and registers them too",
)  # fmt: skip
def _gone_and_registered(t: Table, ctx: Context) -> Iterator[Hit]:
    registered = _code("registration_status", "注册")
    for i, (kind, status) in enumerate(zip(t.col("zxlb"), t.col("zczt"), strict=True)):
        if kind is not None and status == registered:
            yield i, "zczt", {"zxlb": _name("deregistration", kind)}


@rule(
    "ANN-012-ZX-THEN-ZC", kinds=A, basis="第十二条", severity=V.ERROR,
    scope=S.BATCH, fields=("zcrq", "zczt", "xh"), title="学籍注销后又注册",
    zh="学号“{xh}”已于 {clrq} 注销学籍（第 {first_row} 行，{zxlb}），不能再于 {value} 注册",
    en="student no. '{xh}' was deregistered on {clrq} (row {first_row}, '{zxlb}') and cannot "
    "be registered on {value}",
)  # fmt: skip
def _registered_after_gone(t: Table, ctx: Context) -> Iterator[Hit]:
    numbers = t.col("xh")
    gone: dict[str, int] = {}  # 学号 -> the row with the earliest 学籍处理日期
    decided = t.col("clrq")
    for i, (xh, kind, on) in enumerate(zip(numbers, t.col("zxlb"), decided, strict=True)):
        if xh is not None and kind is not None and on is not None:
            j = gone.setdefault(xh, i)
            if on < decided[j]:
                gone[xh] = i
    if not gone:
        return
    registered = _code("registration_status", "注册")
    kinds, rows = t.col("zxlb"), t.rows
    for i, (xh, status, on) in enumerate(zip(numbers, t.col("zczt"), t.col("zcrq"), strict=True)):
        at = gone.get(xh) if status == registered and on is not None else None
        if at is not None and at != i and on > decided[at]:
            zxlb = _name("deregistration", kinds[at])
            yield i, "zcrq", {"xh": xh, "clrq": decided[at], "first_row": rows[at], "zxlb": zxlb}


@rule(
    "ANN-013-ZXRQ-ORDER", kinds=A, basis="第十三条", severity=V.ERROR,
    scope=S.ROW, fields=("zxrq", "clrq"), title="注销日期早于学籍处理日期",
    zh="注销日期 {value} 早于学籍处理日期 {clrq}：学籍注销在学籍处理之后进行",
    en="deregistration date {value} is before the decision date {clrq}",
)  # fmt: skip
def _deregistration_order(t: Table, ctx: Context) -> Iterator[Hit]:
    for i, (done, decided) in enumerate(zip(t.col("zxrq"), t.col("clrq"), strict=True)):
        if done is not None and decided is not None and done < decided:
            yield i, "zxrq", {"clrq": decided}


def _unknown_years(ctx: Context, start: date, end: date) -> str:
    known = ctx.calendar.knows
    return "、".join(str(y) for y in range(start.year, end.year + 1) if not known(date(y, 7, 1)))


@rule(
    "ANN-013-ZX-DEADLINE", kinds=A, basis="第十三条", severity=V.WARNING,
    scope=S.ROW, fields=("clrq", "zxrq"), title="学籍注销超过15个工作日",
    zh="学籍处理日期 {clrq}，注销于 {done}{how}，已超过期限 {deadline} {late} 天{note}："
    "学籍注销应在学籍处理后15个工作日内完成",
    en="decided on {clrq} and deregistered on {done}, {late} days after the deadline "
    "{deadline}{note_en}; deregistration is due within 15 working days of the decision",
)  # fmt: skip
def _deregistration_deadline(t: Table, ctx: Context) -> Iterator[Hit]:
    deadlines: dict[date, WorkdayResult] = {}
    cols = zip(t.col("zxlb"), t.col("clrq"), t.col("zxrq"), strict=True)
    for i, (kind, decided, done) in enumerate(cols):
        if kind is None or decided is None:
            continue
        due = deadlines.get(decided)
        if due is None:
            due = deadlines[decided] = ctx.calendar.add_workdays(decided, _DEREGISTRATION_DAYS)
        when = done if done is not None else ctx.as_of
        if when <= due.value:
            continue
        note = note_en = ""
        if not due.exact:
            years = _unknown_years(ctx, decided, due.value)
            note = f"（{years} 年的法定节假日安排未知，按周一至周五估算）"
            note_en = f" (holidays of {years} unknown; counted Monday to Friday)"
        field, how = ("zxrq", "") if done is not None else ("clrq", _NO_ZXRQ)
        params = {"clrq": decided, "done": when, "how": how, "deadline": due.value}
        params.update(late=(when - due.value).days, note=note, note_en=note_en)
        yield i, field, params


@rule(
    "ANN-013-ZC-DEADLINE", kinds=A, basis="第十三条", severity=V.WARNING,
    scope=S.ROW, fields=("zczt", "zcrq"), title="学年注册超过开学后1个月",
    zh="学年注册于 {done}{how}，晚于开学（{term_start}）后 1 个月的期限 {deadline}："
    "学年注册应在每学年第一学期开学后1个月内完成",
    en="registered on {done}, after {deadline}, one month from the start of term "
    "({term_start}); annual registration is due within a month of the first term's start",
)  # fmt: skip
def _registration_deadline(t: Table, ctx: Context) -> Iterator[Hit]:
    term = ctx.term_start
    if term is None:
        return
    deadline = one_month_after(term)
    for i, (status, on) in enumerate(zip(t.col("zczt"), t.col("zcrq"), strict=True)):
        if status is None:
            continue
        when = on if on is not None else ctx.as_of
        if when > deadline:
            field, how = ("zcrq", "") if on is not None else ("zczt", _NO_ZCRQ)
            yield i, field, {"done": when, "how": how, "term_start": term, "deadline": deadline}


@rule(
    "ANN-012-YYZS-DROPOUT", kinds=A, basis="第十二条", severity=V.WARNING,
    scope=S.BATCH, fields=("qtzs", "xh", "zxlb"), title="肄业证书没有对应的退学注销",
    zh="学号“{xh}”取得肄业证书，本批次却没有该生因退学注销学籍的记录：请确认退学已另行注销",
    en="student no. '{xh}' receives a certificate of incomplete study but this batch does not "
    "deregister them for withdrawal",
)  # fmt: skip
def _certificate_dropout(t: Table, ctx: Context) -> Iterator[Hit]:
    incomplete = _code("other_certificate", "肄业证书")
    if incomplete not in _values(t, "qtzs"):
        return
    withdrawn = _code("deregistration", "退学")
    numbers = t.col("xh")
    left = {xh for xh, kind in zip(numbers, t.col("zxlb"), strict=True) if kind == withdrawn}
    for i, (xh, kind) in enumerate(zip(numbers, t.col("qtzs"), strict=True)):
        if kind == incomplete and xh is not None and xh not in left:
            yield i, "qtzs", {"xh": xh}
