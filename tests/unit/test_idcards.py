from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.domain.idcards import (
    IdKind,
    IdProblem,
    ResidentIdInfo,
    check_digit,
    check_id,
    looks_like_permit,
    mask_id,
    normalize_id,
    parse_resident_id,
)

# Pinned so birth-date checks do not drift with the clock.
TODAY = date(2025, 6, 1)
PROVINCES = frozenset({"11", "12", "31", "44", "50", "65", "71"})


def with_check(first17: str) -> str:
    return first17 + check_digit(first17)


# --- check digit and normalisation ---------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("11010519491231002X", "X"),  # GB 11643-1999 example
        ("440524188001010014", "4"),  # GB 11643-1999 example
        ("110101199003074477", "7"),
    ],
)
def test_check_digit_of_published_examples(number: str, expected: str) -> None:
    assert check_digit(number[:17]) == expected == number[17]


def test_check_digit_rejects_wrong_input() -> None:
    with pytest.raises(ValueError, match="17 ASCII digits"):
        check_digit("1101051949123100")
    with pytest.raises(ValueError, match="17 ASCII digits"):
        check_digit("１１０１０５１９４９１２３１００２")  # full-width must be normalised first


def test_normalize_folds_width_case_spaces_and_hyphens() -> None:
    assert normalize_id(" １１０１０５ １９４９１２３１ ００２ｘ ") == "11010519491231002X"
    assert normalize_id("110105-19491231-002x") == "11010519491231002X"
    assert normalize_id("110105\u3000194912\t31002x\n") == "11010519491231002X"
    assert normalize_id("110105\u201419491231\u2013002X") == "11010519491231002X"


# --- resident ID -----------------------------------------------------------------------


def test_published_example_parses() -> None:
    info, problems = parse_resident_id("11010519491231002X", provinces=PROVINCES, today=TODAY)
    assert problems == []
    assert info == ResidentIdInfo(area="110105", birth_date=date(1949, 12, 31), sex=2)


def test_constructed_number_parses_male() -> None:
    number = with_check("11010119900307447")
    assert number == "110101199003074477"
    info, problems = parse_resident_id(number, provinces=PROVINCES, today=TODAY)
    assert problems == []
    assert info == ResidentIdInfo(area="110101", birth_date=date(1990, 3, 7), sex=1)


def test_1880_example_has_a_valid_checksum_but_predates_1900() -> None:
    info, problems = parse_resident_id("440524188001010014", today=TODAY)
    assert problems == [IdProblem.BIRTH_DATE]
    assert info is not None and info.birth_date == date(1880, 1, 1)


def test_lower_case_x_full_width_and_spaces_are_accepted() -> None:
    for spelling in (
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105 19491231 002x",
    ):
        assert check_id(IdKind.RESIDENT_ID, spelling, provinces=PROVINCES, today=TODAY) == []


@pytest.mark.parametrize(
    "value",
    [
        "110105491231002",  # first-generation 15-digit number
        "11010519491231002",  # 17 characters
        "110105194912310021X",  # 19 characters
        "X1010519491231002X",  # X only allowed last
        "11010519491231002Y",
        "",
    ],
)
def test_format_problem_is_reported_alone(value: str) -> None:
    info, problems = parse_resident_id(value, provinces=PROVINCES, today=TODAY)
    assert info is None
    assert problems == [IdProblem.FORMAT]


def test_wrong_check_digit() -> None:
    info, problems = parse_resident_id("110105194912310021", today=TODAY)
    assert problems == [IdProblem.CHECKSUM]
    assert info is not None  # still decodable, so callers can compare the birth date


@pytest.mark.parametrize(
    ("birth", "decodable"),
    [
        ("19490230", False),  # no 30 February
        ("19491301", False),
        ("18991231", True),  # before 1900
        ("20250602", True),  # the day after TODAY
    ],
)
def test_birth_date_problem(birth: str, decodable: bool) -> None:
    number = with_check(f"110105{birth}002")
    info, problems = parse_resident_id(number, today=TODAY)
    assert problems == [IdProblem.BIRTH_DATE]
    assert (info is not None) is decodable


