"""Operators and roles (articles 24, 27): the permission matrix through every service,
refusals audited, login with Argon2, lockout with back-off, disabled operators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.domain.roles import Action, Role, allowed
from desktop.services import batches, records, sync
from desktop.services.workspace import PermissionDenied, Session, Workspace
from desktop.store import operators as ops
from desktop.store.engine import sqlite_path
from desktop.store.errors import StoreError
from desktop.store.models import Operator, table_of
from desktop.store.operators import LoginRefused
from tests.store import sheets, states
from tests.store.conftest import PASSWORDS, audit_log, login, tamper

AS_OF = date(2026, 7, 15)
ROLES = {"clerk": Role.CLERK, "reviewer": Role.REVIEWER, "admin": Role.ADMIN}


class Desk:
    """Batches in the states each action needs, prepared by the roles allowed to."""

    def __init__(self, ws: Workspace, tmp_path: Path) -> None:
        self.ws, self.tmp = ws, tmp_path
        self.clerk, self.reviewer = login(ws, "clerk"), login(ws, "reviewer")
        self.n = 0

    def sheet(self) -> Path:
        self.n += 1
        base = self.n * 10
        rows = [sheets.diploma(base), sheets.diploma(base + 1, **{"校(院)长姓名": "王五"})]
        return sheets.write(self.tmp / f"d{self.n}.csv", rows)

    def draft(self) -> str:
        return batches.import_file(self.clerk, self.sheet(), BatchKind.DIPLOMA, as_of=AS_OF).id

    def validated(self) -> str:
        batch_id = self.draft()
        records.acknowledge(self.reviewer, batch_id, 3, "DIP-XZXM-PROFILE", "校长换届")
        assert (
            batches.validate_batch(self.clerk, batch_id, as_of=AS_OF).state is BatchState.VALIDATED
        )
        return batch_id

    def signed(self) -> str:
        batch_id = self.validated()
        states.sign(self.reviewer, batch_id)
        return batch_id


def _actions(desk: Desk) -> dict[str, tuple[Action, Callable[[Session], object]]]:
    backup_file = desk.tmp / "backup.sqlite3"
    return {
        "import": (
            Action.IMPORT,
            lambda s: batches.import_file(s, desk.sheet(), BatchKind.DIPLOMA),
        ),
        "edit": (
            Action.EDIT,
            lambda s: records.edit_record(s, desk.draft(), 2, {"专业名称": "英语"}),
        ),
        "validate": (Action.VALIDATE, lambda s: batches.validate_batch(s, desk.draft())),
        "delete draft": (Action.DELETE_DRAFT, lambda s: batches.delete_draft(s, desk.draft())),
        "acknowledge": (
            Action.ACKNOWLEDGE,
            lambda s: records.acknowledge(s, desk.draft(), 3, "DIP-XZXM-PROFILE", "校长换届"),
        ),
        "sign": (Action.SIGN, lambda s: states.sign(s, desk.validated())),
        "unsign": (Action.SIGN, lambda s: batches.unsign(s, desk.signed(), "需要修改")),
        "queue": (Action.SUBMIT, lambda s: sync.enqueue(s, desk.signed())),
        "reveal id": (Action.REVEAL_ID, lambda s: records.reveal_id(s, desk.draft(), 2)),
        "list operators": (Action.MANAGE_OPERATORS, lambda s: s.operators()),
        "add operator": (
            Action.MANAGE_OPERATORS,
            lambda s: s.add_operator(f"new{desk.n}", "Passw0rd!", Role.CLERK),
        ),
        "disable operator": (
            Action.MANAGE_OPERATORS,
            lambda s: s.set_operator_disabled("reviewer", False),
        ),
        "backup": (Action.BACKUP, lambda s: s.backup(backup_file)),
        "restore": (Action.RESTORE, lambda s: s.restore(backup_file)),
        "audit verify": (Action.VERIFY_AUDIT, lambda s: s.verify_audit()),
        "term start": (
            Action.EDIT_PROFILE,
            lambda s: s.set_term_start("2026-2027", date(2026, 9, 1)),
        ),
        "view": (Action.VIEW, batches.list_batches),
    }


def test_the_matrix_separates_duties() -> None:
    """What the issue promises, independently of how roles.py spells it."""
    clerk, reviewer, admin = Role.CLERK, Role.REVIEWER, Role.ADMIN
    assert allowed(clerk, Action.EDIT) and allowed(clerk, Action.IMPORT)
    assert not allowed(clerk, Action.ACKNOWLEDGE) and not allowed(clerk, Action.SIGN)
    assert allowed(reviewer, Action.ACKNOWLEDGE) and allowed(reviewer, Action.SIGN)
    assert not allowed(reviewer, Action.MANAGE_OPERATORS)
    assert allowed(admin, Action.MANAGE_OPERATORS) and allowed(admin, Action.MANAGE_KEYS)
    assert not any(allowed(admin, a) for a in (Action.IMPORT, Action.EDIT, Action.SIGN))
    assert not allowed(clerk, Action.BACKUP) and not allowed(clerk, Action.VERIFY_AUDIT)


@pytest.mark.parametrize("who", ["clerk", "reviewer", "admin"])
def test_every_service_checks_the_role(workspace: Workspace, tmp_path: Path, who: str) -> None:
    desk = Desk(workspace, tmp_path)
    session = login(workspace, who)
    shared_db = sqlite_path(workspace.engine) is None
    if allowed(ROLES[who], Action.BACKUP) and not shared_db:
        session.backup(tmp_path / "backup.sqlite3")
    for name, (action, call) in _actions(desk).items():
        before = len(audit_log(workspace))
        if allowed(ROLES[who], action):
            if name in ("backup", "restore") and shared_db:
                with pytest.raises(StoreError, match="pg_dump"):
                    call(session)
                continue
            call(session)  # allowed: must not raise
            assert "refused" not in [e["action"] for e in audit_log(workspace)[before:]], name
            continue
        with pytest.raises(PermissionDenied) as refused:
            call(session)
        assert f"{ROLES[who].label}“{who}”无权{action.label}" in str(refused.value), name
        entry = audit_log(workspace)[-1]
        assert (entry["action"], entry["operator"], entry["object_type"]) == (
            "refused",
            who,
            action.value,
        ), name
    assert login(workspace, "admin").verify_audit() is None


def test_a_refusal_changes_nothing_else(workspace: Workspace, tmp_path: Path) -> None:
    desk = Desk(workspace, tmp_path)
    batch_id = desk.draft()
    admin = login(workspace, "admin")
    with pytest.raises(PermissionDenied):
        batches.delete_draft(admin, batch_id)
    with pytest.raises(PermissionDenied):
        records.edit_record(admin, batch_id, 2, {"专业名称": "英语"})
    _, findings = batches.show_batch(admin, batch_id)
    with workspace.engine.connect() as conn:
        from desktop.store import records as rec

        table, _, versions = rec.load_table(conn, batch_id, BatchKind.DIPLOMA)
    assert table.col("zymc") == ["软件工程", "软件工程"] and versions == [1, 1]
    assert len(findings) == 1


def _operator(ws: Workspace, name: str) -> dict[str, object]:
    op = table_of(Operator)
    with ws.engine.connect() as conn:
        return dict(conn.execute(select(op).where(op.c.username == name)).one()._mapping)


def test_wrong_password_and_unknown_user_get_the_same_words(workspace: Workspace) -> None:
    with pytest.raises(LoginRefused) as wrong:
        workspace.login("clerk", "Not-the-password1")
    with pytest.raises(LoginRefused) as unknown:
        workspace.login("nobody", "Not-the-password1")
    assert str(wrong.value) == str(unknown.value) == "用户名或密码错误"
    tail = audit_log(workspace)[-2:]
    assert [(e["action"], e["object_id"]) for e in tail] == [
        ("login_refused", "clerk"), ("login_refused", "nobody"),
    ]  # fmt: skip


def test_lockout_with_back_off(workspace: Workspace) -> None:
    for _ in range(ops.FREE_ATTEMPTS - 1):
        with pytest.raises(LoginRefused, match=r"^用户名或密码错误$"):
            workspace.login("clerk", "guess-1234")
    with pytest.raises(LoginRefused, match="失败次数过多，账户锁定 30 秒"):
        workspace.login("clerk", "guess-1234")
    stored = _operator(workspace, "clerk")
    assert stored["failed_logins"] == ops.FREE_ATTEMPTS
    locked_until = stored["locked_until"]
    assert isinstance(locked_until, datetime)
    assert abs((locked_until - ops.now()) - timedelta(seconds=30)) < timedelta(seconds=10)

    # While locked even the right password is refused, without counting a failure.
    with pytest.raises(LoginRefused, match=r"账户已锁定，请 \d+ 秒后再试"):
        workspace.login("clerk", PASSWORDS["clerk"])
    assert _operator(workspace, "clerk")["failed_logins"] == ops.FREE_ATTEMPTS

    # Thirty seconds later (the clock moved by hand): one more failure locks twice as long.
    past = ops.now() - timedelta(seconds=1)
    tamper(workspace, "UPDATE operator SET locked_until = :t WHERE username = 'clerk'", t=past)
    with pytest.raises(LoginRefused, match="账户锁定 60 秒"):
        workspace.login("clerk", "guess-1234")
    tamper(workspace, "UPDATE operator SET locked_until = :t WHERE username = 'clerk'", t=past)
    session = login(workspace, "clerk")
    assert session.operator.role is Role.CLERK
    stored = _operator(workspace, "clerk")
    assert (stored["failed_logins"], stored["locked_until"]) == (0, None)
    assert ops.lock_for(ops.FREE_ATTEMPTS + 20) == ops.LONGEST_LOCK
    refusals = [e for e in audit_log(workspace) if e["action"] == "login_refused"]
    assert len(refusals) == ops.FREE_ATTEMPTS + 2


def test_a_disabled_operator_is_refused(workspace: Workspace) -> None:
    admin = login(workspace, "admin")
    clerk = login(workspace, "clerk")  # a session open on another PC
    admin.set_operator_disabled("clerk", True)
    with pytest.raises(LoginRefused, match="操作员“clerk”已停用"):
        login(workspace, "clerk")
    with pytest.raises(PermissionDenied, match="操作员“clerk”已停用"):
        batches.list_batches(clerk)
    assert audit_log(workspace)[-1]["action"] == "refused"
    with pytest.raises(StoreError, match="不能停用当前登录的操作员"):
        admin.set_operator_disabled("admin", True)
    admin.set_operator_disabled("clerk", False)
    batches.list_batches(login(workspace, "clerk"))


def test_passwords_are_stored_as_argon2_hashes(workspace: Workspace) -> None:
    hasher = PasswordHasher()
    for name, password in PASSWORDS.items():
        stored = str(_operator(workspace, name)["password_hash"])
        assert stored.startswith("$argon2id$")
        assert hasher.verify(stored, password)
    path = sqlite_path(workspace.engine)
    if path is not None:
        workspace.engine.dispose()
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert not any(p.encode() in raw for p in PASSWORDS.values())
    with pytest.raises(StoreError, match="密码至少需要 8 个字符"):
        login(workspace, "admin").add_operator("weak", "abc1", Role.CLERK)
