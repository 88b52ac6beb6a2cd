"""The sample file of the demo and the first-run workspace: a freshman list of this
autumn, in the template's layout, every student valid (GB 11643 numbers that check)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from desktop.domain.fields import BatchKind
from desktop.domain.idcards import check_digit
from desktop.domain.records import kind_fields, required_fields
from desktop.sheets.template import header_text

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰"
_MAJORS = (("080901", "计算机科学与技术"), ("080902", "软件工程"), ("070101", "数学与应用数学"))


def intake_year(today: date) -> int:
    """The autumn intake the current academic year started with."""
    return today.year if today.month >= 9 else today.year - 1


def sample_rows(n: int, year: int) -> list[dict[str, str]]:
    """`n` valid freshmen; the eighth expects to graduate two years late (a reserved
    place), which asks for an acknowledged warning (ENR-008-YJBYRQ-XZ)."""
    rows = []
    for i in range(n):
        born = date(year - 18, 1, 1) + timedelta(days=(i * 37) % 360)
        body = f"110105{born:%Y%m%d}{i // 5 % 100:02d}{(i % 5) * 2 + (1 if i % 2 == 0 else 0)}"
        code, major = _MAJORS[i % len(_MAJORS)]
        rows.append({
            "ksh": f"{year % 100:02d}110105{i + 1:06d}", "xh": f"{year}{i + 1:06d}",
            "xm": _SURNAMES[i % 20] + _GIVEN[(i // 20) % 20], "xb": "男" if i % 2 == 0 else "女",
            "csrq": born.isoformat(), "zjlx": "居民身份证", "sfzh": body + check_digit(body),
            "mz": "汉族", "zydm": code, "zymc": major, "cc": "本科", "xz": "4",
            "xxxs": "普通全日制", "rxrq": f"{year}-09-01",
            "yjbyrq": f"{year + (6 if i == 7 else 4)}-06-30",
            "fcjl": "注册学籍",
        })  # fmt: skip
    return rows


def write_sample(path: Path, n: int = 120, today: date | None = None) -> Path:
    from openpyxl import Workbook

    rows = sample_rows(n, intake_year(today or date.today()))
    fields = [f for f in kind_fields(BatchKind.ENROLLMENT) if f.name in rows[0]]
    required = set(required_fields(BatchKind.ENROLLMENT))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("新生学籍注册")
    sheet.append([header_text(f, f.name in required) for f in fields])
    for row in rows:
        sheet.append([row[f.name] for f in fields])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
