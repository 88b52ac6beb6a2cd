"""One realistic example record per kind, for the import templates' instructions."""

from __future__ import annotations

from desktop.domain.fields import BatchKind

_PERSON = {
    "xm": "张三", "xb": "男", "csrq": "2004-03-01", "zjlx": "居民身份证",
    "sfzh": "110105200403010019", "mz": "汉族", "zzmm": "共青团员",
}  # fmt: skip

EXAMPLES: dict[BatchKind, dict[str, str]] = {
    BatchKind.ENROLLMENT: {
        **_PERSON, "ksh": "26110101150001", "xh": "2026000001", "syd": "北京市",
        "zydm": "080901", "zymc": "计算机科学与技术", "fy": "信息学院", "bj": "计科2601",
        "cc": "本科", "xz": "4", "xxxs": "普通全日制", "rxrq": "2026-09-01",
        "yjbyrq": "2030-06-30", "lqlx": "普通", "fcjl": "注册学籍",
    },
    BatchKind.ANNUAL: {
        **_PERSON, "xh": "2022000001", "xn": "2026-2027", "cc": "本科", "xz": "4",
        "rxrq": "2022-09-01", "zczt": "注册", "zcrq": "2026-09-10",
    },
    BatchKind.DIPLOMA: {
        **_PERSON, "ksh": "22110101150001", "xh": "2022000001", "rxrq": "2022-09-01",
        "byrq": "2026-06-30", "zydm": "080901", "zymc": "计算机科学与技术", "cc": "本科",
        "xz": "4", "xxxs": "普通全日制", "byjl": "毕业", "xxmc": "北京大学", "xzxm": "李四",
        "zsbh": "100011202605000001", "fzrq": "2026-06-30", "zp": "110105200403010019.jpg",
    },
    BatchKind.CORRECTION: {
        **_PERSON, "bglx": "在校期间身份信息变更", "xh": "2022000001", "bgxm": "姓名",
        "bgq": "张叁", "bgh": "张三", "yy": "公安机关更名", "zmcl": "户口簿变更页",
        "sqrq": "2026-07-01",
    },
}  # fmt: skip
