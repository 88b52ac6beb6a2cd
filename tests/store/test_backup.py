"""Backups of the workspace file (SQLite): online backup + integrity check, restore that
saves the current database first, damaged files refused, one automatic backup a day."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop.domain.fields import BatchKind
from desktop.services import batches
from desktop.services.workspace import Workspace
from desktop.store import backup
from desktop.store.engine import DATABASE_FILE, sqlite_path
from desktop.store.errors import StoreError
from tests.store import sheets
from tests.store.conftest import Cli, _sqlite_copy, audit_log, login

AS_OF = date(2026, 7, 15)


def _import(ws: Workspace, tmp_path: Path, name: str, first: int) -> str:
    path = sheets.write(
        tmp_path / f"{name}.csv", [sheets.diploma(first), sheets.diploma(first + 1)]
    )
    return batches.import_file(login(ws, "clerk"), path, BatchKind.DIPLOMA, as_of=AS_OF).id


def _batch_ids(ws: Workspace) -> set[str]:
    return {b.id for b in batches.list_batches(login(ws, "clerk"))}


def _home(ws: Workspace) -> Path:
    path = sqlite_path(ws.engine)
    assert path is not None
    return path.parent


@pytest.fixture
def sqlite_cli(sqlite_workspace: Workspace, tmp_path: Path) -> Cli:
    return Cli(_home(sqlite_workspace), None, tmp_path / "logs")


def test_regdesk_backup_makes_a_sound_copy(
    sqlite_workspace: Workspace, sqlite_cli: Cli, tmp_path: Path
) -> None:
    first = _import(sqlite_workspace, tmp_path, "a", 0)
    done = sqlite_cli("backup")
    assert done.returncode == 0 and done.stderr == ""
    made = Path(done.stdout.strip())
    assert made.parent == _home(sqlite_workspace) / "backups" and made.suffix == ".sqlite3"
    assert backup.integrity_ok(made) is None
    with sqlite3.connect(made) as con:
        assert con.execute("SELECT id FROM batch").fetchall() == [(first,)]
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    con.close()
    chosen = tmp_path / "U盘" / "备份 #1.sqlite3"
    done = sqlite_cli("backup", "-o", str(chosen))
    assert done.returncode == 0 and Path(done.stdout.strip()) == chosen
    assert backup.integrity_ok(chosen) is None
    # one file each, nothing left beside them
    assert sorted(p.name for p in chosen.parent.iterdir()) == [chosen.name]
    assert audit_log(sqlite_workspace)[-1]["action"] == "backup"


def test_restore_brings_back_the_earlier_state_and_saves_the_current_one(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    kept = _import(ws, tmp_path, "a", 0)
    admin = login(ws, "admin")
    saved = admin.backup(tmp_path / "saved" / "before #2.sqlite3")
    later = _import(ws, tmp_path, "b", 10)
    assert _batch_ids(ws) == {kept, later}

    safety = admin.restore(saved)
    entry = audit_log(ws)[-1]
    assert entry["action"] == "restore" and safety.name in entry["after"]
    assert _batch_ids(ws) == {kept}
    assert backup.integrity_ok(safety) is None and "before-restore" in safety.name
    with sqlite3.connect(safety) as con:
        assert {r[0] for r in con.execute("SELECT id FROM batch")} == {kept, later}
    con.close()
    assert admin.verify_audit() is None
    # the restored workspace works as before
    assert _import(ws, tmp_path, "c", 20) in _batch_ids(ws)


def _damaged(tmp_path: Path, good: Path) -> dict[str, Path]:
    folder = tmp_path / "damaged"
    folder.mkdir()
    noise = folder / "noise.sqlite3"
    noise.write_bytes(bytes(range(256)) * 64)
    half = folder / "half.sqlite3"
    half.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    flipped = folder / "flipped.sqlite3"
    data = bytearray(good.read_bytes())
    page = 4096
    for i in range(page * 2, len(data), 97):  # scribble over every page after the first two
        data[i] ^= 0x5A
    flipped.write_bytes(bytes(data))
    empty = folder / "empty.sqlite3"
    empty.touch()  # a copy to a USB stick that failed
    stranger = folder / "stranger.sqlite3"
    with sqlite3.connect(stranger) as con:
        con.execute("CREATE TABLE notes (text TEXT)")
    con.close()
    return {"noise": noise, "half": half, "flipped": flipped, "empty": empty, "stranger": stranger}


def test_a_damaged_or_foreign_backup_is_refused(
    sqlite_workspace: Workspace, sqlite_cli: Cli, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    kept = _import(ws, tmp_path, "a", 0)
    admin = login(ws, "admin")
    good = admin.backup(tmp_path / "good.sqlite3")
    for what, path in _damaged(tmp_path, good).items():
        with pytest.raises(StoreError, match=f"备份文件“{path.name}”.*未恢复") as refused:
            admin.restore(path)
        assert "Traceback" not in str(refused.value), what
        assert _batch_ids(ws) == {kept}, what
    done = sqlite_cli("restore", str(tmp_path / "damaged" / "empty.sqlite3"))
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr.startswith("regdesk: 备份文件“empty.sqlite3”") and done.stderr.count("\n") == 1
    )
    assert _batch_ids(ws) == {kept}
    assert admin.verify_audit() is None


def test_a_backup_from_a_newer_version_is_refused(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    admin = login(sqlite_workspace, "admin")
    newer = admin.backup(tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.close()
    with pytest.raises(StoreError, match="更新版本"):
        admin.restore(newer)


def test_one_automatic_backup_a_day_and_the_newest_kept(
    sqlite_template: Path, tmp_path: Path
) -> None:
    ws = _sqlite_copy(sqlite_template, tmp_path / "ws")
    home = _home(ws)
    ws.engine.dispose()
    folder = home / "backups"
    today = datetime.now().strftime("%Y%m%d")
    dailies = sorted(folder.glob("workspace-daily-*.sqlite3"))
    assert [p.name[16:24] for p in dailies] == [today]
    assert backup.integrity_ok(dailies[0]) is None

    Workspace.open(home=home).engine.dispose()  # the same day again: no second copy
    assert sorted(folder.glob("workspace-daily-*.sqlite3")) == dailies

    # Twenty earlier days of backups (as an office that opened the workspace daily has).
    dailies[0].rename(folder / "today.bak")
    for days in range(1, 21):
        stamp = (datetime.now() - timedelta(days=days)).strftime("%Y%m%d-090000-000000")
        shutil.copyfile(folder / "today.bak", folder / f"workspace-daily-{stamp}.sqlite3")
    (folder / "today.bak").unlink()
    Workspace.open(home=home).engine.dispose()
    left = sorted(p.name[16:24] for p in folder.glob("workspace-daily-*.sqlite3"))
    expected = sorted(
        (datetime.now() - timedelta(days=d)).strftime("%Y%m%d") for d in range(backup.KEEP_DAILY)
    )
    assert left == expected
    assert not list(folder.glob("*-wal")) and not list(folder.glob("*-shm"))


def test_the_shared_database_is_backed_up_by_its_own_tools(
    pg_server: object, tmp_path: Path
) -> None:
    from tests.store.conftest import PgServer

    assert isinstance(pg_server, PgServer)
    ws = Workspace.open(home=tmp_path / "pc", url=pg_server.fresh())
    try:
        with pytest.raises(StoreError, match="pg_dump"):
            login(ws, "admin").backup()
        assert not (tmp_path / "pc" / "backups").exists()
    finally:
        ws.engine.dispose()
    assert DATABASE_FILE not in {p.name for p in tmp_path.rglob("*")}
