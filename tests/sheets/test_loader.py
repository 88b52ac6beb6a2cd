"""From file to table: pieces vs whole, header mapping and remembered corrections,
sheet choice, blank rows, kept unknown columns, progress and cancel."""

from __future__ import annotations

import threading
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.fields import BatchKind
from desktop.sheets import limits
from desktop.sheets.errors import SheetError
from desktop.sheets.headers import header_key
from desktop.sheets.layouts import FILE_NAME, LayoutMemory, data_dir, parse_corrections
from desktop.sheets.loader import Cancelled, load
from desktop.sheets.sst import parse_shared
from tests.sheets.makers import write_shared_xlsx, write_xlsx

D = BatchKind.DIPLOMA


def batch(n: int) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["2026届毕业生名单（教务处）"],
        ["姓名", "证件号码", "出生日期", "学制", "备注", "学号"],
    ]
    for i in range(n):
        rows.append(
            [
                f"学生{i}",
                f"11010520000101{i:04d}",
                date(2000, 1, 1 + i % 28),
                4,
                f"注{i % 3}",
                f"{i:010d}",
            ]
        )
        if i % 50 == 7:
            rows.append([None, "  ", None])  # a blank row inside the data
    rows += [[None], [None, None]]
    return rows


@pytest.mark.parametrize("writer", [write_shared_xlsx, write_xlsx], ids=["shared", "inline"])
def test_pieces_read_exactly_what_the_whole_read_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: Any
) -> None:
    path = tmp_path / "big.xlsx"
    if writer is write_xlsx:
        writer(path, {"Sheet1": batch(400)})
    else:
        writer(path, batch(400))
    whole = load(path, D)
    monkeypatch.setattr(limits, "WHOLE_XML", 1)  # every sheet in pieces
    monkeypatch.setattr(limits, "CHUNK_XML", 4096)  # of about 30 rows each
    pieces = load(path, D)
    assert whole.table.n == pieces.table.n == 400
    assert whole.table.rows == pieces.table.rows
    assert whole.table.raw == pieces.table.raw
    assert whole.extra == pieces.extra
    assert pieces.table.rows[:9] == [3, 4, 5, 6, 7, 8, 9, 10, 12]  # row 11 was blank
    assert pieces.table.col("xh")[0] == "0000000000"


def test_pieces_fall_back_when_shared_cells_are_written_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_shared_xlsx(tmp_path / "a.xlsx", batch(60))
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    # Another writer's attribute order: t before r.
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b' s="0" t="s">', b' t="s" s="0">')
    other = tmp_path / "b.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    monkeypatch.setattr(limits, "WHOLE_XML", 1)
    monkeypatch.setattr(limits, "CHUNK_XML", 2048)
    assert load(other, D).table.raw == load(path, D).table.raw


def test_shared_strings_of_every_shape() -> None:
    xml = (
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="6" uniqueCount="6"><si><t>张三</t></si><si><t xml:space="preserve"> 李 四 </t></si>'
        "<si><t>A&amp;B</t></si><si><r><rPr><b/></rPr><t>王</t></r><r><t>五</t></r></si>"
        "<si><t>第一行_x000D_</t></si><si><t/></si></sst>"
    ).encode()
    blocks = iter([xml[:70], xml[70:150], xml[150:]])  # items split across blocks
    assert parse_shared(blocks) == ["张三", " 李 四 ", "A&B", "王五", "第一行\r", ""]
    assert parse_shared(iter([xml.replace(b'uniqueCount="6"', b'uniqueCount="7"')])) is None


# --- header mapping ----------------------------------------------------------------------

ODD = [
    ["学生", "公民身份号码", "生日", "联系电话"],
    ["张三", "110105200001010016", "2000-01-01", "13800000000"],
]


