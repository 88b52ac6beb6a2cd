"""Workspaces on SQLite (always) and PostgreSQL (when REGDESK_TEST_PG_URL names a server,
as .ci/run arranges), initialised with one operator of each role.

Each run works in PostgreSQL databases of its own (named after the process), so two
engineers or two CI jobs sharing a server never drop each other's tables. The initialised
workspace is made once per run and copied for each test (a file copy on SQLite, CREATE
DATABASE … TEMPLATE on PostgreSQL): Argon2 hashing makes a fresh one take a second.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, RowMapping, create_engine, select, text
from sqlalchemy.engine import make_url

from desktop.domain.roles import Role
from desktop.services.workspace import SchoolProfile, Session, Workspace
from desktop.store.engine import DATABASE_FILE, sqlite_path
from desktop.store.models import AuditEntry, table_of

PG_URL = os.environ.get("REGDESK_TEST_PG_URL")
PASSWORDS = {"admin": "Admin123!", "clerk": "Clerk123!", "reviewer": "Review123!"}
PROFILE = SchoolProfile(code="10001", name="北京大学", president="李四")


def _populate(ws: Workspace) -> None:
    ws.initialise(PROFILE, "admin", PASSWORDS["admin"])
    admin = ws.login("admin", PASSWORDS["admin"])
    admin.add_operator("clerk", PASSWORDS["clerk"], Role.CLERK)
    admin.add_operator("reviewer", PASSWORDS["reviewer"], Role.REVIEWER)


@dataclass(frozen=True)
class PgServer:
    """A private template database and the work database each test gets a copy in."""

    admin: Engine  # AUTOCOMMIT connection to the server's maintenance database
    template: str
    work: str
    url: str  # of the work database

    def fresh(self) -> str:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.work}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{self.work}" TEMPLATE "{self.template}"')
        return self.url

    def empty(self) -> str:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.work}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{self.work}"')
        return self.url


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    if not PG_URL:
        pytest.skip("REGDESK_TEST_PG_URL not set (.ci/run starts a PostgreSQL server)")
    base = make_url(PG_URL)
    stem = f"{base.database}_{os.getpid()}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    server = PgServer(
        admin,
        f"{stem}_tmpl",
        f"{stem}_work",
        base.set(database=f"{stem}_work").render_as_string(hide_password=False),
    )
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{server.template}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{server.template}"')
    template_url = base.set(database=server.template).render_as_string(hide_password=False)
    ws = Workspace.open(url=template_url)
    _populate(ws)
    ws.engine.dispose()
    yield server
    with admin.connect() as conn:
        for name in (server.work, server.template):
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("template")
    ws = Workspace.open(home=home)
    _populate(ws)
    ws.engine.dispose()  # the last connection checkpoints the WAL into the file
    path = home / DATABASE_FILE
    assert not path.with_name(DATABASE_FILE + "-wal").exists()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> str:
    """Which database a test runs on (the `workspace` fixture follows it)."""
    return str(request.param)


def _sqlite_copy(template: Path, home: Path) -> Workspace:
    home.mkdir()
    shutil.copyfile(template, home / DATABASE_FILE)
    return Workspace.open(home=home)


@pytest.fixture
def workspace(db: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    if db == "postgresql":
        ws = Workspace.open(home=tmp_path / "ws", url=request.getfixturevalue("pg_server").fresh())
    else:
        ws = _sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path / "ws")
    yield ws
    ws.engine.dispose()


@pytest.fixture
def sqlite_workspace(sqlite_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """For what only a SQLite file has: backup files, a process killed mid-write."""
    ws = _sqlite_copy(sqlite_template, tmp_path / "ws")
    yield ws
    ws.engine.dispose()


def login(ws: Workspace, name: str) -> Session:
    return ws.login(name, PASSWORDS[name])


def audit_log(ws: Workspace) -> list[RowMapping]:
    """Every audit entry, oldest first."""
    audit = table_of(AuditEntry)
    with ws.engine.connect() as conn:
        return list(conn.execute(select(audit).order_by(audit.c.seq)).mappings())


def tamper(ws: Workspace, statement: str, **params: object) -> None:
    """Change the database behind the application's back, as someone with a SQL tool
    could (the faults the audit chain and the locks must catch)."""
    with ws.engine.begin() as conn:
        conn.execute(text(statement), params)


@dataclass(frozen=True)
class Cli:
    """The installed `regdesk` on one workspace, in a process of its own, as the office's
    scripts run it (REGDESK_HOME or REGDESK_DATABASE_URL, REGDESK_OPERATOR/PASSWORD)."""

    home: Path
    url: str | None
    logs: Path

    def env(self, operator: str | None, password: str | None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REGDESK_")}
        env.update(
            REGDESK_HOME=str(self.home),
            PYTHONWARNINGS="error",
            XDG_STATE_HOME=str(self.logs),  # crash reports and logs stay in the test's folder
            XDG_CACHE_HOME=str(self.logs),
        )
        if self.url:
            env["REGDESK_DATABASE_URL"] = self.url
        if operator:
            env["REGDESK_OPERATOR"] = operator
            env["REGDESK_PASSWORD"] = password if password is not None else PASSWORDS[operator]
        return env

    def popen(
        self, *args: str, operator: str | None = "admin", password: str | None = None
    ) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(Path(sys.executable).with_name("regdesk")), *args],
            env=self.env(operator, password),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def __call__(
        self,
        *args: str,
        operator: str | None = "admin",
        password: str | None = None,
        stdin: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        with self.popen(*args, operator=operator, password=password) as proc:
            out, err = proc.communicate(stdin, timeout=600)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture
def cli(workspace: Workspace, tmp_path: Path) -> Cli:
    path = sqlite_path(workspace.engine)
    if path is not None:
        return Cli(path.parent, None, tmp_path / "logs")
    url = workspace.engine.url.render_as_string(hide_password=False)
    return Cli(tmp_path / "pc", url, tmp_path / "logs")