def test_birth_date_boundaries_are_inclusive() -> None:
    assert check_id(IdKind.RESIDENT_ID, with_check("11010519000101002"), today=TODAY) == []
    assert check_id(IdKind.RESIDENT_ID, with_check("11010520250601002"), today=TODAY) == []


def test_birth_date_defaults_to_the_real_today() -> None:
    tomorrow = date.today() + timedelta(days=1)
    number = with_check(f"110105{tomorrow:%Y%m%d}002")
    assert check_id(IdKind.RESIDENT_ID, number) == [IdProblem.BIRTH_DATE]


def test_area_not_in_provinces() -> None:
    number = with_check("99010519491231002")
    assert check_id(IdKind.RESIDENT_ID, number, provinces=PROVINCES, today=TODAY) == [
        IdProblem.AREA
    ]
    assert check_id(IdKind.RESIDENT_ID, number, today=TODAY) == []  # no table, no check


@pytest.mark.parametrize("prefix", ["81", "82", "83"])
def test_permit_province_is_never_a_resident_area(prefix: str) -> None:
    number = with_check(f"{prefix}000019900101002")
    provinces = PROVINCES | {prefix}  # even when a caller's table lists it
    assert check_id(IdKind.RESIDENT_ID, number, today=TODAY) == [IdProblem.AREA]
    assert check_id(IdKind.RESIDENT_ID, number, provinces=provinces, today=TODAY) == [
        IdProblem.AREA
    ]


def test_all_applicable_problems_are_reported() -> None:
    info, problems = parse_resident_id("990105194902300021", provinces=PROVINCES, today=TODAY)
    assert info is None
    assert problems == [IdProblem.CHECKSUM, IdProblem.BIRTH_DATE, IdProblem.AREA]


def test_sex_follows_the_17th_digit() -> None:
    for digit, sex in (("0", 2), ("1", 1), ("8", 2), ("9", 1)):
        info, _ = parse_resident_id(with_check(f"1101051990010100{digit}"), today=TODAY)
        assert info is not None and info.sex == sex


_VALID_BIRTH = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
_AREA = st.from_regex(r"[1-7][0-9]{5}", fullmatch=True)
_SEQUENCE = st.from_regex(r"[0-9]{3}", fullmatch=True)


@given(area=_AREA, birth=_VALID_BIRTH, sequence=_SEQUENCE)
def test_any_valid_body_with_its_check_digit_parses_cleanly(
    area: str, birth: date, sequence: str
) -> None:
    body = f"{area}{birth:%Y%m%d}{sequence}"
    info, problems = parse_resident_id(body + check_digit(body), today=TODAY)
    assert problems == []
    assert info is not None and info.birth_date == birth and info.area == area


@given(
    area=_AREA,
    birth=_VALID_BIRTH,
    sequence=_SEQUENCE,
    position=st.integers(0, 17),
    replacement=st.sampled_from("0123456789X"),
)
def test_any_single_character_change_is_a_checksum_error(
    area: str, birth: date, sequence: str, position: int, replacement: str
) -> None:
    valid = with_check(f"{area}{birth:%Y%m%d}{sequence}")
    assume(replacement != valid[position] and (replacement != "X" or position == 17))
    changed = valid[:position] + replacement + valid[position + 1 :]
    assert IdProblem.CHECKSUM in parse_resident_id(changed, today=TODAY)[1]


def test_mod_11_2_catches_every_single_digit_error_exhaustively() -> None:
    valid = "11010519491231002X"
    for position in range(18):
        for replacement in "0123456789X" if position == 17 else "0123456789":
            if replacement == valid[position]:
                continue
            changed = valid[:position] + replacement + valid[position + 1 :]
            assert IdProblem.CHECKSUM in parse_resident_id(changed, today=TODAY)[1], changed


