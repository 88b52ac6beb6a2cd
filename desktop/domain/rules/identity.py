"""Identity documents (article 3's students; GB 11643-1999) and their agreement with the
record's 出生日期 and 性别."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from operator import mul

from desktop.domain.codes import table as code_table
from desktop.domain.idcards import (
    PERMIT_PREFIXES,
    IdKind,
    IdProblem,
    check_id,
    looks_like_permit,
    parse_resident_id,
)
from desktop.domain.rules.base import Context, Hit
from desktop.domain.rules.base import Scope as S
from desktop.domain.rules.base import Severity as V
from desktop.domain.rules.book import ALL_KINDS, RuleBook
from desktop.domain.table import Table

BOOK = RuleBook()
rule = BOOK.rule


@dataclass
class _Analysis:
    """Each ID number parsed once per table, shared by the rules below."""

    problems: dict[tuple[IdKind, IdProblem], list[int]] = field(default_factory=dict)
    # Birth date and sex (1/2) decoded from each number, None where it cannot be;
    # kept as two flat lists because a million small tuples cost the GC dearly.
    births: list[date | None] = field(default_factory=list)
    sexes: list[int | None] = field(default_factory=list)
    wrong_type: list[int] = field(default_factory=list)


@cache
def _kinds_by_code() -> dict[str, IdKind]:
    return {e.code: IdKind(e.extra["kind"]) for e in code_table("id_type")}


@cache
def _provinces() -> frozenset[str]:
    return code_table("province").codes


def _analyse(t: Table, today: date) -> _Analysis:
    key = f"ids@{today.isoformat()}"
    found = t.memo.get(key)
    if isinstance(found, _Analysis):
        return found
    out = _Analysis(births=[None] * t.n, sexes=[None] * t.n)
    id_births, id_sexes = out.births, out.sexes
    kinds = _kinds_by_code()
    provinces = _provinces()
    resident = IdKind.RESIDENT_ID
    births: dict[str, date | None] = {}
    earliest = date(1900, 1, 1)
    for i, (number, type_code) in enumerate(zip(t.col("sfzh"), t.col("zjlx"), strict=True)):
        if number is None:
            continue
        # An empty 证件类型 means 居民身份证, as on every national form.
        kind = kinds.get(type_code, resident) if type_code is not None else resident
        if kind is resident:
            # Fast path for the valid numbers that make up nearly every batch; anything
            # unusual falls through to the full parser, which names each problem.
            if (
                len(number) == 18
                and number.isascii()
                and number[:17].isdigit()
                and number[:2] in provinces
                and number[:6] not in PERMIT_PREFIXES
                and _CHECK[(sum(map(mul, number.encode(), _WEIGHTS)) - _ZERO) % 11] == number[17]
            ):
                digits = number[6:14]
                if digits in births:
                    born = births[digits]
                else:
                    born = _decode_birth(digits)
                    births[digits] = born
                if born is not None and earliest <= born <= today:
                    id_births[i] = born
                    id_sexes[i] = 1 if number[16] in "13579" else 2
                    continue
            if looks_like_permit(number):
                out.wrong_type.append(i)
                kind = IdKind.RESIDENCE_PERMIT
            else:
                parsed, problems = parse_resident_id(number, provinces=provinces, today=today)
                if parsed is not None:
                    id_births[i], id_sexes[i] = parsed.birth_date, parsed.sex
                for p in problems:
                    out.problems.setdefault((kind, p), []).append(i)
                continue
        if kind is IdKind.RESIDENCE_PERMIT:
            # Same layout as the resident ID, so the birth date and sex can be compared.
            parsed, _ = parse_resident_id(number, today=today)
            if parsed is not None:
                id_births[i], id_sexes[i] = parsed.birth_date, parsed.sex
        for p in check_id(kind, number, today=today):
            out.problems.setdefault((kind, p), []).append(i)
    t.memo[key] = out
    return out


# GB 11643-1999 MOD 11-2 inlined for the hot loop (idcards.check_digit is the reference;
# a test holds them equal): zip-by-map stops at the 17 weights, ignoring the check char.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ZERO = ord("0") * sum(_WEIGHTS)
_CHECK = "10X98765432"


def _decode_birth(digits: str) -> date | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _with(t: Table, ctx: Context, kind: IdKind, *problems: IdProblem) -> Iterator[Hit]:
    found = _analyse(t, ctx.as_of).problems
    rows = sorted({i for p in problems for i in found.get((kind, p), ())})
    return ((i, "sfzh", None) for i in rows)


_R = IdKind.RESIDENT_ID


@rule(
    "ID-GB11643-FORMAT", kinds=ALL_KINDS, basis="GB 11643-1999", severity=V.ERROR,
    scope=S.FIELD, fields=("sfzh",), title="身份证号码位数或字符错误",
    zh="居民身份证号码“{value}”应为 18 位：17 位数字加 1 位数字或 X（15 位旧号码须换为 18 位）",
    en="resident ID '{value}' must have 18 characters: 17 digits and a digit or X",
)  # fmt: skip
def _format(t: Table, ctx: Context) -> Iterator[Hit]:
    return _with(t, ctx, _R, IdProblem.FORMAT)


@rule(
    "ID-GB11643-CHECKSUM", kinds=ALL_KINDS, basis="GB 11643-1999", severity=V.ERROR,
    scope=S.FIELD, fields=("sfzh",), title="身份证号码校验码错误",
    zh="居民身份证号码“{value}”的校验码（第 18 位）不正确，请核对是否录错",
    en="the check character (18th) of resident ID '{value}' is wrong; check for a typing slip",
)  # fmt: skip
def _checksum(t: Table, ctx: Context) -> Iterator[Hit]:
    return _with(t, ctx, _R, IdProblem.CHECKSUM)


@rule(
    "ID-GB11643-BIRTH", kinds=ALL_KINDS, basis="GB 11643-1999", severity=V.ERROR,
    scope=S.FIELD, fields=("sfzh",), title="身份证号码中的出生日期无效",
    zh="居民身份证号码“{value}”第 7–14 位不是有效的出生日期",
    en="digits 7–14 of resident ID '{value}' are not a valid birth date",
)  # fmt: skip
def _birth(t: Table, ctx: Context) -> Iterator[Hit]:
    return _with(t, ctx, _R, IdProblem.BIRTH_DATE)


@rule(
    "ID-GB11643-AREA", kinds=ALL_KINDS, basis="GB/T 2260", severity=V.ERROR,
    scope=S.FIELD, fields=("sfzh",), title="身份证号码地址码无效",
    zh="居民身份证号码“{value}”的前两位不是有效的省级行政区代码",
    en="the first two digits of resident ID '{value}' are not a province code",
)  # fmt: skip
def _area(t: Table, ctx: Context) -> Iterator[Hit]:
    return _with(t, ctx, _R, IdProblem.AREA)


@rule(
    "ID-TYPE-PERMIT", kinds=ALL_KINDS, basis="第三条", severity=V.ERROR,
    scope=S.ROW, fields=("sfzh", "zjlx"), title="居住证号码填作身份证",
    zh="号码“{value}”是港澳台居民居住证号码（810000/820000/830000 开头），证件类型应为港澳台居民居住证",
    en="'{value}' is a Hong Kong/Macao/Taiwan residence permit number; "
    "set the ID type to residence permit",
)  # fmt: skip
def _permit_as_resident(t: Table, ctx: Context) -> Iterator[Hit]:
    return ((i, "sfzh", None) for i in _analyse(t, ctx.as_of).wrong_type)


@rule(
    "ID-PERMIT-INVALID", kinds=ALL_KINDS, basis="GB 11643-1999", severity=V.ERROR,
    scope=S.FIELD, fields=("sfzh",), title="港澳台居民居住证号码无效",
    zh="港澳台居民居住证号码“{value}”无效：应以 810000、820000 或 830000 开头，共 18 位且校验码正确",
    en="residence permit number '{value}' is invalid: 18 characters starting 810000, 820000 "
    "or 830000 with a correct check character",
)  # fmt: skip
def _permit(t: Table, ctx: Context) -> Iterator[Hit]:
    return _with(t, ctx, IdKind.RESIDENCE_PERMIT, *IdProblem)


@rule(
    "ID-HKMO-FORMAT", kinds=ALL_KINDS, basis="第三条", severity=V.ERROR,
    scope=S.FIELD, fields=("sfzh",), title="港澳居民来往内地通行证号码格式错误",
    zh="港澳居民来往内地通行证号码“{value}”应为 H 或 M 加 8 位（旧证 10 位）数字",
    en="Mainland travel permit number '{value}' must be H or M followed by 8 (old: 10) digits",
)  # fmt: skip
def _hkmo(t: Table, ctx: Context) -> Iterator[Hit]:
    return _with(t, ctx, IdKind.HKMO_PASS, *IdProblem)


@rule(
    "ID-TW-FORMAT", kinds=ALL_KINDS, basis="第三条", severity=V.ERROR,
    scope=S.FIELD, fields=("sfzh",), title="台湾居民来往大陆通行证号码格式错误",
    zh="台湾居民来往大陆通行证号码“{value}”应为 8 位（旧证 10 位）数字",
    en="Taiwan compatriot permit number '{value}' must have 8 (old: 10) digits",
)  # fmt: skip
def _tw(t: Table, ctx: Context) -> Iterator[Hit]:
    return _with(t, ctx, IdKind.TW_PASS, *IdProblem)


@rule(
    "ID-PASSPORT-FORMAT", kinds=ALL_KINDS, basis="第三条", severity=V.ERROR,
    scope=S.FIELD, fields=("sfzh",), title="护照号码格式错误",
    zh="护照号码“{value}”应为 5–17 位字母和数字，且含数字",
    en="passport number '{value}' must be 5–17 letters and digits, with at least one digit",
)  # fmt: skip
def _passport(t: Table, ctx: Context) -> Iterator[Hit]:
    return _with(t, ctx, IdKind.PASSPORT, *IdProblem)


@rule(
    "ID-FOREIGN-PR-FORMAT", kinds=ALL_KINDS, basis="第三条", severity=V.ERROR,
    scope=S.FIELD, fields=("sfzh",), title="外国人永久居留身份证号码无效",
    zh="外国人永久居留身份证号码“{value}”无效（旧版 3 位字母加 12 位数字，2023 版 9 开头 18 位）",
    en="foreign permanent resident ID '{value}' is invalid (3 letters + 12 digits, "
    "or the 2023 18-character form starting with 9)",
)  # fmt: skip
def _foreign(t: Table, ctx: Context) -> Iterator[Hit]:
    return _with(t, ctx, IdKind.FOREIGN_PR, *IdProblem)


@rule(
    "ID-CSRQ-MISMATCH", kinds=ALL_KINDS, basis="GB 11643-1999", severity=V.ERROR,
    scope=S.ROW, fields=("csrq", "sfzh"), title="出生日期与证件号码不符",
    zh="出生日期 {value} 与证件号码中的出生日期 {id_birth} 不一致",
    en="birth date {value} differs from the one in the ID number ({id_birth})",
)  # fmt: skip
def _birth_match(t: Table, ctx: Context) -> Iterator[Hit]:
    pairs = zip(t.col("csrq"), _analyse(t, ctx.as_of).births, strict=True)
    for i, (born, id_birth) in enumerate(pairs):
        if born is not None and id_birth is not None and born != id_birth:
            yield i, "csrq", {"id_birth": id_birth}


@rule(
    "ID-XB-MISMATCH", kinds=ALL_KINDS, basis="GB 11643-1999", severity=V.ERROR,
    scope=S.ROW, fields=("xb", "sfzh"), title="性别与证件号码不符",
    zh="性别“{value}”与证件号码第 17 位表示的性别（{id_sex}）不一致",
    en="sex '{value}' differs from the one the ID number's 17th digit gives ({id_sex})",
)  # fmt: skip
def _sex_match(t: Table, ctx: Context) -> Iterator[Hit]:
    sex = t.col("xb")
    names = {1: "男", 2: "女"}
    codes = {1: "1", 2: "2"}
    for i, (given, id_sex) in enumerate(zip(sex, _analyse(t, ctx.as_of).sexes, strict=True)):
        if given is not None and id_sex is not None and given != codes[id_sex]:
            yield i, "xb", {"id_sex": names[id_sex]}
