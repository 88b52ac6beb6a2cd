"""A small modal form: rows of fields, OK enabled only while the form is complete, and
the caller's callback run once the dialog has closed with OK (a slow callback never
keeps a finished dialog on screen)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QPushButton, QWidget

_OK = QDialogButtonBox.StandardButton.Ok


class FormDialog(QDialog):
    """Subclasses add their rows to `form`, call `finish()` last, and say when the form
    is complete (`ready`) and what OK does (`submit`); connect each field's change
    signal to `check`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(_OK | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(_OK)

    def finish(self) -> None:
        self.form.addRow(self.buttons)
        self.check()

    def ready(self) -> bool:
        return True

    def submit(self) -> None:
        raise NotImplementedError

    def check(self) -> None:
        self.ok_button.setEnabled(self.ready())

    def accept(self) -> None:
        if not self.ready():
            return  # Enter in a field presses OK even while it is disabled
        super().accept()
        self.submit()
