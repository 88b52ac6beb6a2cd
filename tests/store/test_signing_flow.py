"""Signing through the workspace: roles, a wrong passphrase audited, the frozen batch, and a
package carried to another workspace (issue 5 over the store)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.domain.roles import Role
from desktop.services import batches, records, signing
from desktop.services.workspace import PermissionDenied, Session, Workspace
from desktop.store.errors import IllegalTransition, StoreError
from desktop.store.models import AuditEntry, table_of
from desktop.sync.errors import WrongPassphrase
from desktop.sync.keys import KeyStore
from desktop.sync.pkcs8 import ScryptCost
from tests.store.conftest import PASSWORDS, PROFILE, login
from tests.store.test_workspace_flow import ROW, sheet

PHRASE = "correct horse battery"
CHEAP = ScryptCost(n=2**10)


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    # Real scrypt parameters cost half a second per unlock; the format is the same.
    monkeypatch.setattr(signing, "keystore", lambda s: KeyStore(s.workspace.keys_dir, cost=CHEAP))


def validated_batch(ws: Workspace, tmp_path: Path) -> str:
    clerk = login(ws, "clerk")
    batch = batches.import_file(clerk, sheet(tmp_path / "d.csv", ROW), BatchKind.DIPLOMA)
    assert batches.validate_batch(clerk, batch.id).state is BatchState.VALIDATED
    return batch.id


def actions(ws: Workspace) -> list[str]:
    audit = table_of(AuditEntry)
    with ws.engine.connect() as conn:
        return [r.action for r in conn.execute(select(audit.c.action).order_by(audit.c.seq))]


def test_only_admin_manages_keys_and_only_reviewer_signs(
    workspace: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        signing.generate_key(login(workspace, "reviewer"), PHRASE)
    signing.generate_key(login(workspace, "admin"), PHRASE)
    batch_id = validated_batch(workspace, tmp_path)
    with pytest.raises(PermissionDenied):
        signing.sign(login(workspace, "clerk"), batch_id, PHRASE)
    assert actions(workspace).count("refused") == 2


def test_sign_freezes_the_batch_and_a_wrong_passphrase_is_audited(
    workspace: Workspace, tmp_path: Path
) -> None:
    signing.generate_key(login(workspace, "admin"), PHRASE)
    batch_id = validated_batch(workspace, tmp_path)
    reviewer = login(workspace, "reviewer")
    with pytest.raises(WrongPassphrase):
        signing.sign(reviewer, batch_id, "not the passphrase")
    assert actions(workspace)[-1] == "sign_refused"
    signed = signing.sign(reviewer, batch_id, PHRASE)
    assert signed.state is BatchState.SIGNED
    with pytest.raises(IllegalTransition, match="已冻结"):
        records.edit_record(login(workspace, "clerk"), batch_id, 2, {"xm": "李四"})
    whole = signing.signed_batch(reviewer, batch_id)
    assert whole.manifest.record_count == 1 and str(whole.manifest.batch) == batch_id
    unsigned = batches.unsign(reviewer, batch_id, "姓名有误")
    assert unsigned.state is BatchState.DRAFT
    with pytest.raises(IllegalTransition, match="尚未签名"):
        signing.signed_batch(reviewer, batch_id)


def test_unvalidated_batch_cannot_be_signed(workspace: Workspace, tmp_path: Path) -> None:
    signing.generate_key(login(workspace, "admin"), PHRASE)
    clerk = login(workspace, "clerk")
    bad = [*ROW[:-1], "2026-07-01"]
    batch = batches.import_file(clerk, sheet(tmp_path / "d.csv", bad), BatchKind.DIPLOMA)
    with pytest.raises(IllegalTransition, match="只有“已校验”"):
        signing.sign(login(workspace, "reviewer"), batch.id, PHRASE)


def test_package_round_trip_to_another_workspace(workspace: Workspace, tmp_path: Path) -> None:
    signing.generate_key(login(workspace, "admin"), PHRASE)
    batch_id = validated_batch(workspace, tmp_path)
    reviewer = login(workspace, "reviewer")
    signing.sign(reviewer, batch_id, PHRASE)
    package = signing.export(reviewer, batch_id, tmp_path / "b.regpkg")
    public = signing.export_public(reviewer).pem
    assert signing.verify(package, public).ok
    assert not signing.verify(
        package,
        b"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n",
    ).ok

    other = Workspace.open(home=tmp_path / "air-gapped")
    other.initialise(PROFILE, "admin", PASSWORDS["admin"])
    other.login("admin", PASSWORDS["admin"]).add_operator("clerk", PASSWORDS["clerk"], Role.CLERK)
    clerk2: Session = other.login("clerk", PASSWORDS["clerk"])
    imported = signing.import_signed(clerk2, package)
    assert (imported.id, imported.state, imported.rows) == (batch_id, BatchState.SIGNED, 1)
    assert (
        signing.signed_batch(clerk2, batch_id).manifest_bytes
        == signing.signed_batch(reviewer, batch_id).manifest_bytes
    )
    with pytest.raises(StoreError, match="已在本工作区中"):
        signing.import_signed(clerk2, package)
    assert other.login("admin", PASSWORDS["admin"]).verify_audit() is None
