"""The dashboard's article-13 arithmetic (desktop/services/dashboard.py), without Qt or a
database: the dates it shows must be the ones the ANN-013 rules judge by."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.domain.fields import BatchKind
from desktop.domain.workcal import WorkCalendar
from desktop.services.dashboard import (
    DEREGISTRATION,
    REGISTRATION,
    Decision,
    deregistration_deadlines,
    registration_deadlines,
)
from tests.unit.rules_support import context, rule_ids, run

D = date.fromisoformat
CAL = WorkCalendar()
DROPOUT = {"zczt": None, "zcrq": None, "zxlb": "退学", "xn": "2025-2026"}


def test_registration_is_due_one_month_after_the_first_term_starts() -> None:
    [d] = registration_deadlines({"2026-2027": D("2026-09-01")}, D("2026-09-20"))
    assert (d.task, d.subject, d.starts, d.due) == (
        REGISTRATION, "2026-2027 学年", D("2026-09-01"), D("2026-10-01"),
    )  # fmt: skip
    assert (d.days_left, d.overdue, d.workdays_left) == (11, False, None)


def test_registration_deadline_clamps_to_the_month_end_and_leaves_the_board_later() -> None:
    starts = {"2025-2026": D("2025-09-01"), "2026-2027": D("2026-01-31")}
    # 31 January + one month is 28 February; the 2025 deadline (1 October) passed long ago.
    [d] = registration_deadlines(starts, D("2026-03-03"))
    assert (d.due, d.days_left, d.overdue) == (D("2026-02-28"), -3, True)
    # Still shown 31 days after it passed, gone on the 32nd.
    assert registration_deadlines(starts, D("2026-03-31"))[0].days_left == -31
    assert registration_deadlines(starts, D("2026-04-01")) == []


def test_deregistration_counts_working_days_across_the_national_day_holiday() -> None:
    # Decided Friday 2025-09-26: 28 September (Sunday, 调休) is a working day, 1–8 October
    # are not, 11 October (Saturday, 调休) is: the 15th working day is Thursday 23 October.
    decided = [Decision(D("2025-09-26"), "学年注册一"), Decision(D("2025-09-26"), "学年注册二")]
    [d] = deregistration_deadlines(decided, D("2025-09-30"), CAL)
    assert (d.task, d.due, d.students, d.exact) == (DEREGISTRATION, D("2025-10-23"), 2, True)
    assert d.subject == "2 名学生（批次：学年注册一、学年注册二）"
    # 23 calendar days, but only 12 working days: 9, 10, 11, 13–17 and 20–23 October.
    assert (d.days_left, d.workdays_left) == (23, 12)
    # Two working days late on Monday 27 October (24 and 27), four calendar days.
    [late] = deregistration_deadlines(decided[:1], D("2025-10-27"), CAL)
    assert (late.days_left, late.workdays_left, late.overdue) == (-4, -2, True)


def test_the_dashboard_and_the_rule_agree_on_the_deregistration_deadline() -> None:
    for decided in (D("2025-09-26"), D("2026-01-23"), D("2026-04-30"), D("2026-06-01")):
        [d] = deregistration_deadlines([Decision(decided, "b")], decided, CAL)
        row = {**DROPOUT, "clrq": decided.isoformat()}
        on_time = run(BatchKind.ANNUAL, [{**row, "zxrq": d.due.isoformat()}])
        late = run(BatchKind.ANNUAL, [{**row, "zxrq": (d.due + timedelta(1)).isoformat()}])
        assert "ANN-013-ZX-DEADLINE" not in rule_ids(on_time), decided
        assert "ANN-013-ZX-DEADLINE" in rule_ids(late), decided


def test_the_dashboard_and_the_rule_agree_on_the_registration_deadline() -> None:
    term = D("2026-01-31")
    [d] = registration_deadlines({"2025-2026": term}, term)
    ctx = context(term_start=term)
    row = {"xn": "2025-2026"}
    assert "ANN-013-ZC-DEADLINE" not in rule_ids(
        run(BatchKind.ANNUAL, [{**row, "zcrq": d.due.isoformat()}], ctx)
    )
    assert "ANN-013-ZC-DEADLINE" in rule_ids(
        run(BatchKind.ANNUAL, [{**row, "zcrq": (d.due + timedelta(1)).isoformat()}], ctx)
    )


def test_a_year_without_a_holiday_calendar_is_marked_inexact() -> None:
    [d] = deregistration_deadlines([Decision(D("2060-06-01"), "b")], D("2060-06-01"), CAL)
    # Monday–Friday fallback: 15 working days after Tuesday 1 June 2060 is 22 June.
    assert (d.due, d.exact, d.workdays_left) == (D("2060-06-22"), False, 15)
    known = WorkCalendar(extra_years=[2060])
    [exact] = deregistration_deadlines([Decision(D("2060-06-01"), "b")], D("2060-06-01"), known)
    assert exact.exact


def test_deadlines_are_listed_soonest_first_one_line_per_decision_day() -> None:
    decided = [Decision(D("2026-06-10"), "b"), Decision(D("2026-06-01"), "a")]
    found = deregistration_deadlines(decided, D("2026-06-02"), CAL)
    assert [d.starts for d in found] == [D("2026-06-01"), D("2026-06-10")]
    assert [d.students for d in found] == [1, 1]
