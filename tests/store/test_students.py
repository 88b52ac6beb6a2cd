"""学生 search and timeline on a real workspace: each search key, one person's records
across batches in time order, article 19's corrections with their old values, masking,
and the role check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.idcards import mask_id
from desktop.domain.lifecycle import BatchState
from desktop.services import batches, records, students
from desktop.services.students import CorrectionEntry, RecordEntry
from desktop.services.workspace import PermissionDenied, Session, Workspace
from desktop.store.errors import NotFound
from tests.store import sheets
from tests.store.conftest import audit_log, login
from tests.store.states import force

AS_OF = date(2026, 7, 15)
# A student whose 证件号码 ends in X: the search must find it typed with a small x.
X = next(i for i in range(3, 200) if sheets.id_number(i).endswith("X"))
PEOPLE = (0, 1, 2, X)


def _import(clerk: Session, tmp: Path, kind: BatchKind, rows: list[sheets.Row]) -> str:
    path = sheets.write(tmp / f"{kind.value}.csv", rows)
    return batches.import_file(clerk, path, kind, name=kind.label, as_of=AS_OF).id


@pytest.fixture
def school(workspace: Workspace, tmp_path: Path) -> dict[str, str]:
    """The diploma batch imported first and the enrollment last: the timeline's order is
    the records' own dates, not the order the office typed them in."""
    clerk = login(workspace, "clerk")
    out = {
        "diploma": _import(clerk, tmp_path, BatchKind.DIPLOMA, [sheets.diploma(0)]),
        "annual": _import(
            clerk,
            tmp_path,
            BatchKind.ANNUAL,
            [
                sheets.annual(0, 学年="2024-2025", 注册日期=""),
                sheets.annual(0, 注册状态="", 注册日期="", 变动类别="休学", 变动日期="2026-03-02"),
                sheets.annual(1),
            ],
        ),
        "enrollment": _import(
            clerk, tmp_path, BatchKind.ENROLLMENT, [sheets.enrollment(i) for i in PEOPLE]
        ),
    }
    force(workspace, out["enrollment"], BatchState.VALIDATED)
    return out


def _one(session: Session, text: str) -> students.StudentHit:
    hits = students.search(session, text)
    assert len(hits) == 1, hits
    return hits[0]


