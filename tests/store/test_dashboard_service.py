"""The dashboard and the sign summary over a real workspace (SQLite, and PostgreSQL when
available): batches by state, the deregistrations still to do, the key warnings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.services import batches, dashboard, sign_summary, signing
from desktop.services.workspace import Session, Workspace
from desktop.sync.keys import KeyStore
from desktop.sync.pkcs8 import ScryptCost
from tests.store import sheets
from tests.store.conftest import audit_log, login, tamper

D = date.fromisoformat
PHRASE = "correct horse battery"
GONE = {"注册状态": "", "注册日期": "", "学籍注销类别": "退学", "学籍处理日期": "2025-09-26"}


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    def cheap(session: Session) -> KeyStore:
        return KeyStore(session.workspace.keys_dir, cost=ScryptCost(n=2**10))

    monkeypatch.setattr(signing, "keystore", cheap)


def annual(ws: Workspace, tmp: Path, name: str, rows: list[sheets.Row]) -> str:
    path = sheets.write(tmp / f"{name}.csv", rows)
    return batches.import_file(login(ws, "clerk"), path, BatchKind.ANNUAL, name=name).id


def test_deregistrations_still_to_do_and_batches_by_state(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = annual(workspace, tmp_path, "一", [
        sheets.annual(0, **GONE),  # decided, not yet done: on the board
        sheets.annual(1, **GONE, 注销日期="2025-10-09"),  # done
        sheets.annual(2),  # an ordinary registration
        sheets.annual(3, **{**GONE, "学籍注销类别": ""}),  # a date without a 注销类别
    ])  # fmt: skip
    # The same student again in a second draft counts once.
    annual(workspace, tmp_path, "二", [sheets.annual(0, **GONE), sheets.annual(4, **GONE)])
    reviewer = login(workspace, "reviewer")
    board = dashboard.load(reviewer, today=D("2025-09-30"))
    [d] = board.deadlines
    assert (d.task, d.due, d.students, d.days_left, d.workdays_left) == (
        "学籍注销", D("2025-10-23"), 2, 23, 12,
    )  # fmt: skip
    assert d.subject == "2 名学生（批次：一、二）"
    counts = {s.label: s.count for s in board.states}
    assert list(counts) == [s.label for s in BatchState]
    assert counts["草稿"] == 2 and sum(counts.values()) == 2

    # A record the server accepted is done; a batch superseded by its correction is
    # represented by the correction alone.
    tamper(workspace, "UPDATE record SET outcome = 'accepted' WHERE batch_id = :b", b=first)
    assert [x.students for x in dashboard.load(reviewer, today=D("2025-09-30")).deadlines] == [2]
    tamper(workspace, "UPDATE record SET outcome = NULL WHERE batch_id = :b", b=first)
    second = next(b.id for b in batches.list_batches(reviewer) if b.name == "二")
    tamper(workspace, "UPDATE batch SET parent_id = :p WHERE id = :c", p=second, c=first)
    [d] = dashboard.load(reviewer, today=D("2025-09-30")).deadlines
    assert d.subject == "1 名学生（批次：一）"  # 二 is superseded by 一


def test_term_starts_put_annual_registration_on_the_board(workspace: Workspace) -> None:
    admin = login(workspace, "admin")
    admin.set_term_start("2026-2027", D("2026-09-01"))
    [d] = dashboard.load(admin, today=D("2026-09-25")).deadlines
    assert (d.task, d.due, d.days_left) == ("学年注册", D("2026-10-01"), 6)


def test_key_and_server_warnings(workspace: Workspace) -> None:
    admin = login(workspace, "admin")
    warnings = dashboard.load(admin).warnings
    assert len(warnings) == 2
    assert "尚未生成本校签名密钥" in warnings[0] and "尚未连接中心服务器" in warnings[1]
    info = signing.generate_key(admin, PHRASE)
    warnings = dashboard.load(admin).warnings
    assert len(warnings) == 2 and f"本校密钥 {info.kid} 尚未在中心服务器登记" in warnings[1]
    signing.revoke_key(admin, info.kid, "丢失")
    assert "本校签名密钥已吊销" in dashboard.load(admin).warnings[0]
    status = dashboard.load(admin).sync
    assert (status.server_url, status.queued, status.last_success) == (None, 0, None)


def test_sign_summary_lists_every_reason_and_costs_no_audit_entry(
    workspace: Workspace, tmp_path: Path
) -> None:
    batch_id = annual(workspace, tmp_path, "三", [sheets.annual(0, **GONE)])
    before = len(audit_log(workspace))
    clerk = sign_summary.summary(login(workspace, "clerk"), batch_id)
    assert clerk.role.value == "clerk" and not clerk.may_sign
    assert "录入员不能签名" in clerk.blockers[0]
    assert any("没有启用中的签名密钥" in b for b in clerk.blockers)
    assert clerk.source_digest is not None and len(clerk.source_digest) == 64
    reviewer = sign_summary.summary(login(workspace, "reviewer"), batch_id)
    assert not any("不能签名" in b for b in reviewer.blockers)
    assert [e["action"] for e in audit_log(workspace)[before:]] == ["login", "login"]
