"""The import wizard (Ctrl+O): file → sheet (workbooks with several) → header row →
column mapping with a preview → import with progress and Cancel → summary.

The pages live in `import_pages`, `import_mapping` and `import_progress`; this holds what
they share. Emits `imported` with the new batch when it is saved and `open_requested`
when the clerk asks to open it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from desktop.domain.fields import BatchKind
from desktop.services import imports
from desktop.services.workspace import Session
from desktop.ui import worker
from desktop.ui.import_mapping import MappingPage
from desktop.ui.import_pages import (
    FILE,
    HEADER,
    IMPORT,
    MAPPING,
    SHEET,
    SUMMARY,
    FilePage,
    HeaderPage,
    SheetPage,
)
from desktop.ui.import_progress import ImportPage, SummaryPage


class ImportWizard(QWizard):
    imported = Signal(object)  # services.imports.BatchInfo
    open_requested = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("导入表格"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步 >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.resize(900, 640)
        self.session = session
        self.path: Path | None = None
        self.kind = BatchKind.ENROLLMENT
        self.batch_name: str | None = None
        self.sheets: imports.Sheets | None = None
        self.sheet: str | None = None
        self.header_row: int | None = None
        self.detected_row: int | None = None
        self.corrections: dict[str, str | None] = {}
        self.preview: imports.Preview | None = None
        self.batch: imports.BatchInfo | None = None
        self.jobs: list[worker.Job] = []
        self.closing = False  # Cancel pressed while importing: close once it has stopped
        self.closed = False
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.header_page = HeaderPage(self)
        self.mapping_page = MappingPage(self)
        self.import_page = ImportPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in (
            (FILE, self.file_page),
            (SHEET, self.sheet_page),
            (HEADER, self.header_page),
            (MAPPING, self.mapping_page),
            (IMPORT, self.import_page),
            (SUMMARY, self.summary_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(FILE)

    def reset_file(self, path: Path | None, kind: BatchKind) -> None:
        """A new file or kind: everything read from the old one is forgotten."""
        self.path, self.kind = path, kind
        self.sheets = self.sheet = self.header_row = self.detected_row = None
        self.corrections, self.preview = {}, None

    def request(self) -> imports.ImportRequest:
        assert self.path is not None
        return imports.ImportRequest(
            self.path, self.kind, name=self.batch_name, sheet=self.sheet,
            header_row=self.header_row, corrections=dict(self.corrections),
        )  # fmt: skip

    def reject(self) -> None:
        if self.import_page.running:
            self.closing = True  # closes when the import has rolled back
            self.import_page.cancel()
            return
        self.close_now(accepted=False)

    def accept(self) -> None:
        self.close_now(accepted=True)

    def close_now(self, *, accepted: bool = False) -> None:
        self.closed = True
        for job in self.jobs:
            job.cancel()  # previews still reading: their answers are dropped
        self.jobs.clear()
        if accepted:
            super().accept()
        else:
            super().reject()
