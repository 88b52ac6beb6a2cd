"""Backups of a SQLite workspace: the online backup API, then an integrity check.

A shared PostgreSQL database is backed up by the office's DBA tools (pg_dump); these
functions refuse it with a message saying so.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from desktop.store import migrate
from desktop.store.engine import sqlite_path
from desktop.store.errors import StoreError

KEEP_DAILY = 14  # automatic daily backups kept


def backup_dir(database: Path) -> Path:
    return database.parent / "backups"


def _require_sqlite(engine: Engine) -> Path:
    path = sqlite_path(engine)
    if path is None:
        raise StoreError("共享数据库（PostgreSQL）请使用数据库管理工具（如 pg_dump）备份和恢复")
    return path


def _read_only(path: Path) -> sqlite3.Connection:
    # A proper file: URI, so that '#', '?' or '%' in a folder name (备份 #1) are part of
    # the name rather than a fragment or a query that opens (and creates) another file.
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def integrity_ok(path: Path) -> str | None:
    """None when the file is a sound SQLite database, else what is wrong."""
    try:
        con = _read_only(path)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if result and result[0] == "ok" else str(result[0] if result else "无结果")


def backup(engine: Engine, target: Path | None = None, *, label: str = "manual") -> Path:
    source = _require_sqlite(engine)
    if target is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = backup_dir(source) / f"workspace-{label}-{stamp}.sqlite3"
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # consistent even while other connections write
        # One self-contained file: a WAL-mode copy would grow -wal/-shm files beside it
        # whenever it is opened (the integrity check below, a later restore).
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    problem = integrity_ok(target)
    if problem is not None:
        target.unlink(missing_ok=True)
        raise StoreError(f"备份完成后完整性检查失败：{problem}")
    return target


def daily_backup(engine: Engine) -> Path | None:
    """Once a day at most; keeps the newest KEEP_DAILY."""
    source = sqlite_path(engine)
    if source is None or not source.exists():
        return None
    folder = backup_dir(source)
    today = datetime.now().strftime("%Y%m%d")
    if any(folder.glob(f"workspace-daily-{today}-*.sqlite3")):
        return None
    made = backup(engine, label="daily")
    dailies = sorted(folder.glob("workspace-daily-*.sqlite3"))
    for old in dailies[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return made


def _not_a_workspace(path: Path) -> str | None:
    """None when the (sound) file is a workspace this version can open, else why not: an
    empty file or another program's database passes the integrity check."""
    con = _read_only(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"alembic_version", "school", "audit", "batch"} <= tables:
            return "不是学籍学历注册工作台的工作区数据库"
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        con.close()
    if revision is None or not migrate.known_revision(revision[0]):
        return "由更新版本的学籍学历注册工作台创建，请升级软件后再恢复"
    return None


def restore(engine: Engine, source: Path) -> Path:
    """Replace the workspace with a backup; the current database is backed up first."""
    target = _require_sqlite(engine)
    problem = integrity_ok(source)
    if problem is not None:
        raise StoreError(f"备份文件“{source.name}”已损坏，未恢复：{problem}")
    problem = _not_a_workspace(source)
    if problem is not None:
        raise StoreError(f"备份文件“{source.name}”{problem}，未恢复")
    safety = backup(engine, label="before-restore")
    engine.dispose()
    src = _read_only(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    migrate.upgrade(engine)  # a backup made by an earlier version: bring it to this schema
    return safety
