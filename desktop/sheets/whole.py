"""`.xls`, `.xlsb`, `.ods`: read whole by calamine (it has no streaming reader for them).

The ceiling: calamine holds a sheet at ~2 KB a row, so these formats are bounded by
`limits.MAX_WHOLE_SHEET` of sheet data (an `.xls` cannot pass 65,536 rows anyway). A
larger workbook is refused with advice to save it as `.xlsx`, which is read in pieces.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.sheets import limits, zipguard
from desktop.sheets.calamine import whole_sheet
from desktop.sheets.chunk import Chunk
from desktop.sheets.errors import SheetError

_ODS_ROW_END = b"table-row>"


@dataclass
class WholeBook:
    file: str
    path: Path
    names: list[str]
    visible: list[str]
    date1904: bool = False

    @property
    def sheet_names(self) -> list[str]:
        return self.names

    @property
    def visible_names(self) -> list[str]:
        return self.visible

    def close(self) -> None:
        pass

    def chunks(self, sheet: str) -> Iterator[Chunk]:
        return whole_sheet(self.path, self.file, sheet)


def open_whole(path: Path, file: str, suffix: str) -> WholeBook:
    from python_calamine import CalamineWorkbook, PasswordError, SheetVisibleEnum

    if suffix in (".xlsb", ".ods"):
        _check_zip(path, file, suffix)
    elif path.stat().st_size > limits.MAX_WHOLE_SHEET:
        raise SheetError(file, "文件过大：.xls 文件请在 Excel 中另存为 .xlsx 后再导入")
    try:
        with CalamineWorkbook.from_path(str(path)) as wb:
            meta = wb.sheets_metadata
    except PasswordError:
        raise SheetError(
            file, "无法打开工作簿：文件设有打开密码，请在 Excel 中取消密码后另存"
        ) from None
    except Exception as exc:  # calamine raises several unrelated types for a bad file
        raise SheetError(file, f"无法打开工作簿：文件已损坏或格式不对（{exc}）") from None
    names = [m.name for m in meta]
    visible = [m.name for m in meta if m.visible == SheetVisibleEnum.Visible]
    if not names:
        raise SheetError(file, "工作簿中没有工作表")
    return WholeBook(file, path, names, visible)


def _check_zip(path: Path, file: str, suffix: str) -> None:
    with zipguard.open_zip(path, file) as zf:
        for info in zf.infolist():
            name = info.filename.lower()
            data_part = name.endswith(".bin") or name == "content.xml"
            if data_part and info.file_size > limits.MAX_WHOLE_SHEET:
                raise SheetError(
                    file,
                    f"工作簿过大：{suffix} 文件只能整表读入，请在 Excel 中另存为 .xlsx 后再导入",
                )
            if name.endswith(".xml") and name != "content.xml":
                zipguard.read_small(zf, info, file)  # DTD refused, size bounded
        if suffix == ".ods" and (content := zipguard.member(zf, "content.xml")) is not None:
            gap = 0
            first = True
            for block in zipguard.blocks(zf, content, file):
                if first:
                    zipguard.refuse_dtd(block[:4096], "content.xml", file)
                    first = False
                at = block.rfind(_ODS_ROW_END)
                gap = gap + len(block) if at < 0 else len(block) - at
                if gap > limits.MAX_ROW_XML:
                    raise SheetError(
                        file,
                        f"有一行数据超过 {limits.MAX_ROW_XML // limits.MiB} MB（单元格内容过长），"
                        "文件可能被篡改，已拒绝",
                    )
