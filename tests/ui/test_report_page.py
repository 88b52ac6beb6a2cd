"""报表 on a real workspace, offscreen: the counts of a real batch as tables and a chart,
the PDF sheet written through the file dialog (a real PDF, read back with QtPdf), printing
to a PDF printer, the sheet's signature and receipt lines, the main window's action, and a
disabled operator told why instead of shown a traceback."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QAction
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.services import batch_report, batches, record_counts
from desktop.services.batch_report import Signature, Verdict
from desktop.services.workspace import Session, Workspace
from desktop.ui import report_sheet, worker
from desktop.ui.main_window import MainWindow
from desktop.ui.report_page import ReportDialog
from tests.store import sheets
from tests.store.conftest import audit_log
from tests.ui.grid_support import login, workspace_copy
from tests.ui.wizard_support import QT_WARNINGS_FAIL, private_settings  # noqa: F401

pytestmark = QT_WARNINGS_FAIL
A4 = QSizeF(595, 842)  # points


@pytest.fixture
def ws(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, qtbot: QtBot
) -> Iterator[Workspace]:
    """The grid tests' workspace (made once per run, copied): 12 diplomas, 2 with errors."""
    workspace = workspace_copy(tmp_path_factory, tmp_path)
    yield workspace
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=20000)
    workspace.engine.dispose()


@pytest.fixture
def clerk(ws: Workspace) -> Session:
    return login(ws, "clerk")


def opened(qtbot: QtBot, session: Session, batch_id: str | None = None) -> ReportDialog:
    batch_id = batch_id or batches.list_batches(session)[0].id
    dialog = ReportDialog(session, batch_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.busy, timeout=20000)
    return dialog


def rows(model: object) -> list[list[object]]:
    m = model  # a CountsModel
    return [
        [m.index(r, c).data() for c in range(m.columnCount())]  # type: ignore[attr-defined]
        for r in range(m.rowCount())  # type: ignore[attr-defined]
    ]


def pdf_text(path: Path) -> tuple[int, QSizeF, str]:
    doc = QPdfDocument()
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    text = "".join(doc.getAllText(p).text() for p in range(doc.pageCount()))
    result = doc.pageCount(), doc.pagePointSize(0), text
    doc.close()
    return result


def test_the_report_shows_the_counts_of_a_real_batch(
    qtbot: QtBot, qtmodeltester: ModelTester, clerk: Session, tmp_path: Path
) -> None:
    english = {"专业名称": "英语", "学习形式": "函授", "层次": "专科", "学制": "3"}
    path = sheets.write(
        tmp_path / "毕业生.csv",
        [sheets.diploma(i) for i in range(5)]
        + [sheets.diploma(5 + i, **english) for i in range(3)],
    )
    batch = batches.import_file(clerk, path, BatchKind.DIPLOMA, name="2026届/函授")
    dialog = opened(qtbot, clerk, batch.id)
    assert "北京大学（10001）" in dialog.facts.text() and "2026届" in dialog.facts.text()
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles == ["层次", "专业", "学习形式", "毕(结)业", "校验结果", "中心结论"]
    for key in ("cc", "major", "xxxs", "byjl", "checked", "outcome"):
        qtmodeltester.check(dialog.model(key))
    assert rows(dialog.model("cc")) == [
        ["本科", 5, "62.5%"], ["专科", 3, "37.5%"], ["合计", 8, "100%"],
    ]  # fmt: skip
    assert rows(dialog.model("major"))[:2] == [["软件工程", 5, "62.5%"], ["英语", 3, "37.5%"]]
    assert rows(dialog.model("xxxs"))[:2] == [["普通全日制", 5, "62.5%"], ["函授", 3, "37.5%"]]
    assert dialog.model("cc").index(0, 0).data(3) == "代码 05"  # the tooltip names the code

    # The same figures as the service's, which counts in the database.
    report = batch_report.summary(clerk, batch.id)
    assert dialog.report is not None and dialog.report.groupings == report.groupings

    # The chart follows the table on show.
    assert (dialog.chart.title, dialog.chart.bars) == ("层次", [("本科", 5), ("专科", 3)])
    dialog.tabs.setCurrentIndex(1)
    assert dialog.chart.bars == [("软件工程", 5), ("英语", 3)]
    assert not dialog.chart.grab().toImage().isNull()
    assert dialog.print_button.isEnabled() and dialog.pdf_button.isEnabled()

    # The file offered for the PDF is named after the batch, made safe for a file name.
    dialog.ask_pdf()
    assert isinstance(dialog.prompt, QFileDialog)
    assert dialog.prompt.selectedFiles()[0].endswith("/学籍学历电子注册-批次汇总-2026届-函授.pdf")
    dialog.prompt.reject()


