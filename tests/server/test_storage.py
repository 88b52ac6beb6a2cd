"""What the register must store, or refuse per record, the same on SQLite and PostgreSQL
(each of these was a server error at commit on PostgreSQL); and commits serialised
across server processes on PostgreSQL."""

from __future__ import annotations

import base64
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from desktop.domain.fields import BatchKind
from desktop.domain.records import Record
from desktop.sync.canonical import jcs, loads_strict
from desktop.sync.manifest import envelope_bytes
from desktop.sync.receipts import verify_receipt
from server.commit import COMMIT_LOCK
from tests.server.conftest import (
    Live,
    PgCentral,
    create_body,
    enrollment,
    school,
    serve,
    sign,
    upload,
)


def test_values_longer_than_a_column_would_hold_are_registered(live: Live) -> None:
    sch = school(live, "10001")
    long = enrollment(1, zymc="计算机" * 100, xh="2026" * 15, zydm="0" * 30)
    r = upload(live, sch, sign(sch, [long], BatchKind.ENROLLMENT))
    assert r.status_code == 200, r.text
    assert verify_receipt(r.json(), live.server_key).state == "accepted"
    student = live.api("GET", "/schools/10001/students", headers=sch.auth).json()["students"][0]
    assert (student["zymc"], student["xh"], student["zydm"]) == (long.zymc, long.xh, long.zydm)


def test_control_characters_refuse_their_record(live: Live) -> None:
    sch = school(live, "10001")
    recs: list[Record] = [enrollment(1, zymc="计算\x00机"), enrollment(2, xh="2026\x0b0002"),
                          enrollment(3)]  # fmt: skip
    r = upload(live, sch, sign(sch, recs, BatchKind.ENROLLMENT))
    assert r.status_code == 200, r.text
    receipt = verify_receipt(r.json(), live.server_key)
    assert receipt.outcomes == "rra"
    for refused in receipt.refused:
        hit = next(h for h in refused["rules"] if h["id"] == "CEN-TEXT-CONTROL")
        assert "控制字符" in hit["message"] and "\x00" not in hit["message"]
    assert "专业名称" in receipt.refused[0]["rules"][0]["message"]
    pulled = live.api("GET", "/schools/10001/students", headers=sch.auth).json()["students"]
    assert [s["ksh"] for s in pulled] == [enrollment(3).ksh]


def test_a_manifest_claiming_billions_of_records_is_refused_by_its_chunks(live: Live) -> None:
    """Counts past 32 bits fit the submission (they were a 500 on PostgreSQL); the chunks
    then cannot match them."""
    sch = school(live, "10001")
    signed = sign(sch, [enrollment(i) for i in range(3)], BatchKind.ENROLLMENT)
    wire = loads_strict(signed.manifest_bytes)
    wire["chunks"][0]["records"] += 3_000_000_000
    wire["record_count"] += 3_000_000_000
    manifest = jcs(wire)
    envelope = envelope_bytes(sch.key.alg, sch.key.kid, sch.key.sign(manifest))
    body = {"manifest": base64.b64encode(manifest).decode(),
            "signature": base64.b64encode(envelope).decode()}  # fmt: skip
    r = live.api("POST", "/submissions", json=body, headers=sch.auth)
    assert r.status_code == 201 and r.json()["record_count"] == 3_000_000_003, r.text
    r = live.api("PUT", f"/submissions/{signed.manifest.batch}/chunks/0",
                 data=signed.chunks[0].data, headers=sch.auth)  # fmt: skip
    assert r.status_code == 422 and r.json()["code"] == "record-count", r.text


def test_a_commit_waits_for_the_database_wide_commit_lock(
    pg_central: PgCentral, tmp_path: Path
) -> None:
    """Another server process on the same database holding the lock (played here by a
    plain connection) makes the commit wait until it is released."""
    url = pg_central.fresh()
    for live in serve(tmp_path, url=url):
        sch = school(live, "10001")
        signed = sign(sch, [enrollment(1)], BatchKind.ENROLLMENT)
        batch = signed.manifest.batch
        assert live.api("POST", "/submissions", json=create_body(signed), headers=sch.auth).ok
        for chunk in signed.chunks:
            live.api("PUT", f"/submissions/{batch}/chunks/{chunk.index}", data=chunk.data,
                     headers=sch.auth)  # fmt: skip
        result = _commit_while_locked(
            url, f"{live.url}/api/v1/submissions/{batch}/commit", sch.auth
        )
        assert result.status_code == 200, result.text
        assert verify_receipt(result.json(), live.server_key).state == "accepted"


def _commit_while_locked(url: str, commit: str, auth: dict[str, str]) -> requests.Response:
    result: list[requests.Response] = []
    committing = threading.Thread(
        target=lambda: result.append(requests.post(commit, headers=auth, timeout=60))
    )
    other = create_engine(url)
    try:
        with other.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": COMMIT_LOCK})
            committing.start()
            waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            deadline = time.monotonic() + 20
            while conn.execute(text(waiting)).scalar_one() == 0:
                assert time.monotonic() < deadline, "the commit never waited for the lock"
                time.sleep(0.05)
            assert not result, "the commit went ahead while another process held the lock"
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": COMMIT_LOCK})
            conn.commit()
    finally:
        committing.join(60)
        other.dispose()
    assert result, "the commit did not finish once the lock was released"
    return result[0]
