"""Responses the contract did not document, and inputs that were server errors on
PostgreSQL: found by the schemathesis run, kept here as plain regressions."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path

from desktop.domain.fields import BatchKind
from desktop.sync.canonical import jcs, loads_strict
from server import Limits
from tests.server.conftest import (
    ADMIN,
    Live,
    create_body,
    enrollment,
    school,
    serve,
    sign,
)
from tests.server.contract import documented

JSON = {"Content-Type": "application/json"}


def test_a_body_that_is_not_utf8_json_is_a_documented_400(live: Live) -> None:
    sch = school(live, "10001")
    for path, headers in [("/admin/enrolment-codes", {"X-Admin-Token": ADMIN}),
                          ("/submissions", sch.auth), ("/auth/token", {})]:  # fmt: skip
        r = live.api("POST", path, data=b'{"\xff\xfe', headers={**headers, **JSON})
        assert r.status_code == 400 and r.json()["code"] == "bad-request", (path, r.text)
        documented(r, path)


def test_idempotent_repeats_and_first_stores_are_documented(live: Live) -> None:
    sch = school(live, "10001")
    signed = sign(sch, [enrollment(i) for i in range(5)], BatchKind.ENROLLMENT,
                  photos={"a.jpg": b"\xff\xd8a"})  # fmt: skip
    batch = signed.manifest.batch
    for expected in (201, 200):
        r = live.api("POST", "/submissions", json=create_body(signed), headers=sch.auth)
        assert r.status_code == expected, r.text
        documented(r, "/submissions")
    for expected in (201, 200):
        r = live.api("PUT", f"/submissions/{batch}/chunks/0", data=signed.chunks[0].data,
                     headers=sch.auth)  # fmt: skip
        assert r.status_code == expected, r.text
        documented(r, "/submissions/{batch}/chunks/{index}")
        r = live.api("PUT", f"/submissions/{batch}/photos/a.jpg", data=signed.photos[0].data,
                     headers=sch.auth)  # fmt: skip
        assert r.status_code == expected, r.text
        documented(r, "/submissions/{batch}/photos/{name}")


def test_nul_in_what_the_server_stores_or_looks_up_is_refused(live: Live) -> None:
    """PostgreSQL's text cannot hold a NUL: each of these was a 500 there."""
    sch = school(live, "10001")
    admin = {"X-Admin-Token": ADMIN}
    calls = [
        ("/admin/enrolment-codes", "/admin/enrolment-codes", {"school": "10002", "name": "北\x00大"}, admin),
        ("/auth/challenge", "/auth/challenge", {"school": "10001", "kid": "ed25519-\x00"}, {}),
        ("/auth/token", "/auth/token", {"challenge_id": "\x00", "signature": "AAAA"}, {}),
        (f"/schools/10001/keys/{sch.key.kid}/revoke", "/schools/{school}/keys/{kid}/revoke",
         {"reason": "泄\x00露"}, admin),
        ("/schools/10001/keys/ed25519-%00/revoke", "/schools/{school}/keys/{kid}/revoke",
         {"reason": "泄露"}, admin),
    ]  # fmt: skip
    for path, template, body, headers in calls:
        r = live.api("POST", path, json=body, headers=headers)
        assert r.status_code == 422 and r.json()["code"] == "request-invalid", (path, r.text)
        documented(r, template)
    r = live.api("GET", "/schools/10001%00/students", headers=sch.auth)
    assert r.status_code == 422, r.text
    # A manifest whose key id holds a NUL: an unknown key, as any other.
    signed = sign(sch, [enrollment(1)], BatchKind.ENROLLMENT)
    wire = loads_strict(signed.manifest_bytes)
    wire["kid"] = "ed25519-\x00"
    envelope = jcs({"alg": wire["alg"], "kid": wire["kid"], "sig": "AAAA"})
    body = {"manifest": base64.b64encode(jcs(wire)).decode(),
            "signature": base64.b64encode(envelope).decode()}  # fmt: skip
    r = live.api("POST", "/submissions", json=body, headers=sch.auth)
    assert r.status_code == 403 and r.json()["code"] == "key-unknown", r.text
    documented(r, "/submissions")
    # The key was not revoked by any of it.
    assert live.api("GET", f"/submissions/{uuid.uuid4()}", headers=sch.auth).status_code == 404


def test_a_page_after_the_largest_id_is_refused_not_a_server_error(live: Live) -> None:
    """`after` past PostgreSQL's integer range was a 500 there."""
    sch = school(live, "10001")
    r = live.api("GET", "/schools/10001/students", params={"after": 2**31}, headers=sch.auth)
    assert r.status_code == 422, r.text
    documented(r, "/schools/{school}/students")
    r = live.api("GET", "/schools/10001/students", params={"after": 2**31 - 1}, headers=sch.auth)
    assert r.status_code == 200 and r.json()["students"] == []
    documented(r, "/schools/{school}/students")


def test_a_body_past_the_limit_is_a_documented_413_on_any_operation(
    central_url: str, tmp_path: Path
) -> None:
    for live in serve(tmp_path, Limits(max_request_bytes=1000), url=central_url):
        for path in ("/auth/token", "/admin/enrolment-codes", "/submissions"):
            r = live.api("POST", path, data=b"x" * 2000, headers=JSON)
            assert r.status_code == 413 and r.json()["code"] == "request-too-large", r.text
            documented(r, path)
