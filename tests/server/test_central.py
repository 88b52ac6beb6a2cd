"""The central-scope rules, and the identity history (article 19)."""

from __future__ import annotations

from desktop.domain.fields import BatchKind
from desktop.domain.records import Record
from desktop.sync.receipts import verify_receipt
from tests.server.conftest import Live, diploma, enrollment, school, sign, upload


def _refused(live: Live, body: object) -> dict[int, set[str]]:
    receipt = verify_receipt(body, live.server_key)  # type: ignore[arg-type]
    return {r["index"]: {h["id"] for h in r["rules"]} for r in receipt.refused}


def test_one_fulltime_status_per_person_across_schools(live: Live) -> None:
    a, b = school(live, "10001"), school(live, "10002")
    assert upload(live, a, sign(a, [enrollment(1), enrollment(2)], BatchKind.ENROLLMENT)).ok
    recs: list[Record] = [enrollment(1, ksh="26110101999999"), enrollment(3),
                          enrollment(2, xxxs="2", ksh="26110101999998")]  # fmt: skip
    body = upload(live, b, sign(b, recs, BatchKind.ENROLLMENT)).json()
    assert _refused(live, body) == {0: {"CEN-008-ONE-FULLTIME"}}
    msg = verify_receipt(body, live.server_key).refused[0]["rules"][0]["message"]
    assert "10001" in msg and "普通全日制" in msg
    assert "110105200001010" not in msg  # the ID number is masked


def test_diploma_needs_status_here_and_an_unused_certificate_number(live: Live) -> None:
    a, b = school(live, "10001"), school(live, "10002")
    assert upload(live, a, sign(a, [enrollment(i) for i in range(3)], BatchKind.ENROLLMENT)).ok
    assert upload(live, b, sign(b, [enrollment(5)], BatchKind.ENROLLMENT)).ok
    first = upload(live, a, sign(a, [diploma(0)], BatchKind.DIPLOMA)).json()
    assert verify_receipt(first, live.server_key).state == "accepted"
    recs: list[Record] = [diploma(5, zsbh=diploma(0).zsbh), diploma(7, zsbh="100021202605000099")]
    body = upload(live, b, sign(b, recs, BatchKind.DIPLOMA)).json()
    refused = _refused(live, body)
    assert "CEN-017-CERTNO-OTHER-SCHOOL" in refused[0]
    assert "CEN-016-NO-STATUS" in refused[1]
    assert verify_receipt(body, live.server_key).state == "refused"


def test_identity_history_is_kept(live: Live) -> None:
    sch = school(live, "10001")
    assert upload(live, sch, sign(sch, [enrollment(1)], BatchKind.ENROLLMENT)).ok
    renamed = enrollment(1, xm="张叁")
    assert upload(live, sch, sign(sch, [renamed], BatchKind.ENROLLMENT)).ok
    student = live.api("GET", "/schools/10001/students", headers=sch.auth).json()["students"][0]
    assert student["xm"] == "张叁"
    assert [h["xm"] for h in student["identity_history"]] == ["张三"]
