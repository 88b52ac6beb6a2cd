"""Files built to hurt: each refused within 5 s, with one clear line and exit code 2,
the process never passing 300 MB (measured in a fresh process running the CLI)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sheets.makers import lie_about_size, write_shared_xlsx, write_xlsx, zip_bomb

DATA = Path(__file__).resolve().parents[1] / "data"
LIMIT_S = 5.0
LIMIT_MB = 300
# The peak of this process's own memory map (VmHWM, kB). getrusage's ru_maxrss would also
# count the pytest process the child was forked from, whatever it held at the time.
_RUN = (
    "import os, re, sys\n"
    "from desktop.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "status = open('/proc/self/status').read()\n"
    "with open(os.environ['REGDESK_RSS'], 'w') as fh:\n"
    "    fh.write(re.search(r'VmHWM:\\s+(\\d+)', status).group(1))\n"
    "sys.exit(code)\n"
)


def base(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "base.xlsx",
        {"毕业生": [["姓名", "证件号码", "性别"], ["张三", "110105200001010016", "男"]]},
    )


def rewrite(source: Path, target: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item.filename, data if item.filename == member else src.read(item.filename))
    return target


def noise(megabytes: int) -> str:
    """Text that deflate cannot squeeze much (so it is no zip bomb), made fast."""
    rng = random.Random(3)
    block = "".join(
        rng.choices("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥abcdefghij", k=1 << 18)
    )
    return block * (megabytes * (1 << 20) // len(block.encode()) + 1)


def bomb(tmp: Path) -> Path:
    return zip_bomb(tmp / "bomb.xlsx", base(tmp), 200)


def lying_bomb(tmp: Path) -> Path:
    return lie_about_size(
        zip_bomb(tmp / "liar.xlsx", base(tmp), 64), "xl/worksheets/sheet1.xml", 4096
    )


_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def entities_in_sheet(tmp: Path) -> Path:
    return rewrite(base(tmp), tmp / "lol.xlsx", "xl/worksheets/sheet1.xml", _LAUGHS.encode())


def entities_in_workbook(tmp: Path) -> Path:
    with zipfile.ZipFile(base(tmp)) as z:
        book = z.read("xl/workbook.xml")
    doctype = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    head, sep, rest = book.partition(b"?>")
    return rewrite(base(tmp), tmp / "lolbook.xlsx", "xl/workbook.xml", head + sep + doctype + rest)


def encrypted(tmp: Path) -> Path:
    target = tmp / "加密.xlsx"
    target.write_bytes((DATA / "encrypted.xlsx").read_bytes())
    return target


def truncated(tmp: Path) -> Path:
    data = base(tmp).read_bytes()
    target = tmp / "truncated.xlsx"
    target.write_bytes(data[: len(data) // 2])
    return target


def garbage_sheet(tmp: Path) -> Path:
    return rewrite(base(tmp), tmp / "garbage.xlsx", "xl/worksheets/sheet1.xml", os.urandom(4096))


def empty_file(tmp: Path) -> Path:
    target = tmp / "empty.xlsx"
    target.write_bytes(b"")
    return target


def zero_rows(tmp: Path) -> Path:
    return write_xlsx(tmp / "zero.xlsx", {"毕业生": []})


def big_shared_cell(tmp: Path) -> Path:
    path = write_shared_xlsx(tmp / "bigcell.xlsx", [["姓名", "备注"], ["张三", "x"]])
    with zipfile.ZipFile(path) as z:
        strings = z.read("xl/sharedStrings.xml")
    fat = strings.replace(b"<t>x</t>", b"<t>" + noise(50).encode() + b"</t>")
    return rewrite(path, tmp / "bigcell2.xlsx", "xl/sharedStrings.xml", fat)


def big_inline_cell(tmp: Path) -> Path:
    xml = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>证件号码</t></is></c></row><row r="2"><c r="A2" '
        f't="inlineStr"><is><t>{noise(50)}</t></is></c></row></sheetData></worksheet>'
    )
    return rewrite(base(tmp), tmp / "inline.xlsx", "xl/worksheets/sheet1.xml", xml.encode())


def big_csv_cell(tmp: Path) -> Path:
    target = tmp / "bigcell.csv"
    target.write_text("姓名,证件号码\n" + noise(50) + ",1\n", encoding="utf-8")
    return target


def html_as_xls(tmp: Path) -> Path:
    target = tmp / "导出.xls"
    target.write_text(
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>姓名</td></tr></table>"
        "</body></html>", encoding="utf-8",
    )  # fmt: skip
    return target


def csv_as_xls(tmp: Path) -> Path:
    target = tmp / "名单.xls"
    target.write_bytes("姓名,证件号码\n张三,110105200001010016\n".encode("gb18030"))
    return target


CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("zip bomb", bomb, "压缩炸弹"),
    ("zip bomb lying about its size", lying_bomb, "压缩炸弹"),
    ("entity expansion in a sheet", entities_in_sheet, "实体声明"),
    ("entity expansion in workbook.xml", entities_in_workbook, "实体声明"),
    ("password-protected workbook", encrypted, "密码"),
    ("truncated workbook", truncated, "已损坏"),
    ("corrupt sheet XML", garbage_sheet, "已损坏"),
    ("empty file", empty_file, "文件是空的"),
    ("sheet with no rows", zero_rows, "工作表是空的"),
    ("50 MB shared-string cell", big_shared_cell, "单元格内容"),
    ("50 MB inline cell", big_inline_cell, "单元格内容过长"),
    ("50 MB CSV cell", big_csv_cell, "过长"),
    ("HTML renamed .xls", html_as_xls, "网页（HTML）"),
    ("CSV renamed .xls", csv_as_xls, "文本（CSV）"),
]


@pytest.mark.parametrize(("what", "make", "message"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_refused_fast_small_and_clearly(
    tmp_path: Path, what: str, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    rss_file = tmp_path / "rss.txt"
    env = {**os.environ, "REGDESK_RSS": str(rss_file), "REGDESK_HOME": str(tmp_path / "home")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "validate", str(path), "--kind", "diploma"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    peak_mb = int(rss_file.read_text()) / 1024
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, (what, done.returncode, done.stderr)
    assert done.stdout == ""
    assert len(lines) == 1 and path.name in lines[0] and message in lines[0], lines
    assert "Traceback" not in done.stderr
    assert elapsed < LIMIT_S, (what, elapsed)
    assert peak_mb < LIMIT_MB, (what, peak_mb)