def test_each_search_key_finds_the_student(workspace: Workspace, school: dict[str, str]) -> None:
    clerk = login(workspace, "clerk")
    by_name = _one(clerk, sheets.name(0))
    assert by_name.name == sheets.name(0) and by_name.matched == students.NAME
    assert by_name.masked_id == mask_id(sheets.id_number(0))
    assert by_name.xh == (sheets.student_no(0),) and by_name.ksh == ("22110105000000",)
    assert by_name.records == 4  # a diploma, two annual rows, the enrollment

    assert _one(clerk, sheets.id_number(0)).student_id == by_name.student_id
    assert _one(clerk, sheets.student_no(0)).matched == "xh"
    assert _one(clerk, "22110105000000").student_id == by_name.student_id
    assert _one(clerk, f"100011202605{1:06d}").matched == "zsbh"

    # An ID number typed with a small x, in full-width digits, with spaces around.
    typed = sheets.id_number(X)[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    hit = _one(clerk, f"  {typed}x ")
    assert hit.name == sheets.name(X) and hit.matched == students.ID_NUMBER and hit.records == 1

    # Prefixes of 学号 and 考生号: the exact one first, then in key order.
    prefix = students.search(clerk, sheets.student_no(0)[:-1])
    assert [h.name for h in prefix] == [sheets.name(i) for i in PEOPLE]
    assert [h.matched for h in prefix] == ["xh_prefix"] * len(PEOPLE)
    by_exam = students.search(clerk, "2211010500000")
    assert [h.name for h in by_exam] == [sheets.name(i) for i in PEOPLE]
    assert students.search(clerk, "22110105000000")[0].matched == "ksh"
    assert students.search(clerk, "99999") == [] and students.search(clerk, "  ") == []

    # A part of a name: every student holding it, the shortest names first.
    given = sheets.name(0)[1]
    named = students.search(clerk, given)
    assert {h.name for h in named} == {sheets.name(i) for i in PEOPLE if given in sheets.name(i)}
    assert all(h.matched == students.NAME_PART for h in named)
    assert len(students.search(clerk, given, limit=1)) == 1


def test_timeline_runs_from_enrollment_to_diploma(
    workspace: Workspace, school: dict[str, str]
) -> None:
    clerk = login(workspace, "clerk")
    hit = _one(clerk, sheets.student_no(0))
    line = students.timeline(clerk, hit.student_id)
    assert line.student == students.StudentHit(**{**hit.__dict__, "matched": ""})
    entries = [e for e in line.entries if isinstance(e, RecordEntry)]
    assert len(entries) == len(line.entries) == 4
    assert [(e.kind, e.on) for e in entries] == [
        (BatchKind.ENROLLMENT, date(2022, 9, 1)),
        (BatchKind.ANNUAL, date(2024, 9, 1)),  # a 学年 with no date: its usual start
        (BatchKind.ANNUAL, date(2026, 3, 2)),
        (BatchKind.DIPLOMA, date(2026, 6, 30)),
    ]
    enrollment, registered, suspended, diploma = entries
    assert enrollment.state is BatchState.VALIDATED and diploma.state is BatchState.DRAFT
    assert enrollment.batch_id == school["enrollment"] and enrollment.batch_name == "新生学籍注册"
    assert (enrollment.seq, enrollment.row_no) == (0, 2)
    assert ("复查结论", "注册学籍") in enrollment.fields
    assert ("学年", "2024-2025") in registered.fields and ("注册状态", "注册") in registered.fields
    assert ("学籍变动类别", "休学") in suspended.fields and (suspended.seq, suspended.row_no) == (
        1,
        3,
    )
    assert ("证书编号", f"100011202605{1:06d}") in diploma.fields
    assert ("毕(结)业", "毕业") in diploma.fields

    other = students.timeline(clerk, _one(clerk, sheets.name(1)).student_id)
    assert [e.kind for e in other.entries if isinstance(e, RecordEntry)] == [
        BatchKind.ENROLLMENT,
        BatchKind.ANNUAL,
    ]
    with pytest.raises(NotFound):
        students.timeline(clerk, 10**9)


def test_corrected_identity_keeps_its_old_values(
    workspace: Workspace, school: dict[str, str]
) -> None:
    clerk = login(workspace, "clerk")
    old_name, old_id, new_id = sheets.name(0), sheets.id_number(0), sheets.id_number(2000)
    # Both corrected on the diploma only: its record moves to a new identity while the
    # enrollment and annual records stay with the old one — one person still.
    records.edit_record(
        clerk, school["diploma"], 2, {"姓名": "张三丰"}, reason="户籍更名", as_of=AS_OF
    )
    records.edit_record(
        clerk, school["diploma"], 2, {"证件号码": new_id}, reason="证件号码录错", as_of=AS_OF
    )

    for text in (new_id, old_id, "张三丰", sheets.student_no(0)):
        hit = _one(clerk, text)
        assert hit.masked_id == mask_id(new_id) and hit.records == 4, text
    assert _one(clerk, old_id).matched == students.ID_NUMBER
    former = _one(clerk, old_name)
    assert former.matched == students.FORMER_NAME

    line = students.timeline(clerk, former.student_id)
    assert line.student.masked_id == mask_id(new_id)
    assert [e.kind for e in line.entries if isinstance(e, RecordEntry)] == [
        BatchKind.ENROLLMENT, BatchKind.ANNUAL, BatchKind.ANNUAL, BatchKind.DIPLOMA,
    ]  # fmt: skip
    corrections = [e for e in line.entries if isinstance(e, CorrectionEntry)]
    assert [(c.field, c.label, c.old, c.new, c.operator, c.reason) for c in corrections] == [
        ("xm", "姓名", old_name, "张三丰", "clerk", "户籍更名"),
        ("sfzh", "证件号码", mask_id(old_id), mask_id(new_id), "clerk", "证件号码录错"),
    ]
    assert line.entries[-1] == corrections[-1]  # made today: the newest entry
    enrollment = line.entries[0]
    assert isinstance(enrollment, RecordEntry) and ("姓名", old_name) in enrollment.fields
    # The old student row reached through the new one's timeline and the other way round.
    assert students.timeline(clerk, line.student.student_id) == line

    # No full ID number in any answer, however it is searched.
    text = repr((students.search(clerk, old_id), students.search(clerk, "张"), line))
    assert old_id not in text and new_id not in text


def test_any_role_may_look_and_a_disabled_operator_is_refused(
    workspace: Workspace, school: dict[str, str]
) -> None:
    for role in ("clerk", "reviewer", "admin"):
        session = login(workspace, role)
        hit = _one(session, sheets.student_no(1))
        assert len(students.timeline(session, hit.student_id).entries) == 2

    reviewer = login(workspace, "reviewer")
    login(workspace, "admin").set_operator_disabled("reviewer", True)
    with pytest.raises(PermissionDenied, match="已停用"):
        students.search(reviewer, sheets.name(1))
    with pytest.raises(PermissionDenied):
        students.timeline(reviewer, hit.student_id)
    refused = [e for e in audit_log(workspace) if e["action"] == "refused"]
    assert [(e["operator"], e["object_type"], e["object_id"]) for e in refused] == [
        ("reviewer", "view", None),
        ("reviewer", "view", f"student:{hit.student_id}"),
    ]
