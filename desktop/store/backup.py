"""Backups of a SQLite workspace: the online backup API, then an integrity check.

A shared PostgreSQL database is backed up by the office's DBA tools (pg_dump); these
functions refuse it with a message saying so.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

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


def integrity_ok(path: Path) -> str | None:
    """None when the file is a sound SQLite database, else what is wrong."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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


def restore(engine: Engine, source: Path) -> Path:
    """Replace the workspace with a backup; the current database is backed up first."""
    target = _require_sqlite(engine)
    problem = integrity_ok(source)
    if problem is not None:
        raise StoreError(f"备份文件“{source.name}”已损坏，未恢复：{problem}")
    safety = backup(engine, label="before-restore")
    engine.dispose()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return safety
