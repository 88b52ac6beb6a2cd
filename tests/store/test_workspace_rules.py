"""Workspace-scope rules judged against what the store holds (`StoreWorkspaceView`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.domain.fields import BatchKind
from desktop.domain.idcards import mask_id
from desktop.domain.lifecycle import BatchState
from desktop.services import batches, sync
from desktop.services.workspace import Session, Workspace
from desktop.store import batches as repo
from tests.store import sheets, states
from tests.store.conftest import login, tamper

S = BatchState


class Office:
    def __init__(self, ws: Workspace, tmp_path: Path) -> None:
        self.ws, self.tmp, self.n = ws, tmp_path, 0
        self.clerk: Session = login(ws, "clerk")
        self.reviewer: Session = login(ws, "reviewer")

    def load(self, kind: BatchKind, rows: list[sheets.Row], as_of: date) -> repo.BatchInfo:
        self.n += 1
        path = sheets.write(self.tmp / f"{kind.value}{self.n}.csv", rows)
        return batches.import_file(self.clerk, path, kind, as_of=as_of)

    def findings(self, batch_id: str, rule: str) -> dict[int, str]:
        """Sheet row -> message of the rule's findings in the batch."""
        _, found = batches.show_batch(self.clerk, batch_id)
        return {int(str(f["row_no"])): str(f["message"]) for f in found if f["rule_id"] == rule}

    def revalidate(self, batch_id: str, as_of: date) -> None:
        batches.validate_batch(self.clerk, batch_id, as_of=as_of)

    def to(self, batch_id: str, *targets: BatchState) -> None:
        """Signed and queued as the product does it; the server's verdict set directly."""
        if targets and targets[0] is S.SIGNED:
            states.sign(self.reviewer, batch_id)
            targets = targets[1:]
        if targets and targets[0] is S.QUEUED:
            sync.enqueue(self.reviewer, batch_id)
            targets = targets[1:]
        states.force(self.ws, batch_id, *targets)


DIPLOMA_DAY = date(2026, 7, 15)
ENROLL_DAY = date(2022, 10, 1)
ANNUAL_DAY = date(2025, 10, 15)


def test_a_diploma_is_held_once_signed_until_the_server_refuses_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    office = Office(workspace, tmp_path)
    first = office.load(BatchKind.DIPLOMA, [sheets.diploma(i) for i in range(3)], DIPLOMA_DAY)
    # a second certificate for students 0 and 1 (row 2 and 3), one for a new student 7
    again = office.load(
        BatchKind.DIPLOMA,
        [sheets.diploma(0, 证书编号="100011202605000100"),
         sheets.diploma(1, 证书编号="100011202605000101"), sheets.diploma(7)],
        DIPLOMA_DAY,
    )  # fmt: skip
    rule = "WS-016-DIPLOMA-EXISTS"
    assert office.findings(again.id, rule) == {}  # the first batch is still a draft
    office.revalidate(first.id, DIPLOMA_DAY)
    office.revalidate(again.id, DIPLOMA_DAY)
    assert office.findings(again.id, rule) == {}  # validated is still not held

    office.to(first.id, S.SIGNED)
    office.revalidate(again.id, DIPLOMA_DAY)
    found = office.findings(again.id, rule)
    assert sorted(found) == [2, 3]
    assert mask_id(sheets.id_number(0)) in found[2] and sheets.id_number(0) not in found[2]
    assert "学校只能为一名学生注册一份学历证书" in found[2]
    assert batches.show_batch(office.clerk, again.id)[0].errors == 2

    office.to(first.id, S.QUEUED, S.SUBMITTED, S.PARTLY_ACCEPTED)
    for seq, outcome in ((0, "accepted"), (1, "rejected"), (2, "accepted")):
        tamper(workspace, "UPDATE record SET outcome = :o WHERE batch_id = :b AND seq = :s",
               o=outcome, b=first.id, s=seq)  # fmt: skip
    office.revalidate(again.id, DIPLOMA_DAY)
    assert sorted(office.findings(again.id, rule)) == [2]  # student 1 was refused: not held


