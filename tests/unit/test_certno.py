from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.certno import (
    CERT_LEVELS,
    CertNumber,
    CertProblem,
    check_cert_number,
    format_cert_number,
    parse_cert_number,
)

# 10001 (a school code), 普通 办学类型 1, 2025, 本科 05, sequence 000123
GOOD = "100011202505000123"


def check_against_record(value: str) -> list[CertProblem]:
    return check_cert_number(
        value,
        school_code="10001",
        school_types={"1", "6"},
        school_type="1",
        graduation_year=2025,
        level_code="05",
    )


def test_parse_splits_the_fields() -> None:
    cert = parse_cert_number(GOOD)
    assert cert == CertNumber(
        school_code="10001", school_type="1", year=2025, level="05", sequence=123
    )
    assert cert.series == ("10001", "1", 2025, "05")
    assert str(cert) == GOOD


def test_graduate_and_completion_certificates_share_a_series() -> None:
    graduate = parse_cert_number("100011202505000123")
    completion = parse_cert_number("100011202505000124")
    other_level = parse_cert_number("100011202506000124")
    assert graduate is not None and completion is not None and other_level is not None
    assert graduate.series == completion.series != other_level.series


def test_parse_normalises_width_and_surrounding_space() -> None:
    assert parse_cert_number(" １０００１１２０２５０５０００１２３\t") == parse_cert_number(GOOD)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "10001120250500012",  # 17 digits
        "1000112025050001234",  # 19 digits
        "10001120250500012X",
        "100011 202505000123",  # only surrounding space is stripped
        "١٠٠٠١١٢٠٢٥٠٥٠٠٠١٢٣",  # Arabic-Indic digits survive NFKC
    ],
)
def test_non_digit_or_wrong_length_is_format_alone(value: str) -> None:
    assert parse_cert_number(value) is None
    assert check_against_record(value) == [CertProblem.FORMAT]


def test_matching_number_has_no_problems() -> None:
    assert check_against_record(GOOD) == []
    assert check_cert_number(GOOD) == []


def test_school() -> None:
    assert check_cert_number(GOOD, school_code="10002") == [CertProblem.SCHOOL]
    assert check_cert_number(GOOD, school_code="10001") == []


def test_school_type() -> None:
    assert check_cert_number(GOOD, school_types={"6", "7"}) == [CertProblem.SCHOOL_TYPE]
    assert check_cert_number(GOOD, school_type="6") == [CertProblem.SCHOOL_TYPE]
    assert check_cert_number(GOOD, school_types={"1", "6"}, school_type="6") == [
        CertProblem.SCHOOL_TYPE
    ]
    assert check_cert_number(GOOD, school_types={"1"}, school_type="1") == []


def test_year() -> None:
    assert check_cert_number(GOOD, graduation_year=2024) == [CertProblem.YEAR]
    assert check_cert_number(GOOD, graduation_year=2025) == []
    assert check_cert_number("100011194905000123") == [CertProblem.YEAR]
    assert check_cert_number("100011195005000123") == []
    assert check_cert_number("100011020505000123", graduation_year=205) == [CertProblem.YEAR]


def test_level() -> None:
    assert check_cert_number(GOOD, level_code="06") == [CertProblem.LEVEL]
    assert check_cert_number(GOOD, level_code="05") == []
    assert check_cert_number("100011202503000123") == []  # unknown codes pass without a target
    assert set(CERT_LEVELS) == {"01", "02", "04", "05", "06"}


def test_sequence() -> None:
    assert check_cert_number("100011202505000000") == [CertProblem.SEQUENCE]
    assert check_cert_number("100011202505000001") == []


def test_every_problem_at_once() -> None:
    assert check_against_record("100027194906000000") == [
        CertProblem.SCHOOL,
        CertProblem.SCHOOL_TYPE,
        CertProblem.YEAR,
        CertProblem.LEVEL,
        CertProblem.SEQUENCE,
    ]


def test_format_pads_and_validates() -> None:
    assert format_cert_number("10001", "1", 2025, "05", 123) == GOOD
    assert format_cert_number("00001", "0", 7, "01", 0) == "000010000701000000"
    for args in [
        ("1001", "1", 2025, "05", 1),
        ("10001", "12", 2025, "05", 1),
        ("10001", "1", 20250, "05", 1),
        ("10001", "1", -1, "05", 1),
        ("10001", "1", 2025, "5", 1),
        ("10001", "1", 2025, "05", 1_000_000),
        ("10001", "1", 2025, "05", -1),
        ("1000１", "1", 2025, "05", 1),
    ]:
        with pytest.raises(ValueError):
            format_cert_number(*args)


_DIGITS = st.characters(min_codepoint=ord("0"), max_codepoint=ord("9"))


@given(
    school_code=st.text(_DIGITS, min_size=5, max_size=5),
    school_type=st.text(_DIGITS, min_size=1, max_size=1),
    year=st.integers(0, 9999),
    level=st.text(_DIGITS, min_size=2, max_size=2),
    sequence=st.integers(0, 999_999),
)
def test_format_parse_round_trip(
    school_code: str, school_type: str, year: int, level: str, sequence: int
) -> None:
    text = format_cert_number(school_code, school_type, year, level, sequence)
    assert len(text) == 18
    assert parse_cert_number(text) == CertNumber(school_code, school_type, year, level, sequence)


@given(st.text(_DIGITS, min_size=18, max_size=18))
def test_parse_format_round_trip(text: str) -> None:
    cert = parse_cert_number(text)
    assert cert is not None
    assert str(cert) == text
