"""Two clerks on one shared database: a stale edit or state move is a clear conflict, never
a silent overwrite; edits of different records of one batch both succeed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.services import batches, records
from desktop.services.workspace import Workspace
from desktop.store import batches as repo
from desktop.store import records as rec
from desktop.store.errors import Conflict
from tests.store import sheets, states
from tests.store.conftest import audit_log, login

AS_OF = date(2026, 7, 15)


def _batch(ws: Workspace, tmp_path: Path, n: int = 2) -> str:
    path = sheets.write(tmp_path / "d.csv", [sheets.diploma(i) for i in range(n)])
    return batches.import_file(login(ws, "clerk"), path, BatchKind.DIPLOMA, as_of=AS_OF).id


def _record(ws: Workspace, batch_id: str, seq: int) -> tuple[str, int]:
    """What a clerk's screen holds: the record's 专业名称 and version."""
    with ws.engine.connect() as conn:
        table, _, versions = rec.load_table(conn, batch_id, BatchKind.DIPLOMA, seqs=[seq])
    return table.col("zymc")[0], versions[0]


def test_two_clerks_edit_the_same_record(workspace: Workspace, tmp_path: Path) -> None:
    batch_id = _batch(workspace, tmp_path)
    first, second = login(workspace, "clerk"), login(workspace, "reviewer")
    _, seen_by_first = _record(workspace, batch_id, 0)
    _, seen_by_second = _record(workspace, batch_id, 0)

    done = records.edit_record(
        first, batch_id, 2, {"专业名称": "英语"}, expected_version=seen_by_first
    )
    with pytest.raises(Conflict, match="第 2 行刚被其他操作员修改，请刷新后重试（未保存）"):
        records.edit_record(
            second, batch_id, 2, {"专业名称": "法学"}, expected_version=seen_by_second
        )
    assert _record(workspace, batch_id, 0) == ("英语", done.version)
    edits = [e for e in audit_log(workspace) if e["action"] == "edit"]
    assert [e["operator"] for e in edits] == ["clerk"]

    # after a refresh the second clerk's edit goes through
    records.edit_record(second, batch_id, 2, {"专业名称": "法学"}, expected_version=done.version)
    assert _record(workspace, batch_id, 0) == ("法学", done.version + 1)


def test_two_reviewers_move_the_same_batch(workspace: Workspace, tmp_path: Path) -> None:
    batch_id = _batch(workspace, tmp_path)
    seen = batches.validate_batch(login(workspace, "clerk"), batch_id, as_of=AS_OF)
    first, second = login(workspace, "reviewer"), login(workspace, "reviewer")
    signed = states.sign(first, batch_id, expected_version=seen.version)
    with pytest.raises(Conflict, match="该批次刚被其他操作员修改，请刷新后重试"):
        states.sign(second, batch_id, expected_version=seen.version)
    with workspace.engine.connect() as conn:
        assert repo.get(conn, batch_id).version == signed.version
    assert [e["action"] for e in audit_log(workspace)].count("sign") == 1


def test_a_batch_changed_after_review_is_not_signed_unseen(
    workspace: Workspace, tmp_path: Path
) -> None:
    batch_id = _batch(workspace, tmp_path)
    clerk, reviewer = login(workspace, "clerk"), login(workspace, "reviewer")
    reviewed = batches.validate_batch(clerk, batch_id, as_of=AS_OF)
    records.edit_record(clerk, batch_id, 2, {"专业名称": "英语"}, as_of=AS_OF)
    again = batches.validate_batch(clerk, batch_id, as_of=AS_OF)
    assert again.state is BatchState.VALIDATED
    with pytest.raises(Conflict):
        states.sign(reviewer, batch_id, expected_version=reviewed.version)
    assert states.sign(reviewer, batch_id, expected_version=again.version)


def test_a_stale_state_move_in_the_store(workspace: Workspace, tmp_path: Path) -> None:
    batch_id = _batch(workspace, tmp_path)
    with workspace.engine.connect() as conn:
        stale = repo.get(conn, batch_id)
    with workspace.transaction() as conn:
        repo.move(conn, repo.get(conn, batch_id), BatchState.VALIDATED)
    with pytest.raises(Conflict), workspace.transaction() as conn:
        repo.move(conn, stale, BatchState.VALIDATED)
    with workspace.engine.connect() as conn:
        assert repo.get(conn, batch_id).version == stale.version + 1


def _waiting_on_locks(ws: Workspace) -> int:
    with ws.engine.connect() as conn:
        query = text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(conn.execute(query).scalar_one())


def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


# SQLite lets one writer at a time in: only a shared server interleaves transactions.
@pytest.mark.parametrize("db", ["postgresql"])
def test_edits_of_different_records_of_one_batch_both_succeed(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Two clerks on a shared server edit rows 2 and 3 of one batch at the same moment:
    neither may fail on the batch's version, and the counts must include both edits."""
    batch_id = _batch(workspace, tmp_path)
    first, second = login(workspace, "clerk"), login(workspace, "reviewer")
    failures: list[BaseException] = []

    def edit(session: object, row: int, major: str) -> Callable[[], None]:
        def run() -> None:
            try:
                records.edit_record(session, batch_id, row, {"专业名称": major}, as_of=AS_OF)  # type: ignore[arg-type]
            except BaseException as exc:
                failures.append(exc)

        return run

    # Hold row 3 so that the second clerk's edit stops half-way, after reading the batch.
    with workspace.engine.connect() as blocker:
        blocker.begin()
        blocker.execute(
            text("SELECT id FROM record WHERE batch_id = :b AND row_no = 3 FOR UPDATE"),
            {"b": batch_id},
        )
        slow = threading.Thread(target=edit(second, 3, "法学"))
        slow.start()
        _until(lambda: _waiting_on_locks(workspace) == 1, "the second edit to wait")
        quick = threading.Thread(target=edit(first, 2, "英语"))
        quick.start()
        _until(
            lambda: not quick.is_alive() or _waiting_on_locks(workspace) == 2,
            "the first edit to finish or queue",
        )
        blocker.rollback()
    slow.join(60)
    quick.join(60)
    assert failures == []
    with workspace.engine.connect() as conn:
        table, _, versions = rec.load_table(conn, batch_id, BatchKind.DIPLOMA)
        batch = repo.get(conn, batch_id)
    assert table.col("zymc") == ["英语", "法学"] and versions == [2, 2]
    assert batch.version == 4  # import (1 + validation), then one per edit
    assert login(workspace, "admin").verify_audit() is None
