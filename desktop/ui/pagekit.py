"""Small pieces the pages share: work started through `worker` whose answer is dropped if
the page has gone meanwhile, a passphrase or text prompt that does not block the event
loop, an error box with details for IT, times shown in the PC's time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget
from shiboken6 import isValid

from desktop.ui import worker


def run(
    owner: QObject,
    fn: Callable[[], Any],
    done: Callable[[Any], None],
    failed: Callable[[str, str], None],
) -> worker.Job:
    """`fn` off the GUI thread; `done` or `failed` on it, unless `owner` was deleted
    before the answer came (a page closed while the server was slow)."""

    def on_done(result: Any) -> None:
        if isValid(owner):
            done(result)

    def on_error(message: str, details: str) -> None:
        if isValid(owner):
            failed(message, details)

    return worker.start(fn, on_done=on_done, on_error=on_error)


def ask_text(
    parent: QWidget,
    title: str,
    label: str,
    on_ok: Callable[[str], None],
    *,
    secret: bool = False,
    name: str = "prompt",
) -> QInputDialog:
    """Opened window-modal with `open()`: the caller returns at once and `on_ok` runs
    with the text when the operator confirms (never with an empty text)."""
    dialog = QInputDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    if secret:
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText(QCoreApplication.translate("PageKit", "确定"))
    dialog.setCancelButtonText(QCoreApplication.translate("PageKit", "取消"))

    def chosen(text: str) -> None:
        if text.strip():
            on_ok(text if secret else text.strip())

    dialog.textValueSelected.connect(chosen)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def show_error(parent: QWidget, message: str, details: str = "") -> QMessageBox:
    """The clerk reads the message; IT reads the details (ID numbers already masked)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("PageKit", "操作未完成"),
        message,
        parent=parent,
    )
    if details:
        box.setDetailedText(details)
    box.finished.connect(box.deleteLater)
    box.open()
    return box


def local_time(at: datetime | None, empty: str = "—") -> str:
    """The store keeps naive UTC; the office reads its own clock."""
    if at is None:
        return empty
    return at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
