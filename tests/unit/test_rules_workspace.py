"""Workspace-scope rules, judged against an in-memory stand-in for the local store."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.rules.base import WorkspaceView
from desktop.domain.rules.engine import validate
from desktop.domain.rules.workspace import BOOK
from desktop.domain.table import build_table
from tests.unit.rules_support import BASE, Case, context, rule_ids, run

E, A, D = BatchKind.ENROLLMENT, BatchKind.ANNUAL, BatchKind.DIPLOMA
STUDENT = BASE[A]["sfzh"]  # the annual and diploma baselines' student
NEWCOMER = BASE[E]["sfzh"]
OTHER = "110105200001010024"
OTHER_ROW = {"sfzh": OTHER, "xb": "女"}


@dataclass
class MemoryWorkspace:
    """A store over dicts and sets, recording every question asked of it."""

    diplomas: set[str] = field(default_factory=set)
    enrolled: set[str] = field(default_factory=set)
    numbers: dict[str, str] = field(default_factory=dict)  # 学号 -> 证件号码
    changes: dict[str, list[tuple[date, str]]] = field(default_factory=dict)  # (变动日期, 类别)
    calls: list[tuple[str, frozenset[str]]] = field(default_factory=list)

    def _ask(self, method: str, keys: Collection[str]) -> None:
        self.calls.append((method, frozenset(keys)))

    def students_with_diploma(self, id_numbers: Collection[str]) -> Collection[str]:
        self._ask("students_with_diploma", id_numbers)
        return [i for i in id_numbers if i in self.diplomas]

    def enrolled_students(self, id_numbers: Collection[str]) -> Collection[str]:
        self._ask("enrolled_students", id_numbers)
        return self.enrolled & set(id_numbers)

    def student_numbers(self, numbers: Collection[str]) -> Mapping[str, str]:
        self._ask("student_numbers", numbers)
        return {n: self.numbers[n] for n in numbers if n in self.numbers}

    def suspended_students(self, id_numbers: Collection[str]) -> Collection[str]:
        self._ask("suspended_students", id_numbers)
        return {i for i in id_numbers if self.changes.get(i) and max(self.changes[i])[1] == "休学"}


def store(**overrides: Any) -> MemoryWorkspace:
    """The baseline students enrolled under their own 学号, nothing else."""
    values: dict[str, Any] = {
        "enrolled": {STUDENT, OTHER},
        "numbers": {BASE[A]["xh"]: STUDENT, BASE[E]["xh"]: NEWCOMER, "2022000002": OTHER},
    }
    values.update(overrides)
    return MemoryWorkspace(**values)


def ws(**overrides: Any) -> dict[str, Any]:
    return {"workspace": store(**overrides)}


SUSPENDED = {STUDENT: [(date(2025, 9, 1), "休学")]}
RESUME = {"ydlb": "复学", "ydrq": "2026-03-01", "ydyy": "休学期满"}
TAKEN = {"xh": "2022000002"}  # 学号 of OTHER

CASES = [
    Case("WS-016-DIPLOMA-EXISTS", D, good=[{}], bad=[{}], ctx=ws(), bad_ctx=ws(diplomas={STUDENT})),
    Case(
        "WS-016-NO-STATUS", D, good=[{}, OTHER_ROW], bad=[{}], ctx=ws(), bad_ctx=ws(enrolled=set())
    ),
    Case(
        "WS-012-NOT-ENROLLED",
        A,
        good=[{}, OTHER_ROW],
        bad=[{}],
        ctx=ws(),
        bad_ctx=ws(enrolled={OTHER}),
    ),
    Case("WS-XH-OTHER-STUDENT", E, good=[{}], bad=[TAKEN], ctx=ws()),
    Case("WS-XH-OTHER-STUDENT", A, good=[{}, {**OTHER_ROW, **TAKEN}], bad=[TAKEN], ctx=ws()),
    Case("WS-XH-OTHER-STUDENT", D, good=[{}], bad=[TAKEN], ctx=ws()),
    Case(
        "WS-012-RESUME-WITHOUT-SUSPEND",
        A,
        good=[{}, RESUME],
        bad=[RESUME],
        ctx=ws(changes=SUSPENDED),
        bad_ctx=ws(),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_case(case: Case) -> None:
    good = rule_ids(run(case.kind, case.good, context(**case.ctx)))
    assert case.rule not in good
    bad_ctx = case.bad_ctx if case.bad_ctx is not None else case.ctx
    bad = rule_ids(run(case.kind, case.bad, context(**bad_ctx)))
    assert case.rule in bad


def test_every_rule_has_a_case() -> None:
    assert {r.id for r in BOOK.rules} == {c.rule for c in CASES}


def test_memory_workspace_is_a_workspace_view() -> None:
    view: WorkspaceView = store()
    assert view.enrolled_students({STUDENT}) == {STUDENT}


def check(kind: BatchKind, rows: list[dict[str, Any]], view: WorkspaceView | None) -> set[str]:
    """The ids the workspace rules alone find (other modules' rules left out)."""
    full = [{**BASE[kind], **row} for row in rows]
    names = list(dict.fromkeys(k for r in full for k in r))
    table = build_table(kind, {n: [r.get(n) for r in full] for n in names})
    rules = [r for r in BOOK.rules if r.applies_to(kind)]
    return rule_ids(validate(table, context(workspace=view), rules))


@pytest.mark.parametrize("kind", [E, A, D, BatchKind.CORRECTION])
def test_baseline_rows_give_no_finding(kind: BatchKind) -> None:
    assert check(kind, [{}], store()) == set()


@pytest.mark.parametrize(
    ("kind", "rows"),
    [(D, [{}]), (A, [RESUME]), (A, [TAKEN]), (E, [TAKEN]), (D, [TAKEN])],
)
def test_without_a_workspace_nothing_is_found(kind: BatchKind, rows: list[dict[str, Any]]) -> None:
    assert check(kind, rows, None) == set()
    full = [{**BASE[kind], **row} for row in rows]
    table = build_table(kind, {n: [r.get(n) for r in full] for n in full[0]})
    for rule in BOOK.rules:  # the checks themselves stay quiet too
        assert list(rule.check(table, context())) == []


def test_each_method_is_asked_once_per_table_with_the_whole_column() -> None:
    view = store(changes={OTHER: [(date(2025, 9, 1), "转专业")]})
    rows = [{}, {**OTHER_ROW, "xh": "2022000002", **RESUME}, {**RESUME, "sfzh": NEWCOMER}]
    check(A, rows, view)
    asked = [m for m, _ in view.calls]
    assert sorted(asked) == ["enrolled_students", "student_numbers", "suspended_students"]
    keys = dict(view.calls)
    assert keys["enrolled_students"] == {STUDENT, OTHER, NEWCOMER}
    assert keys["student_numbers"] == {"2022000001", "2022000002"}
    assert keys["suspended_students"] == {OTHER, NEWCOMER}  # only the students resuming

    view = store()
    check(D, [{}, OTHER_ROW, {"sfzh": None}], view)
    assert sorted(m for m, _ in view.calls) == [
        "enrolled_students",
        "student_numbers",
        "students_with_diploma",
    ]
    assert dict(view.calls)["students_with_diploma"] == {STUDENT, OTHER}


def test_empty_column_asks_nothing() -> None:
    view = store()
    check(A, [{"sfzh": None, "xh": None}], view)
    assert view.calls == []


def findings(kind: BatchKind, rows: list[dict[str, Any]], view: WorkspaceView, rule: str) -> Any:
    return [f for f in run(kind, rows, context(workspace=view)) if f.rule.id == rule]


def test_diploma_messages() -> None:
    (held,) = findings(D, [{}], store(diplomas={STUDENT}), "WS-016-DIPLOMA-EXISTS")
    assert held.message == (
        "证件号码“110105********0016”的学生在本工作区已有学历证书：学校只能为一名学生注册一份学历证书"
    )
    (status,) = findings(D, [{}], store(enrolled=set()), "WS-016-NO-STATUS")
    assert status.severity.value == "warning"
    assert status.message.startswith("证件号码“110105********0016”的学生在本工作区没有学籍记录")


def test_number_of_another_student_names_them_masked() -> None:
    (hit,) = findings(A, [TAKEN], store(), "WS-XH-OTHER-STUDENT")
    assert hit.field == "xh"
    assert (
        hit.message == "学号“2022000002”在本工作区已属于另一名学生（证件号码 110105********0024）"
    )
    # A 学号 the store does not know yet is free.
    assert findings(A, [{"xh": "2022009999"}], store(), "WS-XH-OTHER-STUDENT") == []


R = "WS-012-RESUME-WITHOUT-SUSPEND"
SUSPEND = {"ydlb": "休学", "ydrq": "2025-10-01", "ydyy": "因病"}


def test_resume_after_an_earlier_suspension_in_the_same_batch() -> None:
    assert findings(A, [RESUME, SUSPEND], store(), R) == []


def test_resume_before_the_batch_suspension_is_reported() -> None:
    later = {**SUSPEND, "ydrq": "2026-05-01"}
    (hit,) = findings(A, [RESUME, later], store(), R)
    assert hit.row == 2
    assert hit.message.startswith("学籍变动为复学，但该学生在本工作区最近一次学籍变动不是休学")
    same_day = {**SUSPEND, "ydrq": RESUME["ydrq"]}
    assert len(findings(A, [same_day, RESUME], store(), R)) == 1


def test_batch_suspension_of_another_student_does_not_count() -> None:
    assert len(findings(A, [{**SUSPEND, **OTHER_ROW}, RESUME], store(), R)) == 1


def test_resume_when_the_latest_stored_change_is_not_a_suspension() -> None:
    resumed = {STUDENT: [(date(2025, 9, 1), "休学"), (date(2026, 2, 1), "复学")]}
    assert len(findings(A, [RESUME], store(changes=resumed), R)) == 1
    assert findings(A, [RESUME], store(changes=SUSPENDED), R) == []
