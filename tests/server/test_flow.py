"""The whole path over real HTTP: enrol, authenticate, create → chunks → commit → receipt."""

from __future__ import annotations

import gzip

from desktop.domain.fields import BatchKind
from desktop.domain.records import Record
from desktop.sync.receipts import verify_receipt
from tests.server.conftest import Live, create_body, enrollment, school, sign, upload


def test_enrolment_batch_is_accepted_with_a_verified_receipt(live: Live) -> None:
    sch = school(live, "10001")
    recs: list[Record] = [enrollment(i) for i in range(30)]
    signed = sign(sch, recs, BatchKind.ENROLLMENT)
    assert len(signed.chunks) > 2
    r = upload(live, sch, signed)
    assert r.status_code == 200, r.text
    receipt = verify_receipt(r.json(), live.server_key)
    assert receipt.state == "accepted", receipt.refused
    assert receipt.accepted == 30
    assert receipt.outcomes == "a" * 30
    assert receipt.batch == str(signed.manifest.batch)
    st = live.api("GET", f"/submissions/{signed.manifest.batch}", headers=sch.auth).json()
    assert st["state"] == "committed" and st["accepted"] == 30 and st["chunks"]["missing"] == []
    again = live.api("GET", f"/submissions/{signed.manifest.batch}/receipt", headers=sch.auth)
    assert again.json() == r.json()
    pulled = live.api("GET", "/schools/10001/students", headers=sch.auth).json()
    assert len(pulled["students"]) == 30
    assert {s["ksh"] for s in pulled["students"]} == {rec.ksh for rec in recs}  # type: ignore[union-attr]


def test_gzip_chunks_are_accepted(live: Live) -> None:
    sch = school(live, "10001")
    signed = sign(sch, [enrollment(i) for i in range(10)], BatchKind.ENROLLMENT)
    batch = signed.manifest.batch
    assert live.api("POST", "/submissions", json=create_body(signed), headers=sch.auth).ok
    for chunk in signed.chunks:
        r = live.api("PUT", f"/submissions/{batch}/chunks/{chunk.index}",
                     data=gzip.compress(chunk.data),
                     headers={**sch.auth, "Content-Encoding": "gzip"})  # fmt: skip
        assert r.status_code == 201, r.text
    r = live.api("POST", f"/submissions/{batch}/commit", headers=sch.auth)
    assert verify_receipt(r.json(), live.server_key).accepted == 10


def test_resume_lists_the_chunks_still_missing(live: Live) -> None:
    sch = school(live, "10001")
    signed = sign(sch, [enrollment(i) for i in range(30)], BatchKind.ENROLLMENT)
    batch = signed.manifest.batch
    live.api("POST", "/submissions", json=create_body(signed), headers=sch.auth)
    live.api("PUT", f"/submissions/{batch}/chunks/1", data=signed.chunks[1].data, headers=sch.auth)
    held = live.api("GET", f"/submissions/{batch}/chunks", headers=sch.auth).json()
    assert held["held"] == [1]
    assert held["missing"] == [i for i in range(len(signed.chunks)) if i != 1]
    early = live.api("POST", f"/submissions/{batch}/commit", headers=sch.auth)
    assert early.status_code == 409 and early.json()["code"] == "chunks-missing"
    assert early.json()["missing"] == held["missing"]
