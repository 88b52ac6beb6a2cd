"""Turning what a spreadsheet cell holds into a typed value.

Every parser returns the typed value or raises `ValueError`; the caller records the
problem against the cell so a rule can report it with the row and column. Good data in
the many shapes clerks produce (full-width digits, stray spaces, Excel serial dates,
`2024年6月30日`) is accepted silently.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

# Spreadsheets keep 15 significant digits; a longer number in a numeric cell is lost.
EXCEL_DIGITS = 15
_EXCEL_1900_EPOCH = date(1899, 12, 31)
_EXCEL_1904_EPOCH = date(1904, 1, 1)
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
# Numbers typed into a date column are taken as serials only up to 2099-12-31: anything
# larger is far more likely a date written as digits (202406) than a day in 2454.
_PLAUSIBLE_SERIAL = 73050

# Interpuncts that turn up in minority names typed on different keyboards and fonts.
_MIDDLE_DOTS = str.maketrans(dict.fromkeys("・•‧･∙⋅●·", "·"))
_SPACE_RUN = re.compile(r"\s+")
_PLAIN = re.compile(r"\S+")
_DATE_PARTS = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATE_WITH_TIME = re.compile(r"^(.+?)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_YEAR_MONTH_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
_ACADEMIC_YEAR = re.compile(r"^(\d{4})\s*[-—–~至/]\s*(\d{4})\s*学?年?$")


class PrecisionLost(ValueError):
    """A long number reached us through a numeric cell and lost its last digits."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str | None:
    """Free text: NFC, trimmed, inner runs of white space folded to one space."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value)
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    if not _PLAIN.fullmatch(s):  # only pay for the regex when there is white space to fold
        s = _SPACE_RUN.sub(" ", s).strip()
    return s or None


def name(value: object) -> str | None:
    """A person's name: like `text`, with every middle-dot variant made U+00B7."""
    if type(value) is str and value.isalpha() and unicodedata.is_normalized("NFC", value):
        return value  # the usual name: letters only, nothing to fold
    s = text(value)
    if s is None:
        return None
    s = s.translate(_MIDDLE_DOTS)
    # "阿 · 买买提" and "阿·买买提" are one name.
    return re.sub(r"\s*·\s*", "·", s)


def _number_to_text(value: float | int) -> str:
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"不是整数：{value}")
        value = int(value)
    digits = str(abs(value))
    if len(digits.rstrip("0")) > EXCEL_DIGITS or len(digits) > EXCEL_DIGITS:
        raise PrecisionLost(digits)
    return str(value)


def code_text(value: object) -> str | None:
    """Identifiers and codes: NFKC (full-width digits and letters), no spaces, upper case."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("不是编号")
    if isinstance(value, (int, float)):
        return _number_to_text(value)
    if type(value) is str and value.isascii() and value.isalnum():
        return value.upper()  # the usual case: nothing to fold, no spaces
    s = "".join(unicodedata.normalize("NFKC", str(value)).split()).upper()
    # A leading apostrophe is how clerks force text format in Excel.
    s = s.lstrip("'’")
    return s or None


def excel_serial_to_date(serial: float, *, date1904: bool = False) -> date:
    if not math.isfinite(serial):
        raise ValueError(f"无效的日期序号：{serial}")
    whole = int(serial)
    if whole != serial and not 0 <= serial - whole < 1:
        raise ValueError(f"无效的日期序号：{serial}")
    if date1904:
        if not 0 <= whole <= _EXCEL_MAX_SERIAL - 1462:
            raise ValueError(f"无效的日期序号：{serial}")
        return _EXCEL_1904_EPOCH + timedelta(days=whole)
    if not 1 <= whole <= _EXCEL_MAX_SERIAL:
        raise ValueError(f"无效的日期序号：{serial}")
    if whole == 60:
        # Lotus 1-2-3's phantom 1900-02-29, kept by Excel; no real date has this serial.
        raise ValueError("日期序号 60 对应不存在的 1900-02-29")
    if whole > 60:
        whole -= 1
    return _EXCEL_1900_EPOCH + timedelta(days=whole)


def _ymd(y: str, m: str, d: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise ValueError(f"不存在的日期：{y}-{m}-{d}") from None


def parse_date(value: object, *, date1904: bool = False) -> date | None:
    """A calendar date from a cell: date objects, Excel serials and the usual text shapes."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("不是日期")
    if isinstance(value, (int, float)):
        if 19000101 <= value <= 99991231 and float(value).is_integer():
            return parse_date(str(int(value)))
        if not 0 <= value <= _PLAUSIBLE_SERIAL:
            # 202406 is a year and month, not the serial of a day in 2454.
            raise ValueError(f"无法识别的日期：{value}")
        return excel_serial_to_date(float(value), date1904=date1904)
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if not s:
        return None
    timed = _DATE_WITH_TIME.match(s)
    if timed:
        s = timed.group(1).strip()
    m = _DATE_PARTS.match(s) or _DATE_COMPACT.match(s)
    if m:
        return _ymd(*m.groups())
    if s.isdigit() and int(s) <= _PLAUSIBLE_SERIAL:
        return excel_serial_to_date(float(s), date1904=date1904)
    raise ValueError(f"无法识别的日期：{s}")


def parse_year_month(value: object, *, date1904: bool = False) -> date | None:
    """年月 such as 学习起止年月: returns the first day of that month."""
    if isinstance(value, float) and not value.is_integer():
        # 2024.10 arrives as the float 2024.1: the month cannot be told from October.
        raise ValueError(f"年月请以文本填写，如 2024-10：{value}")
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and 190001 <= value <= 999912
    ):
        value = str(int(value))
    if isinstance(value, str):
        s = unicodedata.normalize("NFKC", value).strip()
        m = _YEAR_MONTH.match(s) or _YEAR_MONTH_COMPACT.match(s)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            if 1 <= mo <= 12:
                return date(y, mo, 1)
            raise ValueError(f"不存在的月份：{s}")
    parsed = parse_date(value, date1904=date1904)
    return parsed.replace(day=1) if parsed else None


def parse_decimal(value: object) -> Decimal | None:
    """学制 and similar: '4', '4年', '2.5', full-width digits. Floats never reach the wire."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("不是数字")
    if isinstance(value, (int, float)):
        result = Decimal(str(value))
    else:
        s = unicodedata.normalize("NFKC", str(value)).strip().removesuffix("年").strip()
        if not s:
            return None
        try:
            result = Decimal(s)
        except InvalidOperation:
            raise ValueError(f"不是数字：{s}") from None
    if not result.is_finite():
        raise ValueError(f"不是数字：{value}")
    if result == result.to_integral_value():
        return Decimal(int(result))  # normalize() would write 10 as 1E+1
    return result.normalize()


def parse_academic_year(value: object) -> str | None:
    """学年 as 'YYYY-YYYY' with consecutive years; '2025', '2025-2026学年' are accepted."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if not s:
        return None
    if s.isdigit() and len(s) == 4:
        start = int(s)
        return f"{start}-{start + 1}"
    m = _ACADEMIC_YEAR.match(s)
    if m and int(m.group(2)) == int(m.group(1)) + 1:
        return f"{m.group(1)}-{m.group(2)}"
    raise ValueError(f"学年格式应为 2025-2026：{s}")


def parse_bool(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # numeric cells arrive as 1.0 / 0.0
    s = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if not s:
        return None
    if s in {"是", "y", "yes", "true", "1", "有", "√"}:
        return True
    if s in {"否", "n", "no", "false", "0", "无", "×"}:
        return False
    raise ValueError(f"应为“是”或“否”：{s}")
