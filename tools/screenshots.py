"""Render the application's main pages to PNG so a person can look at them
(`python -m tools.screenshots [--out DIR] [--role clerk|reviewer|admin]`).

A demo workspace is made in a temporary folder (reference server on loopback, the
sample batch imported and validated), the main window opens as the chosen operator, and
each tab is saved — the 批次 tab with the sample batch open in the grid, the 学生 tab
with a search and one student's timeline — then the import wizard's first page, the
sign dialog and the batch report. Runs offscreen by default
(QT_QPA_PLATFORM=offscreen) or under Xvfb. Chinese text needs a CJK font that
fontconfig can find (Debian: fonts-wqy-microhei or fonts-noto-cjk); without one the
pages render as boxes, so the script says so and stops.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.workspace import Session
    from desktop.store.batches import BatchInfo

SEARCH = "伟"  # a given name the demo's sample students share
PAGE_WAIT = 8.0  # seconds a page may take to load its data before it is saved anyway


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把主要页面渲染为 PNG 图片")
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="输出文件夹")
    parser.add_argument("--role", choices=("clerk", "reviewer", "admin"), default="reviewer")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    try:
        saved = render(args.out, args.role)
    except MissingFont as exc:
        print(exc, file=sys.stderr)
        return 2
    for path in saved:
        print(path)
    return 0


class MissingFont(Exception):
    pass


def cjk_family() -> str | None:
    """A font family fontconfig offers for Simplified Chinese, if any."""
    from PySide6.QtGui import QFontDatabase

    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return families[0] if families else None


def render(out: Path, role: str = "reviewer") -> list[Path]:
    """The PNG files written to `out`, in page order."""
    from desktop.services import first_run
    from desktop.services.workspace import Workspace

    if cjk_family() is None:
        raise MissingFont(
            "没有可用的中文字体，截图中的汉字会显示为方框。请先安装 fonts-wqy-microhei 或 "
            "fonts-noto-cjk（apt install fonts-wqy-microhei）。"
        )
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="regdesk-shots-") as tmp:
        demo = first_run.open_demo(Path(tmp) / "demo")
        try:
            ws = Workspace.open(home=demo.home)
            try:
                session = ws.login(role, demo.accounts[role])
                return _shoot(out, session, demo.batch)
            finally:
                ws.engine.dispose()
        finally:
            demo.stop()


def _shoot(out: Path, session: Session, batch: BatchInfo) -> list[Path]:
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.ui.import_wizard import ImportWizard
    from desktop.ui.main_window import MainWindow
    from desktop.ui.report_page import ReportDialog
    from desktop.ui.sign_dialog import SignDialog

    window = MainWindow(session)
    window.show()
    saved: list[Path] = []

    def save(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{len(saved) + 1:02d}-{name}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"无法写入 {path}")
        saved.append(path)

    settle()
    window.open_batch(batch)
    students = window.student_page
    students.search.setText(SEARCH)
    students.run_search()
    settle(lambda: students.timeline_model.rowCount() > 0)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        save(window, _file_name(window.tabs.tabText(index)))
    wizard = ImportWizard(session, window)
    wizard.show()
    save(wizard, "import-wizard")
    wizard.close()
    dialog = SignDialog(session, batch.id, window)
    dialog.show()
    save(dialog, "sign")
    dialog.close()
    report = ReportDialog(session, batch.id, window)
    report.resize(1000, 700)
    report.show()
    settle(lambda: report.report is not None)
    save(report, "report")
    report.close()
    window.close()
    QApplication.processEvents()
    return saved


def settle(idle: Callable[[], bool] | None = None) -> None:
    """Process events until no worker has run for a moment (the page has its data)."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    pool = QThreadPool.globalInstance()
    deadline = time.monotonic() + PAGE_WAIT
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        QApplication.processEvents()
        busy = pool.activeThreadCount() > 0 or (idle is not None and not idle())
        now = time.monotonic()
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since > 0.3:
            return
        time.sleep(0.02)


def _file_name(tab: str) -> str:
    return "".join(c for c in tab if c.isalnum() or c in "-_") or "tab"


if __name__ == "__main__":
    sys.exit(main())
