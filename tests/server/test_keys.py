"""Enrolment codes, authentication, revocation, and receipts that must verify."""

from __future__ import annotations

import base64

import pytest

from desktop.domain.fields import BatchKind
from desktop.sync.algorithms import generate
from desktop.sync.canonical import jcs, loads_strict
from desktop.sync.receipts import ReceiptInvalid, verify_receipt
from tests.server.conftest import (
    ADMIN,
    Live,
    create_body,
    enrol,
    enrollment,
    login,
    school,
    sign,
    upload,
)


def test_enrolment_code_is_one_time_and_admin_only(live: Live) -> None:
    r = live.api("POST", "/admin/enrolment-codes", json={"school": "10001"})
    assert r.status_code == 403 and r.json()["code"] == "admin-required"
    code = live.api("POST", "/admin/enrolment-codes", json={"school": "10001"},
                    headers={"X-Admin-Token": ADMIN}).json()["code"]  # fmt: skip
    first, second = generate(), generate()
    ok = live.api("POST", "/schools/10001/keys",
                  json={"enrolment_code": code, "public_key": first.public.pem.decode()})  # fmt: skip
    assert ok.status_code == 201 and ok.json()["kid"] == first.kid
    again = live.api("POST", "/schools/10001/keys",
                     json={"enrolment_code": code, "public_key": second.public.pem.decode()})  # fmt: skip
    assert again.status_code == 403 and again.json()["code"] == "enrolment-code-used"
    wrong = live.api("POST", "/schools/10002/keys",
                     json={"enrolment_code": "guess", "public_key": second.public.pem.decode()})  # fmt: skip
    assert wrong.status_code == 403 and wrong.json()["code"] == "enrolment-code-invalid"


def test_authentication_needs_the_school_key(live: Live) -> None:
    key, other = generate(), generate()
    enrol(live, "10001", key)
    ch = live.api("POST", "/auth/challenge", json={"school": "10001", "kid": key.kid}).json()
    forged = base64.b64encode(other.sign(ch["challenge"].encode())).decode()
    r = live.api(
        "POST", "/auth/token", json={"challenge_id": ch["challenge_id"], "signature": forged}
    )
    assert r.status_code == 401 and r.json()["code"] == "challenge-signature-invalid"
    # A challenge is good for one attempt only.
    good = base64.b64encode(key.sign(ch["challenge"].encode())).decode()
    r = live.api(
        "POST", "/auth/token", json={"challenge_id": ch["challenge_id"], "signature": good}
    )
    assert r.status_code == 401 and r.json()["code"] == "challenge-invalid"
    assert login(live, "10001", key)["Authorization"].startswith("Bearer ")


def test_tampered_receipt_is_detected(live: Live) -> None:
    sch = school(live, "10001")
    body = upload(
        live, sch, sign(sch, [enrollment(i) for i in range(4)], BatchKind.ENROLLMENT)
    ).json()
    assert verify_receipt(body, live.server_key).accepted == 4
    wire = loads_strict(base64.b64decode(body["receipt"]))
    wire["accepted"] = 5
    forged = {**body, "receipt": base64.b64encode(jcs(wire)).decode()}
    with pytest.raises(ReceiptInvalid):
        verify_receipt(forged, live.server_key)
    with pytest.raises(ReceiptInvalid):  # right bytes, but not the pinned server's key
        verify_receipt(body, generate().public)


def test_revoked_key_new_submissions_refused_old_receipts_stay_valid(live: Live) -> None:
    sch = school(live, "10001")
    old = sign(sch, [enrollment(i) for i in range(4)], BatchKind.ENROLLMENT)
    assert upload(live, sch, old).status_code == 200
    pending = sign(sch, [enrollment(i) for i in range(10, 13)], BatchKind.ENROLLMENT)
    assert live.api("POST", "/submissions", json=create_body(pending), headers=sch.auth).ok
    # The school rotates: a second key, then revokes the first with it.
    new_key = generate()
    enrol(live, "10001", new_key)
    new_auth = login(live, "10001", new_key)
    r = live.api("POST", f"/schools/10001/keys/{sch.key.kid}/revoke",
                 json={"reason": "密钥泄露"}, headers=new_auth)  # fmt: skip
    assert r.status_code == 200 and r.json()["revoked"]
    r = live.api("POST", f"/schools/10001/keys/{sch.key.kid}/revoke",
                 json={"reason": "again"}, headers={"X-Admin-Token": ADMIN})  # fmt: skip
    assert r.status_code == 409 and r.json()["code"] == "key-already-revoked"
    # Its token no longer works, and it cannot log in again.
    # (auth-key-revoked: the caller's own key, not the key a batch was signed with.)
    r = live.api("GET", f"/submissions/{old.manifest.batch}", headers=sch.auth)
    assert r.status_code == 403 and r.json()["code"] == "auth-key-revoked"
    r = live.api("POST", "/auth/challenge", json={"school": "10001", "kid": sch.key.kid})
    assert r.status_code == 403 and r.json()["code"] == "auth-key-revoked"
    # A new batch signed with the revoked key is refused, even sent with a valid token.
    fresh = sign(sch, [enrollment(i) for i in range(20, 22)], BatchKind.ENROLLMENT)
    r = live.api("POST", "/submissions", json=create_body(fresh), headers=new_auth)
    assert r.status_code == 403 and r.json()["code"] == "key-revoked"
    # The batch accepted before keeps its receipt, still verifiable.
    r = live.api("GET", f"/submissions/{old.manifest.batch}/receipt", headers=new_auth)
    assert verify_receipt(r.json(), live.server_key).accepted == 4
    # A batch the server saw before the revocation may still be completed.
    for chunk in pending.chunks:
        live.api("PUT", f"/submissions/{pending.manifest.batch}/chunks/{chunk.index}",
                 data=chunk.data, headers=new_auth)  # fmt: skip
    r = live.api("POST", f"/submissions/{pending.manifest.batch}/commit", headers=new_auth)
    assert r.status_code == 200 and verify_receipt(r.json(), live.server_key).accepted == 3
