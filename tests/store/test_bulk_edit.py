"""Mass edits of one column (fill-down, find/replace, their undo) on a real store: one
transaction, each record re-validated, audited and versioned as a single edit is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.services import batches, bulk_edit, grid, records
from desktop.services.workspace import PermissionDenied, Session, Workspace
from desktop.store import audit
from desktop.store.errors import Conflict, IllegalTransition, StoreError
from desktop.store.models import IdentityChange, table_of
from tests.store import sheets, states
from tests.store.conftest import audit_log, login

AS_OF = date(2026, 7, 15)


def _batch(ws: Workspace, tmp_path: Path, rows: list[sheets.Row]) -> str:
    path = sheets.write(tmp_path / "d.csv", rows)
    return batches.import_file(login(ws, "clerk"), path, BatchKind.DIPLOMA, as_of=AS_OF).id


def _column(session: Session, batch_id: str, name: str) -> list[str]:
    n = batches.show_batch(session, batch_id)[0].rows
    return [r.values[name] for r in grid.read_page(session, batch_id, 0, n).rows]


def test_fill_down_fixes_the_rows_and_undo_brings_the_findings_back(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [sheets.diploma(i, 发证日期="2026-07-01") for i in range(4)]
    rows[0]["发证日期"] = "2026-06-30"
    batch_id = _batch(workspace, tmp_path, rows)
    clerk = login(workspace, "clerk")
    assert batches.show_batch(clerk, batch_id)[0].errors == 3  # DIP-018-FZRQ on rows 1..3

    plan = bulk_edit.plan_fill_down(clerk, batch_id, "fzrq", [0, 1, 2, 3])
    assert plan == {1: "2026-06-30", 2: "2026-06-30", 3: "2026-06-30"}
    before_audit = len(audit_log(workspace))
    done = bulk_edit.edit_column(clerk, batch_id, "fzrq", plan, as_of=AS_OF)
    assert (done.changed, done.batch.errors) == (3, 0)
    assert done.before == dict.fromkeys((1, 2, 3), "2026-07-01")
    assert done.versions == {1: 2, 2: 2, 3: 2}
    assert _column(clerk, batch_id, "fzrq") == ["2026-06-30"] * 4
    edits = audit_log(workspace)[before_audit:]
    assert [e["action"] for e in edits] == ["edit"] * 3
    assert [e["object_id"] for e in edits] == [f"{batch_id}#{n}" for n in (3, 4, 5)]
    assert records.history(clerk, batch_id, 4)[-1].action == "edit"

    undone = bulk_edit.edit_column(
        clerk, batch_id, "fzrq", done.before, expected_versions=done.versions, as_of=AS_OF
    )
    assert (undone.changed, undone.batch.errors) == (3, 3)
    assert _column(clerk, batch_id, "fzrq") == ["2026-06-30"] + ["2026-07-01"] * 3
    with workspace.engine.connect() as conn:
        assert audit.verify(conn) is None


def test_a_record_changed_meanwhile_is_a_conflict_and_nothing_is_saved(
    workspace: Workspace, tmp_path: Path
) -> None:
    batch_id = _batch(workspace, tmp_path, [sheets.diploma(i) for i in range(3)])
    clerk, other = login(workspace, "clerk"), login(workspace, "reviewer")
    seen = {r.seq: r.version for r in grid.read_page(clerk, batch_id, 0, 3).rows}
    records.edit_record(other, batch_id, 3, {"专业名称": "英语"}, as_of=AS_OF)
    with pytest.raises(Conflict, match="第 3 行刚被其他操作员修改"):
        bulk_edit.edit_column(
            clerk, batch_id, "zymc", dict.fromkeys((0, 1, 2), "法学"), expected_versions=seen
        )
    assert _column(clerk, batch_id, "zymc") == ["软件工程", "英语", "软件工程"]


def test_equal_values_are_left_alone_and_a_validated_batch_returns_to_draft(
    workspace: Workspace, tmp_path: Path
) -> None:
    batch_id = _batch(workspace, tmp_path, [sheets.diploma(i) for i in range(3)])
    clerk = login(workspace, "clerk")
    assert batches.validate_batch(clerk, batch_id, as_of=AS_OF).state is BatchState.VALIDATED
    same = bulk_edit.edit_column(clerk, batch_id, "xb", {0: "1", 1: "女"}, as_of=AS_OF)
    assert same.changed == 0 and same.batch.state is BatchState.VALIDATED
    done = bulk_edit.edit_column(clerk, batch_id, "性别", {0: "女"}, as_of=AS_OF)
    assert done.changed == 1 and done.batch.state is BatchState.DRAFT
    assert done.before == {0: "1"} and done.after == {0: "女"}
    assert {e["action"] for e in audit_log(workspace)[-2:]} == {"edit", "state"}


def test_identity_edits_keep_the_old_values(workspace: Workspace, tmp_path: Path) -> None:
    batch_id = _batch(workspace, tmp_path, [sheets.diploma(i) for i in range(2)])
    clerk = login(workspace, "clerk")
    bulk_edit.edit_column(clerk, batch_id, "xm", {0: "王五", 1: "赵六"}, reason="更名", as_of=AS_OF)
    changes = table_of(IdentityChange)
    with workspace.engine.connect() as conn:
        kept = {
            (r.field, r.old_value, r.new_value, r.reason) for r in conn.execute(select(changes))
        }
    assert kept == {
        ("xm", sheets.name(0), "王五", "更名"),
        ("xm", sheets.name(1), "赵六", "更名"),
    }


def test_a_duplicate_made_and_undone_reaches_the_records_sharing_the_key(
    workspace: Workspace, tmp_path: Path
) -> None:
    batch_id = _batch(workspace, tmp_path, [sheets.diploma(i) for i in range(5)])
    clerk = login(workspace, "clerk")
    taken = _column(clerk, batch_id, "zsbh")[4]
    done = bulk_edit.edit_column(clerk, batch_id, "证书编号", {0: taken, 1: taken}, as_of=AS_OF)
    flagged = {
        f["row_no"]
        for f in batches.show_batch(clerk, batch_id)[1]
        if f["rule_id"] == "DIP-ZSBH-DUP"
    }
    assert flagged == {3, 6}  # the later holders of the number; row 6 was not edited
    bulk_edit.edit_column(clerk, batch_id, "zsbh", done.before, as_of=AS_OF)
    assert batches.show_batch(clerk, batch_id)[0].errors == 0


def test_replace_plans_by_what_the_grid_shows(workspace: Workspace, tmp_path: Path) -> None:
    rows = [sheets.diploma(i) for i in range(4)]
    rows[3]["专业名称"] = "英语"
    batch_id = _batch(workspace, tmp_path, rows)
    clerk = login(workspace, "clerk")
    plan = bulk_edit.plan_replace(clerk, batch_id, "zymc", "软件", "网络")
    assert plan == dict.fromkeys((0, 1, 2), "网络工程")
    assert bulk_edit.plan_replace(clerk, batch_id, "zymc", "软件", "网络", seqs=[1, 3]) == {
        1: "网络工程"
    }
    # Codes are matched and replaced by their names (层次 本科 -> 专科起点本科 is not wanted
    # here: 本科 -> 专科 is).
    assert bulk_edit.plan_replace(clerk, batch_id, "cc", "本科", "专科") == dict.fromkeys(
        range(4), "专科"
    )
    assert bulk_edit.plan_replace(clerk, batch_id, "zymc", "数学", "x") == {}
    with pytest.raises(StoreError, match="请输入要查找的内容"):
        bulk_edit.plan_replace(clerk, batch_id, "zymc", "", "x")
    done = bulk_edit.edit_column(clerk, batch_id, "zymc", plan, as_of=AS_OF)
    assert _column(clerk, batch_id, "zymc") == ["网络工程"] * 3 + ["英语"]
    assert done.changed == 3


def test_who_may_mass_edit(workspace: Workspace, tmp_path: Path) -> None:
    batch_id = _batch(workspace, tmp_path, [sheets.diploma(i) for i in range(2)])
    with pytest.raises(PermissionDenied):
        bulk_edit.edit_column(login(workspace, "admin"), batch_id, "zymc", {0: "英语"})
    clerk, reviewer = login(workspace, "clerk"), login(workspace, "reviewer")
    with pytest.raises(StoreError, match="一次最多修改"):
        bulk_edit.edit_column(clerk, batch_id, "zymc", dict.fromkeys(range(100_001), "x"))
    batches.validate_batch(clerk, batch_id, as_of=AS_OF)
    states.sign(reviewer, batch_id)
    with pytest.raises(IllegalTransition, match="已冻结"):
        bulk_edit.edit_column(clerk, batch_id, "zymc", {0: "英语"})
