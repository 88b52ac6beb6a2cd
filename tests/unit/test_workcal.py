from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.workcal import (
    WorkCalendar,
    WorkdayResult,
    default_calendar,
    load_supplement,
)

D = date.fromisoformat


@pytest.fixture
def cal() -> WorkCalendar:
    return default_calendar()


def test_default_calendar_is_cached() -> None:
    assert default_calendar() is default_calendar()


def test_known_range_covers_the_library_years(cal: WorkCalendar) -> None:
    first, last = cal.known_range()
    assert first <= 2004 and last >= 2026
    assert cal.knows(D("2004-01-01")) and cal.knows(D("2026-12-31"))
    assert not cal.knows(D(f"{last + 1}-01-01"))


def test_national_day_2024(cal: WorkCalendar) -> None:
    for day in range(1, 8):
        assert not cal.is_workday(date(2024, 10, day)), day
    assert cal.is_workday(D("2024-09-29"))  # Sunday, 调休
    assert cal.is_workday(D("2024-10-12"))  # Saturday, 调休
    assert not cal.is_workday(D("2024-09-28"))  # ordinary Saturday
    assert cal.is_workday(D("2024-10-08"))


def test_spring_festival_2025(cal: WorkCalendar) -> None:
    for offset in range(8):  # 1月28日(除夕) to 2月4日
        assert not cal.is_workday(D("2025-01-28") + timedelta(days=offset))
    assert cal.is_workday(D("2025-01-26"))  # Sunday, 调休
    assert cal.is_workday(D("2025-02-08"))  # Saturday, 调休
    assert cal.is_workday(D("2025-01-27"))
    assert cal.is_workday(D("2025-02-05"))


def test_new_year_2014(cal: WorkCalendar) -> None:
    assert D("2014-01-01").weekday() == 2
    assert not cal.is_workday(D("2014-01-01"))
    assert cal.is_workday(D("2014-01-02"))


def test_plain_weekends_and_weekdays(cal: WorkCalendar) -> None:
    assert not cal.is_workday(D("2024-06-15"))  # Saturday
    assert not cal.is_workday(D("2024-06-16"))  # Sunday
    assert cal.is_workday(D("2024-06-17"))  # Monday


def test_fifteen_working_days_over_national_day(cal: WorkCalendar) -> None:
    # From Wednesday 2024-09-25: 9/26 9/27 9/29(调休 Sun) 9/30 -> 4; 10/1-10/7 holiday;
    # 10/8 10/9 10/10 10/11 10/12(调休 Sat) -> 9; 10/14-10/18 -> 14; 10/21 Monday -> 15.
    assert cal.add_workdays(D("2024-09-25"), 15) == WorkdayResult(D("2024-10-21"), exact=True)
    assert cal.workdays_between(D("2024-09-25"), D("2024-10-21")) == (15, True)
    assert cal.workdays_between(D("2024-09-25"), D("2024-10-20")) == (14, True)


def test_add_workdays_edges(cal: WorkCalendar) -> None:
    saturday = D("2024-06-15")
    assert cal.add_workdays(saturday, 0) == WorkdayResult(saturday, exact=True)
    assert cal.add_workdays(saturday, 1).value == D("2024-06-17")
    assert cal.add_workdays(D("2024-06-14"), 1).value == D("2024-06-17")  # Friday -> Monday
    with pytest.raises(ValueError, match="negative"):
        cal.add_workdays(saturday, -1)


def test_workdays_between_counts_the_end_not_the_start(cal: WorkCalendar) -> None:
    monday, friday = D("2024-06-17"), D("2024-06-21")
    assert cal.workdays_between(monday, friday) == (4, True)
    assert cal.workdays_between(monday, monday) == (0, True)
    assert cal.workdays_between(friday, monday) == (0, True)


def test_add_and_between_agree(cal: WorkCalendar) -> None:
    start = D("2024-12-20")
    for n in range(40):
        end = cal.add_workdays(start, n).value
        assert cal.workdays_between(start, end) == (n, True)


