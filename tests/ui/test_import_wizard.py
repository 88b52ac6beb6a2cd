"""The import wizard end to end, offscreen, on real files and a real workspace: a
workbook with a title row and two sheets, a CSV whose ID column is corrected in the
mapping step (and remembered), Cancel that leaves the workspace as it was, Ctrl+O."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.services import batches
from desktop.services.workspace import Workspace
from desktop.sheets.layouts import FILE_NAME
from desktop.ui import settings
from desktop.ui.import_models import MappingModel
from desktop.ui.import_pages import FILE, HEADER, IMPORT, MAPPING, SHEET, SUMMARY
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.main_window import MainWindow
from tests.sheets.makers import write_xlsx
from tests.store.conftest import audit_log
from tests.store.test_imports import WRONG, csv_file
from tests.store.test_workspace_flow import HEADER as COLUMNS
from tests.store.test_workspace_flow import ROW, ROW2
from tests.ui.wizard_support import QT_WARNINGS_FAIL, advance, clerk, private_settings

__all__ = ["private_settings"]
pytestmark = QT_WARNINGS_FAIL


def wizard_on(qtbot: QtBot, home: Path, path: Path, kind: BatchKind) -> ImportWizard:
    wizard = ImportWizard(clerk(home))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.set_kind(kind)
    wizard.file_page.set_path(path)
    return wizard


def test_workbook_with_a_title_row_and_two_sheets(
    qtbot: QtBot, qtmodeltester: ModelTester, home: Path, tmp_path: Path
) -> None:
    book = write_xlsx(
        tmp_path / "毕业生.xlsx",
        {"说明": [["填表说明"]], "毕业生": [["2026 届毕业生名单"], [], COLUMNS, ROW, ROW2]},
    )
    wizard = wizard_on(qtbot, home, book, BatchKind.DIPLOMA)
    wizard.file_page.name.setText("2026 届毕业生")
    assert settings.last_folder() == str(tmp_path)
    advance(qtbot, wizard, SHEET)
    sheets = wizard.sheet_page.list
    assert [sheets.item(i).text() for i in range(sheets.count())] == ["说明", "毕业生"]
    assert sheets.currentItem().text() == "毕业生"  # the sheet with a header is preselected

    advance(qtbot, wizard, HEADER)
    page = wizard.header_page
    qtbot.waitUntil(page.isComplete, timeout=20000)
    assert wizard.header_row == 3 and "第 3 行是表头" in page.status.text()
    qtmodeltester.check(page.model)
    assert page.model.index(2, 3).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.model.index(3, 3).data() == "110105********0016"  # masked even here

    advance(qtbot, wizard, MAPPING)
    mapping = wizard.mapping_page
    qtbot.waitUntil(mapping.isComplete, timeout=20000)
    qtmodeltester.check(mapping.mapping)
    qtmodeltester.check(mapping.sample)
    assert mapping.missing.text() == "必填列齐全。"
    assert mapping.sample.headerData(3, Qt.Orientation.Horizontal) == "证件号码\n→ 证件号码"
    assert mapping.sample.headerData(0, Qt.Orientation.Vertical) == "4"

    opened: list[object] = []
    wizard.open_requested.connect(opened.append)
    advance(qtbot, wizard, IMPORT)
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY, timeout=30000)
    summary = wizard.summary_page.fields
    assert summary["name"].text() == "2026 届毕业生"
    assert (summary["rows"].text(), summary["errors"].text()) == ("2", "1")
    wizard.summary_page.open_button.click()
    assert wizard.closed and len(opened) == 1 and wizard.batch is not None
    assert [b.id for b in batches.list_batches(clerk(home))][-1] == wizard.batch.id


def test_csv_with_a_wrong_header_corrected_in_the_mapping(
    qtbot: QtBot, qtmodeltester: ModelTester, home: Path, tmp_path: Path
) -> None:
    path = csv_file(tmp_path / "毕业生.csv", WRONG, ROW, ROW2)
    wizard = wizard_on(qtbot, home, path, BatchKind.DIPLOMA)
    advance(qtbot, wizard, HEADER)  # one sheet: no sheet page
    advance(qtbot, wizard, MAPPING)
    page = wizard.mapping_page
    qtbot.waitUntil(page.isComplete, timeout=20000)
    assert page.missing.text().startswith("缺少必填列：证件号码")
    assert page.unmapped.text() == "不导入的列：公民身份号码"
    row = next(
        i
        for i in range(page.mapping.rowCount())
        if page.mapping.index(i, 1).data() == "公民身份号码"
    )
    cell = page.mapping.index(row, MappingModel.FIELD)
    assert cell.data() == "（不导入）"

    # The clerk double-clicks the cell and picks 证件号码 from the drop-down.
    page.map_view.edit(cell)
    editor = page.map_view.findChild(QComboBox, "field_editor")
    assert editor is not None
    editor.setCurrentIndex(editor.findData("sfzh"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: cell.data() == "证件号码（已更正）", timeout=5000)
    assert page.missing.text() == "必填列齐全。" and page.unmapped.text() == "所有列都会导入。"
    qtmodeltester.check(page.mapping)

    advance(qtbot, wizard, IMPORT)
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY, timeout=30000)
    assert wizard.batch is not None and wizard.batch.headers["sfzh"] == "公民身份号码"
    assert wizard.summary_page.fields["errors"].text() == "1"
    remembered = json.loads((home / FILE_NAME).read_text(encoding="utf-8"))["layouts"]
    assert [e["overrides"] for e in remembered.values()] == [{"公民身份号码": "sfzh"}]
    wizard.accept()

    # Next month's file of the same layout maps by itself.
    again = wizard_on(qtbot, home, csv_file(tmp_path / "下月.csv", WRONG, ROW), BatchKind.DIPLOMA)
    advance(qtbot, again, HEADER)
    advance(qtbot, again, MAPPING)
    qtbot.waitUntil(again.mapping_page.isComplete, timeout=20000)
    assert again.mapping_page.missing.text() == "必填列齐全。"
    assert again.mapping_page.mapping.index(row, MappingModel.FIELD).data() == "证件号码（已记住）"
    again.reject()


def test_cancel_leaves_the_workspace_unchanged(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "大.csv", WRONG, *([ROW] * 30000))  # a child process imports it
    ws = Workspace.open(home=home)
    before = (len(batches.list_batches(clerk(home))), len(audit_log(ws)))
    wizard = wizard_on(qtbot, home, path, BatchKind.DIPLOMA)
    advance(qtbot, wizard, HEADER)
    advance(qtbot, wizard, MAPPING)
    page = wizard.mapping_page
    qtbot.waitUntil(page.isComplete, timeout=20000)
    page.assign(page.wiz.preview.unmapped[0].index, "sfzh")  # type: ignore[union-attr]
    advance(qtbot, wizard, IMPORT)
    importing = wizard.import_page
    qtbot.waitUntil(lambda: "正在读取文件" in importing.status.text(), timeout=30000)
    importing.cancel_button.click()
    qtbot.waitUntil(lambda: not importing.running, timeout=30000)
    assert importing.status.text() == "导入已取消，工作区没有任何改动。"
    assert importing.again.isVisible() and wizard.currentId() == IMPORT
    after = (len(batches.list_batches(clerk(home))), len(audit_log(ws)) - 2)  # two logins
    assert after == before and not (home / FILE_NAME).exists()

    # The window's own Cancel during an import cancels it first, then closes.
    importing.again.click()
    assert wizard.currentId() == FILE
    advance(qtbot, wizard, HEADER)
    advance(qtbot, wizard, MAPPING)
    qtbot.waitUntil(page.isComplete, timeout=20000)
    advance(qtbot, wizard, IMPORT)
    qtbot.waitUntil(lambda: "正在读取文件" in importing.status.text(), timeout=30000)
    wizard.reject()
    assert not wizard.closed  # still rolling back
    qtbot.waitUntil(lambda: wizard.closed, timeout=30000)
    assert len(batches.list_batches(clerk(home))) == before[0]
    ws.engine.dispose()


def test_ctrl_o_opens_the_wizard_from_the_main_window(qtbot: QtBot, home: Path) -> None:
    window = MainWindow(clerk(home))
    qtbot.addWidget(window)
    action = window.findChild(QAction, "import")
    assert action is not None and action.shortcut().toString() == "Ctrl+O"
    action.trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible() and wizard.currentId() == FILE
    wizard.reject()
    qtbot.waitUntil(lambda: window.findChild(ImportWizard) is None, timeout=5000)
