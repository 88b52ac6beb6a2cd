"""Keys, signing and package files over the store (issue 5): roles checked, every key
operation, signature and export audited, a wrong passphrase audited and slowed down."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC
from pathlib import Path

from sqlalchemy import update

from desktop.domain.lifecycle import BatchState
from desktop.domain.records import Record
from desktop.domain.roles import Action
from desktop.domain.table import table_from_records
from desktop.services.workspace import Session
from desktop.store import audit
from desktop.store import batches as repo
from desktop.store import records as rec
from desktop.store.errors import Conflict, IllegalTransition, StoreError
from desktop.store.models import Batch, table_of
from desktop.store.operators import now
from desktop.sync.algorithms import Alg, VerifyKey
from desktop.sync.chunks import DEFAULT_CHUNK_SIZE
from desktop.sync.errors import SyncError, WrongPassphrase
from desktop.sync.keys import KeyInfo, KeyStatus, KeyStore, PublicExport, TrustedKey
from desktop.sync.package import Verdict, export_package, import_package, verify_package
from desktop.sync.signing import BatchMeta, SignedBatch, restore_signed, sign_batch

_b = table_of(Batch)
SIGNED_STATES = frozenset(s for s in BatchState if not s.editable)


def keystore(session: Session) -> KeyStore:
    return KeyStore(session.workspace.keys_dir)


def _audit_key(session: Session, action: str, info: KeyInfo, **after: object) -> None:
    with session.workspace.transaction() as conn:
        audit.append(
            conn,
            operator=session.username,
            action=action,
            object_type="key",
            object_id=info.kid,
            after={"alg": info.alg.value, "status": info.status.value, **after},
        )


def generate_key(session: Session, passphrase: str, alg: Alg = Alg.ED25519) -> KeyInfo:
    session.require(Action.MANAGE_KEYS)
    info = keystore(session).generate(passphrase, alg=alg)
    _audit_key(session, "key_generate", info)
    return info


def rotate_key(session: Session, passphrase: str, alg: Alg | None = None) -> KeyInfo:
    session.require(Action.MANAGE_KEYS)
    info = keystore(session).rotate(passphrase, alg=alg)
    _audit_key(session, "key_rotate", info)
    return info


def revoke_key(session: Session, kid: str, reason: str) -> KeyInfo:
    session.require(Action.MANAGE_KEYS, kid)
    info = keystore(session).revoke(kid, reason=reason)
    _audit_key(session, "key_revoke", info, reason=reason)
    return info


def list_keys(session: Session) -> list[KeyInfo]:
    session.require(Action.VIEW)
    return keystore(session).list_keys()


def export_public(session: Session, kid: str | None = None) -> PublicExport:
    session.require(Action.VIEW, kid)
    exported = keystore(session).export_public(kid)
    with session.workspace.transaction() as conn:
        audit.append(
            conn,
            operator=session.username,
            action="export",
            object_type="key",
            object_id=exported.kid,
            after={"fingerprint": exported.fingerprint},
        )
    return exported


def _records(session: Session, batch: repo.BatchInfo) -> list[Record]:
    with session.workspace.engine.connect() as conn:
        table, _, _ = rec.load_table(conn, batch.id, batch.kind, batch.headers)
    return [table.record(i) for i in range(table.n)]


def sign(
    session: Session,
    batch_id: str,
    passphrase: str,
    *,
    expected_version: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> repo.BatchInfo:
    """Freeze and sign a validated batch with the school's active key -> 已签名.
    `expected_version` is the version the reviewer looked at: a batch changed since (an
    edit and a re-validation by a clerk meanwhile) is a Conflict, never signed unseen."""
    session.require(Action.SIGN, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
    if expected_version is not None and batch.version != expected_version:
        raise Conflict("该批次刚被其他操作员修改，请刷新后重试")
    if batch.state is not BatchState.VALIDATED:
        raise IllegalTransition(
            f"只有“已校验”（无错误、警告均已确认）的批次可以签名；该批次为“{batch.state.label}”"
        )
    store = keystore(session)
    try:
        key = store.unlock(passphrase)
    except WrongPassphrase:
        with session.workspace.transaction() as conn:
            audit.append(
                conn,
                operator=session.username,
                action="sign_refused",
                object_type="batch",
                object_id=batch.id,
                after={"reason": "wrong passphrase"},
            )
        raise
    records = _records(session, batch)
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch.id, lock=True)  # re-read under the write lock
        if expected_version is not None and batch.version != expected_version:
            raise Conflict("该批次刚被其他操作员修改，请刷新后重试")
        if batch.state is not BatchState.VALIDATED:
            raise IllegalTransition("批次在签名期间被修改，请重新校验后再签名")
        _, head = audit.head(conn)
        meta = BatchMeta(
            batch_id=uuid.UUID(batch.id),
            school_code=session.workspace.profile().code,
            kind=batch.kind,
            created=batch.created_at.replace(tzinfo=UTC),  # stored as naive UTC
            operator=batch.created_by,
            signer=session.username,
            audit_head=head,
        )
        signed = sign_batch(records, key=key, meta=meta, chunk_size=chunk_size)
        batch = repo.move(
            conn,
            batch,
            BatchState.SIGNED,
            manifest=signed.manifest_bytes,
            envelope=signed.envelope,
            signer_key=signed.public_key.pem,
            kid=signed.manifest.kid,
            signed_at=now(),
            signed_by=session.username,
        )
        audit.append(
            conn,
            operator=session.username,
            action="sign",
            object_type="batch",
            object_id=batch.id,
            after={
                "kid": signed.manifest.kid,
                "alg": signed.manifest.alg.value,
                "records": signed.manifest.record_count,
                "manifest_sha256": hashlib.sha256(signed.manifest_bytes).hexdigest(),
            },
        )
    return batch


def signed_batch(session: Session, batch_id: str) -> SignedBatch:
    """The stored signed batch made whole again; refused if any record changed since."""
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        row = conn.execute(_b.select().where(_b.c.id == batch.id)).one()
    if batch.state not in SIGNED_STATES or row.manifest is None:
        raise IllegalTransition(f"批次尚未签名（当前“{batch.state.label}”）")
    # On the signing PC the key's standing (revoked?) is known; a PC that imported the
    # package holds only the public key that was checked at import.
    store = keystore(session)
    trusted = store.resolve if row.kid and store.resolve(row.kid) is not None else None
    records = _records(session, batch)
    return restore_signed(row.manifest, row.envelope, row.signer_key, records, trusted=trusted)


def export(session: Session, batch_id: str, path: Path) -> Path:
    session.require(Action.EXPORT, batch_id)
    signed = signed_batch(session, batch_id)
    made = export_package(signed, path)
    with session.workspace.transaction() as conn:
        audit.append(
            conn,
            operator=session.username,
            action="export",
            object_type="batch",
            object_id=batch_id,
            after={"file": made.name, "kid": signed.manifest.kid},
        )
    return made


def verify(path: Path, trusted_pem: bytes | None = None) -> Verdict:
    """Offline check of a package file; needs no workspace."""
    if trusted_pem is None:
        return verify_package(path)
    known = TrustedKey(VerifyKey.from_pem(trusted_pem), KeyStatus.ACTIVE)

    def resolve(kid: str) -> TrustedKey | None:
        return known if known.key.kid == kid else None

    return verify_package(path, trusted=resolve)


def import_signed(session: Session, path: Path) -> repo.BatchInfo:
    """A package from an air-gapped PC becomes a signed batch here, ready to submit."""
    session.require(Action.IMPORT)
    signed = import_package(path)
    manifest = signed.manifest
    profile = session.workspace.profile()
    if manifest.school != profile.code:
        raise StoreError(f"数据包属于学校 {manifest.school}，不是本校（{profile.code}）")
    records = list(signed.records())
    table = table_from_records(manifest.kind, records)
    with session.workspace.transaction() as conn:
        batch_id = str(manifest.batch)
        try:
            repo.get(conn, batch_id)
        except StoreError:
            pass
        else:
            raise StoreError(f"批次 {batch_id} 已在本工作区中，未重复导入")
        repo.create(
            conn,
            kind=manifest.kind,
            name=path.stem,
            operator=manifest.operator,
            rows=table.n,
            source_file=path.name,
            batch_id=batch_id,
        )
        rec.insert_records(conn, batch_id, table)
        conn.execute(
            update(_b)
            .where(_b.c.id == batch_id)
            .values(
                state=BatchState.SIGNED.value,
                manifest=signed.manifest_bytes,
                envelope=signed.envelope,
                signer_key=signed.public_key.pem,
                kid=manifest.kid,
                signed_at=now(),
                signed_by=manifest.signer,
                rule_pack=manifest.rule_pack,
            )
        )
        audit.append(
            conn,
            operator=session.username,
            action="import_package",
            object_type="batch",
            object_id=batch_id,
            after={"file": path.name, "kid": manifest.kid, "records": manifest.record_count},
        )
        return repo.get(conn, batch_id)


__all__ = ["SyncError", "WrongPassphrase"]  # what callers catch
