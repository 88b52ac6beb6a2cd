"""Acknowledging a warning (reviewer only): which warning, and the reason, which is kept
and reused when the same student shows the same warning again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)


@dataclass(frozen=True)
class OpenWarning:
    rule_id: str
    message: str


class AcknowledgeDialog(QDialog):
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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._check)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("第 {0} 行").format(row_no), self))
        form.addRow(self.tr("警告"), self.rule)
        form.addRow(self.tr("理由"), self.reason)
        form.addRow(self.buttons)
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(len(self.reason.text().strip()) >= 2)

    def accept(self) -> None:
        rule = str(self.rule.currentData() or "")
        reason = self.reason.text().strip()
        if not rule or len(reason) < 2:
            return
        super().accept()
        self._on_accept(rule, reason)
