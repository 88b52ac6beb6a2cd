"""A batch's report (报表) over a real workspace (SQLite, and PostgreSQL when available):
counts by 层次 / 专业 / 学习形式 / the kind's status with the code tables' names, the
validation result per record, the signature, the server's verdict from a real receipt,
slices and cancel, the role check, and the export audited."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.services import batch_report, batches, record_counts
from desktop.services.batch_report import BatchReport
from desktop.services.progress import Cancelled, CancelToken
from desktop.services.workspace import PermissionDenied, Workspace
from desktop.store.models import Batch, table_of
from tests.server.conftest import Live, enrollment, live, school, sign, upload  # noqa: F401
from tests.store import sheets, states
from tests.store.conftest import audit_log, login, tamper
from tests.sync.office import Office, enrollment_row, office, sqlite_central_url  # noqa: F401

ENGLISH = {
    "层次": "专科",
    "学制": "3",
    "专业代码": "050201",
    "专业名称": "英语",
    "学习形式": "函授",
}


def freshmen() -> list[sheets.Row]:
    return [
        sheets.enrollment(0),
        sheets.enrollment(1),
        sheets.enrollment(2),
        sheets.enrollment(3, **ENGLISH),
        # One code, two spellings of its name: the code counts once, under the usual name.
        sheets.enrollment(4, **{**ENGLISH, "专业名称": "英语（师范）"}),
        sheets.enrollment(5, **ENGLISH),
        sheets.enrollment(6, 层次="大本"),  # a red cell: counted as typed, not as blank
        sheets.enrollment(7, 专业代码="", 学习形式="", 复查结论="保留入学资格"),
    ]


def imported(ws: Workspace, tmp: Path, rows: list[sheets.Row], kind: BatchKind) -> str:
    path = sheets.write(tmp / f"{kind.value}.csv", rows)
    return batches.import_file(login(ws, "clerk"), path, kind, name="新生").id


def shown(report: BatchReport, key: str) -> list[tuple[str | None, str, int]]:
    return [(c.code, c.name, c.count) for c in report.grouping(key).counts]


def test_counts_by_level_major_mode_and_status_with_the_code_tables_names(
    workspace: Workspace, tmp_path: Path
) -> None:
    batch_id = imported(workspace, tmp_path, freshmen(), BatchKind.ENROLLMENT)
    clerk = login(workspace, "clerk")
    before = len(audit_log(workspace))
    report = batch_report.summary(clerk, batch_id)

    assert (report.school_name, report.school_code) == ("北京大学", "10001")
    assert (report.name, report.kind, report.state, report.rows) == (
        "新生", BatchKind.ENROLLMENT, BatchState.DRAFT, 8,
    )  # fmt: skip
    assert (report.operator, report.operator_role) == ("clerk（clerk）", "录入员")
    assert [g.key for g in report.groupings] == [
        "cc",
        "major",
        "xxxs",
        "fcjl",
        "checked",
        "outcome",
    ]
    assert [g.title for g in report.groupings] == [
        "层次", "专业", "学习形式", "复查结论", "校验结果", "中心结论",
    ]  # fmt: skip
    assert all(g.total == 8 for g in report.groupings)
    assert shown(report, "cc") == [
        ("05", "本科", 4), ("06", "专科", 3), ("大本", "大本（无法识别）", 1),
    ]  # fmt: skip
    assert shown(report, "major") == [
        ("080902", "080902 软件工程", 4), ("050201", "050201 英语", 3), (None, "软件工程", 1),
    ]  # fmt: skip
    assert shown(report, "xxxs") == [
        ("1", "普通全日制", 4),
        ("3", "函授", 3),
        (None, "（未填写）", 1),
    ]
    assert shown(report, "fcjl") == [("1", "注册学籍", 7), ("3", "保留入学资格", 1)]
    assert shown(report, "outcome") == [(None, "尚无中心结论", 8)]
    assert (report.signature, report.verdict) == (None, None)

    # Each record once, by its worst finding: the same answer as the findings themselves.
    _, findings = batches.show_batch(clerk, batch_id)
    with_error = {f["row_no"] for f in findings if f["severity"] == "error"}
    with_warning = {f["row_no"] for f in findings if f["severity"] == "warning"} - with_error
    checked = {c.name: c.count for c in report.grouping("checked").counts}
    assert checked == {
        "有错误": len(with_error), "有未确认的警告": len(with_warning), "警告均已确认": 0,
        "无问题": 8 - len(with_error | with_warning),
    }  # fmt: skip
    assert len(with_error) == 2
    assert report.errors == sum(f["severity"] == "error" for f in findings)
    assert len(audit_log(workspace)) == before  # looking costs no audit entry


def test_the_kinds_without_a_field_leave_its_table_out(
    workspace: Workspace, tmp_path: Path
) -> None:
    batch_id = imported(
        workspace, tmp_path, [sheets.annual(0), sheets.annual(1, 层次="本科")], BatchKind.ANNUAL
    )
    report = batch_report.summary(login(workspace, "clerk"), batch_id)
    assert [g.key for g in report.groupings] == ["cc", "zczt", "checked", "outcome"]
    assert shown(report, "cc") == [("05", "本科", 1), (None, "（未填写）", 1)]
    assert [c[1:] for c in shown(report, "zczt")] == [("注册", 2)]


def test_slices_report_progress_add_up_and_cancel(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch_id = imported(workspace, tmp_path, freshmen(), BatchKind.ENROLLMENT)
    clerk = login(workspace, "clerk")
    whole = batch_report.summary(clerk, batch_id)
    monkeypatch.setattr(record_counts, "SLICE", 3)
    steps: list[tuple[int, int]] = []
    sliced = batch_report.summary(clerk, batch_id, progress=lambda d, t: steps.append((d, t)))
    assert steps == [(3, 8), (6, 8), (8, 8)]
    assert sliced.groupings == whole.groupings

    token = CancelToken()

    def cancel_after_first(done: int, total: int) -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        batch_report.summary(clerk, batch_id, progress=cancel_after_first, cancel=token)


def test_a_signed_batch_names_its_signer_and_the_digest_of_what_was_signed(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [sheets.diploma(i) for i in range(3)]
    batch_id = imported(workspace, tmp_path, rows, BatchKind.DIPLOMA)
    clerk, reviewer = login(workspace, "clerk"), login(workspace, "reviewer")
    assert batches.validate_batch(clerk, batch_id, as_of=date(2026, 7, 15)).state is (
        BatchState.VALIDATED
    )
    states.sign(reviewer, batch_id)
    report = batch_report.summary(clerk, batch_id)
    sig = report.signature
    assert sig is not None and report.state is BatchState.SIGNED
    assert sig.signed_by.endswith("（reviewer）") and sig.alg == "Ed25519"
    signed = [e for e in audit_log(workspace) if e["action"] == "sign"]
    audited = json.loads(signed[-1]["after"])
    assert (sig.kid, sig.manifest_sha256) == (audited["kid"], audited["manifest_sha256"])
    with workspace.engine.connect() as conn:
        manifest = conn.execute(
            select(table_of(Batch).c.manifest).where(table_of(Batch).c.id == batch_id)
        ).scalar_one()
    assert sig.manifest_sha256 == hashlib.sha256(manifest).hexdigest()
    assert shown(report, "major") == [(None, "软件工程", 3)]  # a diploma names, not codes
    assert shown(report, "byjl") == [("1", "毕业", 3)]


def test_a_settled_batch_carries_the_servers_verdict_from_its_verified_receipt(
    office: Office,  # noqa: F811
    live: Live,  # noqa: F811
) -> None:
    # Another school registered student 3 first: one 普通全日制 学籍 at a time (article 8).
    other = school(live, "10002")
    theirs = enrollment(0, sfzh=sheets.id_number(3), csrq=date.fromisoformat(sheets.birth(3)),
                        xb="2")  # fmt: skip
    assert upload(live, other, sign(other, [theirs], BatchKind.ENROLLMENT)).status_code == 200
    batch_id = office.queued(6)
    office.sync()
    report = batch_report.summary(office.clerk, batch_id)
    assert report.state is BatchState.PARTLY_ACCEPTED
    verdict = report.verdict
    assert verdict is not None and verdict.verified is True
    assert (verdict.accepted, verdict.refused) == (5, 1)
    assert shown(report, "outcome") == [(None, "中心受理", 5), (None, "中心退回", 1)]
    settled = [e for e in audit_log(office.ws) if e["after"] and "receipt_sha256" in e["after"]]
    assert verdict.receipt_sha256 == json.loads(settled[-1]["after"])["receipt_sha256"]
    assert verdict.issued and verdict.server_kid
    assert report.signature is not None

    # A receipt changed in the database no longer verifies: the report says so.
    tamper(
        office.ws,
        "UPDATE receipt SET data = CAST(replace(CAST(data AS TEXT), :old, :new) AS BLOB)",
        old='"accepted":5', new='"accepted":6',
    )  # fmt: skip
    broken = batch_report.summary(office.clerk, batch_id).verdict
    assert broken is not None and broken.verified is False and broken.problem
    assert (broken.accepted, broken.refused) == (5, 1)  # the rows still say what happened


def test_the_export_is_role_checked_made_fresh_and_audited(
    workspace: Workspace, tmp_path: Path
) -> None:
    batch_id = imported(workspace, tmp_path, freshmen(), BatchKind.ENROLLMENT)
    clerk = login(workspace, "clerk")
    seen: list[BatchReport] = []
    made = batch_report.export(clerk, batch_id, "新生-汇总.pdf", seen.append)
    assert seen == [made] and made.rows == 8
    entry = audit_log(workspace)[-1]
    assert (entry["operator"], entry["action"], entry["object_type"], entry["object_id"]) == (
        "clerk", "export", "batch_report", batch_id,
    )  # fmt: skip
    assert json.loads(entry["after"]) == {"file": "新生-汇总.pdf", "rows": 8, "state": "draft"}

    batch_report.export(clerk, batch_id, "办公室打印机", seen.append, how="printer")
    assert json.loads(audit_log(workspace)[-1]["after"])["printer"] == "办公室打印机"

    # A writer that fails (a full disk) leaves no export in the log.
    count = len(audit_log(workspace))

    def full_disk(_report: BatchReport) -> None:
        raise OSError("No space left on device")

    with pytest.raises(OSError):
        batch_report.export(clerk, batch_id, "x.pdf", full_disk)
    assert len(audit_log(workspace)) == count

    # An operator disabled meanwhile may neither look nor export; the refusal is audited.
    login(workspace, "admin").set_operator_disabled("clerk", True)
    with pytest.raises(PermissionDenied, match="已停用"):
        batch_report.summary(clerk, batch_id)
    with pytest.raises(PermissionDenied, match="已停用"):
        batch_report.export(clerk, batch_id, "x.pdf", seen.append)
    assert audit_log(workspace)[-1]["action"] == "refused"
    assert len(seen) == 2