def test_2027_falls_back_to_weekdays(cal: WorkCalendar) -> None:
    assert not cal.knows(D("2027-01-01"))
    assert cal.is_workday(D("2027-01-01"))  # a Friday; New Year's Day is not known yet
    assert not cal.is_workday(D("2027-01-02"))
    result = cal.add_workdays(D("2027-01-01"), 1)
    assert result == WorkdayResult(D("2027-01-04"), exact=False)
    assert cal.workdays_between(D("2026-12-30"), D("2027-01-04")) == (3, False)


def test_span_ending_inside_the_known_range_is_exact(cal: WorkCalendar) -> None:
    assert cal.add_workdays(D("2026-12-28"), 3).exact  # 12-29, 12-30, 12-31
    assert not cal.add_workdays(D("2026-12-28"), 4).exact


SUPPLEMENT_2027 = """\ufeff# 国务院办公厅关于2027年部分节假日安排的通知 (example data)
date,kind
2027-01-01,holiday

2027-01-02,holiday
2027-01-03,holiday
2027-02-06,workday
"""


def test_supplement_makes_2027_known() -> None:
    holidays, workdays, years = load_supplement(SUPPLEMENT_2027)
    assert holidays == [D("2027-01-01"), D("2027-01-02"), D("2027-01-03")]
    assert workdays == [D("2027-02-06")]
    assert years == [2027]
    cal = WorkCalendar(extra_holidays=holidays, extra_workdays=workdays, extra_years=years)
    assert cal.knows(D("2027-01-01"))
    assert cal.known_range()[1] == 2027
    assert not cal.is_workday(D("2027-01-01"))
    assert cal.is_workday(D("2027-02-06"))  # Saturday
    assert cal.add_workdays(D("2026-12-31"), 1) == WorkdayResult(D("2027-01-04"), exact=True)
    assert cal.workdays_between(D("2026-12-30"), D("2027-01-04")) == (2, True)


def test_detached_supplement_year_is_known_but_not_in_the_range() -> None:
    cal = WorkCalendar(extra_years=[2029])
    assert cal.knows(D("2029-03-01"))
    assert not cal.knows(D("2028-03-01"))
    assert cal.known_range() == default_calendar().known_range()


def test_supplement_overrides_library_data() -> None:
    cal = WorkCalendar(extra_workdays=[D("2024-10-07")], extra_holidays=[D("2024-10-08")])
    assert cal.is_workday(D("2024-10-07"))
    assert not cal.is_workday(D("2024-10-08"))


def test_calendar_rejects_a_day_of_both_kinds() -> None:
    with pytest.raises(ValueError, match="both"):
        WorkCalendar(extra_holidays=[D("2027-01-01")], extra_workdays=[D("2027-01-01")])


def test_supplement_is_lenient_about_case_spaces_and_repeats() -> None:
    text = "Date , Kind\n 2027-10-01 , Holiday \n2027-10-01,holiday\n2028-01-01,holiday\n"
    assert load_supplement(text) == ([D("2027-10-01"), D("2028-01-01")], [], [2027, 2028])


def test_empty_supplement_with_header() -> None:
    assert load_supplement("date,kind\n") == ([], [], [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"line 1: missing header"),
        ("# only a comment\n", r"line 1: missing header"),
        ("2027-01-01,holiday\n", r"line 1: expected header"),
        ("date,kind\n2027-01-01,holiday\n2027-13-01,holiday\n", r"line 3: '2027-13-01'"),
        ("date,kind\n# note\n2027-01-01,vacation\n", r"line 3: kind must be"),
        ("date,kind\n2027-01-01\n", r"line 2: expected 'date,kind'"),
        ("date,kind\n2027-01-01,holiday,extra\n", r"line 2: expected 'date,kind'"),
        ("date,kind\n\n2027-01-01,holiday\n2027-01-01,workday\n", r"line 4: .* both kinds"),
    ],
)
def test_supplement_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_supplement(text)
