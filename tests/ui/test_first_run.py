"""First run, offscreen: the wizard creates a working workspace (profile, administrator,
school key); the start-up goes from an empty folder through the wizard to the main
window and, next time, through the login to the same window geometry; the demo
workspace opens with its batch and its reference server stops with the application."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import requests
from PySide6.QtCore import QDate, QRect
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWizard
from pytestqt.qtbot import QtBot

from desktop.domain.roles import Role
from desktop.services import batches, signing
from desktop.services.workspace import SchoolProfile, Workspace
from desktop.ui.first_run import FirstRunWizard
from desktop.ui.first_run_pages import ADMIN, CREATE, DEMO, KEY, PROFILE, WELCOME
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.startup import Startup
from tests.ui.wizard_support import QT_WARNINGS_FAIL, advance, private_settings

__all__ = ["private_settings"]
pytestmark = QT_WARNINGS_FAIL
PASSPHRASE = "a long passphrase, 2026"


def fill_new_workspace(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    """Welcome → profile → administrator → key → created, checking each page's refusals."""
    assert wizard.currentId() == WELCOME
    advance(qtbot, wizard, PROFILE)
    p = wizard.profile_page
    assert not p.isComplete()
    p.code.setText("1001")
    p.name.setText("北京大学")
    p.president.setText("李四")
    wizard.next()
    assert wizard.currentId() == PROFILE and p.message.text() == "学校代码应为 5 位数字：1001"
    p.code.setText("10001")
    p.school_type.setCurrentIndex(p.school_type.findData("5"))
    p.credit.setChecked(True)
    p.term.setDate(QDate(2026, 9, 1))
    advance(qtbot, wizard, ADMIN)

    a = wizard.admin_page
    a.secret.setText("abc")
    assert not a.isComplete() and a.message.text() == "密码至少需要 8 个字符"
    a.secret.setText("Admin123!")
    a.again.setText("Admin123?")
    assert not a.isComplete() and a.message.text() == "两次输入不一致"
    a.again.setText("Admin123!")
    assert a.isComplete() and a.meter.value() >= 1 and a.meter.format() == "中"
    advance(qtbot, wizard, KEY)

    k = wizard.key_page
    k.secret.setText("short")
    assert k.message.text() == "口令至少需要 10 个字符"
    k.secret.setText(PASSPHRASE)
    k.again.setText(PASSPHRASE)
    advance(qtbot, wizard, CREATE)
    qtbot.waitUntil(wizard.create_page.isComplete, timeout=60000)
    assert "工作区已建立：北京大学（10001），管理员 admin" in wizard.create_page.status.text()


def test_the_wizard_creates_a_working_workspace(qtbot: QtBot, tmp_path: Path) -> None:
    home = tmp_path / "ws"
    wizard = FirstRunWizard(home)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_new_workspace(qtbot, wizard)
    wizard.accept()
    assert wizard.session is not None and wizard.session.operator.role is Role.ADMIN
    wizard.session.workspace.engine.dispose()

    ws = Workspace.open(home=home)
    assert ws.profile() == SchoolProfile(
        "10001", "北京大学", "李四", school_type="5", credit_system=True,
        term_starts={"2026-2027": date(2026, 9, 1)},
    )  # fmt: skip
    admin = ws.login("admin", "Admin123!")
    keys = signing.list_keys(admin)
    assert len(keys) == 1 and signing.keystore(admin).unlock(PASSPHRASE) is not None
    assert admin.verify_audit() is None
    ws.engine.dispose()


def test_first_run_then_login_with_the_geometry_remembered(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    home = tmp_path / "ws"
    startup = Startup(qapp, home)
    startup.start()
    first = startup.dialog
    assert isinstance(first, LoginDialog)  # until the check finds no workspace
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: isinstance(startup.dialog, FirstRunWizard), timeout=20000)
    assert not first.isVisible()
    wizard = startup.dialog
    assert isinstance(wizard, FirstRunWizard)
    qtbot.addWidget(wizard)
    fill_new_workspace(qtbot, wizard)
    wizard.button(QWizard.WizardButton.FinishButton).click()  # 开始使用
    window = startup.window
    assert isinstance(window, MainWindow) and window.isVisible()
    qtbot.addWidget(window)
    assert window.session.operator.username == "admin"
    # A size of our own above the window's minimum (the pages set one), inside the
    # offscreen screen's 800x600.
    least = window.minimumSizeHint()
    chosen = (min(780, max(640, least.width() + 20)), min(580, max(480, least.height() + 10)))
    window.setGeometry(QRect(10, 10, *chosen))
    startup.shutdown()
    window.close()

    again = Startup(qapp, home)
    again.start()
    login = again.dialog  # at once, while a worker checks the workspace
    assert isinstance(login, LoginDialog) and not login.buttons.isEnabled()
    qtbot.addWidget(login)
    qtbot.waitUntil(login.buttons.isEnabled, timeout=20000)
    login.user.setText("admin")
    login.password.setText("Admin123!")
    login.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: again.window is not None, timeout=20000)
    assert again.window is not None
    qtbot.addWidget(again.window)
    assert again.window.size().toTuple() == chosen
    again.shutdown()


def test_the_demo_workspace_opens_with_its_batch(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    startup = Startup(qapp, tmp_path / "empty")
    startup.start()
    qtbot.waitUntil(lambda: isinstance(startup.dialog, FirstRunWizard), timeout=20000)
    wizard = startup.dialog
    assert isinstance(wizard, FirstRunWizard)
    qtbot.addWidget(wizard)
    wizard.welcome.demo.setChecked(True)
    advance(qtbot, wizard, DEMO)
    qtbot.waitUntil(wizard.demo_page.isComplete, timeout=120000)
    demo = wizard.demo
    assert demo is not None and "clerk / Clerk-2026" in wizard.demo_page.status.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()  # the login, for the demo's clerk

    login = startup.dialog
    assert isinstance(login, LoginDialog) and login.user.text() == "clerk"
    qtbot.addWidget(login)
    login.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=20000)
    window = startup.window
    assert window is not None and window.windowTitle().endswith("（演示）")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.batch_model.rowCount() == 1, timeout=20000)
    assert window.batch_model.item(0).id == demo.batch.id
    assert batches.list_batches(window.session)[0].rows == demo.batch.rows == 120
    requests.get(f"{demo.url}/api/v1/server-key", timeout=5).raise_for_status()

    startup.shutdown()  # what aboutToQuit runs
    assert not demo.folder.exists()
    try:
        requests.get(f"{demo.url}/api/v1/server-key", timeout=5)
    except requests.ConnectionError:
        pass
    else:
        raise AssertionError("the demo's reference server still answers after quitting")
