"""证书编号: the 18-digit number printed on 毕业 and 结业 certificates (办法第十七条).

Layout: 5-digit 学校代码, 1-digit 办学类型, 4-digit year of graduation, 2-digit 层次 and a
6-digit sequence. 毕业 and 结业 certificates draw on one sequence per (school, 办学类型,
year, 层次), so that tuple is what duplicate checks must group by.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

# 层次 as coded in certificate numbers; callers map the record's own 层次 onto these.
CERT_LEVELS: Mapping[str, str] = MappingProxyType(
    {
        "01": "博士研究生",
        "02": "硕士研究生",
        "04": "第二学士学位",
        "05": "本科",
        "06": "专科",
    }
)

_EARLIEST_YEAR = 1950  # anything earlier is a typing slip, not an old certificate


@dataclass(frozen=True, slots=True)
class CertNumber:
    school_code: str
    school_type: str
    year: int
    level: str
    sequence: int

    @property
    def series(self) -> tuple[str, str, int, str]:
        """The key under which 毕业 and 结业 certificates share one sequence."""
        return (self.school_code, self.school_type, self.year, self.level)

    def __str__(self) -> str:
        return format_cert_number(
            self.school_code, self.school_type, self.year, self.level, self.sequence
        )


class CertProblem(StrEnum):
    FORMAT = "format"
    SCHOOL = "school"
    SCHOOL_TYPE = "school_type"
    YEAR = "year"
    LEVEL = "level"
    SEQUENCE = "sequence"


def _is_digits(text: str, length: int) -> bool:
    # str.isdigit alone accepts other scripts' digits (Arabic-Indic, Devanagari), which NFKC keeps.
    return len(text) == length and text.isascii() and text.isdigit()


def parse_cert_number(value: str) -> CertNumber | None:
    """Split a certificate number; None unless it is exactly 18 digits (full-width allowed)."""
    text = unicodedata.normalize("NFKC", value).strip()
    if not _is_digits(text, 18):
        return None
    return CertNumber(
        school_code=text[0:5],
        school_type=text[5],
        year=int(text[6:10]),
        level=text[10:12],
        sequence=int(text[12:18]),
    )


def check_cert_number(
    value: str,
    *,
    school_code: str | None = None,
    school_types: Collection[str] | None = None,
    school_type: str | None = None,
    graduation_year: int | None = None,
    level_code: str | None = None,
) -> list[CertProblem]:
    """Compare a certificate number with what the record says it should encode.

    Every keyword left as None skips its comparison. `level_code` is the certificate's
    2-digit 层次 code (see CERT_LEVELS); mapping the record's 层次 to it is the caller's job.
    """
    cert = parse_cert_number(value)
    if cert is None:
        return [CertProblem.FORMAT]
    problems: list[CertProblem] = []
    if school_code is not None and cert.school_code != school_code:
        problems.append(CertProblem.SCHOOL)
    if (school_types is not None and cert.school_type not in school_types) or (
        school_type is not None and cert.school_type != school_type
    ):
        problems.append(CertProblem.SCHOOL_TYPE)
    if cert.year < _EARLIEST_YEAR or (graduation_year is not None and cert.year != graduation_year):
        problems.append(CertProblem.YEAR)
    if level_code is not None and cert.level != level_code:
        problems.append(CertProblem.LEVEL)
    if cert.sequence == 0:
        problems.append(CertProblem.SEQUENCE)
    return problems


def format_cert_number(
    school_code: str, school_type: str, year: int, level: str, sequence: int
) -> str:
    """Assemble a certificate number; raises ValueError when a part does not fit its field."""
    if not _is_digits(school_code, 5):
        raise ValueError(f"school code must be 5 digits, got {school_code!r}")
    if not _is_digits(school_type, 1):
        raise ValueError(f"school type must be 1 digit, got {school_type!r}")
    if not 0 <= year <= 9999:
        raise ValueError(f"year must fit in 4 digits, got {year}")
    if not _is_digits(level, 2):
        raise ValueError(f"level must be 2 digits, got {level!r}")
    if not 0 <= sequence <= 999_999:
        raise ValueError(f"sequence must fit in 6 digits, got {sequence}")
    return f"{school_code}{school_type}{year:04d}{level}{sequence:06d}"
