"""Sheets the store tests import: real CSV files of each kind, one valid student per
index, with any cell overridden by its header text."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from desktop.domain.idcards import check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰"
Row = dict[str, str]


AREAS = ("110105", "310104", "440304", "510107")


def id_number(i: int) -> str:
    """A valid 18-digit resident ID, distinct for each i below 800,000."""
    born = date(2000, 1, 1) + timedelta(days=i % 2000)
    area = AREAS[(i // 200_000) % len(AREAS)]
    body = f"{area}{born:%Y%m%d}{(i // 2000) % 100:02d}{1 + i % 2}"
    return body + check_digit(body)


def birth(i: int) -> str:
    return (date(2000, 1, 1) + timedelta(days=i % 2000)).isoformat()


def name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]


def sex(i: int) -> str:
    # The 17th digit of id_number(i) is odd (male) for even i.
    return "男" if i % 2 == 0 else "女"


def student_no(i: int) -> str:
    return f"2022{i:07d}"


def diploma(i: int, **cells: str) -> Row:
    row = {
        "姓名": name(i),
        "性别": sex(i),
        "出生日期": birth(i),
        "证件号码": id_number(i),
        "学号": student_no(i),
        "入学日期": "2022-09-01",
        "毕业日期": "2026-06-30",
        "专业名称": "软件工程",
        "层次": "本科",
        "学制": "4",
        "学习形式": "普通全日制",
        "毕(结)业": "毕业",
        "学校名称": "北京大学",
        "校(院)长姓名": "李四",
        "证书编号": f"100011202605{i + 1:06d}",
        "发证日期": "2026-06-30",
    }
    row.update(cells)
    return row


def enrollment(i: int, **cells: str) -> Row:
    row = {
        "考生号": f"22110105{i:06d}",
        "学号": student_no(i),
        "姓名": name(i),
        "性别": sex(i),
        "出生日期": birth(i),
        "证件号码": id_number(i),
        "民族": "汉族",
        "专业代码": "080902",
        "专业名称": "软件工程",
        "层次": "本科",
        "学制": "4",
        "学习形式": "普通全日制",
        "入学日期": "2022-09-01",
        "复查结论": "注册学籍",
    }
    row.update(cells)
    return row


def annual(i: int, **cells: str) -> Row:
    row = {
        "学号": student_no(i),
        "姓名": name(i),
        "性别": sex(i),
        "出生日期": birth(i),
        "证件号码": id_number(i),
        "学年": "2025-2026",
        "注册状态": "注册",
        "注册日期": "2025-09-05",
    }
    row.update(cells)
    return row


def write(path: Path, rows: list[Row]) -> Path:
    headers: list[str] = []
    for row in rows:
        headers += [h for h in row if h not in headers]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=headers)
        writer.writeheader()
        writer.writerows(rows)
    return path
