"""A batch's lifecycle, through the store (`repo.move`) and through the services."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import CORRECTABLE, TRANSITIONS, BatchState
from desktop.services import batches, records, sync
from desktop.services.workspace import Workspace
from desktop.store import batches as repo
from desktop.store import records as rec
from desktop.store.errors import IllegalTransition
from tests.store import sheets, states
from tests.store.conftest import audit_log, login, tamper

S = BatchState
AS_OF = date(2026, 7, 15)
# The lifecycle the issue describes; a change to the table must change this test too.
EXPECTED = {
    S.DRAFT: {S.VALIDATED},
    S.VALIDATED: {S.DRAFT, S.VALIDATED, S.SIGNED},
    S.SIGNED: {S.DRAFT, S.QUEUED},
    S.QUEUED: {S.SUBMITTED, S.REJECTED},
    S.SUBMITTED: {S.ACCEPTED, S.PARTLY_ACCEPTED, S.REJECTED},
    S.ACCEPTED: set(),
    S.PARTLY_ACCEPTED: set(),
    S.REJECTED: set(),
}
PATH = {
    S.DRAFT: [],
    S.VALIDATED: [S.VALIDATED],
    S.SIGNED: [S.VALIDATED, S.SIGNED],
    S.QUEUED: [S.VALIDATED, S.SIGNED, S.QUEUED],
    S.SUBMITTED: [S.VALIDATED, S.SIGNED, S.QUEUED, S.SUBMITTED],
    **{
        end: [S.VALIDATED, S.SIGNED, S.QUEUED, S.SUBMITTED, end]
        for end in (S.ACCEPTED, S.PARTLY_ACCEPTED, S.REJECTED)
    },
}


def _batch_in(conn: Connection, state: BatchState) -> repo.BatchInfo:
    batch = repo.get(conn, repo.create(conn, kind=BatchKind.DIPLOMA, name="t", operator="t"))
    for step in PATH[state]:
        batch = repo.move(conn, batch, step)
    assert batch.state is state
    return batch


def test_the_table_is_the_issues_lifecycle() -> None:
    assert {s: set(t) for s, t in TRANSITIONS.items()} == EXPECTED
    assert {s.label for s in S} == {
        "草稿", "已校验", "已签名", "已排队", "已提交", "已受理", "部分受理", "已退回",
    }  # fmt: skip


def test_every_pair_of_states_through_the_store(workspace: Workspace) -> None:
    for current in S:
        for target in S:
            if target in EXPECTED[current]:
                with workspace.transaction() as conn:
                    batch = _batch_in(conn, current)
                    moved = repo.move(conn, batch, target)
                with workspace.engine.connect() as conn:
                    stored = repo.get(conn, moved.id)
                assert (stored.state, stored.version) == (target, batch.version + 1)
                continue
            with pytest.raises(IllegalTransition) as refused, workspace.transaction() as conn:
                batch = _batch_in(conn, current)
                repo.move(conn, batch, target)
            message = str(refused.value)
            assert message.startswith(f"批次状态不能从“{current.label}”变为“{target.label}”")
            if EXPECTED[current]:
                assert all(s.label in message for s in EXPECTED[current]), message
            else:
                assert message.endswith("（该状态为终态）"), message


def _import(ws: Workspace, tmp_path: Path, rows: list[sheets.Row], name: str) -> repo.BatchInfo:
    path = sheets.write(tmp_path / f"{name}.csv", rows)
    return batches.import_file(login(ws, "clerk"), path, BatchKind.DIPLOMA, as_of=AS_OF)


def test_the_services_walk_the_lifecycle(workspace: Workspace, tmp_path: Path) -> None:
    clerk, reviewer = login(workspace, "clerk"), login(workspace, "reviewer")
    # Row 3 names another president: a warning a reviewer must acknowledge.
    batch = _import(
        workspace, tmp_path, [sheets.diploma(0), sheets.diploma(1, **{"校(院)长姓名": "王五"})], "d"
    )
    assert (batch.state, batch.errors, batch.warnings, batch.unacknowledged) == (S.DRAFT, 0, 1, 1)

    # validate -> 已校验 only when every warning is acknowledged
    assert batches.validate_batch(clerk, batch.id, as_of=AS_OF).state is S.DRAFT
    acked = records.acknowledge(reviewer, batch.id, 3, "DIP-XZXM-PROFILE", "校长于六月换届")
    assert (acked.state, acked.unacknowledged) == (S.VALIDATED, 0)
    assert batches.validate_batch(clerk, batch.id, as_of=AS_OF).state is S.VALIDATED

    # an edit sends a validated batch back to draft, with an audit entry for the move
    edited = records.edit_record(clerk, batch.id, 2, {"专业名称": "计算机科学与技术"}, as_of=AS_OF)
    assert edited.batch.state is S.DRAFT
    assert audit_log(workspace)[-1]["action"] == "state"
    assert '"cause":"edit"' in audit_log(workspace)[-1]["after"]
    validated = batches.validate_batch(clerk, batch.id, as_of=AS_OF)
    assert validated.state is S.VALIDATED

    signed = states.sign(reviewer, batch.id, expected_version=validated.version)
    assert signed.state is S.SIGNED
    # frozen: no edit, acknowledgement, validation or deletion
    with pytest.raises(
        IllegalTransition, match="“已签名”状态，已冻结，不能修改；如需修改请先撤销签名"
    ):
        records.edit_record(clerk, batch.id, 2, {"专业名称": "英语"})
    with pytest.raises(IllegalTransition, match="已冻结"):
        records.acknowledge(reviewer, batch.id, 3, "DIP-XZXM-PROFILE", "再次确认")
    with pytest.raises(IllegalTransition, match="已冻结，不能重新校验"):
        batches.validate_batch(clerk, batch.id)
    with pytest.raises(IllegalTransition, match="只能删除草稿或已校验的批次"):
        batches.delete_draft(clerk, batch.id)
    with workspace.engine.connect() as conn:
        table, _, _ = rec.load_table(conn, batch.id, BatchKind.DIPLOMA)
    assert table.col("zymc")[0] == "计算机科学与技术"

    # unsign: back to draft, with the reason in the audit log
    with pytest.raises(IllegalTransition, match="撤销签名必须说明原因"):
        batches.unsign(reviewer, batch.id, "  ")
    unsigned = batches.unsign(reviewer, batch.id, "发现专业名称错误")
    assert unsigned.state is S.DRAFT
    entry = audit_log(workspace)[-1]
    assert (entry["action"], entry["operator"], entry["object_id"]) == (
        "state",
        "reviewer",
        batch.id,
    )
    assert '"state":"signed"' in entry["before"]
    assert "发现专业名称错误" in entry["after"] and '"unsigned":true' in entry["after"]
    records.edit_record(clerk, batch.id, 2, {"专业名称": "软件工程"}, as_of=AS_OF)

    # then on to the end: signed -> queued -> submitted -> accepted, a terminal state
    batches.validate_batch(clerk, batch.id, as_of=AS_OF)
    assert states.queue(reviewer, batch.id).state is S.QUEUED
    assert states.force(workspace, batch.id, S.SUBMITTED, S.ACCEPTED).state is S.ACCEPTED
    with pytest.raises(IllegalTransition, match="（该状态为终态）"):
        states.force(workspace, batch.id, S.QUEUED)
    with pytest.raises(IllegalTransition, match="没有可撤销的签名"):
        batches.unsign(reviewer, batch.id, "想再改")
    with pytest.raises(IllegalTransition, match="只有“部分受理”或“已退回”的批次可以更正"):
        batches.start_correction(clerk, batch.id)


def test_illegal_moves_through_the_services(workspace: Workspace, tmp_path: Path) -> None:
    clerk, reviewer = login(workspace, "clerk"), login(workspace, "reviewer")
    batch = _import(workspace, tmp_path, [sheets.diploma(0)], "d")
    with pytest.raises(
        IllegalTransition, match="只有“已校验”（无错误、警告均已确认）的批次可以签名"
    ):
        states.sign(reviewer, batch.id)
    # Only an unsign is a move by hand: every other state is given by its own service,
    # so no batch is ever 已签名 without a signature or 已排队 without an outbox row.
    for target, how in [
        (S.VALIDATED, "请重新校验"), (S.SIGNED, "请由审核员签名"),
        (S.QUEUED, "请使用“排队上报”"), (S.ACCEPTED, "由中心服务器的回执决定"),
    ]:  # fmt: skip
        with pytest.raises(IllegalTransition, match=f"不能直接设为“{target.label}”：{how}"):
            batches.move(reviewer, batch.id, target)
    batches.validate_batch(clerk, batch.id, as_of=AS_OF)
    with pytest.raises(IllegalTransition, match="只有“已签名”的批次可以排队上报"):
        sync.enqueue(reviewer, batch.id)
    # unsigning a batch that was never signed is refused, not recorded as an unsign
    with pytest.raises(IllegalTransition, match="没有可撤销的签名"):
        batches.unsign(reviewer, batch.id, "误操作")
    with workspace.engine.connect() as conn:
        assert repo.get(conn, batch.id).state is S.VALIDATED
    assert [e["action"] for e in audit_log(workspace)].count("state") == 0


def test_validated_needs_no_errors_and_every_warning_acknowledged(
    workspace: Workspace, tmp_path: Path
) -> None:
    clerk, reviewer = login(workspace, "clerk"), login(workspace, "reviewer")
    wrong_date = _import(workspace, tmp_path, [sheets.diploma(0, 发证日期="2026-07-01")], "e")
    assert wrong_date.errors == 1
    # an error cannot be acknowledged away
    with pytest.raises(IllegalTransition, match="是错误，不能确认，只能修正数据"):
        records.acknowledge(reviewer, wrong_date.id, 2, "DIP-018-FZRQ", "理由")
    assert batches.validate_batch(clerk, wrong_date.id, as_of=AS_OF).state is S.DRAFT

    two = _import(
        workspace,
        tmp_path,
        [
            sheets.diploma(1, **{"校(院)长姓名": "王五"}),
            sheets.diploma(2, **{"校(院)长姓名": "王五"}),
        ],
        "w",
    )
    records.acknowledge(reviewer, two.id, 2, "DIP-XZXM-PROFILE", "校长换届")
    half = batches.validate_batch(clerk, two.id, as_of=AS_OF)
    assert (half.state, half.warnings, half.unacknowledged) == (S.DRAFT, 2, 1)
    records.acknowledge(reviewer, two.id, 3, "DIP-XZXM-PROFILE", "校长换届")
    assert batches.validate_batch(clerk, two.id, as_of=AS_OF).state is S.VALIDATED


def test_an_acknowledgement_is_reused_for_the_same_students_record(
    workspace: Workspace, tmp_path: Path
) -> None:
    clerk, reviewer = login(workspace, "clerk"), login(workspace, "reviewer")
    other_president = {"校(院)长姓名": "王五"}
    first = _import(workspace, tmp_path, [sheets.diploma(0, **other_president)], "a")
    records.acknowledge(reviewer, first.id, 2, "DIP-XZXM-PROFILE", "校长换届，证书按旧校长签发")

    # validated again: the warning is still there and still acknowledged
    again = batches.validate_batch(clerk, first.id, as_of=AS_OF)
    assert (again.state, again.warnings, again.unacknowledged) == (S.VALIDATED, 1, 0)
    _, findings = batches.show_batch(clerk, first.id)
    assert [(f["rule_id"], f["acknowledged"]) for f in findings] == [("DIP-XZXM-PROFILE", True)]

    # a new batch of the same kind: the same student's warning is not asked again, another's is
    batches.delete_draft(clerk, first.id)
    second = _import(
        workspace,
        tmp_path,
        [sheets.diploma(0, **other_president), sheets.diploma(1, **other_president)],
        "b",
    )
    _, findings = batches.show_batch(clerk, second.id)
    assert [(f["row_no"], f["acknowledged"]) for f in findings] == [(2, True), (3, False)]
    assert second.unacknowledged == 1


@pytest.mark.parametrize("verdict", [S.PARTLY_ACCEPTED, S.REJECTED])
def test_a_correction_holds_what_the_server_did_not_accept(
    workspace: Workspace, tmp_path: Path, verdict: BatchState
) -> None:
    clerk, reviewer = login(workspace, "clerk"), login(workspace, "reviewer")
    parent = _import(workspace, tmp_path, [sheets.diploma(i) for i in range(4)], "p")
    batches.validate_batch(clerk, parent.id, as_of=AS_OF)
    states.queue(reviewer, parent.id)
    states.force(workspace, parent.id, S.SUBMITTED)
    with pytest.raises(IllegalTransition, match="该批次为“已提交”"):
        batches.start_correction(clerk, parent.id)
    states.force(workspace, parent.id, verdict)
    # The server's per-record verdicts (the receipt handling of the sync issue writes them).
    outcomes = {0: "accepted", 1: "rejected", 2: None, 3: "accepted"}
    if verdict is S.REJECTED:
        outcomes = dict.fromkeys(outcomes, "rejected")
    for seq, outcome in outcomes.items():
        tamper(
            workspace,
            "UPDATE record SET outcome = :o WHERE batch_id = :b AND seq = :s",
            o=outcome, b=parent.id, s=seq,
        )  # fmt: skip

    child = batches.start_correction(clerk, parent.id, as_of=AS_OF)
    refused = [seq for seq, outcome in outcomes.items() if outcome != "accepted"]
    assert (child.parent_id, child.kind, child.state) == (parent.id, BatchKind.DIPLOMA, S.DRAFT)
    assert child.rows == len(refused)
    # the students whose diplomas the server refused are not "already holding" one
    assert (child.errors, child.warnings) == (0, 0)
    with workspace.engine.connect() as conn:
        mine, _, _ = rec.load_table(conn, child.id, BatchKind.DIPLOMA)
        theirs, _, _ = rec.load_table(conn, parent.id, BatchKind.DIPLOMA, seqs=refused)
    assert mine.col("sfzh") == [sheets.id_number(i) for i in refused]
    assert mine.rows == theirs.rows  # the sheet rows the clerk knows them by
    assert all(mine.col(n) == theirs.col(n) for n in theirs.cols)
    assert audit_log(workspace)[-1]["action"] == "correct"
    # the correction goes the whole way again
    assert batches.validate_batch(clerk, child.id, as_of=AS_OF).state is S.VALIDATED
    assert states.sign(reviewer, child.id).state is S.SIGNED
    assert verdict in CORRECTABLE


def test_an_annual_acknowledgement_holds_for_its_school_year_only(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Article 12 registers each 学年 anew: a warning a reviewer accepted for one year's
    registration is asked again for the same student's next year."""
    clerk, reviewer = login(workspace, "clerk"), login(workspace, "reviewer")

    def annual_batch(name: str, year: str, on: str) -> repo.BatchInfo:
        rows = [sheets.annual(0, 学年=year, 注册日期=on), sheets.annual(1, 学年=year)]
        rows[1]["注册日期"] = f"{year[:4]}-09-05"
        path = sheets.write(tmp_path / f"{name}.csv", rows)
        return batches.import_file(clerk, path, BatchKind.ANNUAL, as_of=AS_OF)

    first = annual_batch("a", "2025-2026", "2024-09-05")  # outside the year: a warning
    _, findings = batches.show_batch(clerk, first.id)
    late = [f for f in findings if f["rule_id"] == "ANN-012-ZCRQ-XN"]
    assert [f["row_no"] for f in late] == [2]
    records.acknowledge(reviewer, first.id, 2, "ANN-012-ZCRQ-XN", "补办注册，已报教务处备案")

    same_year = annual_batch("b", "2025-2026", "2024-09-05")
    _, findings = batches.show_batch(clerk, same_year.id)
    assert [f["acknowledged"] for f in findings if f["rule_id"] == "ANN-012-ZCRQ-XN"] == [True]

    next_year = annual_batch("c", "2026-2027", "2025-09-05")
    _, findings = batches.show_batch(clerk, next_year.id)
    assert [f["acknowledged"] for f in findings if f["rule_id"] == "ANN-012-ZCRQ-XN"] == [False]
