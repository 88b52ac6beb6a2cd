"""Every supported format read from a real file, through to a validated table."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.fields import BatchKind
from desktop.sheets.errors import SheetError
from desktop.sheets.loader import load
from desktop.sheets.reader import open_book, read_sheet
from tests.sheets.makers import write_dbf, write_ods, write_xlsb, write_xlsx

DATA = Path(__file__).resolve().parents[1] / "data"
D = BatchKind.DIPLOMA
HEADER = ["姓名", "证件号码", "学制", "出生日期"]
ROW = ["张三", "110105200001010016", 4, date(2000, 1, 2)]


def rows_with_title() -> list[list[Any]]:
    return [
        ["2026届毕业生名单"],
        HEADER,
        ROW,
        [None, None],
        ["李四", "110105200001010024", "4", "2000-01-01"],
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".ods"])
def test_workbook_formats_read_title_header_and_rows(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"名单{suffix}"
    sheets = {"说明": [["见下一页"]], "毕业生": rows_with_title()}
    (write_ods if suffix == ".ods" else write_xlsx)(path, sheets)
    loaded = load(path, D)
    assert loaded.sheet == "毕业生"  # the notes sheet has no header: the next one is taken
    assert loaded.header.row == 2
    t = loaded.table
    assert t.rows == [3, 5]  # the blank row 4 is layout, not a record
    assert t.col("xm") == ["张三", "李四"]
    assert t.col("sfzh") == ["110105200001010016", "110105200001010024"]
    assert t.col("csrq") == [date(2000, 1, 2), date(2000, 1, 1)]
    assert [str(v) for v in t.col("xz")] == ["4", "4"]


def test_xlsb(tmp_path: Path) -> None:
    rows = rows_with_title()
    rows[2] = ["张三", "110105200001010016", 4, 36527]  # a date serial in a General cell
    path = write_xlsb(tmp_path / "名单.xlsb", {"毕业生": rows})
    t = load(path, D).table
    assert t.col("xm") == ["张三", "李四"]
    assert t.col("csrq") == [date(2000, 1, 2), date(2000, 1, 1)]
    assert t.rows == [3, 5]


def test_xls_committed_file() -> None:
    loaded = load(DATA / "diploma.xls", D)
    assert loaded.sheet == "毕业生"
    t = loaded.table
    assert t.rows == [3, 4]
    assert t.col("xm") == ["张三", "阿依古丽·买买提"]  # the katakana middle dot unified
    assert t.col("xh") == ["0022000001", "2022000002"]  # text keeps its leading zeros
    assert t.col("csrq") == [date(2000, 1, 1)] * 2
    assert t.col("byrq") == [date(2026, 6, 30)] * 2
    assert isinstance(t.raw["xh"][1], float)  # the numeric cell is what SHT-NUMERIC-ID sees


def test_dbf_with_chsi_field_codes(tmp_path: Path) -> None:
    fields = [("XM", "C", 30), ("SFZH", "C", 18), ("KSH", "N", 14), ("XZ", "N", 2),
              ("CSRQ", "D", 8), ("XH", "C", 10)]  # fmt: skip
    records: list[list[Any]] = [
        ["王小明", "110105200001010016", "22110101150001", 4, date(2000, 1, 1), "0022000001"],
        ["𠮷喆", "11010520000101002X", "02110101150002", None, None, "0022000002"],
    ]
    path = write_dbf(tmp_path / "XSXX.DBF", fields, records, encoding="gb18030")
    t = load(path, D).table
    assert t.col("xm") == ["王小明", "𠮷喆"]
    assert t.col("ksh") == ["22110101150001", "02110101150002"]  # N field: digits as written
    assert t.col("xh") == ["0022000001", "0022000002"]
    assert t.col("csrq") == [date(2000, 1, 1), None]
    assert t.rows == [2, 3]


def test_dbf_that_is_not_gbk_names_the_row(tmp_path: Path) -> None:
    path = write_dbf(tmp_path / "bad.dbf", [("XM", "C", 4)], [["ab"], ["cd"]])
    data = bytearray(path.read_bytes())
    data[-3] = 0xFF  # an invalid byte inside the second record
    path.write_bytes(bytes(data))
    with pytest.raises(SheetError) as info:
        load(path, D)
    assert info.value.row == 3 and "编码" in info.value.message


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16-le", b"\xff\xfe")],
)
def test_text_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "XM\tSFZH\tCSRQ\r\n𠮷喆\t110105200001010016\t2000/1/2\r\n"
    path = tmp_path / "list.txt"
    path.write_bytes(prefix + text.encode(encoding))
    t = load(path, D).table
    assert t.col("xm") == ["𠮷喆"] and t.col("csrq") == [date(2000, 1, 2)]


def test_xlsx_1904_date_system_for_dates_and_serials(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "mac.xlsx",
        {"名单": [["姓名", "出生日期", "毕业日期"], ["张三", date(2000, 1, 2), 44741]]},
        mac1904=True,
    )
    assert open_book(path).date1904
    t = load(path, D).table
    assert t.col("csrq") == [date(2000, 1, 2)]
    assert t.col("byrq") == [date(2026, 6, 30)]  # 44741 days after 1904-01-01


def test_serial_60_is_a_finding_not_a_date(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "s.xlsx", {"名单": [["姓名", "出生日期"], ["张三", 60], ["李四", 61]]}
    )
    t = load(path, D).table
    assert t.col("csrq") == [None, date(1900, 3, 1)]
    assert [(i, name) for i, name in t.problems[next(iter(t.problems))]] == [(0, "csrq")]


def test_booleans_and_formula_cached_values(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "f.xlsx"
    write_xlsx(path, {"名单": [["姓名", "证件号码", "学制"], ["张三", "110105200001010016", 4]]})
    # A formula with a cached value, as Excel saves it (openpyxl writes no cached value,
    # so the cell XML is patched to carry one).
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    sheet = sheet.replace(b'<c r="C2" t="n"><v>4</v></c>', b'<c r="C2"><f>2+2</f><v>4</v></c>')
    assert b"<f>2+2</f>" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert read_sheet(path).rows[1][2] == 4
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["姓名", "证件号码", "是否有效"])
    ws.append(["张三", "110105200001010016", True])
    book.save(tmp_path / "b.xlsx")
    assert read_sheet(tmp_path / "b.xlsx").rows[1][2] is True


def test_datetime_cells_become_dates(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "d.xlsx",
        {"名单": [["姓名", "毕业时间"], ["张三", datetime(2026, 6, 30, 8, 30)]]},
    )
    assert load(path, D).table.col("byrq") == [date(2026, 6, 30)]


def test_a_real_xlsx_saved_as_xls_is_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {"毕业生": rows_with_title()})
    renamed = path.rename(tmp_path / "export.xls")
    assert load(renamed, D).table.col("xm") == ["张三", "李四"]
