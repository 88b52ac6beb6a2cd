"""Acknowledging a warning (reviewer only): which warning, and the reason, which is kept
and reused when the same student shows the same warning again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from desktop.ui.form_dialog import FormDialog


@dataclass(frozen=True)
class OpenWarning:
    rule_id: str
    message: str


class AcknowledgeDialog(FormDialog):
    def __init__(
        self,
        row_no: int,
        warnings: Sequence[OpenWarning],
        on_accept: Callable[[str, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("acknowledge_dialog")
        self.setWindowTitle(self.tr("确认警告"))
        self._on_accept = on_accept
        self.rule = QComboBox(self)
        self.rule.setObjectName("rule")
        for w in warnings:
            self.rule.addItem(f"[{w.rule_id}] {w.message}", w.rule_id)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("例如：经核对原始档案，信息无误"))
        self.reason.textChanged.connect(self.check)
        self.form.addRow(QLabel(self.tr("第 {0} 行").format(row_no), self))
        self.form.addRow(self.tr("警告"), self.rule)
        self.form.addRow(self.tr("理由"), self.reason)
        self.finish()

    def ready(self) -> bool:
        return bool(self.rule.currentData()) and len(self.reason.text().strip()) >= 2

    def submit(self) -> None:
        self._on_accept(str(self.rule.currentData()), self.reason.text().strip())
