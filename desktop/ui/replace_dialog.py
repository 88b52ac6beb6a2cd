"""Find/replace within one column of the batch grid (Ctrl+H)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from desktop.ui.form_dialog import FormDialog


class ReplaceDialog(FormDialog):
    """`on_accept(find, replacement, selection_only)` runs when the clerk confirms."""

    def __init__(
        self,
        column: str,
        selected: int,
        on_accept: Callable[[str, str, bool], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replace_dialog")
        self.setWindowTitle(self.tr("查找替换"))
        self._on_accept = on_accept
        self.find_text = QLineEdit(self)
        self.find_text.setObjectName("find_text")
        self.find_text.textChanged.connect(self.check)
        self.replacement = QLineEdit(self)
        self.replacement.setObjectName("replacement")
        self.selection_only = QCheckBox(
            self.tr("只在选中的 {0} 个单元格中替换").format(selected), self
        )
        self.selection_only.setObjectName("selection_only")
        self.selection_only.setEnabled(selected > 1)
        self.selection_only.setChecked(selected > 1)
        self.ok_button.setText(self.tr("全部替换"))
        self.form.addRow(QLabel(self.tr("列：{0}").format(column), self))
        self.form.addRow(self.tr("查找"), self.find_text)
        self.form.addRow(self.tr("替换为"), self.replacement)
        self.form.addRow(self.selection_only)
        self.finish()

    def ready(self) -> bool:
        return bool(self.find_text.text())

    def submit(self) -> None:
        self._on_accept(
            self.find_text.text(), self.replacement.text(), self.selection_only.isChecked()
        )