def test_corrections_map_columns_and_are_remembered_per_layout(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "odd.xlsx", {"S": ODD})
    memory = LayoutMemory.at(tmp_path / "home")
    with pytest.raises(SheetError, match="找不到表头行"):
        load(path, D, memory=memory)
    fixes = parse_corrections(D, ["学生=姓名", "公民身份号码=SFZH", "生日=csrq", "联系电话="])
    first = load(path, D, corrections=fixes, memory=memory)
    assert first.header.fields == {0: "xm", 1: "sfzh", 2: "csrq"}
    assert first.header.ignored == ["联系电话"]
    assert (tmp_path / "home" / FILE_NAME).is_file()
    again = load(path, D, memory=memory)  # no corrections given: the layout is known
    assert again.remembered and again.header.fields == first.header.fields
    assert again.table.col("sfzh") == ["110105200001010016"]
    # Another file of the same layout, another day: same mapping.
    later = write_xlsx(
        tmp_path / "odd2.xlsx", {"S": [ODD[0], ["李四", "110105200001010024", "", ""]]}
    )
    assert load(later, D, memory=memory).table.col("xm") == ["李四"]
    # A different layout is not touched by it.
    other = write_xlsx(
        tmp_path / "o.xlsx", {"S": [["学生", "公民身份号码", "备注"], ["x", "y", "z"]]}
    )
    with pytest.raises(SheetError, match="找不到表头行"):
        load(other, D, memory=memory)


def test_a_correction_overrides_a_known_spelling(tmp_path: Path) -> None:
    rows = [["姓名", "身份证号", "证件号码"], ["张三", "（监护人）", "110105200001010016"]]
    path = write_xlsx(tmp_path / "two-ids.xlsx", {"S": rows})
    plain = load(path, D)
    assert plain.header.fields == {0: "xm", 1: "sfzh"}
    fixed = load(path, D, corrections=parse_corrections(D, ["身份证号=忽略", "证件号码=sfzh"]))
    assert fixed.header.fields == {0: "xm", 2: "sfzh"}
    assert fixed.table.col("sfzh") == ["110105200001010016"]


def test_damaged_memory_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("{not json", encoding="utf-8")
    path = write_xlsx(
        tmp_path / "ok.xlsx", {"S": [["姓名", "证件号码"], ["张三", "110105200001010016"]]}
    )
    assert load(path, D, memory=LayoutMemory.at(tmp_path)).table.n == 1


@pytest.mark.parametrize("item", ["没有等号", "=sfzh", "电话=不存在的字段"])
def test_bad_corrections_are_refused(item: str) -> None:
    with pytest.raises(SheetError):
        parse_corrections(D, [item])


def test_data_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGDESK_HOME", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert data_dir(tmp_path / "given") == tmp_path / "given"
    monkeypatch.delenv("REGDESK_HOME")
    assert "registrar-desk" in str(data_dir())


# --- sheets, rows, columns ---------------------------------------------------------------


def test_sheet_asked_for_and_hidden_sheets(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "旧名单"
    ws.append(["姓名", "证件号码", "性别", "民族"])
    ws.append(["旧", "110105200001010016", "男", "汉族"])
    ws.sheet_state = "hidden"
    new = book.create_sheet("新名单")
    new.append(["姓名", "证件号码", "性别", "民族"])
    new.append(["新", "110105200001010024", "女", "汉族"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    assert load(path, D).table.col("xm") == ["新"]  # the hidden sheet is not chosen
    assert load(path, D, "旧名单").table.col("xm") == ["旧"]
    with pytest.raises(SheetError, match="没有名为“无”的工作表"):
        load(path, D, "无")


def test_no_header_anywhere_names_the_first_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"甲": [["a", "b"], [1, 2]], "乙": [["c"]]})
    with pytest.raises(SheetError) as info:
        load(path, D)
    assert info.value.sheet == "甲" and "找不到表头行" in info.value.message


def test_unknown_columns_are_kept_with_their_cells(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "u.xlsx", {"S": batch(3)})
    loaded = load(path, D)
    assert loaded.header.ignored == ["备注"]
    assert loaded.columns == [
        (0, "姓名"),
        (1, "证件号码"),
        (2, "出生日期"),
        (3, "学制"),
        (4, "备注"),
        (5, "学号"),
    ]
    assert loaded.extra == {4: ["注0", "注1", "注2"]}


def test_progress_and_cancel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_shared_xlsx(tmp_path / "p.xlsx", batch(300))
    monkeypatch.setattr(limits, "WHOLE_XML", 1)
    monkeypatch.setattr(limits, "CHUNK_XML", 4096)
    seen: list[int] = []
    load(path, D, progress=seen.append)
    assert len(seen) > 3 and seen == sorted(seen) and seen[-1] == 300
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        load(path, D, cancel=stop)


def test_header_key_folds_required_marks_for_remembered_layouts() -> None:
    assert header_key("证件号码(必填)") == header_key(" 证件号码* ")
