"""First run: create the office's workspace (school profile, first administrator, school
key) in one go, or open a demo workspace (sample batch, operators, a key, and the
reference server on loopback) to try the application without touching real data.
"""

from __future__ import annotations

import secrets
import shutil
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import requests

from desktop.domain.codes import table as code_table
from desktop.domain.fields import BatchKind
from desktop.domain.roles import Role
from desktop.services import batches, signing, sync
from desktop.services.progress import Progress
from desktop.services.reference_server import reference_server
from desktop.services.workspace import SchoolProfile, Session, Workspace
from desktop.sheets.sample import write_sample
from desktop.store.batches import BatchInfo
from desktop.store.errors import StoreError
from desktop.store.operators import MIN_PASSWORD, check_password_strength
from desktop.sync.keys import MIN_PASSPHRASE

# What `open_demo` reports, in order: progress (i, len) means DEMO_STEPS[i] is under way.
DEMO_STEPS = (
    "正在启动本机参考服务器…",
    "正在建立演示学校与操作员…",
    "正在生成学校签名密钥并在服务器登记…",
    "正在导入示例新生名单…",
)


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (unusable) .. 4
    label: str
    problem: str | None  # why it cannot be used; None when it can


_LABELS = ("不可用", "弱", "中", "较强", "强")


def _score(secret: str, minimum: int) -> int:
    classes = sum(
        (
            any(c.islower() for c in secret),
            any(c.isupper() for c in secret),
            any(c.isdigit() for c in secret),
            any(not c.isalnum() for c in secret),
        )
    )
    length = len(secret)
    score = 1 + (classes >= 3) + (length >= minimum + 4) + (length >= 2 * minimum)
    return min(score, 4)


def password_strength(password: str) -> Strength:
    """An operator's password: the store's own rule decides whether it is usable."""
    try:
        check_password_strength(password)
    except StoreError as exc:
        return Strength(0, _LABELS[0], str(exc))
    score = _score(password, MIN_PASSWORD)
    return Strength(score, _LABELS[score], None)


def passphrase_strength(passphrase: str) -> Strength:
    if len(passphrase) < MIN_PASSPHRASE:
        return Strength(0, _LABELS[0], f"口令至少需要 {MIN_PASSPHRASE} 个字符")
    score = _score(passphrase, MIN_PASSPHRASE)
    return Strength(score, _LABELS[score], None)


def school_types() -> list[tuple[str, str]]:
    """办学类型 (code, name) for the profile form."""
    return [(e.code, e.name) for e in code_table("school_type")]


def academic_year(first_term: date) -> str:
    """The 学年 a first term starting on `first_term` opens ('2026-2027')."""
    start = first_term.year if first_term.month >= 7 else first_term.year - 1
    return f"{start}-{start + 1}"


@dataclass(frozen=True)
class NewWorkspace:
    profile: SchoolProfile
    admin_user: str
    admin_password: str
    key_passphrase: str


def create_workspace(
    new: NewWorkspace, home: Path | None = None, url: str | None = None
) -> Session:
    """Initialise the workspace, log the administrator in and generate the school key.
    Everything is checked before anything is written."""
    new.profile.validate()
    for problem in (
        password_strength(new.admin_password).problem,
        passphrase_strength(new.key_passphrase).problem,
    ):
        if problem is not None:
            raise StoreError(problem)
    if new.key_passphrase == new.admin_password:
        raise StoreError("密钥口令不应与管理员密码相同")
    ws = Workspace.open(home=home, url=url)
    try:
        ws.initialise(new.profile, new.admin_user, new.admin_password)
        admin = ws.login(new.admin_user, new.admin_password)
        signing.generate_key(admin, new.key_passphrase)
    except BaseException:
        ws.engine.dispose()
        raise
    return admin


DEMO_PROFILE = SchoolProfile(code="10001", name="北京大学（演示）", president="李四")
# A demo on loopback with made-up students: fixed, printable credentials so a visitor can
# log in as each role.
DEMO_ACCOUNTS = {"clerk": "Clerk-2026", "reviewer": "Review-2026", "admin": "Admin-2026"}
DEMO_PASSPHRASE = "demo-passphrase-2026"


@dataclass
class Demo:
    folder: Path
    home: Path
    url: str  # the reference server
    batch: BatchInfo
    accounts: dict[str, str] = field(default_factory=lambda: dict(DEMO_ACCOUNTS))
    passphrase: str = DEMO_PASSPHRASE
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    def stop(self) -> None:
        """Stop the reference server and remove the demo folder (it held nothing real)."""
        try:
            self._stack.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def open_demo(folder: Path, rows: int = 120, progress: Progress | None = None) -> Demo:
    """A fresh demo in `folder` (created; removed by `Demo.stop`): the reference server
    started, the school set up and its key registered there, the sample batch imported
    and validated by the clerk."""

    def say(step: str) -> None:
        if progress is not None:
            progress(DEMO_STEPS.index(step), len(DEMO_STEPS))

    folder.mkdir(parents=True, exist_ok=True)
    stack = ExitStack()
    try:
        token = secrets.token_urlsafe(24)
        say("正在启动本机参考服务器…")
        url, fingerprint = stack.enter_context(reference_server(folder, token))
        say("正在建立演示学校与操作员…")
        home = folder / "workspace"
        ws = Workspace.open(home=home)
        stack.callback(ws.engine.dispose)  # on a failure; a demo that opens disposes below
        ws.initialise(DEMO_PROFILE, "admin", DEMO_ACCOUNTS["admin"])
        admin = ws.login("admin", DEMO_ACCOUNTS["admin"])
        admin.add_operator("clerk", DEMO_ACCOUNTS["clerk"], Role.CLERK, "录入员（演示）")
        admin.add_operator("reviewer", DEMO_ACCOUNTS["reviewer"], Role.REVIEWER, "审核员（演示）")
        say("正在生成学校签名密钥并在服务器登记…")
        signing.generate_key(admin, DEMO_PASSPHRASE)
        sync.connect(admin, url, fingerprint=fingerprint)
        code = requests.post(
            f"{url}/api/v1/admin/enrolment-codes", json={"school": DEMO_PROFILE.code},
            headers={"X-Admin-Token": token}, timeout=10,
        ).json()["code"]  # fmt: skip
        sync.register_key(admin, code)
        say("正在导入示例新生名单…")
        clerk = ws.login("clerk", DEMO_ACCOUNTS["clerk"])
        sample = write_sample(folder / "新生名单示例.xlsx", rows)
        batch = batches.import_file(
            clerk, sample, BatchKind.ENROLLMENT, name="新生学籍注册（示例）"
        )
        batch = batches.validate_batch(clerk, batch.id)
        ws.engine.dispose()
    except BaseException:
        stack.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Demo(folder, home, url, batch, _stack=stack)
