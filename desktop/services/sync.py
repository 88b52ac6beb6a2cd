"""Getting signed batches to the central server, exactly once (issue 6).

    connect(admin, url, fingerprint=...)   # pin the server's receipt key
    register_key(admin, enrolment_code)    # the school's public key, once
    enqueue(reviewer, batch_id)            # 已签名 -> 已排队, outbox row, one transaction
    report = sync(reviewer, passphrase)    # every queued batch: upload, commit, receipt

A batch's server-side life is recorded as it happens: 已提交 once the server holds the
submission; the verified receipt, the per-record outcomes and the final state in one
transaction. A run killed anywhere is resumed by the next one from what the server
says it holds.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.lifecycle import BatchState
from desktop.domain.roles import Action
from desktop.services import signing
from desktop.services.batches import audit_state
from desktop.services.workspace import Session
from desktop.store import audit, outbox, server_link
from desktop.store import batches as repo
from desktop.store.errors import IllegalTransition, StoreError
from desktop.store.operators import now
from desktop.sync import failpoints
from desktop.sync.algorithms import VerifyKey
from desktop.sync.errors import SyncError
from desktop.sync.http import (
    ApiClient,
    AuthRefused,
    Endpoint,
    RetryPolicy,
    ServerRefused,
    ServerUnreachable,
)
from desktop.sync.reasons import Reason, Rejected
from desktop.sync.receipts import Receipt, ReceiptInvalid, verify_receipt
from desktop.sync.upload import UploadEvents, upload

log = logging.getLogger(__name__)
S = BatchState
_FINAL = {"accepted": S.ACCEPTED, "partial": S.PARTLY_ACCEPTED, "refused": S.REJECTED}
# Refusals of the submission itself that no retry can change: the batch goes back to
# the clerk as 已退回 (a correction is signed anew). Anything else stays queued.
_FOR_GOOD = frozenset(
    {"key-revoked", "key-not-trusted", "batch-conflict", "school-mismatch", "chunk-conflict",
     "photo-conflict", "too-many-chunks", "chunk-too-large", "photo-too-large"}
)  # fmt: skip
_RETRYABLE_422 = frozenset({"request-invalid"})


@dataclass(frozen=True, slots=True)
class ClientSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    gzip_level: int = 1


@dataclass(frozen=True, slots=True)
class BatchResult:
    batch_id: str
    name: str
    state: BatchState
    message: str
    accepted: int = 0
    refused: int = 0


@dataclass(frozen=True, slots=True)
class SyncReport:
    results: tuple[BatchResult, ...]
    bytes_sent: int
    retries: int

    @property
    def pending(self) -> int:
        return sum(1 for r in self.results if r.state in (S.QUEUED, S.SUBMITTED))


def require_link(session: Session) -> server_link.Link:
    with session.workspace.engine.connect() as conn:
        link = server_link.get(conn)
    if link is None:
        raise StoreError("尚未连接中心服务器：请管理员先运行 regdesk server connect 服务器地址")
    return link


def client_for(url: str, ca_file: str | None, settings: ClientSettings | None = None) -> ApiClient:
    s = settings or ClientSettings()
    endpoint = Endpoint(url, ca_file, s.connect_timeout, s.read_timeout)
    return ApiClient(endpoint, s.retry)


def _fingerprint(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum()).removeprefix("sha256")


def connect(
    session: Session,
    url: str,
    *,
    ca_file: str | None = None,
    fingerprint: str | None = None,
    settings: ClientSettings | None = None,
) -> server_link.Link:
    """Pin the server's receipt key. The fingerprint, read out by the server's operator
    over the phone, is checked when given; re-pinning a different key needs it."""
    session.require(Action.MANAGE_KEYS)
    with client_for(url, ca_file, settings) as client:
        body = client.call("GET", "/server-key", auth=False).json()
    try:
        key = VerifyKey.from_pem(str(body["public_key"]).encode("ascii"))
    except (KeyError, ValueError):
        raise SyncError("中心服务器返回的公钥无法读取") from None
    if key.kid != body.get("kid") or key.fingerprint != body.get("fingerprint"):
        raise SyncError("中心服务器返回的公钥与其编号或指纹不一致")
    if fingerprint is not None and _fingerprint(fingerprint) != _fingerprint(key.fingerprint):
        raise SyncError(f"服务器密钥指纹不符：服务器为 {key.fingerprint}，与您核对的不同；未连接")
    with session.workspace.transaction() as conn:
        old = server_link.get(conn)
        if old is not None and old.server_kid != key.kid and fingerprint is None:
            raise SyncError(
                f"中心服务器的密钥已变更（原 {old.server_kid}，现 {key.kid}）：请与服务器管理方"
                "电话核对指纹后用 --fingerprint 重新连接"
            )
        server_link.pin(
            conn, url=url, ca_file=ca_file, kid=key.kid, pem=key.pem,
            fingerprint=key.fingerprint, operator=session.username,
        )  # fmt: skip
        audit.append(
            conn, operator=session.username, action="server_pin", object_type="server",
            object_id=key.kid, after={"url": url, "fingerprint": key.fingerprint},
        )  # fmt: skip
        link = server_link.get(conn)
    assert link is not None
    return link


def register_key(
    session: Session, enrolment_code: str, *, settings: ClientSettings | None = None
) -> dict[str, Any]:
    """Send the school's active public key with the administrator's one-time code."""
    session.require(Action.MANAGE_KEYS)
    link = require_link(session)
    exported = signing.keystore(session).export_public()
    school = session.workspace.profile().code
    with client_for(link.url, link.ca_file, settings) as client:
        body: dict[str, Any] = client.call(
            "POST", f"/schools/{school}/keys", auth=False,
            json={"enrolment_code": enrolment_code, "public_key": exported.pem.decode("ascii")},
        ).json()  # fmt: skip
    with session.workspace.transaction() as conn:
        audit.append(
            conn, operator=session.username, action="key_register", object_type="key",
            object_id=exported.kid, after={"server": link.url},
        )  # fmt: skip
    return body


def enqueue(session: Session, batch_id: str) -> repo.BatchInfo:
    """已签名 -> 已排队 with its outbox row: both or neither."""
    session.require(Action.SUBMIT, batch_id)
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch_id, lock=True)
        if batch.state is not S.SIGNED:
            raise IllegalTransition(
                f"只有“已签名”的批次可以排队上报；该批次为“{batch.state.label}”"
            )
        moved = repo.move(conn, batch, S.QUEUED)
        outbox.add(conn, moved.id, session.username)
        audit_state(conn, session, moved, batch.state)
    return moved


def sync(
    session: Session,
    passphrase: str,
    *,
    settings: ClientSettings | None = None,
    url: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    only: Collection[str] | None = None,
) -> SyncReport:
    """One pass over the outbox, oldest first (or over the queued batches `only` names:
    a retry of one). A batch that cannot go now stays queued with its reason; the pass
    goes on to the next."""
    session.require(Action.SUBMIT)
    link = require_link(session)
    key = signing.keystore(session).unlock(passphrase)
    pinned = VerifyKey.from_pem(link.server_key)
    with session.workspace.engine.connect() as conn:
        entries = [e for e in outbox.pending(conn) if only is None or e.batch_id in only]
    results: list[BatchResult] = []
    with client_for(url or link.url, link.ca_file, settings) as client:
        client.login_with(session.workspace.profile().code, key)
        for entry in entries:
            results.append(_send(session, client, entry.batch_id, pinned, settings, progress))
            if results[-1].message.startswith(_AUTH_FAILED):
                break  # the school cannot log in: the other batches would fail the same way
        return SyncReport(tuple(results), client.bytes_sent, client.retries)


_AUTH_FAILED = "无法登录中心服务器"


def _record(session: Session, write: Callable[[Any], None]) -> None:
    with session.workspace.transaction() as conn:
        write(conn)


def _result(session: Session, batch_id: str, message: str) -> BatchResult:
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        receipt = outbox.receipt_of(conn, batch_id)
    return BatchResult(
        batch.id, batch.name, batch.state, message,
        receipt.accepted if receipt else 0, receipt.refused if receipt else 0,
    )  # fmt: skip


def _send(
    session: Session,
    client: ApiClient,
    batch_id: str,
    pinned: VerifyKey,
    settings: ClientSettings | None,
    progress: Callable[[str, int, int], None] | None,
) -> BatchResult:
    _record(session, lambda conn: outbox.attempt(conn, batch_id))
    try:
        signed = signing.signed_batch(session, batch_id)
    except Rejected as exc:
        if exc.reason is Reason.KEY_REVOKED:  # revoked here: the server would refuse it too
            return _reject(session, batch_id, exc.reason.value, str(exc))
        return _keep(session, batch_id, f"本地批次与签名不一致，未上报：{exc}")
    except StoreError as exc:
        return _keep(session, batch_id, f"本地批次与签名不一致，未上报：{exc}")

    def created(sub: dict[str, Any]) -> None:
        _mark_submitted(session, batch_id, len(signed.chunks))

    def chunk_sent(sent: int, total: int) -> None:
        _record(session, lambda conn: outbox.progress(conn, batch_id, sent, total))
        if progress is not None:
            progress(batch_id, sent, total)

    level = (settings or ClientSettings()).gzip_level
    try:
        body = upload(client, signed, UploadEvents(created, chunk_sent), gzip_level=level)
    except AuthRefused as exc:
        return _keep(session, batch_id, f"{_AUTH_FAILED}：{exc.message}")
    except ServerRefused as exc:
        if exc.code in _FOR_GOOD or (exc.status == 422 and exc.code not in _RETRYABLE_422):
            return _reject(session, batch_id, exc.code, exc.message)
        return _keep(session, batch_id, str(exc))
    except (ServerUnreachable, SyncError) as exc:
        return _keep(session, batch_id, str(exc))
    try:
        receipt = verify_receipt(body, pinned)
        _check(receipt, batch_id, signed.manifest_bytes, signed.manifest.record_count)
    except ReceiptInvalid as exc:
        with session.workspace.transaction() as conn:
            audit.append(
                conn, operator=session.username, action="receipt_refused",
                object_type="batch", object_id=batch_id, after={"reason": str(exc)},
            )  # fmt: skip
        return _keep(session, batch_id, f"回执验证失败，未记为受理：{exc}")
    _settle(session, batch_id, receipt, body)
    return _result(session, batch_id, "已受理" if receipt.state == "accepted" else receipt.state)


def _check(receipt: Receipt, batch_id: str, manifest: bytes, count: int) -> None:
    """A receipt validly signed, but for another batch or another manifest, is no proof."""
    if receipt.batch != batch_id or receipt.record_count != count:
        raise ReceiptInvalid("回执不属于本批次 / receipt is for another batch")
    if receipt.manifest_digest != hashlib.sha256(manifest).hexdigest():
        raise ReceiptInvalid("回执对应的清单与本批次不同 / receipt for another manifest")


def _keep(session: Session, batch_id: str, message: str) -> BatchResult:
    log.warning("batch %s stays queued: %s", batch_id, message)
    _record(session, lambda conn: outbox.fail(conn, batch_id, message))
    return _result(session, batch_id, message)


def _mark_submitted(session: Session, batch_id: str, chunks: int) -> None:
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch_id, lock=True)
        if batch.state is S.QUEUED:
            moved = repo.move(conn, batch, S.SUBMITTED)
            audit_state(conn, session, moved, batch.state)
        entry = outbox.entry(conn, batch_id)
        outbox.progress(conn, batch_id, entry.chunks_sent if entry else 0, chunks)


def _reject(session: Session, batch_id: str, code: str, reason: str) -> BatchResult:
    """The submission refused as a whole: 已退回, the reason on every row."""
    message = f"中心服务器拒收整个批次：{reason}"
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch_id, lock=True)
        moved = repo.move(conn, batch, S.REJECTED)
        outbox.refuse_all(conn, batch_id, message)
        outbox.remove(conn, batch_id)
        audit_state(conn, session, moved, batch.state, code=code, reason=reason)
    return _result(session, batch_id, message)


def refusal_messages(receipt: Receipt) -> dict[int, str]:
    return {
        int(r["index"]): "；".join(f"{hit['id']}：{hit['message']}" for hit in r["rules"])
        for r in receipt.refused
    }


def _settle(session: Session, batch_id: str, receipt: Receipt, body: dict[str, Any]) -> None:
    """Receipt, outcomes, final state, outbox row gone: one transaction."""
    with session.workspace.transaction() as conn:
        batch = repo.get(conn, batch_id, lock=True)
        if batch.state not in (S.QUEUED, S.SUBMITTED):
            return  # settled by another clerk's run meanwhile
        outbox.keep_receipt(
            conn,
            outbox.StoredReceipt(
                batch_id=batch_id, data=receipt.data,
                signature=base64.b64decode(body["signature"]), alg=str(body["alg"]),
                server_kid=receipt.server_kid, state=receipt.state,
                accepted=receipt.accepted, refused=receipt.record_count - receipt.accepted,
                issued=receipt.issued, received_at=now(),
            ),
        )  # fmt: skip
        outbox.write_outcomes(conn, batch_id, receipt.outcomes, refusal_messages(receipt))
        failpoints.hit("receipt-write")
        was = batch.state
        if batch.state is S.QUEUED:
            batch = repo.move(conn, batch, S.SUBMITTED)
        batch = repo.move(conn, batch, _FINAL[receipt.state])
        outbox.remove(conn, batch_id)
        audit_state(
            conn, session, batch, was, accepted=receipt.accepted,
            refused=receipt.record_count - receipt.accepted,
            receipt_sha256=hashlib.sha256(receipt.data).hexdigest(),
        )  # fmt: skip
