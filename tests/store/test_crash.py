"""An import is all or nothing: a process killed mid-import (SQLite on the clerk's PC)
or a cancel leaves the workspace as it was, and the file can be imported again."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.domain.fields import BatchKind
from desktop.services import batches
from desktop.services.progress import Cancelled, CancelToken
from desktop.services.workspace import Workspace
from desktop.store.engine import DATABASE_FILE, sqlite_path
from desktop.store.models import Acknowledgement, Batch, FindingRow, Record, Student
from desktop.store.models import table_of as t
from tests.store import sheets
from tests.store.conftest import Cli, audit_log, login

AS_OF = date(2026, 7, 15)
BIG = 200_000
TABLES = (Batch, Record, Student, FindingRow, Acknowledgement)


def _counts(ws: Workspace) -> dict[str, int]:
    with ws.engine.connect() as conn:
        return {
            m.__tablename__: conn.execute(select(func.count()).select_from(t(m))).scalar_one()
            for m in TABLES
        }


def _audit_actions(ws: Workspace) -> list[str]:
    return [e["action"] for e in audit_log(ws) if e["action"] not in ("login", "refused")]


@pytest.fixture(scope="module")
def big_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    return sheets.write(folder / "毕业生.csv", [sheets.diploma(i) for i in range(BIG)])


@pytest.mark.slow
def test_a_process_killed_mid_import_leaves_the_workspace_intact(
    sqlite_workspace: Workspace, big_sheet: Path, tmp_path: Path
) -> None:
    ws = sqlite_workspace
    path = sqlite_path(ws.engine)
    assert path is not None
    small = sheets.write(tmp_path / "small.csv", [sheets.diploma(BIG + i) for i in range(3)])
    earlier = batches.import_file(login(ws, "clerk"), small, BatchKind.DIPLOMA, as_of=AS_OF)
    before, actions = _counts(ws), _audit_actions(ws)
    ws.engine.dispose()
    cli = Cli(path.parent, None, tmp_path / "logs")
    wal = path.with_name(DATABASE_FILE + "-wal")

    proc = cli.popen(
        "import", str(big_sheet), "--kind", "diploma", "--as-of", "2026-07-15", operator="clerk"
    )
    try:
        deadline = time.monotonic() + 300
        # The import writes in one transaction; once its pages spill into the WAL, the
        # batch row and thousands of records are on disk but not committed.
        while not (wal.exists() and wal.stat().st_size > 8 << 20):
            assert proc.poll() is None, f"the import ended before it could be killed: {proc.stderr}"
            assert time.monotonic() < deadline, "the WAL never grew"
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    with sqlite3.connect(path) as con:  # recovery of the WAL happens here
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    ws = Workspace.open(home=path.parent)
    try:
        assert _counts(ws) == before
        assert [b.id for b in batches.list_batches(login(ws, "clerk"))] == [earlier.id]
        assert _audit_actions(ws) == actions
        assert login(ws, "admin").verify_audit() is None
    finally:
        ws.engine.dispose()

    again = cli(
        "import", str(big_sheet), "--kind", "diploma", "--as-of", "2026-07-15", operator="clerk"
    )
    assert again.returncode == 0, again.stderr
    batch_id = again.stdout.strip()
    ws = Workspace.open(home=path.parent)
    try:
        batch = batches.show_batch(login(ws, "clerk"), batch_id)[0]
        assert (batch.rows, batch.errors) == (BIG, 0)
        after = _counts(ws)
        assert after["record"] == before["record"] + BIG
        assert after["student"] == before["student"] + BIG
        assert login(ws, "admin").verify_audit() is None
    finally:
        ws.engine.dispose()


@pytest.mark.parametrize("when", ["first chunk", "last chunk"])
def test_a_cancelled_import_leaves_nothing_behind(
    workspace: Workspace, tmp_path: Path, when: str
) -> None:
    rows = 12_000  # three chunks of the bulk path
    path = sheets.write(tmp_path / "d.csv", [sheets.diploma(i) for i in range(rows)])
    clerk = login(workspace, "clerk")
    before, actions = _counts(workspace), _audit_actions(workspace)
    token = CancelToken()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if when == "first chunk" or done == total:
            token.cancel()  # the clerk presses 取消

    with pytest.raises(Cancelled) as cancelled:
        batches.import_file(clerk, path, BatchKind.DIPLOMA, progress=progress, cancel=token)
    assert str(cancelled.value) == "操作已取消，未保存任何更改"
    assert seen[-1][0] == (5000 if when == "first chunk" else rows)
    assert _counts(workspace) == before
    assert batches.list_batches(clerk) == []
    assert _audit_actions(workspace) == actions
    assert login(workspace, "admin").verify_audit() is None
    # and the same file goes in afterwards
    done = batches.import_file(clerk, path, BatchKind.DIPLOMA, as_of=AS_OF)
    assert (done.rows, done.errors) == (rows, 0)
