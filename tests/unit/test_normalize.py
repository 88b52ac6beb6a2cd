"""Cell normalisation: text, names, codes, Excel serial dates, dates, numbers, 学年, 是/否."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.normalize import (
    PrecisionLost,
    code_text,
    excel_serial_to_date,
    is_blank,
    name,
    parse_academic_year,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_year_month,
    text,
)

# Independent reference epochs: for 1900-03-01 onwards a 1900-system serial counts days
# from 1899-12-30 (the phantom 1900-02-29 takes one serial); the 1904 system counts from
# 1904-01-01.
EXCEL_1900_AFTER_LEAP = date(1899, 12, 30)
EXCEL_1904 = date(1904, 1, 1)
FIRST_REAL_AFTER_BUG = date(1900, 3, 1)
MAX_SERIAL = 2958465

MIDDLE_DOT_VARIANTS = "・•‧･∙⋅●·"

dates_after_bug = st.dates(min_value=FIRST_REAL_AFTER_BUG, max_value=date(9999, 12, 31))


# --- is_blank / text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "blank"),
    [(None, True), ("", True), ("  \t\u3000", True), ("0", False), (0, False), (" a ", False)],
)
def test_is_blank(value: object, blank: bool) -> None:
    assert is_blank(value) is blank


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   \t\n", None),
        ("\u3000", None),
        ("张三", "张三"),
        ("  计算机  科学\t与\n技术  ", "计算机 科学 与 技术"),
        ("\u3000张三\u3000", "张三"),
        ("e\u0301cole", "école"),  # NFC composes
        (4.0, "4"),  # an integral float from a numeric cell
        (2.5, "2.5"),
        (123, "123"),
        ("0123", "0123"),
    ],
)
def test_text(value: object, expected: str | None) -> None:
    assert text(value) == expected


def test_text_result_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë Ångström")
    assert decomposed != "Zoë Ångström"
    result = text(decomposed)
    assert result == "Zoë Ångström"
    assert result is not None and unicodedata.is_normalized("NFC", result)


@given(st.text())
def test_text_is_trimmed_folded_nfc_and_idempotent(s: str) -> None:
    result = text(s)
    if result is None:
        assert not s.strip()
        return
    assert result == result.strip()
    assert all(c == " " for c in result if c.isspace())
    assert "  " not in result
    assert unicodedata.is_normalized("NFC", result)
    assert text(result) == result


# --- name ----------------------------------------------------------------------------


@pytest.mark.parametrize("dot", list(MIDDLE_DOT_VARIANTS))
def test_name_unifies_every_middle_dot(dot: str) -> None:
    assert name(f"阿依古丽{dot}买买提") == "阿依古丽·买买提"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("阿 · 买买提", "阿·买买提"),
        ("阿  ・  买买提", "阿·买买提"),
        ("阿\u3000•\u3000买买提", "阿·买买提"),
        ("阿·买买提 · 艾力", "阿·买买提·艾力"),
        ("  张三  ", "张三"),
        ("Li  Ming", "Li Ming"),  # spaces elsewhere are only folded, not removed
        ("", None),
        (None, None),
        ("   ", None),
        ("e\u0301", "é"),
        ("阿\u0387买买提", "阿·买买提"),  # Greek ano teleia is canonically U+00B7
    ],
)
def test_name(value: object, expected: str | None) -> None:
    assert name(value) == expected


@given(
    parts=st.lists(
        st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1),
        min_size=2,
        max_size=4,
    ),
    dots=st.lists(st.sampled_from(MIDDLE_DOT_VARIANTS), min_size=3, max_size=3),
    pads=st.lists(st.sampled_from(["", " ", "  ", "\u3000", "\t"]), min_size=6, max_size=6),
)
def test_name_joins_parts_with_u00b7(parts: list[str], dots: list[str], pads: list[str]) -> None:
    raw = parts[0]
    for k, part in enumerate(parts[1:]):
        raw += pads[2 * k] + dots[k] + pads[2 * k + 1] + part
    assert name(raw) == "·".join(parts)


# --- code_text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("'", None),
        ("abc123", "ABC123"),
        ("１２３ＡＢｃ", "123ABC"),
        (" 4401 06\u300019 ", "44010619"),
        ("'0123", "0123"),  # Excel's force-text apostrophe
        ("’0123", "0123"),
        ("0123", "0123"),  # leading zeros survive in text
        ("11010119900307451x", "11010119900307451X"),
        ("１１０１０１１９９００３０７４５１ｘ", "11010119900307451X"),
        ("ab-12", "AB-12"),
        (123, "123"),
        (0, "0"),
        (4401.0, "4401"),
        (123456789012345, "123456789012345"),  # 15 digits still fit
        (123456789012345.0, "123456789012345"),
    ],
)
def test_code_text(value: object, expected: str | None) -> None:
    assert code_text(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        110101199003074514,
        float(110101199003074514),
        1.2345678901234567e17,
        1234567890123456,
        1234567890123456.0,
    ],
)
def test_code_text_long_number_lost_precision(value: float) -> None:
    with pytest.raises(PrecisionLost):
        code_text(value)


@pytest.mark.parametrize("value", [True, False])
def test_code_text_rejects_bools(value: bool) -> None:
    with pytest.raises(ValueError) as info:
        code_text(value)
    assert not isinstance(info.value, PrecisionLost)


def test_code_text_rejects_fractional_float_without_claiming_precision_loss() -> None:
    with pytest.raises(ValueError) as info:
        code_text(1.5)
    assert not isinstance(info.value, PrecisionLost)


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_code_text_keeps_short_ints(n: int) -> None:
    assert code_text(n) == str(n)
    assert code_text(float(n)) == str(n)


@given(st.integers(min_value=10**15, max_value=10**30))
def test_code_text_refuses_ints_beyond_15_digits(n: int) -> None:
    with pytest.raises(PrecisionLost):
        code_text(n)


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=20))
def test_code_text_full_width_and_lower_case_fold_to_ascii(code: str) -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())
    assert code_text(full_width) == code
    assert code_text(" " + " ".join(code.lower()) + " ") == code
    assert code_text("'" + code) == code


# --- excel_serial_to_date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, date(1900, 1, 1)),
        (31, date(1900, 1, 31)),
        (32, date(1900, 2, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (45473, date(2024, 6, 30)),
        (45473.99, date(2024, 6, 30)),  # the time of day is dropped
        (36526, date(2000, 1, 1)),
        (MAX_SERIAL, date(9999, 12, 31)),
    ],
)
def test_excel_1900_serials(serial: float, expected: date) -> None:
    assert excel_serial_to_date(serial) == expected


def test_reference_values_agree_with_the_independent_epoch() -> None:
    assert (date(2024, 6, 30) - EXCEL_1900_AFTER_LEAP).days == 45473
    assert (date(9999, 12, 31) - EXCEL_1900_AFTER_LEAP).days == MAX_SERIAL


def test_serial_60_is_lotus_phantom_leap_day() -> None:
    with pytest.raises(ValueError, match="60"):
        excel_serial_to_date(60)
    with pytest.raises(ValueError):
        excel_serial_to_date(60.5)
    assert excel_serial_to_date(61) - excel_serial_to_date(59) == timedelta(days=1)


@pytest.mark.parametrize("serial", [0, 0.5, -1, -0.5, MAX_SERIAL + 1, 10**9, float("nan")])
def test_excel_1900_out_of_range(serial: float) -> None:
    with pytest.raises(ValueError):
        excel_serial_to_date(serial)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (0, date(1904, 1, 1)),
        (1, date(1904, 1, 2)),
        (59, date(1904, 2, 29)),  # no phantom day in the 1904 system
        (60, date(1904, 3, 1)),
        (45473 - 1462, date(2024, 6, 30)),
        (MAX_SERIAL - 1462, date(9999, 12, 31)),
    ],
)
def test_excel_1904_serials(serial: int, expected: date) -> None:
    assert excel_serial_to_date(serial, date1904=True) == expected


@pytest.mark.parametrize("serial", [-1, MAX_SERIAL - 1461])
def test_excel_1904_out_of_range(serial: int) -> None:
    with pytest.raises(ValueError):
        excel_serial_to_date(serial, date1904=True)


@given(dates_after_bug)
def test_serial_of_any_date_after_the_bug_maps_back(d: date) -> None:
    serial = (d - EXCEL_1900_AFTER_LEAP).days
    assert excel_serial_to_date(serial) == d
    assert excel_serial_to_date(serial + 0.25) == d


@given(st.dates(min_value=EXCEL_1904, max_value=date(9999, 12, 31)))
def test_1904_serials_are_1900_serials_minus_1462(d: date) -> None:
    serial = (d - EXCEL_1904).days
    assert excel_serial_to_date(serial, date1904=True) == d
    assert excel_serial_to_date(serial + 1462) == d


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(1900, 2, 28)))
def test_serials_before_the_bug_count_from_1899_12_31(d: date) -> None:
    assert excel_serial_to_date((d - date(1899, 12, 31)).days) == d


@given(
    st.integers(min_value=61, max_value=MAX_SERIAL),
    st.integers(min_value=61, max_value=MAX_SERIAL),
)
def test_serials_are_strictly_increasing(a: int, b: int) -> None:
    if a == b:
        assert excel_serial_to_date(a) == excel_serial_to_date(b)
    else:
        assert (excel_serial_to_date(a) < excel_serial_to_date(b)) == (a < b)


@given(st.integers(min_value=61, max_value=MAX_SERIAL - 1))
def test_consecutive_serials_are_consecutive_days(s: int) -> None:
    assert excel_serial_to_date(s + 1) - excel_serial_to_date(s) == timedelta(days=1)


# --- parse_date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        date(2024, 6, 30),
        datetime(2024, 6, 30, 23, 59, 59),
        45473,
        45473.0,
        45473.5,
        "45473",
        20240630,
        20240630.0,
        "20240630",
        "2024-06-30",
        "2024-6-30",
        "2024/06/30",
        "2024/6/30",
        "2024.06.30",
        "2024.6.30",
        "2024年6月30日",
        "2024年06月30日",
        "2024年6月30",
        "2024 年 6 月 30 日",
        "２０２４年６月３０日",
        "２０２４－０６－３０",
        "２０２４０６３０",
        "  2024-06-30  ",
        "2024-06-30 00:00:00",
        "2024-06-30 8:30",
        "2024-06-30T00:00:00",
        "2024-06-30 00:00:00.000",
        "2024/6/30 0:00",
        "20240630 12:00:00",
        "2024年6月30日 10:00",
    ],
)
def test_parse_date_accepts_the_usual_shapes(value: object) -> None:
    result = parse_date(value)
    assert result == date(2024, 6, 30)
    assert type(result) is date


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_parse_date_blank_is_none(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "2023-02-29",
        "20230229",
        "2023年2月29日",
        "2024-13-01",
        "2024-00-10",
        "2024-06-31",
        "20241301",
        "2024-06-00",
    ],
)
def test_parse_date_rejects_impossible_dates(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "2024-06",
        "30/06/2024",
        "2024-06-30-01",
        "2024--06-30",
        "June 30, 2024",
        "2024-06-30 25",
        "0",
        "60",
        "-1",
        0,
        60,
        -5,
        MAX_SERIAL + 1,
        True,
        False,
        [2024, 6, 30],
    ],
)
def test_parse_date_rejects_garbage(value: object) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


def test_parse_date_leap_day_in_a_leap_year() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date("2000年2月29日") == date(2000, 2, 29)
    with pytest.raises(ValueError):
        parse_date("1900-02-29")


def test_parse_date_1904_system() -> None:
    assert parse_date(0, date1904=True) == date(1904, 1, 1)
    assert parse_date(45473 - 1462, date1904=True) == date(2024, 6, 30)
    assert parse_date("44011", date1904=True) == date(2024, 6, 30)
    # Text dates do not depend on the date system.
    assert parse_date("2024-06-30", date1904=True) == date(2024, 6, 30)


@given(dates_after_bug)
def test_parse_date_round_trips_text_forms(d: date) -> None:
    assert parse_date(d.isoformat()) == d
    assert parse_date(d.strftime("%Y%m%d")) == d
    assert parse_date(f"{d.year}年{d.month}月{d.day}日") == d
    assert parse_date(f"{d.year}/{d.month}/{d.day}") == d
    assert parse_date(f"{d.isoformat()} 00:00:00") == d
    assert parse_date(int(d.strftime("%Y%m%d"))) == d
    serial = (d - EXCEL_1900_AFTER_LEAP).days
    if d.year < 2100:
        assert parse_date(serial) == d
    else:  # a bare number that large is a date written as digits, not a serial
        with pytest.raises(ValueError):
            parse_date(serial)


@pytest.mark.parametrize("value", ["202409", 202409, 202409.0, "1000000", 100000])
def test_six_digit_numbers_are_not_serials_of_far_future_days(value: object) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "month"),
    [("202406", date(2024, 6, 1)), (202406, date(2024, 6, 1)), (202406.0, date(2024, 6, 1))],
)
def test_year_month_from_digits_and_numeric_cells(value: object, month: date) -> None:
    assert parse_year_month(value) == month


def test_year_month_refuses_ambiguous_float() -> None:
    with pytest.raises(ValueError):
        parse_year_month(2024.1)  # 2024.10 or 2024.01? a numeric cell cannot say


@pytest.mark.parametrize(
    ("text", "shown"), [("10", "10"), (10, "10"), ("100.0", "100"), ("2.50", "2.5")]
)
def test_decimals_print_plainly(text: object, shown: str) -> None:
    assert str(parse_decimal(text)) == shown


def test_infinity_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_date(float("inf"))


# --- parse_year_month -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2024-06",
        "2024-6",
        "2024/06",
        "2024.6",
        "2024.06",
        "2024年6月",
        "2024年06月",
        "2024年6",
        "202406",
        "２０２４年６月",
        "２０２４０６",
        " 2024 - 06 ",
        "2024-06-30",
        "2024-06-01",
        "2024年6月15日",
        date(2024, 6, 30),
        datetime(2024, 6, 30, 12, 0),
        45473,
    ],
)
def test_parse_year_month(value: object) -> None:
    assert parse_year_month(value) == date(2024, 6, 1)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_parse_year_month_blank(value: object) -> None:
    assert parse_year_month(value) is None


@pytest.mark.parametrize("value", ["2024-13", "2024-00", "202413", "202400", "2024年13月", "abc"])
def test_parse_year_month_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        parse_year_month(value)


def test_parse_year_month_1904_serial() -> None:
    assert parse_year_month(45473 - 1462, date1904=True) == date(2024, 6, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_parse_year_month_round_trips(d: date) -> None:
    first = d.replace(day=1)
    assert parse_year_month(f"{d.year}-{d.month:02d}") == first
    assert parse_year_month(f"{d.year}{d.month:02d}") == first
    assert parse_year_month(f"{d.year}年{d.month}月") == first
    assert parse_year_month(d.isoformat()) == first


# --- parse_decimal --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4", "4"),
        ("4年", "4"),
        (" 4 年 ", "4"),
        ("4.0", "4"),
        ("２.５", "2.5"),
        ("２．５年", "2.5"),
        ("2.5", "2.5"),
        (4, "4"),
        (4.0, "4"),
        (2.5, "2.5"),
        (0.5, "0.5"),
        ("3", "3"),
    ],
)
def test_parse_decimal(value: object, expected: str) -> None:
    result = parse_decimal(value)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)
    assert str(result) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "年"])
def test_parse_decimal_blank(value: object) -> None:
    assert parse_decimal(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "4年制",
        "四年",
        "4,5",
        "NaN",
        "nan",
        "sNaN",
        "inf",
        "-Infinity",
        "Infinity年",
        float("nan"),
        float("inf"),
        float("-inf"),
        True,
        False,
    ],
)
def test_parse_decimal_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_decimal(value)


@given(st.integers(min_value=1, max_value=16))
def test_parse_decimal_half_years(halves: int) -> None:
    expected = Decimal(halves) / 2
    as_text = f"{halves / 2:g}"
    assert parse_decimal(as_text) == expected
    assert parse_decimal(as_text + "年") == expected
    assert parse_decimal(halves / 2) == expected


# --- parse_academic_year --------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2025",
        2025,
        2025.0,
        "２０２５",
        "2025-2026",
        "2025-2026学年",
        "2025-2026年",
        "2025—2026",
        "2025–2026",
        "2025~2026",
        "2025至2026",
        "2025/2026",
        "2025 - 2026 学年",
        "２０２５－２０２６",
        " 2025-2026 ",
    ],
)
def test_parse_academic_year(value: object) -> None:
    assert parse_academic_year(value) == "2025-2026"


@pytest.mark.parametrize("value", [None, "", "  "])
def test_parse_academic_year_blank(value: object) -> None:
    assert parse_academic_year(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "2025-2027",
        "2025-2025",
        "2026-2025",
        "25-26",
        "2025-26",
        "20252026",
        "202",
        "abc",
        "2025学期",
        "第一学年",
    ],
)
def test_parse_academic_year_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_academic_year(value)


@given(st.integers(min_value=1000, max_value=9998))
def test_parse_academic_year_any_start(year: int) -> None:
    expected = f"{year}-{year + 1}"
    assert parse_academic_year(str(year)) == expected
    assert parse_academic_year(year) == expected
    assert parse_academic_year(expected) == expected
    assert parse_academic_year(f"{year}—{year + 1}学年") == expected
    with pytest.raises(ValueError):
        parse_academic_year(f"{year}-{year + 2}")


# --- parse_bool -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [True, "是", "y", "Y", "yes", "YES", "true", "True", "1", 1, "有", "√", "ＹＥＳ", " 是 "],
)
def test_parse_bool_true(value: object) -> None:
    assert parse_bool(value) is True


@pytest.mark.parametrize(
    "value", [False, "否", "n", "N", "no", "No", "false", "FALSE", "0", 0, "无", "×", " 否 "]
)
def test_parse_bool_false(value: object) -> None:
    assert parse_bool(value) is False


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_bool_blank(value: object) -> None:
    assert parse_bool(value) is None


@pytest.mark.parametrize("value", ["maybe", "2", 2, "是否", "x", "对"])
def test_parse_bool_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_bool(value)
