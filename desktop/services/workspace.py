"""Opening, creating and logging in to a workspace; the operator session every service
call runs under."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, inspect, select, update

from desktop.domain.roles import Action, Role, allowed
from desktop.domain.rules.base import Context
from desktop.store import audit, backup, migrate
from desktop.store import operators as ops
from desktop.store.engine import (
    database_url,
    default_home,
    make_engine,
    sqlite_path,
    write_transaction,
)
from desktop.store.errors import NotInitialised, StoreError
from desktop.store.models import School, TermStart, table_of

_school = table_of(School)
_terms = table_of(TermStart)


class PermissionDenied(StoreError):
    pass


@dataclass(frozen=True)
class SchoolProfile:
    code: str
    name: str
    president: str
    identifier: str | None = None
    school_type: str = "1"
    credit_system: bool = False
    term_starts: dict[str, date] = field(default_factory=dict)

    def validate(self) -> None:
        if not (len(self.code) == 5 and self.code.isascii() and self.code.isdigit()):
            raise StoreError(f"学校代码应为 5 位数字：{self.code}")
        if self.identifier and not (len(self.identifier) == 10 and self.identifier.isdigit()):
            raise StoreError(f"学校标识码应为 10 位数字：{self.identifier}")
        if not self.name.strip() or not self.president.strip():
            raise StoreError("学校名称和校(院)长姓名不能为空")


class Workspace:
    def __init__(self, engine: Engine, home: Path) -> None:
        self.engine = engine
        self.home = home  # this PC's folder: keys and backups stay here even with a shared DB

    @property
    def keys_dir(self) -> Path:
        return self.home / "keys"

    @classmethod
    def open(cls, home: Path | None = None, url: str | None = None) -> Workspace:
        """Open (migrating after a backup) the workspace; refuse a newer database."""
        home = home or default_home()
        engine = make_engine(database_url(home, url))
        try:
            current = migrate.check_not_newer(engine)
            if current != migrate.head_revision():
                path = sqlite_path(engine)
                if current is not None and path is not None and path.exists():
                    backup.backup(engine, label=f"before-upgrade-{current}")
                migrate.upgrade(engine)
            backup.daily_backup(engine)
        except BaseException:
            engine.dispose()  # a refused database is left closed, not held open
            raise
        return cls(engine, home)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with write_transaction(self.engine) as conn:
            yield conn

    def initialised(self) -> bool:
        if not inspect(self.engine).has_table("school"):
            return False
        with self.engine.connect() as conn:
            return conn.execute(select(_school.c.id)).first() is not None

    def initialise(self, profile: SchoolProfile, admin_user: str, admin_password: str) -> None:
        profile.validate()
        if self.initialised():
            raise StoreError("工作区已初始化")
        with self.transaction() as conn:
            audit.ensure_head(conn)
            conn.execute(
                insert(_school).values(
                    id=1,
                    code=profile.code,
                    identifier=profile.identifier,
                    name=profile.name,
                    president=profile.president,
                    school_type=profile.school_type,
                    credit_system=profile.credit_system,
                    version=1,
                )
            )
            for year, starts in profile.term_starts.items():
                conn.execute(insert(_terms).values(academic_year=year, starts_on=starts))
            ops.add(conn, admin_user, admin_password, Role.ADMIN, "管理员")
            audit.append(
                conn,
                operator=admin_user,
                action="init",
                object_type="workspace",
                object_id=profile.code,
                after={"school": profile.name},
            )

    def profile(self) -> SchoolProfile:
        with self.engine.connect() as conn:
            row = conn.execute(select(_school)).first()
            if row is None:
                raise NotInitialised("工作区尚未初始化，请先运行 regdesk init")
            terms = {r.academic_year: r.starts_on for r in conn.execute(select(_terms))}
        r = row._mapping
        return SchoolProfile(
            code=r["code"],
            name=r["name"],
            president=r["president"],
            identifier=r["identifier"],
            school_type=r["school_type"],
            credit_system=r["credit_system"],
            term_starts=terms,
        )

    def login(self, username: str, password: str) -> Session:
        self.profile()  # refuses an uninitialised workspace
        refused: ops.LoginRefused | None = None
        with self.transaction() as conn:
            try:
                info = ops.authenticate(conn, username, password)
            except ops.LoginRefused as exc:
                refused = exc  # committed below: the failure count and its audit stay
                audit.append(
                    conn,
                    operator=username,
                    action="login_refused",
                    object_type="operator",
                    object_id=username,
                    after={"reason": str(exc)},
                )
            else:
                audit.append(
                    conn,
                    operator=username,
                    action="login",
                    object_type="operator",
                    object_id=username,
                )
        if refused is not None:
            raise refused
        return Session(self, info)

    def context(
        self, as_of: date, *, term_start: date | None = None, workspace: Any = None
    ) -> Context:
        p = self.profile()
        return Context(
            as_of=as_of,
            school_code=p.code,
            school_name=p.name,
            president=p.president,
            school_type=p.school_type,
            credit_system=p.credit_system,
            term_start=term_start,
            workspace=workspace,
        )


@dataclass(frozen=True)
class Session:
    workspace: Workspace
    operator: ops.OperatorInfo

    @property
    def username(self) -> str:
        return self.operator.username

    def require(self, action: Action, object_id: str | None = None) -> None:
        """Refuse (and audit the refusal) what the operator's role does not allow, and
        everything once an admin has disabled the operator: a session open on another PC
        outlives the disable."""
        with self.workspace.engine.connect() as conn:
            disabled = ops.get(conn, self.username).disabled
        if not disabled and allowed(self.operator.role, action):
            return
        with self.workspace.transaction() as conn:
            audit.append(
                conn,
                operator=self.username,
                action="refused",
                object_type=action.value,
                object_id=object_id,
                after={"role": self.operator.role.value, "disabled": disabled},
            )
        if disabled:
            raise PermissionDenied(f"操作员“{self.username}”已停用，不能{action.label}")
        raise PermissionDenied(
            f"{self.operator.role.label}“{self.username}”无权{action.label}（第二十四条：按工作权限专人操作）"
        )

    def add_operator(
        self, username: str, password: str, role: Role, display_name: str = ""
    ) -> ops.OperatorInfo:
        self.require(Action.MANAGE_OPERATORS, username)
        with self.workspace.transaction() as conn:
            info = ops.add(conn, username, password, role, display_name)
            audit.append(
                conn,
                operator=self.username,
                action="operator_add",
                object_type="operator",
                object_id=username,
                after={"role": role.value},
            )
        return info

    def operators(self) -> list[ops.OperatorInfo]:
        self.require(Action.MANAGE_OPERATORS)
        with self.workspace.engine.connect() as conn:
            return ops.list_all(conn)

    def set_operator_disabled(self, username: str, disabled: bool) -> ops.OperatorInfo:
        self.require(Action.MANAGE_OPERATORS, username)
        if username == self.username and disabled:
            raise StoreError("不能停用当前登录的操作员")
        with self.workspace.transaction() as conn:
            info = ops.set_disabled(conn, username, disabled)
            audit.append(
                conn,
                operator=self.username,
                action="operator_disable" if disabled else "operator_enable",
                object_type="operator",
                object_id=username,
            )
        return info

    def set_term_start(self, academic_year: str, starts_on: date) -> None:
        self.require(Action.EDIT_PROFILE, academic_year)
        with self.workspace.transaction() as conn:
            exists = conn.execute(
                select(_terms).where(_terms.c.academic_year == academic_year)
            ).first()
            if exists:
                conn.execute(
                    update(_terms)
                    .where(_terms.c.academic_year == academic_year)
                    .values(starts_on=starts_on)
                )
            else:
                conn.execute(
                    insert(_terms).values(academic_year=academic_year, starts_on=starts_on)
                )
            audit.append(
                conn,
                operator=self.username,
                action="term_start",
                object_type="school",
                object_id=academic_year,
                before=str(exists.starts_on) if exists else None,
                after=str(starts_on),
            )

    def verify_audit(self) -> audit.Break | None:
        self.require(Action.VERIFY_AUDIT)
        with self.workspace.engine.connect() as conn:
            return audit.verify(conn)

    def backup(self, target: Path | None = None) -> Path:
        self.require(Action.BACKUP)
        made = backup.backup(self.workspace.engine, target)
        with self.workspace.transaction() as conn:
            audit.append(
                conn,
                operator=self.username,
                action="backup",
                object_type="workspace",
                after={"file": made.name},
            )
        return made

    def restore(self, source: Path) -> Path:
        self.require(Action.RESTORE)
        safety = backup.restore(self.workspace.engine, source)
        with self.workspace.transaction() as conn:
            audit.append(
                conn,
                operator=self.username,
                action="restore",
                object_type="workspace",
                after={"file": source.name, "previous_saved_as": safety.name},
            )
        return safety