def test_export_pdf_writes_a_real_a4_sheet_and_audits_it(
    qtbot: QtBot, clerk: Session, ws: Workspace, tmp_path: Path
) -> None:
    dialog = opened(qtbot, clerk)
    target = tmp_path / "out" / "汇总.pdf"
    target.parent.mkdir()
    dialog.ask_pdf()
    prompt = dialog.prompt
    assert isinstance(prompt, QFileDialog) and prompt.isVisible()
    assert prompt.selectedFiles()[0].endswith("学籍学历电子注册-批次汇总-毕业生.pdf")
    prompt.selectFile(str(target))
    prompt.accept()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("已导出"), timeout=20000)

    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert not target.with_name("汇总.pdf.part").exists()
    pages, size, text = pdf_text(target)
    assert pages == 1 and size == A4
    for words in ("学籍学历电子注册 批次汇总", "北京大学（10001）", "毕业生", "经办人", "审核人"):
        assert words in text, words
    entry = audit_log(ws)[-1]
    assert (entry["operator"], entry["action"], entry["object_type"]) == (
        "clerk", "export", "batch_report",
    )  # fmt: skip
    assert json.loads(entry["after"])["file"] == "汇总.pdf"


def test_printing_to_a_pdf_printer_writes_the_sheet(
    qtbot: QtBot, clerk: Session, ws: Workspace, tmp_path: Path
) -> None:
    dialog = opened(qtbot, clerk)
    # The print dialog opens window-modal and, cancelled, prints nothing.
    before = len(audit_log(ws))
    dialog.ask_print()
    prompt = dialog.prompt
    assert isinstance(prompt, QPrintDialog) and prompt.isVisible()
    prompt.reject()
    assert len(audit_log(ws)) == before and not dialog.busy

    printer = report_sheet.a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "打印.pdf"))
    dialog.print_to(printer)
    assert dialog.job is not None and not dialog.print_button.isEnabled()  # on a worker
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    pages, size, text = pdf_text(tmp_path / "打印.pdf")
    assert pages == 1 and size == A4
    assert "批次汇总" in text and "北京大学" in text
    assert json.loads(audit_log(ws)[-1]["after"])["file"] == "打印.pdf"


def test_the_sheet_carries_the_signature_and_the_receipt(
    qtbot: QtBot, clerk: Session, tmp_path: Path
) -> None:
    batch_id = batches.list_batches(clerk)[0].id
    report = batch_report.summary(clerk, batch_id)
    at = datetime(2026, 7, 1, 2, 30)
    signed = dataclasses.replace(
        report,
        signature=Signature("审核员（reviewer）", at, "ed25519-abc", "Ed25519", "ab" * 32),
        verdict=Verdict(1, 1, True, None, "cd" * 32, "2026-07-02T08:00:00Z", "srv-1"),
    )
    html = report_sheet.sheet_html(signed)
    for words in ("审核员（reviewer）", "ed25519-abc（Ed25519）", "ab" * 32, "cd" * 32,
                  "受理 1 条，退回 1 条", "已核验"):  # fmt: skip
        assert words in html, words
    broken = dataclasses.replace(signed, verdict=Verdict(1, 1, False, "回执签名无效", *[None] * 3))
    assert "未通过核验：回执签名无效" in report_sheet.sheet_html(broken)
    whole = dataclasses.replace(signed, verdict=Verdict(0, 2, None, None, None, None, None))
    assert "无（整批退回）" in report_sheet.sheet_html(whole)
    # Names a clerk typed are text on the sheet, never markup.
    odd = dataclasses.replace(report, name="<b>批次</b>")
    assert "&lt;b&gt;批次&lt;/b&gt;" in report_sheet.sheet_html(odd)

    path = report_sheet.write_pdf(signed, tmp_path / "签名.pdf")
    _, _, text = pdf_text(path)
    assert "ed25519-abc" in text and "受理 1 条，退回 1 条" in text


def test_the_main_windows_report_action_opens_the_chosen_batch(
    qtbot: QtBot, clerk: Session
) -> None:
    window = MainWindow(clerk)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.batch_model.rowCount() == 1, timeout=10000)
    action = window.findChild(QAction, "report")
    assert action is not None and action.shortcut().toString() == "Ctrl+P"
    action.trigger()  # nothing chosen yet: a message, no dialog
    box = window.findChild(QMessageBox)
    assert box is not None and "选择一个批次" in box.text()
    box.close()

    window.open_batch(window.batch_model.item(0))
    action.trigger()
    found = window.findChildren(ReportDialog)
    assert len(found) == 1 and found[0].isVisible()
    qtbot.waitUntil(lambda: found[0].report is not None, timeout=20000)
    assert found[0].report is not None and found[0].report.batch_id == window.batch_model.item(0).id
    found[0].reject()


def test_a_disabled_operator_reads_why_and_closing_while_counting_is_safe(
    qtbot: QtBot, clerk: Session, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_counts, "SLICE", 1)
    counting = ReportDialog(clerk, batches.list_batches(clerk)[0].id)
    qtbot.addWidget(counting)
    counting.show()
    counting.reject()  # the count is cancelled between slices; nothing reaches the dialog
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=20000)

    admin = login(ws, "admin")
    admin.set_operator_disabled("clerk", True)
    dialog = ReportDialog(clerk, batches.list_batches(admin)[0].id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "已停用" in dialog.status.text(), timeout=20000)
    box = dialog.findChild(QMessageBox)
    assert box is not None and "已停用" in box.text() and "Traceback" not in box.text()
    assert not dialog.print_button.isEnabled() and not dialog.pdf_button.isEnabled()
