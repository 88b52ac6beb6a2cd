"""`regdesk-gui` / `make run`: log in, then the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QDialog

from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow


def main(argv: Sequence[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(list(argv or sys.argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("学籍学历注册工作台")
    app.setOrganizationName("RegistrarDesk")
    login = LoginDialog()
    if login.exec() != QDialog.DialogCode.Accepted or login.session is None:
        return 0
    window = MainWindow(login.session)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
