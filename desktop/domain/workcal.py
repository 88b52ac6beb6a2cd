"""China's working-day calendar, for deadlines such as 办法第十三条's "15个工作日".

Statutory holidays and 调休 make-up working days come from `chinese_calendar`, which only
knows the years the State Council has already announced. An office can add a newly
published year through a supplement CSV instead of waiting for a library release. Days no
source describes fall back to Monday–Friday, and every answer says whether that happened.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar

_ONE_DAY = timedelta(days=1)
_SUPPLEMENT_HEADER = ("date", "kind")


class CalendarRangeWarning(UserWarning):
    """For callers that surface inexact results as warnings; this module never emits it."""


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    value: date
    exact: bool  # False when some day in the span was guessed with the weekday fallback


@cache
def _library_data() -> tuple[frozenset[date], frozenset[date], tuple[int, int]]:
    # Copied into sets once: the library's own is_workday rescans every key per call.
    holidays = frozenset(_as_date(day) for day in chinese_calendar.holidays)
    workdays = frozenset(_as_date(day) for day in chinese_calendar.workdays)
    years = [day.year for day in holidays]
    return holidays, workdays, (min(years), max(years))


def _as_date(value: object) -> date:
    if not isinstance(value, date):
        raise TypeError(f"chinese_calendar returned {value!r}, expected a date")
    return value


class WorkCalendar:
    """Working days from the library data, overridden and extended by supplement data."""

    __slots__ = (
        "_extra_holidays",
        "_extra_workdays",
        "_holidays",
        "_known_years",
        "_range",
        "_workdays",
    )

    def __init__(
        self,
        *,
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
        extra_years: Iterable[int] = (),
    ) -> None:
        self._holidays, self._workdays, (first, last) = _library_data()
        self._extra_holidays = frozenset(extra_holidays)
        self._extra_workdays = frozenset(extra_workdays)
        clash = self._extra_holidays & self._extra_workdays
        if clash:
            raise ValueError(f"days listed both as holiday and workday: {sorted(clash)}")
        extra = frozenset(extra_years)
        self._known_years = frozenset(range(first, last + 1)) | extra
        while first - 1 in extra:
            first -= 1
        while last + 1 in extra:
            last += 1
        self._range = (first, last)

    def known_range(self) -> tuple[int, int]:
        """First and last year of the unbroken run of years the calendar describes."""
        return self._range

    def knows(self, day: date) -> bool:
        """Whether `day` is described by data; a detached supplement year counts too."""
        return day.year in self._known_years

    def is_workday(self, day: date) -> bool:
        # Supplement entries win over the library so an office can correct a late change.
        if day in self._extra_workdays:
            return True
        if day in self._extra_holidays:
            return False
        if day in self._workdays:
            return True
        return day.weekday() < 5 and day not in self._holidays

    def add_workdays(self, start: date, n: int) -> WorkdayResult:
        """The n-th working day after `start`, not counting `start` itself."""
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        day, exact = start, True
        while n > 0:
            day += _ONE_DAY
            exact = exact and self.knows(day)
            if self.is_workday(day):
                n -= 1
        return WorkdayResult(day, exact)

    def workdays_between(self, start: date, end: date) -> tuple[int, bool]:
        """Working days d with start < d <= end (0 when end <= start), and whether exact."""
        count, exact = 0, True
        day = start + _ONE_DAY
        while day <= end:
            exact = exact and self.knows(day)
            count += self.is_workday(day)
            day += _ONE_DAY
        return count, exact


def load_supplement(text: str) -> tuple[list[date], list[date], list[int]]:
    """Parse a supplement CSV into (holidays, workdays, years covered).

    Format: a `date,kind` header, then one ISO date and `holiday` or `workday` per line;
    blank lines and lines starting with `#` are skipped. A year that appears at all is
    taken as fully described, so list every holiday and make-up day of it. Raises
    ValueError naming the offending line.
    """
    holidays: list[date] = []
    workdays: list[date] = []
    seen: dict[date, str] = {}
    header_seen = False
    # Spreadsheet programs save UTF-8 CSV with a byte-order mark.
    lines = text.removeprefix("\ufeff").splitlines()
    for lineno, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        fields = [field.strip() for field in next(csv.reader(io.StringIO(stripped)))]
        if not header_seen:
            if tuple(field.lower() for field in fields) != _SUPPLEMENT_HEADER:
                raise ValueError(f"line {lineno}: expected header 'date,kind', got {stripped!r}")
            header_seen = True
            continue
        if len(fields) != 2:
            raise ValueError(f"line {lineno}: expected 'date,kind', got {stripped!r}")
        try:
            day = date.fromisoformat(fields[0])
        except ValueError:
            raise ValueError(f"line {lineno}: {fields[0]!r} is not a YYYY-MM-DD date") from None
        kind = fields[1].lower()
        if kind not in ("holiday", "workday"):
            raise ValueError(
                f"line {lineno}: kind must be 'holiday' or 'workday', got {fields[1]!r}"
            )
        if day in seen:
            if seen[day] != kind:
                raise ValueError(f"line {lineno}: {day.isoformat()} is listed as both kinds")
            continue  # a repeated line of the same kind adds nothing
        seen[day] = kind
        if kind == "holiday":
            holidays.append(day)
        else:
            workdays.append(day)
    if not header_seen:
        raise ValueError("line 1: missing header 'date,kind'")
    years = sorted({day.year for day in seen})
    return holidays, workdays, years


@cache
def default_calendar() -> WorkCalendar:
    """The calendar from library data alone, built once."""
    return WorkCalendar()
