"""`regdesk-gui` / `make run`: the first-run wizard or the login, then the main window
(`startup.Startup`)."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # A frozen bundle re-runs this executable for the import's child process.
    multiprocessing.freeze_support()
    # Qt is imported here, not at module level: that child process imports this module
    # again (as the main module) and has no use for Qt.
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.domain.resources import resource_path
    from desktop.ui import i18n, settings, smoke
    from desktop.ui.startup import Startup

    app = QApplication.instance() or QApplication(list(argv or sys.argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("学籍学历注册工作台")
    app.setOrganizationName("RegistrarDesk")
    # Before any window: texts are translated when a widget is made.
    i18n.install(app, settings.language())
    # Some window managers append this to every title.
    app.setApplicationDisplayName(QCoreApplication.translate("App", "学籍学历注册工作台"))
    app.setWindowIcon(QIcon(str(resource_path("icons", "regdesk.png"))))
    startup = Startup(app)
    startup.start()
    duration = smoke.seconds()
    if duration is not None:
        smoke.arm(app, duration)
    code = app.exec()
    return startup.exit_code or code


if __name__ == "__main__":
    sys.exit(main())