def test_a_rejected_batch_holds_no_diploma(workspace: Workspace, tmp_path: Path) -> None:
    office = Office(workspace, tmp_path)
    first = office.load(BatchKind.DIPLOMA, [sheets.diploma(0)], DIPLOMA_DAY)
    office.revalidate(first.id, DIPLOMA_DAY)
    office.to(first.id, S.SIGNED, S.QUEUED, S.SUBMITTED, S.ACCEPTED)
    again = office.load(
        BatchKind.DIPLOMA, [sheets.diploma(0, 证书编号="100011202605000100")], DIPLOMA_DAY
    )
    assert sorted(office.findings(again.id, "WS-016-DIPLOMA-EXISTS")) == [2]

    other = office.load(BatchKind.DIPLOMA, [sheets.diploma(5)], DIPLOMA_DAY)
    office.revalidate(other.id, DIPLOMA_DAY)
    office.to(other.id, S.SIGNED, S.QUEUED, S.SUBMITTED, S.REJECTED)
    retry = office.load(
        BatchKind.DIPLOMA, [sheets.diploma(5, 证书编号="100011202605000200")], DIPLOMA_DAY
    )
    assert office.findings(retry.id, "WS-016-DIPLOMA-EXISTS") == {}


def test_a_student_number_held_by_another_student(workspace: Workspace, tmp_path: Path) -> None:
    office = Office(workspace, tmp_path)
    office.load(BatchKind.ENROLLMENT, [sheets.enrollment(i) for i in range(2)], ENROLL_DAY)
    diploma = office.load(
        BatchKind.DIPLOMA,
        [sheets.diploma(0), sheets.diploma(9, 学号=sheets.student_no(1))],
        DIPLOMA_DAY,
    )
    found = office.findings(diploma.id, "WS-XH-OTHER-STUDENT")
    assert sorted(found) == [3]
    assert found[3] == (
        f"学号“{sheets.student_no(1)}”在本工作区已属于另一名学生（证件号码 {mask_id(sheets.id_number(1))}）"
    )
    # the batch itself does not count as "another": its own numbers are the batch rules' job
    office.revalidate(diploma.id, DIPLOMA_DAY)
    assert sorted(office.findings(diploma.id, "WS-XH-OTHER-STUDENT")) == [3]


def test_annual_registration_needs_an_enrollment(workspace: Workspace, tmp_path: Path) -> None:
    office = Office(workspace, tmp_path)
    rule = "WS-012-NOT-ENROLLED"
    # A workspace with no enrollment data at all cannot tell: it judges nobody.
    early = office.load(BatchKind.ANNUAL, [sheets.annual(i) for i in range(3)], ANNUAL_DAY)
    assert office.findings(early.id, rule) == {}

    office.load(
        BatchKind.ENROLLMENT,
        [sheets.enrollment(0), sheets.enrollment(1, 复查结论="放弃入学资格")],
        ENROLL_DAY,
    )
    annual = office.load(BatchKind.ANNUAL, [sheets.annual(i) for i in range(3)], ANNUAL_DAY)
    found = office.findings(annual.id, rule)
    assert sorted(found) == [3, 4]  # gave up the place; never enrolled
    assert mask_id(sheets.id_number(2)) in found[4]
    office.revalidate(early.id, ANNUAL_DAY)  # now the earlier batch is judged too
    assert sorted(office.findings(early.id, rule)) == [3, 4]


def test_a_resumption_needs_a_suspension_before_it(workspace: Workspace, tmp_path: Path) -> None:
    office = Office(workspace, tmp_path)
    rule = "WS-012-RESUME-WITHOUT-SUSPEND"
    office.load(BatchKind.ENROLLMENT, [sheets.enrollment(i) for i in range(4)], ENROLL_DAY)

    def change(i: int, kind: str, on: str) -> sheets.Row:
        return sheets.annual(i, 学籍变动类别=kind, 变动日期=on, 变动原因="身体原因")

    office.load(BatchKind.ANNUAL, [change(0, "休学", "2025-03-01")], ANNUAL_DAY)
    resumed = office.load(
        BatchKind.ANNUAL,
        [
            change(0, "复学", "2026-03-01"),  # suspended in the store: fine
            change(1, "复学", "2026-03-01"),  # never suspended
            change(2, "休学", "2025-11-01"),  # suspended earlier in this batch: fine
            change(2, "复学", "2026-03-01"),
        ],
        ANNUAL_DAY,
    )
    assert sorted(office.findings(resumed.id, rule)) == [3]
    # once the 复学 is stored, another 复学 has no 休学 before it
    twice = office.load(BatchKind.ANNUAL, [change(0, "复学", "2026-09-01")], ANNUAL_DAY)
    assert sorted(office.findings(twice.id, rule)) == [2]
