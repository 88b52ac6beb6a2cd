"""The first-run wizard, shown when the workspace is not initialised: the school profile,
the first administrator and the school key — or a demo workspace with sample data and
the reference server on loopback. The form pages are in `first_run_pages`.

Result: `session` (the new administrator, logged in) or `demo` (a running demo the
caller must stop when the application quits).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget, QWizard

from desktop.services import first_run
from desktop.services.workspace import Session
from desktop.ui.first_run_pages import (
    ADMIN,
    CREATE,
    DEMO,
    KEY,
    PROFILE,
    WELCOME,
    AdminPage,
    KeyPage,
    ProfilePage,
    WelcomePage,
    WorkPage,
)


class CreatePage(WorkPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("正在建立工作区"))
        self.setFinalPage(True)

    def initializePage(self) -> None:
        new, home, url = self.wiz.new_workspace(), self.wiz.home, self.wiz.url
        self.run(lambda: first_run.create_workspace(new, home, url), self._done)

    def _done(self, session: Session) -> None:
        self.wiz.session = session
        new = self.wiz.new_workspace()
        self.finish(
            self.tr("工作区已建立：{0}（{1}），管理员 {2}，学校签名密钥已生成。").format(
                new.profile.name, new.profile.code, new.admin_user
            )
        )

    def nextId(self) -> int:
        return -1


class DemoPage(WorkPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("演示工作区"))
        self.setSubTitle(self.tr("示例学校、示例新生名单和本机参考服务器，仅供体验，退出后删除。"))
        self.setFinalPage(True)

    def initializePage(self) -> None:
        def work(progress: Any, cancel: Any) -> first_run.Demo:
            folder = Path(tempfile.mkdtemp(prefix="regdesk-demo-"))
            return first_run.open_demo(folder, progress=progress)

        self.run(work, self._done, steps=first_run.DEMO_STEPS)

    def _done(self, demo: first_run.Demo) -> None:
        if self.wiz.closed:
            demo.stop()  # the wizard was closed while the demo was being built
            return
        self.wiz.demo = demo
        a = demo.accounts
        text = self.tr(
            "演示工作区已就绪，参考服务器运行于 {0}。\n"
            "演示账号：录入员 clerk / {1}，审核员 reviewer / {2}，管理员 admin / {3}\n"
            "签名密钥口令：{4}\n示例批次“{5}”（{6} 条）已导入并校验。"
        )
        batch = demo.batch
        accounts = (a["clerk"], a["reviewer"], a["admin"], demo.passphrase)
        self.finish(text.format(demo.url, *accounts, batch.name, batch.rows))

    def nextId(self) -> int:
        return -1


class FirstRunWizard(QWizard):
    def __init__(
        self, home: Path | None = None, url: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("first_run")
        self.setWindowTitle(self.tr("学籍学历注册工作台 — 首次使用"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步 >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("退出"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("开始使用"))
        self.home, self.url = home, url
        self.session: Session | None = None
        self.demo: first_run.Demo | None = None
        self.closed = False
        self.welcome = WelcomePage()
        self.profile_page = ProfilePage()
        self.admin_page = AdminPage()
        self.key_page = KeyPage()
        self.create_page = CreatePage(self)
        self.demo_page = DemoPage(self)
        for page_id, page in (
            (WELCOME, self.welcome),
            (PROFILE, self.profile_page),
            (ADMIN, self.admin_page),
            (KEY, self.key_page),
            (CREATE, self.create_page),
            (DEMO, self.demo_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(WELCOME)

    def new_workspace(self) -> first_run.NewWorkspace:
        return first_run.NewWorkspace(
            self.profile_page.profile(),
            self.admin_page.user.text().strip(),
            self.admin_page.secret.text(),
            self.key_page.secret.text(),
        )

    def reject(self) -> None:
        if self.create_page.running or self.demo_page.running:
            return  # a workspace half-written or a server half-started is worse than a wait
        self.closed = True
        if self.demo is not None:
            self.demo.stop()
            self.demo = None
        if self.session is not None:
            self.session.workspace.engine.dispose()
            self.session = None
        super().reject()

    def accept(self) -> None:
        self.closed = True
        super().accept()
