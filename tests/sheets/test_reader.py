"""Reading real files: CSV in the encodings and separators offices produce, and .xlsx."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from desktop.sheets.errors import SheetError
from desktop.sheets.reader import decode_text, read_sheet

ROWS = [
    ["姓名", "证件号码", "民族", "备注"],
    ["𠮷喆", "110101199003074514", "汉族", "生僻字"],
    ["阿依古丽·买买提", "65010120010909002X", "维吾尔族", ""],
    ["王五", "11010119900307451x", "回族", "转专业,二次"],
]
EXPECTED = [[cell if cell != "" else None for cell in row] for row in ROWS]


def csv_text(rows: list[list[str]], sep: str = ",") -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if sep in value else value

    return "".join(sep.join(cell(v) for v in row) + "\r\n" for row in rows)


def write(tmp_path: Path, filename: str, data: bytes) -> Path:
    path = tmp_path / filename
    path.write_bytes(data)
    return path


# --- CSV encodings -----------------------------------------------------------------------


def test_utf8_csv(tmp_path: Path) -> None:
    sheet = read_sheet(write(tmp_path, "名单.csv", csv_text(ROWS).encode("utf-8")))
    assert sheet.file == "名单.csv"
    assert sheet.sheet is None
    assert sheet.rows == EXPECTED


def test_utf8_with_bom(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + csv_text(ROWS).encode("utf-8")
    sheet = read_sheet(write(tmp_path, "bom.csv", data))
    assert sheet.rows == EXPECTED
    assert sheet.rows[0][0] == "姓名"  # no U+FEFF glued to the first header


def test_gb18030_with_rare_characters(tmp_path: Path) -> None:
    data = csv_text(ROWS).encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the file really is not UTF-8
    sheet = read_sheet(write(tmp_path, "gb.csv", data))
    assert sheet.rows == EXPECTED
    assert sheet.rows[1][0] == "𠮷喆"


def test_gbk_subset_file(tmp_path: Path) -> None:
    rows = [["姓名", "民族"], ["张三", "汉族"], ["李四", "蒙古族"]]
    sheet = read_sheet(write(tmp_path, "gbk.csv", csv_text(rows).encode("gbk")))
    assert sheet.rows == rows


@pytest.mark.parametrize(("sep", "suffix"), [(";", ".csv"), ("\t", ".csv"), ("\t", ".txt")])
def test_other_separators(tmp_path: Path, sep: str, suffix: str) -> None:
    data = csv_text(ROWS, sep).encode("utf-8")
    sheet = read_sheet(write(tmp_path, "list" + suffix, data))
    assert sheet.rows == EXPECTED


def test_quoted_separator_stays_in_the_cell(tmp_path: Path) -> None:
    data = '姓名,备注\n张三,"a,b"\n李四,"第一行\n第二行"\n'.encode()
    sheet = read_sheet(write(tmp_path, "q.csv", data))
    assert sheet.rows == [["姓名", "备注"], ["张三", "a,b"], ["李四", "第一行\n第二行"]]


def test_empty_cells_are_none_and_text_is_not_converted(tmp_path: Path) -> None:
    data = "姓名,出生日期,学制,证件号码\n张三,,4,0012\n".encode()
    sheet = read_sheet(write(tmp_path, "e.csv", data))
    assert sheet.rows[1] == ["张三", None, "4", "0012"]


def test_upper_case_suffix(tmp_path: Path) -> None:
    sheet = read_sheet(write(tmp_path, "LIST.CSV", csv_text(ROWS).encode("utf-8")))
    assert sheet.rows == EXPECTED


def test_undecodable_file_names_the_line(tmp_path: Path) -> None:
    data = "姓名,民族\n张三,汉族\n".encode() + b"\xff\xfe\xff,x\n"
    with pytest.raises(SheetError) as info:
        read_sheet(write(tmp_path, "bad.csv", data))
    err = info.value
    assert err.file == "bad.csv"
    assert err.row == 3
    assert "bad.csv" in str(err) and "第 3 行" in str(err)
    assert "编码" in err.message


def test_undecodable_first_line(tmp_path: Path) -> None:
    with pytest.raises(SheetError) as info:
        read_sheet(write(tmp_path, "bad.csv", b"\xff,a\n1,2\n"))
    assert info.value.row == 1


def test_decode_text_never_substitutes() -> None:
    assert decode_text("姓名".encode(), "f") == "姓名"
    assert decode_text(b"\xef\xbb\xbf" + "姓名".encode(), "f") == "姓名"
    assert decode_text("𠮷".encode("gb18030"), "f") == "𠮷"
    with pytest.raises(SheetError):
        decode_text(b"ok\n\x80", "f")


def test_binary_content_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SheetError, match="二进制"):
        read_sheet(write(tmp_path, "nul.csv", b"a,b\n\x00\x00,1\n"))


def test_empty_csv(tmp_path: Path) -> None:
    assert read_sheet(write(tmp_path, "empty.csv", b"")).rows == []


# --- files that cannot be read ---------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SheetError) as info:
        read_sheet(tmp_path / "nowhere.xlsx")
    assert info.value.file == "nowhere.xlsx"
    assert "不存在" in info.value.message


def test_a_folder_is_not_a_sheet(tmp_path: Path) -> None:
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    with pytest.raises(SheetError):
        read_sheet(folder)


@pytest.mark.parametrize("filename", ["list.xls.bak", "doc.docx", "noext"])
def test_unsupported_type(tmp_path: Path, filename: str) -> None:
    with pytest.raises(SheetError, match="不支持"):
        read_sheet(write(tmp_path, filename, b"x"))


def test_text_file_renamed_to_xlsx(tmp_path: Path) -> None:
    path = write(tmp_path, "fake.xlsx", csv_text(ROWS).encode("utf-8"))
    with pytest.raises(SheetError) as info:
        read_sheet(path)
    assert info.value.file == "fake.xlsx"
    assert "无法打开工作簿" in info.value.message


# --- .xlsx -------------------------------------------------------------------------------------


def make_book(path: Path, sheets: dict[str, list[list[Any]]], *, mac1904: bool = False) -> Path:
    book = openpyxl.Workbook()
    if mac1904:
        book.epoch = CALENDAR_MAC_1904
    first = True
    for title, rows in sheets.items():
        ws = book.active if first else book.create_sheet()
        first = False
        ws.title = title
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def test_xlsx_two_sheets_by_name(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "book.xlsx",
        {
            "说明": [["本表用于学历注册"]],
            "名单": [["姓名", "证件号码"], ["张三", "110101199003074514"]],
        },
    )
    first = read_sheet(path)
    assert first.sheet == "说明"
    assert first.rows == [["本表用于学历注册"]]
    chosen = read_sheet(path, "名单")
    assert chosen.file == "book.xlsx"
    assert chosen.sheet == "名单"
    assert chosen.rows == [["姓名", "证件号码"], ["张三", "110101199003074514"]]


def test_xlsx_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = make_book(tmp_path / "book.xlsx", {"说明": [["x"]], "名单": [["y"]]})
    with pytest.raises(SheetError) as info:
        read_sheet(path, "Sheet1")
    message = str(info.value)
    assert "Sheet1" in message and "说明" in message and "名单" in message
    assert info.value.file == "book.xlsx"


def test_xlsx_date_cells_come_back_as_dates(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "dates.xlsx",
        {"名单": [["出生日期", "毕业时间"], [date(2000, 1, 2), datetime(2024, 6, 30, 8, 30)]]},
    )
    born, graduated = read_sheet(path).rows[1]
    assert isinstance(born, date)
    assert born == date(2000, 1, 2) or born == datetime(2000, 1, 2)
    assert isinstance(graduated, datetime)
    assert graduated == datetime(2024, 6, 30, 8, 30)


def test_xlsx_1904_date_system(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "mac.xlsx", {"名单": [["出生日期"], [date(2000, 1, 2)]]}, mac1904=True
    )
    (born,) = read_sheet(path).rows[1]
    assert isinstance(born, date)
    assert (born.date() if isinstance(born, datetime) else born) == date(2000, 1, 2)


def test_xlsx_numbers_text_and_rare_characters(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "mix.xlsx",
        {
            "名单": [
                ["姓名", "学制", "证件号码"],
                ["𠮷喆", 4, "0012"],
                ["李四", 2.5, 110101199003074514],
            ]
        },
    )
    rows = read_sheet(path).rows
    assert rows[1][0] == "𠮷喆"
    assert rows[1][1] == 4 and rows[2][1] == 2.5
    assert rows[1][2] == "0012"  # a text cell keeps its leading zeros
    assert isinstance(rows[2][2], (int, float))  # the numeric cell is what the rules catch


def test_xlsx_upper_case_suffix(tmp_path: Path) -> None:
    path = make_book(tmp_path / "BOOK.XLSX", {"名单": [["姓名"], ["张三"]]})
    assert read_sheet(path).rows == [["姓名"], ["张三"]]


def test_xlsx_keeps_title_rows_and_positions(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"] = "2024届毕业生名单"
    ws["B3"] = "姓名"
    ws["C3"] = "证件号码"
    ws["B4"] = "张三"
    path = tmp_path / "offset.xlsx"
    book.save(path)
    rows = read_sheet(path).rows
    assert len(rows) == 4
    assert rows[0][0] == "2024届毕业生名单"
    assert rows[2][1:3] == ["姓名", "证件号码"]
    assert rows[3][1] == "张三"


def test_streamed_files_start_with_small_chunks_and_keep_every_row(tmp_path: Path) -> None:
    """A preview reads a first chunk only: it must be small (see `chunk_sizes`), and the
    growing chunks after it must still hand over every row once, numbered in order."""
    from desktop.sheets.chunk import FIRST_ROWS, MOST_ROWS
    from desktop.sheets.reader import open_book

    n = 40_000
    path = tmp_path / "名单.csv"
    path.write_text("姓名,序号\n" + "".join(f"学生{i},{i}\n" for i in range(n)), encoding="utf-8")
    book = open_book(path)
    chunks = list(book.chunks(""))
    sizes = [len(c.rows) for c in chunks]
    assert sizes[0] == FIRST_ROWS and max(sizes) == MOST_ROWS and sum(sizes) == n + 1
    assert sizes == sorted(sizes[:-1]) + sizes[-1:]  # growing, then the remainder
    expected_row = 1
    for c in chunks:
        assert c.row0 == expected_row
        expected_row += len(c.rows)
    rows = [r for c in chunks for r in c.rows]
    assert rows[1] == ["学生0", "0"] and rows[-1] == [f"学生{n - 1}", str(n - 1)]
