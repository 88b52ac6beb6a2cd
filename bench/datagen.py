"""Realistic diploma rows for benchmarks: valid data with a small share of typical slips."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from desktop.domain.idcards import check_digit

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
    "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段"
)
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红玲芬燕彬鹏辉斌宇浩凯健俊"
_MAJORS = (
    ("080901", "计算机科学与技术"),
    ("080902", "软件工程"),
    ("020101", "经济学"),
    ("050201", "英语"),
    ("100201K", "临床医学"),
    ("070101", "数学与应用数学"),
)
_AREAS = ("110105", "310104", "440304", "510107", "320102", "420106", "650102", "540102")


def diploma_columns(n: int, *, bad_share: float = 0.02, seed: int = 7) -> dict[str, list[Any]]:
    rng = random.Random(seed)
    cols: dict[str, list[Any]] = {k: [] for k in (
        "xm", "xb", "csrq", "zjlx", "sfzh", "mz", "zzmm", "ksh", "xh", "rxrq", "byrq", "zydm",
        "zymc", "cc", "xz", "xxxs", "byjl", "xxmc", "xzxm", "zsbh", "fzrq",
    )}  # fmt: skip
    base_birth = date(1998, 1, 1)
    for i in range(n):
        # Unique identity per row (area x birth day x sequence), as in a real batch.
        born = base_birth + timedelta(days=i % 2000)
        area = _AREAS[(i // 2000) % len(_AREAS)]
        seq = (i // (2000 * len(_AREAS))) % 500
        sex = rng.choice((1, 2))
        body = f"{area}{born:%Y%m%d}{seq:02d}{(seq // 100) * 2 + (sex % 2)}"[:17]
        number = body + check_digit(body)
        entered = date(2022, 9, 1)
        graduated = date(2026, 6, 30)
        major = rng.choice(_MAJORS)
        row: dict[str, Any] = {
            "xm": rng.choice(_SURNAMES)
            + rng.choice(_GIVEN)
            + (rng.choice(_GIVEN) if i % 3 else ""),
            "xb": "男" if sex == 1 else "女",
            "csrq": born.isoformat(),
            "zjlx": "居民身份证",
            "sfzh": number,
            "mz": "汉族" if i % 10 else "壮族",
            "zzmm": "共青团员",
            "ksh": f"22{i:012d}",
            "xh": f"2022{i:07d}",
            "rxrq": entered.isoformat(),
            "byrq": graduated.strftime("%Y%m%d") if i % 2 else graduated.isoformat(),
            "zydm": major[0],
            "zymc": major[1],
            "cc": "本科",
            "xz": "4",
            "xxxs": "普通全日制",
            "byjl": "毕业",
            "xxmc": "北京大学",
            "xzxm": "李四",
            "zsbh": f"1000112026050{i:05d}"[:12] + f"{i + 1:06d}",
            "fzrq": graduated.isoformat(),
        }
        if rng.random() < bad_share:
            slip = rng.randrange(4)
            if slip == 0:
                row["sfzh"] = number[:17] + ("0" if number[17] != "0" else "1")
            elif slip == 1:
                row["fzrq"] = "2026-07-01"
            elif slip == 2:
                row["mz"] = "火星族"
            else:
                row["xb"] = "女" if sex == 1 else "男"
        for k, v in row.items():
            cols[k].append(v)
    return cols
