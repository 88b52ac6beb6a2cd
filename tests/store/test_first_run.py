"""First run without the window: password and passphrase strength, creating the office's
workspace (all checked before anything is written), and the demo workspace with the
reference server on loopback, stopped again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import requests

from desktop.domain.lifecycle import BatchState
from desktop.services import batches, first_run, signing, submissions, sync
from desktop.services.first_run import NewWorkspace
from desktop.services.workspace import SchoolProfile, Workspace
from desktop.store.errors import StoreError

PROFILE = SchoolProfile(
    "10001", "北京大学", "李四", school_type="5", credit_system=True,
    term_starts={"2026-2027": date(2026, 9, 1)},
)  # fmt: skip


def initialised(home: Path) -> bool:
    ws = Workspace.open(home=home)
    try:
        return ws.initialised()
    finally:
        ws.engine.dispose()


def test_strength() -> None:
    assert first_run.password_strength("abc").problem == "密码至少需要 8 个字符"
    assert first_run.password_strength("abcdefgh").score == 0  # letters only
    assert first_run.password_strength("abcdefg1").label == "弱"
    assert first_run.password_strength("Abcdefg1!").score == 2
    assert first_run.password_strength("Abcdefg1!xyz-2026").label == "强"
    assert first_run.passphrase_strength("short").problem == "口令至少需要 10 个字符"
    assert first_run.passphrase_strength("a long passphrase, 2026").score >= 3
    assert first_run.academic_year(date(2026, 9, 1)) == "2026-2027"
    assert first_run.academic_year(date(2027, 2, 20)) == "2026-2027"


def test_create_workspace_checks_first_then_writes(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    weak = NewWorkspace(PROFILE, "admin", "Admin123!", "short")
    with pytest.raises(StoreError, match="口令至少需要 10 个字符"):
        first_run.create_workspace(weak, home)
    assert not initialised(home)

    new = NewWorkspace(PROFILE, "admin", "Admin123!", "a long passphrase, 2026")
    admin = first_run.create_workspace(new, home)
    admin.workspace.engine.dispose()
    assert initialised(home)
    ws = Workspace.open(home=home)
    again = ws.login("admin", "Admin123!")
    assert ws.profile() == PROFILE
    keys = signing.list_keys(again)
    assert len(keys) == 1 and keys[0].status.value == "active"
    assert again.verify_audit() is None
    ws.engine.dispose()


def test_demo_workspace_runs_its_server_until_stopped(tmp_path: Path) -> None:
    steps: list[tuple[int, int]] = []
    demo = first_run.open_demo(tmp_path / "demo", rows=30, progress=lambda *p: steps.append(p))
    try:
        assert steps == [(0, 4), (1, 4), (2, 4), (3, 4)]
        assert demo.batch.rows == 30 and demo.batch.errors == 0
        requests.get(f"{demo.url}/api/v1/server-key", timeout=5).raise_for_status()
        ws = Workspace.open(home=demo.home)
        clerk = ws.login("clerk", demo.accounts["clerk"])
        assert [b.id for b in batches.list_batches(clerk)] == [demo.batch.id]
        reviewer = ws.login("reviewer", demo.accounts["reviewer"])
        status = submissions.status(reviewer, demo.batch.id)
        assert status.batch.state is BatchState.DRAFT and status.batch.unacknowledged == 1
        assert sync.require_link(reviewer).url == demo.url
        ws.engine.dispose()
    finally:
        demo.stop()
    assert not demo.folder.exists()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{demo.url}/api/v1/server-key", timeout=5)
