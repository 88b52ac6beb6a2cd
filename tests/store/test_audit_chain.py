"""The audit log: every change appended, chained by SHA-256, any tampering found and named,
ID numbers never in clear."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.roles import Role
from desktop.services import batches, records
from desktop.services.workspace import PermissionDenied, Workspace
from desktop.store import audit
from desktop.store.operators import LoginRefused
from tests.store import sheets, states
from tests.store.conftest import Cli, audit_log, login, tamper

AS_OF = date(2026, 7, 15)
PASSPORT, PASSPORT2 = "E12345678", "E87654321"
COLUMNS = ("at", "operator", "action", "object_type", "object_id", "before", "after",
           "prev_hash", "hash")  # fmt: skip


def _workload(ws: Workspace, tmp_path: Path) -> str:
    """A day's work touching every kind of change; returns the batch id."""
    clerk, reviewer = login(ws, "clerk"), login(ws, "reviewer")
    rows = [
        sheets.diploma(0),
        sheets.diploma(1, **{"校(院)长姓名": "王五"}),
        sheets.diploma(2, 证件类型="护照", 证件号码=PASSPORT),
    ]
    batch = batches.import_file(
        clerk, sheets.write(tmp_path / "d.csv", rows), BatchKind.DIPLOMA, as_of=AS_OF
    )
    records.edit_record(
        clerk, batch.id, 2, {"证件号码": sheets.id_number(2000)}, as_of=AS_OF, reason="证件号码录错"
    )
    records.edit_record(clerk, batch.id, 4, {"证件号码": PASSPORT2}, as_of=AS_OF)
    records.acknowledge(reviewer, batch.id, 3, "DIP-XZXM-PROFILE", "校长换届")
    batches.validate_batch(clerk, batch.id, as_of=AS_OF)
    records.reveal_id(reviewer, batch.id, 2)
    states.sign(reviewer, batch.id)
    return batch.id


def _all_ids() -> list[str]:
    return [sheets.id_number(i) for i in (0, 1, 2, 2000)] + [PASSPORT, PASSPORT2]


def test_every_change_is_appended_and_the_chain_holds(workspace: Workspace, tmp_path: Path) -> None:
    start = len(audit_log(workspace))
    admin = login(workspace, "admin")
    _workload(workspace, tmp_path)
    with pytest.raises(LoginRefused):
        workspace.login("clerk", "wrong-password-1")
    clerk = login(workspace, "clerk")
    with pytest.raises(PermissionDenied):
        clerk.operators()
    admin.add_operator("clerk2", "Clerk2-pass", Role.CLERK)
    admin.set_operator_disabled("clerk2", True)
    spare = sheets.write(tmp_path / "spare.csv", [sheets.diploma(30)])
    batches.delete_draft(clerk, batches.import_file(clerk, spare, BatchKind.DIPLOMA).id)

    log = audit_log(workspace)
    actions = [e["action"] for e in log[start:]]
    assert actions == [
        "login",  # admin
        "login", "login",  # clerk, reviewer
        "import",
        "edit", "edit",
        "acknowledge", "state",  # the last open warning: draft -> validated
        "validate",
        "reveal_id",
        "sign",
        "login_refused", "login", "refused",
        "operator_add", "operator_disable",
        "import", "delete",
    ]  # fmt: skip
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    assert all(e["prev_hash"] == p["hash"] for p, e in pairwise(log))
    assert log[0]["prev_hash"] == audit.GENESIS
    edit = next(e for e in log if e["action"] == "edit")
    assert (edit["operator"], edit["object_type"]) == ("clerk", "record")
    assert edit["before"] and edit["after"]  # what it was and what it became
    assert login(workspace, "admin").verify_audit() is None


def test_id_numbers_never_appear_in_clear(workspace: Workspace, tmp_path: Path) -> None:
    _workload(workspace, tmp_path)
    log = audit_log(workspace)
    texts = [str(e[c]) for e in log for c in COLUMNS]
    for number in _all_ids():
        assert not any(number in t for t in texts), number
    edits = [e for e in log if e["action"] == "edit"]
    assert "110105********0016" in edits[0]["before"]  # masked, still recognisable
    assert "E1*****78" in edits[1]["before"] and "E8*****21" in edits[1]["after"]


