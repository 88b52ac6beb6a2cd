"""Alembic migrations run at start-up, after an automatic backup of a SQLite workspace.

A database whose revision this version does not know was made by a newer version: it is
refused rather than touched.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine

from desktop.store.errors import NewerDatabase

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_not_newer(engine: Engine) -> str | None:
    current = current_revision(engine)
    if current is not None and not known_revision(current):
        raise NewerDatabase(
            f"这个工作区数据库由更新版本的学籍学历注册工作台创建（数据库版本 {current}），"
            "本软件无法安全打开。请升级软件后再试；数据库未作任何改动。"
        )
    return current


def known_revision(revision: str) -> bool:
    """Whether this version has the migration `revision` (else a newer version made it)."""
    # Alembic raises, rather than answering None, for a revision it has no script for.
    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine: Engine) -> None:
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
