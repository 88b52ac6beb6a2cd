"""Central-scope rules: what only the server, holding every school's data, can judge.

Declared like the desktop catalogue (id, article, severity, Chinese message); they run
with a `CentralContext`, whose `central` view answers from the central database.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from desktop.domain.fields import BatchKind, FieldType
from desktop.domain.rules.base import Context, Finding, Hit, Rule
from desktop.domain.rules.base import Scope as S
from desktop.domain.rules.base import Severity as V
from desktop.domain.rules.book import ALL_KINDS, RuleBook
from desktop.domain.rules.helpers import code_of
from desktop.domain.table import Table


class CentralView(Protocol):
    def fulltime_elsewhere(self, school: str, ids: Collection[str]) -> Mapping[str, str]:
        """证件号码 -> the other school where the person holds an active 普通全日制 学籍."""
        ...

    def enrolled_at(self, school: str, ids: Collection[str]) -> Collection[str]:
        """Those of `ids` who hold (or held) a 学籍 at `school`."""
        ...

    def certificate_schools(self, numbers: Collection[str]) -> Mapping[str, str]:
        """证书编号 -> the school that registered it."""
        ...


@dataclass(frozen=True)
class CentralContext(Context):
    central: CentralView | None = None


BOOK = RuleBook()
rule = BOOK.rule


@cache
def registered_code() -> str:
    return code_of("review_conclusion", "注册学籍")


@cache
def fulltime_code() -> str:
    return code_of("study_mode", "普通全日制")


def _view(ctx: Context) -> CentralView | None:
    return ctx.central if isinstance(ctx, CentralContext) else None


@rule(
    "CEN-008-ONE-FULLTIME", kinds=BatchKind.ENROLLMENT, basis="第八条", severity=V.ERROR,
    scope=S.CENTRAL, fields=("sfzh",), title="已在其他学校有普通全日制学籍",
    zh="证件号码“{value}”的学生已在学校 {school} 有普通全日制学籍：同一时间只能在一所学校"
    "取得普通全日制学籍",
    en="the student with ID '{value}' already holds a full-time status at school {school}",
)  # fmt: skip
def _one_fulltime(t: Table, ctx: Context) -> Iterator[Hit]:
    view = _view(ctx)
    if view is None or ctx.school_code is None:
        return
    ids, modes, conclusions = t.col("sfzh"), t.col("xxxs"), t.col("fcjl")
    wanted = {
        sid
        for sid, mode, res in zip(ids, modes, conclusions, strict=True)
        if sid is not None and mode == fulltime_code() and res == registered_code()
    }
    if not wanted:
        return
    elsewhere = view.fulltime_elsewhere(ctx.school_code, wanted)
    for i, sid in enumerate(ids):
        if sid in wanted and sid in elsewhere and modes[i] == fulltime_code():
            yield i, "sfzh", {"school": elsewhere[sid]}


@rule(
    "CEN-017-CERTNO-OTHER-SCHOOL", kinds=BatchKind.DIPLOMA, basis="第十七条",
    severity=V.ERROR, scope=S.CENTRAL, fields=("zsbh",), title="证书编号已被其他学校使用",
    zh="证书编号“{value}”已由学校 {school} 注册：证书编号全国唯一",
    en="certificate number '{value}' is already registered by school {school}",
)  # fmt: skip
def _certno_taken(t: Table, ctx: Context) -> Iterator[Hit]:
    view = _view(ctx)
    numbers = t.col("zsbh")
    keys = {n for n in numbers if n is not None}
    if view is None or not keys:
        return
    owners = view.certificate_schools(keys)
    for i, n in enumerate(numbers):
        owner = owners.get(n) if n is not None else None
        if owner is not None and owner != ctx.school_code:
            yield i, "zsbh", {"school": owner}


@rule(
    "CEN-016-NO-STATUS", kinds=BatchKind.DIPLOMA, basis="第十六条", severity=V.ERROR,
    scope=S.CENTRAL, fields=("sfzh",), title="学生在本校没有学籍",
    zh="证件号码“{value}”的学生在本校没有学籍注册记录：学校只能为取得本校学籍并进行学籍注册的"
    "学生注册学历证书",
    en="the student with ID '{value}' holds no status at this school; no diploma can be "
    "registered",
)  # fmt: skip
def _no_status(t: Table, ctx: Context) -> Iterator[Hit]:
    view = _view(ctx)
    ids = t.col("sfzh")
    keys = {v for v in ids if v is not None}
    if view is None or ctx.school_code is None or not keys:
        return
    enrolled = frozenset(view.enrolled_at(ctx.school_code, keys))
    for i, v in enumerate(ids):
        if v is not None and v not in enrolled:
            yield i, "sfzh", None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NOT_TEXT = frozenset({FieldType.DATE, FieldType.DECIMAL, FieldType.BOOL})


@rule(
    "CEN-TEXT-CONTROL", kinds=ALL_KINDS, basis="中心库存储要求", severity=V.ERROR,
    scope=S.CENTRAL, fields=(), title="含有控制字符",
    zh="{label}含有控制字符（如 NUL、换行、制表符）：中心库不能保存，请改正后重新报送",
    en="{label} holds control characters (NUL, line breaks, tabs) the register cannot store",
)  # fmt: skip
def _control_chars(t: Table, ctx: Context) -> Iterator[Hit]:
    # The register keeps every value as text (PostgreSQL cannot hold a NUL at all), and
    # the school-side rules do not look for controls in every field. One scan of each
    # column joined first: the common case, no control anywhere, stays cheap.
    for spec in t.fields:
        if spec.type in _NOT_TEXT:
            continue
        col = t.col(spec.name)
        if not _CONTROL.search("".join(v for v in col if isinstance(v, str))):
            continue
        for i, v in enumerate(col):
            if isinstance(v, str) and _CONTROL.search(v):
                yield i, spec.name, None


CENTRAL_RULES: tuple[Rule, ...] = tuple(BOOK.rules)


def central_findings(table: Table, ctx: CentralContext) -> list[Finding]:
    """The central rules' findings, shaped like the engine's (messages mask ID numbers)."""
    out: list[Finding] = []
    for r in rules_for(table.kind):
        for index, field, params in r.check(table, ctx):
            out.append(
                Finding(
                    rule=r,
                    index=index,
                    row=table.rows[index] if index is not None else None,
                    field=field,
                    column=table.header(field) if field else None,
                    value=table.raw_col(field)[index] if field and index is not None else None,
                    params=params,
                    sensitive=field == "sfzh",
                )
            )
    return out


def rules_for(kind: BatchKind) -> Sequence[Rule]:
    return [r for r in CENTRAL_RULES if r.applies_to(kind)]
