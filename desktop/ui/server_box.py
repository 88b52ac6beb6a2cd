"""The central server on the 上报 page: which server is pinned, and for an administrator
连接服务器 (the address and the fingerprint of its receipt key, read out over the phone
by the server's operator: the key is pinned only if they agree) and 登记本校公钥 (the
one-time enrolment code the server's operator issued)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.roles import Action, allowed
from desktop.services import sync
from desktop.services.outbox_view import ServerInfo
from desktop.services.workspace import Session
from desktop.ui.pagekit import ask_text, local_time, run, show_error


class ConnectDialog(QDialog):
    submitted = Signal(str, str, str)  # url, fingerprint, CA file (may be empty)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connect_dialog")
        self.setWindowTitle(self.tr("连接中心服务器"))
        self.url = QLineEdit(self)
        self.url.setObjectName("url")
        self.url.setPlaceholderText("https://…")
        self.fingerprint = QLineEdit(self)
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setPlaceholderText(self.tr("服务器管理方电话告知的指纹"))
        self.ca_file = QLineEdit(self)
        self.ca_file.setObjectName("ca_file")
        self.ca_file.setPlaceholderText(self.tr("可不填：本单位自建证书机构的证书文件"))
        self.message = QLabel(
            self.tr("请与中心服务器管理方电话核对密钥指纹：指纹不符时不会连接。"), self
        )
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("服务器地址"), self.url)
        form.addRow(self.tr("密钥指纹"), self.fingerprint)
        form.addRow(self.tr("CA 证书文件"), self.ca_file)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("连接"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.finished.connect(self.deleteLater)

    def _submit(self) -> None:
        url, fingerprint = self.url.text().strip(), self.fingerprint.text().strip()
        if not url.startswith(("https://", "http://")):
            self.message.setText(self.tr("服务器地址应以 https:// 开头"))
            return
        if not fingerprint:
            self.message.setText(
                self.tr("请填写密钥指纹：没有核对过指纹的服务器，其回执无法作为凭证")
            )
            return
        self.submitted.emit(url, fingerprint, self.ca_file.text().strip())
        self.accept()


class ServerBox(QGroupBox):
    changed = Signal()  # the link or the key's registration changed
    said = Signal(str)  # a line for the page's status

    def __init__(
        self, session: Session, settings: sync.ClientSettings | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("中心服务器"))
        self.session, self.settings = session, settings
        self.server: ServerInfo | None = None
        self.busy = False
        self.prompt: QWidget | None = None  # the open dialog, if any (tests answer it)
        self.may_manage = allowed(session.operator.role, Action.MANAGE_KEYS)
        self.label = QLabel(self.tr("正在读取…"), self)
        self.label.setObjectName("server")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.connect_button = QPushButton(self.tr("连接服务器"), self)
        self.connect_button.setObjectName("connect")
        self.connect_button.clicked.connect(self.ask_connect)
        self.register_button = QPushButton(self.tr("登记本校公钥"), self)
        self.register_button.setObjectName("register")
        self.register_button.clicked.connect(self.ask_register)
        if not self.may_manage:
            for b in (self.connect_button, self.register_button):
                b.setToolTip(self.tr("只有管理员可以连接服务器和登记本校公钥"))
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.connect_button)
        row.addWidget(self.register_button)
        self._buttons()

    def _buttons(self) -> None:
        self.connect_button.setEnabled(self.may_manage and not self.busy)
        linked = self.server is not None
        self.register_button.setEnabled(self.may_manage and not self.busy and linked)

    def show_server(self, server: ServerInfo | None) -> None:
        self.server = server
        if server is None:
            self.label.setText(
                self.tr(
                    "尚未连接中心服务器。管理员：点“连接服务器”，填写服务器地址和服务器管理方"
                    "电话告知的密钥指纹。"
                )
            )
        else:
            self.label.setText(
                self.tr(
                    "已连接 {url}\n服务器密钥 {kid}，指纹 {fp}（{who} 于 {at} 核对固定）；"
                    "最近拉取核对：{pulled}"
                ).format(
                    url=server.url,
                    kid=server.server_kid,
                    fp=server.fingerprint,
                    who=server.pinned_by,
                    at=local_time(server.pinned_at),
                    pulled=local_time(server.pulled_at, self.tr("从未")),
                )
            )
        self._buttons()

    def _work(self, fn: Any, done: Any, busy: str) -> None:
        self.busy = True
        self._buttons()
        self.said.emit(busy)

        def finished(result: Any) -> None:
            self.busy = False
            self._buttons()
            done(result)
            self.changed.emit()

        def failed(message: str, details: str) -> None:
            self.busy = False
            self._buttons()
            self.said.emit(message)
            show_error(self, message, details)

        run(self, fn, finished, failed)

    def ask_connect(self) -> None:
        dialog = ConnectDialog(self)
        dialog.submitted.connect(self.connect_server)
        self.prompt = dialog
        dialog.open()

    def connect_server(self, url: str, fingerprint: str, ca_file: str = "") -> None:
        session, settings = self.session, self.settings

        def work() -> Any:
            return sync.connect(
                session, url, fingerprint=fingerprint, ca_file=ca_file or None, settings=settings
            )

        def done(link: Any) -> None:
            self.said.emit(
                self.tr("已连接中心服务器 {url}，服务器密钥 {kid} 已固定").format(
                    url=link.url, kid=link.server_kid
                )
            )

        self._work(work, done, self.tr("正在连接中心服务器…"))

    def ask_register(self) -> None:
        self.prompt = ask_text(
            self,
            self.tr("登记本校公钥"),
            self.tr("请输入中心服务器管理方发放的一次性登记码："),
            self.register_key,
            name="enrolment_code",
        )

    def register_key(self, code: str) -> None:
        session, settings = self.session, self.settings

        def done(_body: Any) -> None:
            self.said.emit(self.tr("本校公钥已在中心服务器登记，可以上报了"))

        self._work(
            lambda: sync.register_key(session, code, settings=settings),
            done,
            self.tr("正在登记本校公钥…"),
        )
