"""Operators: Argon2 password hashes and lockout with back-off (articles 24, 27)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, insert, select, update

from desktop.domain.roles import Role
from desktop.store.errors import NotFound, StoreError
from desktop.store.models import Operator, table_of

_op = table_of(Operator)
_hasher = PasswordHasher()

FREE_ATTEMPTS = 5  # failures before the account locks
FIRST_LOCK = timedelta(seconds=30)  # doubles with every further failure
LONGEST_LOCK = timedelta(hours=1)
MIN_PASSWORD = 8


class LoginRefused(StoreError):
    pass


@dataclass(frozen=True)
class OperatorInfo:
    id: int
    username: str
    display_name: str
    role: Role
    disabled: bool


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _info(row: object) -> OperatorInfo:
    r = row._mapping  # type: ignore[attr-defined]
    return OperatorInfo(r["id"], r["username"], r["display_name"], Role(r["role"]), r["disabled"])


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    if password.isdigit() or password.isalpha():
        raise StoreError("密码须同时包含字母和数字（或其他字符）")


def add(
    conn: Connection, username: str, password: str, role: Role, display_name: str = ""
) -> OperatorInfo:
    if not username or not username.isprintable() or len(username) > 64:
        raise StoreError("操作员用户名无效")
    if conn.execute(select(_op.c.id).where(_op.c.username == username)).first():
        raise StoreError(f"操作员“{username}”已存在")
    check_password_strength(password)
    conn.execute(
        insert(_op).values(
            username=username,
            display_name=display_name or username,
            role=role.value,
            password_hash=_hasher.hash(password),
            disabled=False,
            failed_logins=0,
            created_at=now(),
        )
    )
    return get(conn, username)


def get(conn: Connection, username: str) -> OperatorInfo:
    row = conn.execute(select(_op).where(_op.c.username == username)).first()
    if row is None:
        raise NotFound(f"没有操作员“{username}”")
    return _info(row)


def list_all(conn: Connection) -> list[OperatorInfo]:
    return [_info(r) for r in conn.execute(select(_op).order_by(_op.c.id))]


def set_disabled(conn: Connection, username: str, disabled: bool) -> OperatorInfo:
    get(conn, username)
    conn.execute(update(_op).where(_op.c.username == username).values(disabled=disabled))
    return get(conn, username)


def lock_for(failures: int) -> timedelta:
    extra = failures - FREE_ATTEMPTS
    if extra < 0:
        return timedelta(0)
    lock: timedelta = FIRST_LOCK * (2**extra)
    return min(lock, LONGEST_LOCK)


def authenticate(conn: Connection, username: str, password: str) -> OperatorInfo:
    """The operator, or LoginRefused; counts failures and locks with back-off. The caller
    commits in both cases, so the failure count survives."""
    row = conn.execute(select(_op).where(_op.c.username == username)).first()
    # The same words for an unknown user and a wrong password: no user enumeration.
    wrong = LoginRefused("用户名或密码错误")
    if row is None:
        _hasher.hash(password)  # spend the same time as a real check
        raise wrong
    r = row._mapping
    at = now()
    if r["locked_until"] is not None and r["locked_until"] > at:
        wait = int((r["locked_until"] - at).total_seconds()) + 1
        raise LoginRefused(f"登录失败次数过多，账户已锁定，请 {wait} 秒后再试")
    try:
        _hasher.verify(r["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        failures = r["failed_logins"] + 1
        lock = lock_for(failures)
        locked_until = at + lock if lock else None
        conn.execute(
            update(_op)
            .where(_op.c.id == r["id"])
            .values(failed_logins=failures, locked_until=locked_until)
        )
        if lock:
            raise LoginRefused(
                f"用户名或密码错误；失败次数过多，账户锁定 {int(lock.total_seconds())} 秒"
            ) from None
        raise wrong from None
    if r["disabled"]:
        raise LoginRefused(f"操作员“{username}”已停用")
    values: dict[str, object] = {"failed_logins": 0, "locked_until": None}
    if _hasher.check_needs_rehash(r["password_hash"]):
        values["password_hash"] = _hasher.hash(password)
    conn.execute(update(_op).where(_op.c.id == r["id"]).values(**values))
    return _info(row)
