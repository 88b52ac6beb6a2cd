"""Idempotency and every refusal of the upload path: 409, 422, 413, 404, 401."""

from __future__ import annotations

import base64
import gzip
import uuid
from pathlib import Path

from desktop.domain.fields import BatchKind
from desktop.sync.canonical import jcs, loads_strict
from server import Limits
from tests.server.conftest import Live, create_body, enrollment, school, serve, sign


def test_same_manifest_again_returns_the_existing_submission(live: Live) -> None:
    sch = school(live, "10001")
    signed = sign(sch, [enrollment(i) for i in range(5)], BatchKind.ENROLLMENT)
    first = live.api("POST", "/submissions", json=create_body(signed), headers=sch.auth)
    again = live.api("POST", "/submissions", json=create_body(signed), headers=sch.auth)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["batch"] == again.json()["batch"]


def test_same_batch_uuid_with_another_manifest_is_409(live: Live) -> None:
    sch = school(live, "10001")
    batch = uuid.uuid4()
    one = sign(sch, [enrollment(i) for i in range(5)], BatchKind.ENROLLMENT, batch=batch)
    other = sign(sch, [enrollment(i) for i in range(6)], BatchKind.ENROLLMENT, batch=batch)
    assert live.api("POST", "/submissions", json=create_body(one), headers=sch.auth).ok
    r = live.api("POST", "/submissions", json=create_body(other), headers=sch.auth)
    assert r.status_code == 409 and r.json()["code"] == "batch-conflict"
    assert r.json()["message"]


def test_chunk_repeat_is_noop_other_bytes_409_digest_mismatch_422(live: Live) -> None:
    sch = school(live, "10001")
    signed = sign(sch, [enrollment(i) for i in range(10)], BatchKind.ENROLLMENT)
    batch = signed.manifest.batch
    live.api("POST", "/submissions", json=create_body(signed), headers=sch.auth)
    data = signed.chunks[0].data
    path = f"/submissions/{batch}/chunks/0"
    assert live.api("PUT", path, data=data, headers=sch.auth).status_code == 201
    repeat = live.api("PUT", path, data=data, headers=sch.auth)
    assert repeat.status_code == 200 and repeat.json()["stored"] is False
    changed = data.replace("张".encode(), "章".encode(), 1)
    assert changed != data and len(changed) == len(data)
    r = live.api("PUT", path, data=changed, headers=sch.auth)
    assert r.status_code == 409 and r.json()["code"] == "chunk-conflict"
    r = live.api("PUT", f"/submissions/{batch}/chunks/1", data=changed, headers=sch.auth)
    assert r.status_code == 422 and r.json()["code"] == "chunk-digest"
    r = live.api("PUT", f"/submissions/{batch}/chunks/1", data=data[:-1], headers=sch.auth)
    assert r.status_code == 422 and r.json()["code"] in {"record-count", "chunk-size"}
    r = live.api("PUT", f"/submissions/{batch}/chunks/99", data=data, headers=sch.auth)
    assert r.status_code == 404 and r.json()["code"] == "chunk-unknown"


def test_tampered_or_unsigned_manifests_are_422(live: Live) -> None:
    sch = school(live, "10001")
    signed = sign(sch, [enrollment(i) for i in range(5)], BatchKind.ENROLLMENT)
    wire = loads_strict(signed.manifest_bytes)
    wire["record_count"] = wire["record_count"]  # same
    wire["operator"] = "mallory"
    body = {**create_body(signed), "manifest": base64.b64encode(jcs(wire)).decode()}
    r = live.api("POST", "/submissions", json=body, headers=sch.auth)
    assert r.status_code == 422 and r.json()["code"] == "signature-invalid"
    spaced = signed.manifest_bytes.replace(b",", b", ", 1)
    body = {**create_body(signed), "manifest": base64.b64encode(spaced).decode()}
    r = live.api("POST", "/submissions", json=body, headers=sch.auth)
    assert r.status_code == 422 and r.json()["code"] == "manifest-not-canonical"
    env = jcs({"alg": "none", "kid": signed.manifest.kid, "sig": ""})
    body = {**create_body(signed), "signature": base64.b64encode(env).decode()}
    r = live.api("POST", "/submissions", json=body, headers=sch.auth)
    assert r.status_code == 422 and r.json()["code"] == "alg-none"


def test_another_schools_key_or_batch_is_refused(live: Live) -> None:
    a, b = school(live, "10001"), school(live, "10002")
    signed = sign(a, [enrollment(i) for i in range(5)], BatchKind.ENROLLMENT)
    r = live.api("POST", "/submissions", json=create_body(signed), headers=b.auth)
    assert r.status_code == 403 and r.json()["code"] == "key-unknown"
    assert live.api("POST", "/submissions", json=create_body(signed), headers=a.auth).ok
    r = live.api("GET", f"/submissions/{signed.manifest.batch}", headers=b.auth)
    assert r.status_code == 404 and r.json()["code"] == "submission-unknown"


def test_no_or_bad_token_is_401(live: Live) -> None:
    r = live.api("GET", f"/submissions/{uuid.uuid4()}")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    r = live.api("GET", f"/submissions/{uuid.uuid4()}", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and r.json()["code"] == "token-invalid"


def test_limits_body_chunk_size_and_rate(central_url: str, tmp_path: Path) -> None:
    limits = Limits(max_request_bytes=4000, max_chunk_bytes=3000, rate_per_minute=60, rate_burst=12)
    for live in serve(tmp_path, limits, url=central_url):
        sch = school(live, "10001")
        big = sign(sch, [enrollment(i) for i in range(20)], BatchKind.ENROLLMENT, chunk_size=3500)
        r = live.api("POST", "/submissions", json=create_body(big), headers=sch.auth)
        assert r.status_code == 413 and r.json()["code"] == "chunk-too-large"
        ok = sign(sch, [enrollment(i) for i in range(20)], BatchKind.ENROLLMENT, chunk_size=2500)
        live.api("POST", "/submissions", json=create_body(ok), headers=sch.auth)
        path = f"/submissions/{ok.manifest.batch}/chunks/0"
        r = live.api("PUT", path, data=b"x" * 5000, headers=sch.auth)
        assert r.status_code == 413 and r.json()["code"] == "request-too-large"
        bomb = gzip.compress(b"\n" * 100_000)
        r = live.api("PUT", path, data=bomb, headers={**sch.auth, "Content-Encoding": "gzip"})
        assert r.status_code == 413 and r.json()["code"] == "chunk-too-large"
        codes = [
            live.api("GET", f"/submissions/{ok.manifest.batch}", headers=sch.auth).status_code
            for _ in range(15)
        ]
        assert 429 in codes
        limited = live.api("GET", f"/submissions/{ok.manifest.batch}", headers=sch.auth)
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        assert limited.json()["code"] == "rate-limited"
