"""Identity documents a student may register with (办法第三条 covers 港澳台 and foreign students).

The 18-character numbers (居民身份证, 港澳台居民居住证, 2023 外国人永久居留身份证) share the
GB 11643-1999 layout and its ISO 7064 MOD 11-2 check digit; the passes and passports only
have a shape to check.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import mul


class IdKind(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证
    RESIDENCE_PERMIT = "residence_permit"  # 港澳台居民居住证
    HKMO_PASS = "hkmo_pass"  # 港澳居民来往内地通行证
    TW_PASS = "tw_pass"  # 台湾居民来往大陆通行证
    PASSPORT = "passport"
    FOREIGN_PR = "foreign_pr"  # 外国人永久居留身份证


class IdProblem(StrEnum):
    FORMAT = "format"
    CHECKSUM = "checksum"
    BIRTH_DATE = "birth_date"
    AREA = "area"
    PERMIT_PREFIX = "permit_prefix"


@dataclass(frozen=True, slots=True)
class ResidentIdInfo:
    area: str  # 6-digit GB/T 2260 address code (the permit prefix for 居住证)
    birth_date: date
    sex: int  # GB/T 2261.1: 1 male, 2 female


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # indexed by weighted sum mod 11
_ZERO_WEIGHT = ord("0") * sum(_WEIGHTS)
_EARLIEST_BIRTH = date(1900, 1, 1)
PERMIT_PREFIXES = frozenset({"810000", "820000", "830000"})  # 香港, 澳门, 台湾
_PERMIT_PROVINCES = frozenset(prefix[:2] for prefix in PERMIT_PREFIXES)

_GB11643 = re.compile(r"\d{17}[\dX]")
_HKMO_PASS = re.compile(r"[HM]\d{8}(?:\d{2})?")
_TW_PASS = re.compile(r"\d{8}(?:\d{2})?")
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_FOREIGN_PR_2017 = re.compile(r"[A-Z]{3}\d{12}")
_FOREIGN_PR_2023 = re.compile(r"9\d{16}[\dX]")

# NFKC folds the full-width hyphen; these dashes survive it but clerks paste them all the same.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DROP = str.maketrans("", "", _DASHES)


def normalize_id(value: str) -> str:
    """Fold full-width characters, drop spaces and dashes, and upper-case a trailing x."""
    text = unicodedata.normalize("NFKC", value)
    return "".join(text.split()).translate(_DROP).upper()


def check_digit(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError(f"expected 17 ASCII digits, got {first17!r}")
    # Weighting the ASCII codes in one C-level pass and removing the weighted '0's is
    # several times faster than int() per digit; this runs once per record.
    total = sum(map(mul, first17.encode("ascii"), _WEIGHTS)) - _ZERO_WEIGHT
    return _CHECK_CHARS[total % 11]


def _resolve_today(today: date | None) -> date:
    return date.today() if today is None else today


def _decode_birth(digits: str) -> date | None:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _parse_gb11643(number: str, today: date) -> tuple[ResidentIdInfo | None, list[IdProblem]]:
    """Checksum and birth date of an already-normalised 18-character number."""
    if _GB11643.fullmatch(number) is None:
        return None, [IdProblem.FORMAT]
    problems: list[IdProblem] = []
    if check_digit(number[:17]) != number[17]:
        problems.append(IdProblem.CHECKSUM)
    birth = _decode_birth(number[6:14])
    if birth is None or not _EARLIEST_BIRTH <= birth <= today:
        problems.append(IdProblem.BIRTH_DATE)
    info = None
    if birth is not None:
        info = ResidentIdInfo(
            area=number[:6], birth_date=birth, sex=1 if int(number[16]) % 2 else 2
        )
    return info, problems


def parse_resident_id(
    value: str, *, provinces: Collection[str] | None = None, today: date | None = None
) -> tuple[ResidentIdInfo | None, list[IdProblem]]:
    """Decode a 居民身份证 number and list everything wrong with it.

    The info is returned whenever the birth digits form a real date, even alongside
    problems, so a caller can still compare it with the record; it is None only when the
    number cannot be decoded. `provinces` holds the 2-digit GB/T 2260 province codes in
    force; None skips that check. `today` pins "not in the future" for reproducible runs.
    """
    number = normalize_id(value)
    info, problems = _parse_gb11643(number, _resolve_today(today))
    if IdProblem.FORMAT in problems:
        return None, problems
    province = number[:2]
    if province in _PERMIT_PROVINCES or (provinces is not None and province not in provinces):
        problems.append(IdProblem.AREA)
    return info, problems


def _check_residence_permit(number: str, today: date) -> list[IdProblem]:
    _, problems = _parse_gb11643(number, today)
    if IdProblem.FORMAT not in problems and number[:6] not in PERMIT_PREFIXES:
        problems.append(IdProblem.PERMIT_PREFIX)
    return problems


def _check_foreign_pr(number: str) -> list[IdProblem]:
    if _FOREIGN_PR_2017.fullmatch(number):
        return []
    if _FOREIGN_PR_2023.fullmatch(number):
        return [] if check_digit(number[:17]) == number[17] else [IdProblem.CHECKSUM]
    return [IdProblem.FORMAT]


def _check_passport(number: str) -> list[IdProblem]:
    # A run of letters only is a name or a placeholder typed into the wrong column.
    if _PASSPORT.fullmatch(number) and any(ch.isdigit() for ch in number):
        return []
    return [IdProblem.FORMAT]


def check_id(
    kind: IdKind,
    value: str,
    *,
    provinces: Collection[str] | None = None,
    today: date | None = None,
) -> list[IdProblem]:
    """Problems with `value` as a document of `kind`; an empty list means it looks valid."""
    number = normalize_id(value)
    match kind:
        case IdKind.RESIDENT_ID:
            return parse_resident_id(number, provinces=provinces, today=today)[1]
        case IdKind.RESIDENCE_PERMIT:
            return _check_residence_permit(number, _resolve_today(today))
        case IdKind.HKMO_PASS | IdKind.TW_PASS:
            pattern = _HKMO_PASS if kind is IdKind.HKMO_PASS else _TW_PASS
            return [] if pattern.fullmatch(number) else [IdProblem.FORMAT]
        case IdKind.PASSPORT:
            return _check_passport(number)
        case IdKind.FOREIGN_PR:
            return _check_foreign_pr(number)


def looks_like_permit(value: str) -> bool:
    """True for an 18-character number with a 居住证 prefix, whatever kind it was filed as."""
    number = normalize_id(value)
    return len(number) == 18 and number[:6] in PERMIT_PREFIXES


def mask_id(value: str) -> str:
    """Hide the birth date of GB 11643-style numbers, and most of any other document."""
    number = normalize_id(value)
    if _GB11643.fullmatch(number):
        return number[:6] + "*" * 8 + number[14:]
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]
