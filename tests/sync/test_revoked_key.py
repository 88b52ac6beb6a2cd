"""A revoked key: its new submissions are refused, its older accepted batches stay
valid (their receipts verify, the server still holds them)."""

from __future__ import annotations

from pathlib import Path

import requests

from desktop.domain.lifecycle import BatchState
from desktop.services import batches, signing, submissions
from desktop.services import sync as sync_service
from tests.server.conftest import ADMIN
from tests.store.conftest import login
from tests.sync.office import FAST, PHRASE, Office, enrollment_row, enrolment_code


def test_new_batches_of_a_revoked_key_are_refused_older_ones_stay_valid(
    office: Office, tmp_path: Path
) -> None:
    old = signing.keystore(office.admin).active()
    assert old is not None
    accepted = office.queued(4)
    assert office.sync().results[0].state is BatchState.ACCEPTED
    # Signed with the old key before it was replaced, not yet sent.
    late = office.signed([enrollment_row(10 + i) for i in range(3)])
    sync_service.enqueue(office.reviewer, late)
    # The key is replaced; the central administrator revokes the old one.
    admin = office.admin
    signing.rotate_key(admin, PHRASE)
    sync_service.register_key(admin, enrolment_code(office.url, "10001"), settings=FAST)
    r = requests.post(
        f"{office.url}/api/v1/schools/10001/keys/{old.kid}/revoke",
        json={"reason": "密钥泄露"}, headers={"X-Admin-Token": ADMIN}, timeout=10,
    )  # fmt: skip
    assert r.status_code == 200, r.text

    [result] = office.sync().results
    assert result.state is BatchState.REJECTED
    assert "吊销" in result.message
    status = submissions.status(office.reviewer, late, passphrase=PHRASE, settings=FAST)
    assert status.queued is None and status.server is not None
    assert status.server["state"] == "unknown"  # the server never held it
    # The batch accepted before keeps its proof, verified again, and the server agrees.
    saved = submissions.save_receipt(office.reviewer, accepted, tmp_path / "receipt.json")
    assert saved.exists()
    before = submissions.status(office.reviewer, accepted, passphrase=PHRASE, settings=FAST)
    assert before.receipt is not None and before.receipt.accepted == 4
    assert before.server is not None and before.server["state"] == "committed"
    # The refused students go back to a clerk as a correction, to be signed anew.
    clerk = login(office.ws, "clerk")
    child = batches.start_correction(clerk, late)
    assert child.rows == 3