@pytest.mark.parametrize("column", COLUMNS)
def test_editing_any_field_of_any_entry_is_found(
    workspace: Workspace, tmp_path: Path, column: str
) -> None:
    _workload(workspace, tmp_path)
    log = audit_log(workspace)
    admin = login(workspace, "admin")  # appends one more entry
    last = len(log) + 1
    for seq in (1, len(log) // 2, last):
        original = next(e for e in audit_log(workspace) if e["seq"] == seq)[column]
        forged = _forged(column, original)
        tamper(workspace, f'UPDATE audit SET "{column}" = :v WHERE seq = :s', v=forged, s=seq)
        broken = admin.verify_audit()
        assert broken is not None and broken.seq == seq, (column, seq, broken)
        assert f"审计日志第 {seq} 条" in str(broken)
        tamper(workspace, f'UPDATE audit SET "{column}" = :v WHERE seq = :s', v=original, s=seq)
        assert admin.verify_audit() is None


def _forged(column: str, original: object) -> object:
    if column == "at":
        return original.replace(microsecond=(original.microsecond + 1) % 1_000_000)  # type: ignore[attr-defined]
    if original is None:
        return "{}"
    if column in ("hash", "prev_hash"):
        return "f" * 64 if original != "f" * 64 else "e" * 64
    return str(original)[:-1] + ("X" if not str(original).endswith("X") else "Y")


def test_a_removed_entry_is_found_and_named(workspace: Workspace, tmp_path: Path) -> None:
    _workload(workspace, tmp_path)
    admin = login(workspace, "admin")
    n = len(audit_log(workspace))
    tamper(workspace, "DELETE FROM audit WHERE seq = :s", s=n // 2)
    broken = admin.verify_audit()
    assert broken is not None and broken.seq == n // 2 and "被删除" in broken.reason


def test_a_removed_first_entry_is_found(workspace: Workspace, tmp_path: Path) -> None:
    tamper(workspace, "DELETE FROM audit WHERE seq = 1")
    broken = login(workspace, "admin").verify_audit()
    assert broken is not None and broken.seq == 1


def test_a_removed_last_entry_is_found(workspace: Workspace, tmp_path: Path) -> None:
    _workload(workspace, tmp_path)
    admin = login(workspace, "admin")
    n = len(audit_log(workspace))
    tamper(workspace, "DELETE FROM audit WHERE seq = :s", s=n)
    broken = admin.verify_audit()
    assert broken is not None and broken.seq == n and "末尾条目被删除" in broken.reason


def test_reordered_entries_are_found(workspace: Workspace, tmp_path: Path) -> None:
    _workload(workspace, tmp_path)
    admin = login(workspace, "admin")
    k = len(audit_log(workspace)) // 2
    tamper(workspace, "UPDATE audit SET seq = -1 WHERE seq = :k", k=k)
    tamper(workspace, "UPDATE audit SET seq = :k WHERE seq = :n", k=k, n=k + 1)
    tamper(workspace, "UPDATE audit SET seq = :n WHERE seq = -1", n=k + 1)
    broken = admin.verify_audit()
    assert broken is not None and broken.seq == k


def test_appends_after_a_break_do_not_hide_it(workspace: Workspace, tmp_path: Path) -> None:
    tamper(workspace, "UPDATE audit SET operator = 'nobody' WHERE seq = 2")
    admin = login(workspace, "admin")
    _workload(workspace, tmp_path)
    broken = admin.verify_audit()
    assert broken is not None and broken.seq == 2


def test_regdesk_audit_verify_exits_1_naming_the_entry(workspace: Workspace, cli: Cli) -> None:
    done = cli("audit", "verify")
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "审计日志完整", "")
    tamper(workspace, "UPDATE audit SET after = NULL WHERE seq = 3")
    done = cli("audit", "verify")
    assert done.returncode == 1, done.stderr
    assert done.stdout.strip() == "审计日志已被篡改：审计日志第 3 条：内容与其哈希不符，条目被修改"
    assert done.stderr == ""
