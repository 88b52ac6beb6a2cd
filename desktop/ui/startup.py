"""From launch to the main window: the login at once, while a worker checks that the
workspace exists (and, in doing so, imports the store and the services: most of the
start-up); no workspace yet, and the first-run wizard replaces the login (a new
workspace, or a demo one). Then the main window, its geometry as the clerk left it.
What must end with the application ends with it: the window's geometry is saved, the
demo's reference server stopped.

`REGDESK_STARTUP_TRACE=FILE` appends "<window> <unix time>" to FILE at each window's
first paint: how the start-up time is measured (tests/ui/test_startup.py).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from desktop.ui import settings, worker
from desktop.ui.login import LoginDialog

if TYPE_CHECKING:
    from desktop.services import first_run
    from desktop.services.workspace import Session
    from desktop.ui.first_run import FirstRunWizard
    from desktop.ui.main_window import MainWindow

TRACE_ENV = "REGDESK_STARTUP_TRACE"
GEOMETRY = "main_window"


class Startup(QObject):
    def __init__(self, app: QApplication, home: Path | None = None, url: str | None = None) -> None:
        super().__init__()
        self.app, self.home, self.url = app, home, url
        self.window: MainWindow | None = None
        self.demo: first_run.Demo | None = None
        self.dialog: QDialog | None = None
        self.painted: set[str] = set()
        self.exit_code = 0  # what `regdesk-gui` returns: 1 when the workspace was refused
        trace = os.environ.get(TRACE_ENV)
        self.trace = Path(trace) if trace else None
        if self.trace is not None:
            app.installEventFilter(self)
        app.aboutToQuit.connect(self.shutdown)

    def start(self) -> None:
        # Between one window closing and the next opening there is no window: that must
        # not end the application.
        self.app.setQuitOnLastWindowClosed(False)
        self.login(self.home, self.url, note=self.tr("正在打开工作区…"))
        assert isinstance(self.dialog, LoginDialog)
        self.dialog.buttons.setEnabled(False)
        home, url = self.home, self.url
        worker.start(lambda: _initialised(home, url), on_done=self._checked, on_error=self._refused)

    def _checked(self, initialised: bool) -> None:
        dialog = self.dialog
        assert isinstance(dialog, LoginDialog)
        if initialised:
            dialog.message.clear()
            dialog.buttons.setEnabled(True)
            worker.start(_warm_up, on_done=lambda _r: None, on_error=lambda *_e: None)
            return
        dialog.finished.disconnect()
        dialog.reject()
        self.first_run()

    def _refused(self, message: str, details: str) -> None:
        if self.dialog is not None:
            self.dialog.finished.disconnect()
            self.dialog.reject()
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("无法打开工作区"), message)
        box.setDetailedText(details)
        self.exit_code = 1
        box.finished.connect(lambda _r: self.app.quit())
        box.open()
        self.dialog = box

    def login(
        self, home: Path | None, url: str | None, user: str = "", password: str = "", note: str = ""
    ) -> None:
        dialog = LoginDialog(home=home, url=url)
        dialog.user.setText(user)
        dialog.password.setText(password)
        dialog.message.setText(note)
        dialog.finished.connect(lambda result: self._logged_in(dialog, result))
        self.dialog = dialog
        dialog.open()

    def _logged_in(self, dialog: LoginDialog, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and dialog.session is not None:
            self.show_main(dialog.session)
        else:
            self.app.quit()

    def first_run(self) -> None:
        from desktop.ui.first_run import FirstRunWizard

        wizard = FirstRunWizard(self.home, self.url)
        wizard.finished.connect(lambda result: self._first_run_done(wizard, result))
        self.dialog = wizard
        wizard.open()

    def _first_run_done(self, wizard: FirstRunWizard, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.app.quit()
        elif wizard.demo is not None:
            demo = self.demo = wizard.demo
            note = self.tr("演示工作区：也可用 reviewer / {0} 或 admin / {1} 登录").format(
                demo.accounts["reviewer"], demo.accounts["admin"]
            )
            self.login(demo.home, None, "clerk", demo.accounts["clerk"], note)
        elif wizard.session is not None:
            self.show_main(wizard.session)

    def show_main(self, session: Session) -> None:
        from desktop.ui.main_window import MainWindow

        window = MainWindow(session)
        if self.demo is not None:
            window.setWindowTitle(window.windowTitle() + self.tr("（演示）"))
        settings.restore_geometry(window, GEOMETRY)
        window.show()
        self.window = window
        self.dialog = None
        self.app.setQuitOnLastWindowClosed(True)

    def shutdown(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            settings.save_geometry(window, GEOMETRY)
            window.session.workspace.engine.dispose()
        demo, self.demo = self.demo, None
        if demo is not None:
            demo.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and self.trace is not None
        ):
            name = type(watched).__name__
            if name not in self.painted:
                self.painted.add(name)
                with self.trace.open("a", encoding="utf-8") as f:
                    f.write(f"{name} {time.time():.3f}\n")
        return False


def _initialised(home: Path | None, url: str | None) -> bool:
    # The store is imported here, in the worker, while the login dialog paints.
    from desktop.services.workspace import Workspace

    ws = Workspace.open(home=home, url=url)
    try:
        return ws.initialised()
    finally:
        ws.engine.dispose()


def _warm_up() -> None:
    """What the main window will need, imported while the clerk types the password: the
    services and the window's own modules (class definitions only; no widget is made
    off the GUI thread)."""
    import desktop.services.batches
    import desktop.services.grid
    import desktop.services.signing
    import desktop.ui.main_window  # noqa: F401
