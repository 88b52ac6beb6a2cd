"""Operator login (articles 24, 27): the workspace opens and the password is checked off
the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import worker

if TYPE_CHECKING:
    from desktop.services.workspace import Session


class LoginDialog(QDialog):
    def __init__(
        self, home: Path | None = None, url: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("学籍学历注册工作台 — 登录"))
        self.home, self.url = home, url
        self.session: Session | None = None
        self.user = QLineEdit(self)
        self.user.setObjectName("user")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("", self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("操作员"), self.user)
        form.addRow(self.tr("密码"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.buttons.accepted.connect(self._login)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.job: worker.Job | None = None

    def _login(self) -> None:
        user, password = self.user.text().strip(), self.password.text()
        if not user:
            self.message.setText(self.tr("请输入操作员"))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在登录…"))
        home, url = self.home, self.url
        not_ready = self.tr("工作区尚未初始化：请先用 regdesk init 创建学校信息与管理员")

        def work() -> Session:
            # Imported here, off the GUI thread: the store is most of the start-up's
            # imports, and the dialog paints before it is needed.
            from desktop.services.workspace import Workspace

            ws = Workspace.open(home=home, url=url)
            if not ws.initialised():
                raise RuntimeError(not_ready)
            return ws.login(user, password)

        self.job = worker.start(work, on_done=self._done, on_error=self._failed)

    def _done(self, session: Any) -> None:
        self.session = session
        self.accept()

    def _failed(self, message: str, _details: str) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.message.setText(message)