# --- other documents -------------------------------------------------------------------


def test_residence_permit() -> None:
    for prefix in ("810000", "820000", "830000"):
        number = with_check(f"{prefix}19900101002")
        assert check_id(IdKind.RESIDENCE_PERMIT, number, today=TODAY) == []
        assert looks_like_permit(number)
    wrong_prefix = with_check("81010519900101002")
    assert check_id(IdKind.RESIDENCE_PERMIT, wrong_prefix, today=TODAY) == [IdProblem.PERMIT_PREFIX]
    resident = with_check("11010519900101002")
    assert check_id(IdKind.RESIDENCE_PERMIT, resident, today=TODAY) == [IdProblem.PERMIT_PREFIX]
    assert not looks_like_permit(resident)


def test_residence_permit_checksum_birth_and_format() -> None:
    bad_check = "810000199001010020"
    assert check_digit(bad_check[:17]) != "0"
    assert check_id(IdKind.RESIDENCE_PERMIT, bad_check, today=TODAY) == [IdProblem.CHECKSUM]
    bad_birth = with_check("81000019900230002")
    assert check_id(IdKind.RESIDENCE_PERMIT, bad_birth, today=TODAY) == [IdProblem.BIRTH_DATE]
    assert check_id(IdKind.RESIDENCE_PERMIT, "8100001990010100", today=TODAY) == [IdProblem.FORMAT]


def test_looks_like_permit_only_checks_length_and_prefix() -> None:
    assert looks_like_permit("８３００００ 19900101 0021")
    assert not looks_like_permit("83000019900101002")
    assert not looks_like_permit("H12345678")


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (IdKind.HKMO_PASS, ["H12345678", "M1234567801", "h 1234 5678"], ["H1234567", "K12345678"]),
        (IdKind.HKMO_PASS, ["M87654321"], ["H123456789", "12345678"]),
        (IdKind.TW_PASS, ["12345678", "1234567801"], ["1234567", "123456789", "T12345678"]),
        (IdKind.PASSPORT, ["E12345678", "G12345678", "EA1234567", "12345"], ["ABCDEFGH"]),
        (IdKind.PASSPORT, ["A1B2C3D4E5F6G7H8I"], ["A123", "A12345678901234567", "E1234567!"]),
        (IdKind.FOREIGN_PR, ["USA110090010101", "CAN310087010199"], ["US1100900101011"]),
        (IdKind.FOREIGN_PR, [with_check("93184019900101001")], ["USA11009001010"]),
    ],
)
def test_shapes_of_other_documents(kind: IdKind, good: list[str], bad: list[str]) -> None:
    for value in good:
        assert check_id(kind, value, today=TODAY) == [], value
    for value in bad:
        assert check_id(kind, value, today=TODAY) == [IdProblem.FORMAT], value


def test_foreign_pr_2023_checksum() -> None:
    valid = with_check("93184019900101001")
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    assert check_id(IdKind.FOREIGN_PR, wrong) == [IdProblem.CHECKSUM]
    # A resident ID is not a foreign PR number even though it has the same layout.
    assert check_id(IdKind.FOREIGN_PR, "11010519491231002X") == [IdProblem.FORMAT]


# --- masking ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "110105********002X"),
        ("11010519491231002x", "110105********002X"),
        ("110101199003074477", "110101********4477"),
        ("810000199001010021", "810000********0021"),
        ("H12345678", "H1*****78"),
        ("E12345678", "E1*****78"),
        ("110105491231002", "11***********02"),  # legacy 15-digit: no known birth slot
        ("USA110090010101", "US***********01"),
        ("12345", "12*45"),
        ("1234", "****"),
        ("ab", "**"),
        ("", ""),
    ],
)
def test_mask_id(value: str, masked: str) -> None:
    assert mask_id(value) == masked
