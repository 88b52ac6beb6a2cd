"""Alembic migrations at start-up: a new database at head matching the models, a newer
database refused untouched, an older one backed up before it is upgraded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from desktop.services.workspace import Workspace
from desktop.store import backup, migrate
from desktop.store.engine import DATABASE_FILE, make_engine, sqlite_path
from desktop.store.errors import NewerDatabase
from desktop.store.models import Base
from tests.store.conftest import tamper

FUTURE = "9999_made_by_a_newer_version"


def test_a_fresh_database_is_at_head_and_matches_the_models(
    db: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = request.getfixturevalue("pg_server").empty() if db == "postgresql" else None
    ws = Workspace.open(home=tmp_path / "new", url=url)
    try:
        assert migrate.current_revision(ws.engine) == migrate.head_revision()
        assert set(Base.metadata.tables) <= set(inspect(ws.engine).get_table_names())
        # A model changed without a migration would show here.
        with ws.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert not ws.initialised()
    finally:
        ws.engine.dispose()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_newer_database_is_refused_and_left_unchanged(workspace: Workspace) -> None:
    tamper(workspace, "UPDATE alembic_version SET version_num = :v", v=FUTURE)
    path = sqlite_path(workspace.engine)
    workspace.engine.dispose()  # the application closed; a newer version wrote the file
    before = _files(path.parent) if path else {}
    url = None if path else workspace.engine.url.render_as_string(hide_password=False)

    with pytest.raises(NewerDatabase) as refused:
        Workspace.open(home=path.parent if path else None, url=url)
    message = str(refused.value)
    assert "由更新版本的学籍学历注册工作台创建" in message and FUTURE in message
    assert "数据库未作任何改动" in message

    if path is not None:
        after = _files(path.parent)
        assert after[DATABASE_FILE] == before[DATABASE_FILE]
        # nothing new but SQLite's own shared-memory index of the WAL
        assert {n for n in after if n not in before} <= {
            DATABASE_FILE + "-shm",
            DATABASE_FILE + "-wal",
        }
        assert not after.get(DATABASE_FILE + "-wal")
    engine = make_engine(str(workspace.engine.url))
    try:
        assert migrate.current_revision(engine) == FUTURE
    finally:
        engine.dispose()


def test_a_database_at_head_is_opened_without_an_upgrade_backup(
    sqlite_workspace: Workspace,
) -> None:
    path = sqlite_path(sqlite_workspace.engine)
    assert path is not None
    sqlite_workspace.engine.dispose()
    ws = Workspace.open(home=path.parent)
    ws.engine.dispose()
    assert list(backup.backup_dir(path).glob("*before-upgrade*")) == []


def test_an_older_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    head = ScriptDirectory.from_config(migrate._config()).get_revision(migrate.head_revision())
    assert head is not None
    older = head.down_revision
    if not isinstance(older, str):
        pytest.skip("only one schema revision so far: no older database can exist")
    # The database an earlier version made: its migrations up to its own head, and data.
    home = tmp_path / "ws"
    engine = make_engine(f"sqlite:///{home / DATABASE_FILE}")
    cfg = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, older)
        conn.exec_driver_sql(
            "INSERT INTO school (id, code, name, president, school_type, credit_system, version)"
            " VALUES (1, '10001', '北京大学', '李四', '1', 0, 1)"
        )
    engine.dispose()
    old_bytes = (home / DATABASE_FILE).read_bytes()

    ws = Workspace.open(home=home)
    try:
        assert migrate.current_revision(ws.engine) == migrate.head_revision()
        assert ws.profile().name == "北京大学"
    finally:
        ws.engine.dispose()
    saved = list(
        backup.backup_dir(home / DATABASE_FILE).glob(f"workspace-before-upgrade-{older}-*.sqlite3")
    )
    assert len(saved) == 1 and backup.integrity_ok(saved[0]) is None
    with sqlite3.connect(saved[0]) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (older,)
        assert con.execute("SELECT name FROM school").fetchone() == ("北京大学",)
    con.close()
    assert old_bytes != (home / DATABASE_FILE).read_bytes()
