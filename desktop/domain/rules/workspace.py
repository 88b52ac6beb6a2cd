"""Rules judged against what the local store already holds (`WorkspaceView`).

The engine runs them only when the context has a workspace. Each check asks the store
once per table, with the keys of the whole column, never once per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache

from desktop.domain.fields import BatchKind
from desktop.domain.idcards import mask_id
from desktop.domain.rules.base import Context, Hit
from desktop.domain.rules.base import Scope as S
from desktop.domain.rules.base import Severity as V
from desktop.domain.rules.book import RuleBook
from desktop.domain.rules.helpers import code_of
from desktop.domain.table import Table

BOOK = RuleBook()
rule = BOOK.rule
E, A, D = BatchKind.ENROLLMENT, BatchKind.ANNUAL, BatchKind.DIPLOMA


def _keys(col: list[str | None]) -> set[str]:
    return {v for v in col if v is not None}


def _not_enrolled(t: Table, ctx: Context) -> Iterator[Hit]:
    """Rows whose student (证件号码) holds no 学籍 in the workspace."""
    ws = ctx.workspace
    ids = t.col("sfzh")
    keys = _keys(ids)
    if ws is None or not keys:
        return
    enrolled = frozenset(ws.enrolled_students(keys))
    for i, v in enumerate(ids):
        if v is not None and v not in enrolled:
            yield i, "sfzh", None


@rule(
    "WS-016-DIPLOMA-EXISTS", kinds=D, basis="第十六条", severity=V.ERROR,
    scope=S.WORKSPACE, fields=("sfzh",), title="学生已有学历证书",
    zh="证件号码“{value}”的学生在本工作区已有学历证书：学校只能为一名学生注册一份学历证书",
    en="the student with ID '{value}' already holds a diploma in this workspace; "
    "one certificate per student",
)  # fmt: skip
def _diploma_exists(t: Table, ctx: Context) -> Iterator[Hit]:
    ws = ctx.workspace
    ids = t.col("sfzh")
    keys = _keys(ids)
    if ws is None or not keys:
        return
    held = frozenset(ws.students_with_diploma(keys))
    for i, v in enumerate(ids):
        if v is not None and v in held:
            yield i, "sfzh", None


@rule(
    "WS-016-NO-STATUS", kinds=D, basis="第十六条", severity=V.WARNING,
    scope=S.WORKSPACE, fields=("sfzh",), title="学生在本校没有学籍",
    zh="证件号码“{value}”的学生在本工作区没有学籍记录：学校只能为取得本校学籍并进行学籍注册的"
    "学生注册学历证书（以学信网核验为准）",
    en="the student with ID '{value}' has no enrollment in this workspace; a diploma is only "
    "for students holding this school's status (the central server decides)",
)  # fmt: skip
def _no_status(t: Table, ctx: Context) -> Iterator[Hit]:
    return _not_enrolled(t, ctx)


@rule(
    "WS-012-NOT-ENROLLED", kinds=A, basis="第十二条", severity=V.ERROR,
    scope=S.WORKSPACE, fields=("sfzh",), title="学年注册的学生没有学籍",
    zh="证件号码“{value}”的学生在本工作区从未注册学籍：学年注册只适用于已注册学籍的在校生",
    en="the student with ID '{value}' was never enrolled in this workspace; annual "
    "registration is for enrolled students only",
)  # fmt: skip
def _annual_not_enrolled(t: Table, ctx: Context) -> Iterator[Hit]:
    return _not_enrolled(t, ctx)


@rule(
    "WS-XH-OTHER-STUDENT", kinds=(E, A, D), basis="数据标准", severity=V.ERROR,
    scope=S.WORKSPACE, fields=("xh", "sfzh"), title="学号已属于另一名学生",
    zh="学号“{value}”在本工作区已属于另一名学生（证件号码 {owner}）",
    en="student number '{value}' already belongs to another student (ID {owner}) "
    "in this workspace",
)  # fmt: skip
def _number_taken(t: Table, ctx: Context) -> Iterator[Hit]:
    ws = ctx.workspace
    numbers = t.col("xh")
    keys = _keys(numbers)
    if ws is None or not keys:
        return
    owners = ws.student_numbers(keys)
    for i, (number, sid) in enumerate(zip(numbers, t.col("sfzh"), strict=True)):
        if number is None or sid is None:
            continue
        owner = owners.get(number)
        if owner is not None and owner != sid:
            yield i, "xh", {"owner": mask_id(owner)}


@cache
def _change(name: str) -> str:
    return code_of("status_change", name)


@rule(
    "WS-012-RESUME-WITHOUT-SUSPEND", kinds=A, basis="第十二条", severity=V.WARNING,
    scope=S.WORKSPACE, fields=("ydlb", "ydrq"), title="复学但未休学",
    zh="学籍变动为复学，但该学生在本工作区最近一次学籍变动不是休学，本批也没有更早的休学记录",
    en="a resumption, but the student's latest status change in this workspace is not a "
    "suspension and this batch has no earlier one",
)  # fmt: skip
def _resume(t: Table, ctx: Context) -> Iterator[Hit]:
    ws = ctx.workspace
    if ws is None:
        return
    resume, suspend = _change("复学"), _change("休学")
    ids, types, dates = t.col("sfzh"), t.col("ydlb"), t.col("ydrq")
    # The earliest dated 休学 of each student in this batch.
    suspended_on: dict[str, date] = {}
    for sid, kind, on in zip(ids, types, dates, strict=True):
        if kind == suspend and sid is not None and on is not None:
            seen = suspended_on.get(sid)
            if seen is None or on < seen:
                suspended_on[sid] = on
    pending: list[int] = []
    for i, (sid, kind, on) in enumerate(zip(ids, types, dates, strict=True)):
        if kind != resume or sid is None:
            continue
        before = suspended_on.get(sid)
        if before is not None and on is not None and before < on:
            continue
        pending.append(i)
    if not pending:
        return
    in_store = frozenset(ws.suspended_students({ids[i] for i in pending}))
    for i in pending:
        if ids[i] not in in_store:
            yield i, "ydlb", None
