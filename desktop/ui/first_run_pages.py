"""The forms of the first-run wizard (`first_run.FirstRunWizard`): the choice between a
real and a demo workspace, the school profile, the first administrator and the school
key's passphrase (each typed twice, with its strength shown), and the page that runs
the work off the GUI thread."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.services import first_run
from desktop.services.first_run import Strength
from desktop.services.workspace import SchoolProfile
from desktop.ui import labels, worker

WELCOME, PROFILE, ADMIN, KEY, CREATE, DEMO = range(6)
ERROR_STYLE = "color: #b3261e;"


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("欢迎使用学籍学历注册工作台"))
        self.setSubTitle(self.tr("这台电脑上还没有工作区。"))
        self.real = QRadioButton(
            self.tr("建立本校工作区（学校信息、首个管理员、学校签名密钥）"), self
        )
        self.real.setObjectName("real")
        self.real.setChecked(True)
        self.demo = QRadioButton(
            self.tr("先看看：打开演示工作区（示例数据与本机参考服务器）"), self
        )
        self.demo.setObjectName("demo")
        layout = QVBoxLayout(self)
        layout.addWidget(self.real)
        layout.addWidget(self.demo)
        layout.addStretch(1)

    def nextId(self) -> int:
        return DEMO if self.demo.isChecked() else PROFILE


def first_term_default(today: date) -> date:
    return date(today.year if today.month >= 7 else today.year - 1, 9, 1)


class ProfilePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("学校信息"))
        self.setSubTitle(self.tr("证书编号、校长姓名等规则按这些信息校验；以后可由管理员修改。"))
        self.code = QLineEdit(self)
        self.code.setObjectName("code")
        self.code.setValidator(QRegularExpressionValidator(r"\d{0,5}", self.code))
        self.code.setPlaceholderText(self.tr("5 位学校代码"))
        self.name = QLineEdit(self)
        self.name.setObjectName("school_name")
        self.president = QLineEdit(self)
        self.president.setObjectName("president")
        self.school_type = QComboBox(self)
        self.school_type.setObjectName("school_type")
        for code, name in first_run.school_types():
            self.school_type.addItem(name, code)
        self.credit = QCheckBox(self.tr("本校实行学分制"), self)
        self.credit.setObjectName("credit_system")
        self.term = QDateEdit(self)
        self.term.setObjectName("term_start")
        self.term.setCalendarPopup(True)
        self.term.setDisplayFormat("yyyy-MM-dd")
        d = first_term_default(date.today())
        self.term.setDate(QDate(d.year, d.month, d.day))
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("学校代码"), self.code)
        form.addRow(self.tr("学校名称"), self.name)
        form.addRow(self.tr("校(院)长姓名"), self.president)
        form.addRow(self.tr("办学类型"), self.school_type)
        form.addRow("", self.credit)
        form.addRow(self.tr("本学年第一学期开学日期"), self.term)
        form.addRow(self.message)
        for edit in (self.code, self.name, self.president):
            edit.textChanged.connect(lambda _t: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return all(e.text().strip() for e in (self.code, self.name, self.president))

    def profile(self) -> SchoolProfile:
        start = self.term.date().toPython()
        assert isinstance(start, date)
        return SchoolProfile(
            code=self.code.text().strip(),
            name=self.name.text().strip(),
            president=self.president.text().strip(),
            school_type=str(self.school_type.currentData()),
            credit_system=self.credit.isChecked(),
            term_starts={first_run.academic_year(start): start},
        )

    def validatePage(self) -> bool:
        try:
            self.profile().validate()
        except Exception as exc:  # StoreError: the profile's own checks, no I/O
            self.message.setText(str(exc))
            return False
        self.message.clear()
        return True


class SecretPage(QWizardPage):
    """A secret typed twice, its strength shown as it is typed."""

    def __init__(self, title: str, subtitle: str, label: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.form = QFormLayout(self)
        self.secret = QLineEdit(self)
        self.secret.setObjectName("secret")
        self.again = QLineEdit(self)
        self.again.setObjectName("again")
        for edit in (self.secret, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self._changed)
        self.meter = QProgressBar(self)
        self.meter.setObjectName("strength")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.label = label

    def add_rows(self) -> None:
        self.form.addRow(self.label, self.secret)
        self.form.addRow(self.tr("再输入一次"), self.again)
        self.form.addRow(self.tr("强度"), self.meter)
        self.form.addRow(self.message)
        self._changed()

    def strength(self) -> Strength:
        raise NotImplementedError

    def problem(self) -> str | None:
        s = self.strength()
        if s.problem is not None:
            return s.problem
        if self.again.text() != self.secret.text():
            return self.tr("两次输入不一致")
        return None

    def _changed(self) -> None:
        s = self.strength()
        self.meter.setValue(s.score)
        self.meter.setFormat(labels.text(s.label))
        problem = self.problem() if self.secret.text() else None
        self.message.setStyleSheet(ERROR_STYLE if problem else "")
        self.message.setText(problem or "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.problem() is None


class AdminPage(SecretPage):
    def __init__(self) -> None:
        super().__init__(
            self.tr("首个管理员"),
            self.tr("管理员管理操作员和密钥，不录入数据；录入员和审核员由管理员添加。"),
            self.tr("密码"),
        )
        self.user = QLineEdit("admin", self)
        self.user.setObjectName("user")
        self.user.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.form.addRow(self.tr("用户名"), self.user)
        self.add_rows()

    def strength(self) -> Strength:
        return first_run.password_strength(self.secret.text())

    def isComplete(self) -> bool:
        return bool(self.user.text().strip()) and super().isComplete()


class KeyPage(SecretPage):
    def __init__(self) -> None:
        super().__init__(
            self.tr("学校签名密钥"),
            self.tr(
                "审核员签名上报时输入此口令。口令加密保存密钥，丢失无法找回，请妥善保管；"
                "不要与管理员密码相同。"
            ),
            self.tr("密钥口令"),
        )
        self.add_rows()
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("建立工作区"))

    def strength(self) -> Strength:
        return first_run.passphrase_strength(self.secret.text())


class WorkPage(QWizardPage):
    """Runs one piece of work off the GUI thread: a busy bar (or its steps), then a
    message; a failure is a message with details for IT."""

    def __init__(self) -> None:
        super().__init__()
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progress")
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more = QPushButton(self.tr("详细信息…"), self)
        self.more.hide()
        self.more.clicked.connect(self._details)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.done = False
        self.running = False
        self.details = ""
        self.steps: Sequence[str] = ()

    def isComplete(self) -> bool:
        return self.done

    def run(self, fn: Any, on_done: Any, steps: Sequence[str] = ()) -> None:
        self.done, self.running, self.steps = False, True, steps
        self.bar.setRange(0, 0)
        self.status.setStyleSheet("")
        self.status.setText(steps[0] if steps else self.tr("请稍候…"))
        self.more.hide()
        self.completeChanged.emit()

        def arrived(result: Any) -> None:
            self.running = False
            on_done(result)

        worker.start(
            fn, on_done=arrived, on_error=self._failed, on_progress=self._step,
            pass_control=bool(steps),
        )  # fmt: skip

    def _step(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.status.setText(self.steps[done])

    def finish(self, text: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status.setText(text)
        self.done = True
        self.completeChanged.emit()

    def _failed(self, message: str, details: str) -> None:
        self.running = False
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(message)
        self.details = details
        self.more.show()

    def _details(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("详细信息"), self.status.text(), parent=self
        )
        box.setDetailedText(self.details)
        box.open()
