"""签名: what the reviewer is about to sign, the passphrase, and the role check (issue 7).

The summary (counts, rule pack, the source file's digest, the key that signs) is read off
the GUI thread; every reason the batch cannot be signed now is listed in words, and a
clerk sees that signing is the reviewer's (article 24) instead of a field to type into.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services import sign_summary, signing
from desktop.services.sign_summary import SignSummary
from desktop.services.workspace import Session
from desktop.ui import labels
from desktop.ui.pagekit import run


def grouped(digest: str | None) -> str:
    """Hex in groups of 16, so that it wraps and can be read out and compared."""
    return " ".join(digest[i : i + 16] for i in range(0, len(digest), 16)) if digest else ""


class SignDialog(QDialog):
    signed = Signal(object)  # the batch, now 已签名

    def __init__(self, session: Session, batch_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sign_dialog")
        self.setWindowTitle(self.tr("签名批次"))
        self.setMinimumWidth(720)
        self.session, self.batch_id = session, batch_id
        self.summary: SignSummary | None = None
        self.working = False

        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, label in (
            ("batch", self.tr("批次")), ("kind", self.tr("业务类型")), ("state", self.tr("状态")),
            ("rows", self.tr("记录数")), ("errors", self.tr("错误")),
            ("warnings", self.tr("警告")), ("rule_pack", self.tr("规则包版本")),
            ("source", self.tr("源文件")), ("digest", self.tr("源文件 SHA-256")),
            ("key", self.tr("签名密钥")),
        ):  # fmt: skip
            value = QLabel("…", self)
            value.setObjectName(name)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[name] = value
            form.addRow(label, value)

        self.blockers = QLabel("", self)
        self.blockers.setObjectName("blockers")
        self.blockers.setWordWrap(True)
        self.blockers.setStyleSheet("color: #b3261e;")
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("本校签名密钥的口令"))
        self.passphrase.textChanged.connect(self._update)
        self.message = QLabel("", self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        phrase = QFormLayout()
        phrase.addRow(self.tr("密钥口令"), self.passphrase)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText(self.tr("签名"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.sign)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.blockers)
        layout.addLayout(phrase)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        # The role is known at once: a clerk is told before anything is read.
        role_problem = sign_summary.role_blocker(session.operator.role)
        self.blockers.setText(f"✘ {role_problem}" if role_problem else "")
        self.blockers.setVisible(bool(role_problem))
        self.passphrase.setEnabled(role_problem is None)
        self._update()
        run(self, lambda: sign_summary.summary(session, batch_id), self.show_summary, self._failed)

    def show_summary(self, s: SignSummary) -> None:
        self.summary = s
        f = self.fields
        f["batch"].setText(s.name)
        f["kind"].setText(labels.text(s.kind))
        f["state"].setText(labels.text(s.state.label))
        f["rows"].setText(str(s.rows))
        f["errors"].setText(str(s.errors))
        f["warnings"].setText(
            self.tr("{n}（已确认 {ack}，未确认 {open}）").format(
                n=s.warnings, ack=s.acknowledged, open=s.unacknowledged
            )
        )
        pack = s.current_rule_pack
        if s.rule_pack and s.rule_pack != pack:
            pack = self.tr("{now}（校验时为 {then}）").format(now=pack, then=s.rule_pack)
        f["rule_pack"].setText(pack)
        f["source"].setText(s.source_file or self.tr("（无）"))
        f["digest"].setText(grouped(s.source_digest) or self.tr("（无：非文件导入）"))
        f["key"].setText(
            self.tr("{kid}（{alg}）\n指纹 {fp}").format(
                kid=s.key.kid, alg=s.key.alg, fp=s.key.fingerprint
            )
            if s.key
            else self.tr("（无启用中的密钥）")
        )
        self.blockers.setText("\n".join(f"✘ {b}" for b in s.blockers))
        self.blockers.setVisible(bool(s.blockers))
        self.passphrase.setEnabled(s.may_sign)
        if s.may_sign:
            self.passphrase.setFocus()
            self.message.setText(self.tr("签名后批次冻结，不能再修改；签名记入审计日志。"))
        self._update()

    def _update(self, *_: Any) -> None:
        s = self.summary
        ready = s is not None and s.may_sign and bool(self.passphrase.text())
        self.sign_button.setEnabled(ready and not self.working)

    def sign(self) -> None:
        s = self.summary
        phrase = self.passphrase.text()
        if s is None or not s.may_sign or not phrase or self.working:
            return
        self.working = True
        self._update()
        self.message.setText(self.tr("正在签名…"))
        session, batch_id = self.session, s.batch_id
        run(self, lambda: signing.sign(session, batch_id, phrase), self._signed, self._failed)

    def _signed(self, batch: Any) -> None:
        self.working = False
        self.signed.emit(batch)
        self.accept()

    def _failed(self, message: str, _details: str) -> None:
        self.working = False
        self.passphrase.clear()
        self.message.setText(message)
        self._update()
