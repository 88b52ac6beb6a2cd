"""`regdesk-gui`'s own `main()` with a hand that logs in as soon as the login dialog is
shown and quits once the main window has painted: launch-to-main-window timing without a
person's typing (tests/ui/test_startup.py runs it as a process of its own).
`DRIVER_TYPING_SECONDS` waits that long after the login is enabled, as a person typing
the password would, before pressing OK."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.ui import app as gui


def main() -> int:
    app = QApplication(sys.argv)
    from desktop.ui.login import LoginDialog  # light; the main window is not imported here

    typing = float(os.environ.get("DRIVER_TYPING_SECONDS", "0"))
    enabled_at: list[float] = []

    def poll() -> None:
        for widget in app.topLevelWidgets():
            if (
                isinstance(widget, LoginDialog)
                and widget.isVisible()
                and widget.buttons.isEnabled()
            ):
                if not enabled_at:
                    enabled_at.append(time.monotonic())
                if time.monotonic() - enabled_at[0] < typing:
                    break
                widget.user.setText(os.environ["DRIVER_USER"])
                widget.password.setText(os.environ["DRIVER_PASSWORD"])
                with open(os.environ["REGDESK_STARTUP_TRACE"], "a", encoding="utf-8") as f:
                    f.write(f"LoginClicked {time.time():.3f}\n")
                widget.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            if type(widget).__name__ == "MainWindow" and widget.isVisible():
                QTimer.singleShot(300, app.quit)  # after its first paint
                return
        QTimer.singleShot(5, poll)

    QTimer.singleShot(0, poll)
    return gui.main()


if __name__ == "__main__":
    sys.exit(main())
