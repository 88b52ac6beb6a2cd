"""Where a batch stands with the server, and its receipt as a file (issue 6):
`regdesk status BATCH`, `regdesk receipt BATCH -o FILE`."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.roles import Action
from desktop.services import signing
from desktop.services.sync import ClientSettings, client_for, require_link
from desktop.services.workspace import Session
from desktop.store import audit, outbox, server_link
from desktop.store import batches as repo
from desktop.store.errors import StoreError
from desktop.sync.algorithms import VerifyKey
from desktop.sync.http import ServerRefused
from desktop.sync.receipts import Receipt, verify_receipt

RECEIPT_FILE_FORMAT = "regdesk-receipt-file/1"


@dataclass(frozen=True, slots=True)
class BatchStatus:
    batch: repo.BatchInfo
    queued: outbox.OutboxEntry | None
    receipt: Receipt | None
    server: dict[str, Any] | None  # the server's view, when asked for

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"batch": self.batch.as_dict()}
        if self.queued is not None:
            q = self.queued
            out["outbox"] = {
                "attempts": q.attempts, "chunks_sent": q.chunks_sent,
                "chunks_total": q.chunks_total, "last_error": q.last_error,
                "last_attempt_at": q.last_attempt_at.isoformat(timespec="seconds")
                if q.last_attempt_at else None,
            }  # fmt: skip
        if self.receipt is not None:
            r = self.receipt
            out["receipt"] = {
                "state": r.state, "accepted": r.accepted, "refused": r.record_count - r.accepted,
                "issued": r.issued, "server_kid": r.server_kid,
            }  # fmt: skip
        if self.server is not None:
            out["server"] = self.server
        return out


def _receipt_body(row: outbox.StoredReceipt) -> dict[str, str]:
    return {
        "receipt": base64.b64encode(row.data).decode("ascii"),
        "signature": base64.b64encode(row.signature).decode("ascii"),
        "alg": row.alg,
        "kid": row.server_kid,
    }


def _verified(session: Session, batch_id: str) -> tuple[Receipt, dict[str, str]] | None:
    """The stored receipt, verified again with the pinned key (the database is not
    trusted more than the network)."""
    with session.workspace.engine.connect() as conn:
        row = outbox.receipt_of(conn, batch_id)
        link = server_link.get(conn)
    if row is None:
        return None
    if link is None:
        raise StoreError("未固定中心服务器密钥，无法核验回执")
    body = _receipt_body(row)
    return verify_receipt(body, VerifyKey.from_pem(link.server_key)), body


def status(
    session: Session,
    batch_id: str,
    *,
    passphrase: str | None = None,
    settings: ClientSettings | None = None,
) -> BatchStatus:
    """The local view; with a passphrase, the server's too."""
    session.require(Action.VIEW, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        queued = outbox.entry(conn, batch.id)
    verified = _verified(session, batch.id)
    remote: dict[str, Any] | None = None
    if passphrase is not None:
        session.require(Action.SUBMIT, batch.id)
        link = require_link(session)
        key = signing.keystore(session).unlock(passphrase)
        with client_for(link.url, link.ca_file, settings) as client:
            client.login_with(session.workspace.profile().code, key)
            try:
                remote = client.call("GET", f"/submissions/{batch.id}").json()
            except ServerRefused as exc:
                if exc.code != "submission-unknown":
                    raise
                remote = {"state": "unknown", "message": "服务器上没有这个批次"}
    return BatchStatus(batch, queued, verified[0] if verified else None, remote)


def save_receipt(session: Session, batch_id: str, path: Path) -> Path:
    """The receipt exactly as signed, with the server's public key, so that anyone can
    check it without this program; the decoded content is added for reading."""
    session.require(Action.EXPORT, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        link = server_link.get(conn)
    verified = _verified(session, batch.id)
    if verified is None or link is None:
        raise StoreError(f"批次“{batch.name}”还没有中心服务器的回执")
    receipt, body = verified
    document = {
        "format": RECEIPT_FILE_FORMAT,
        **body,
        "server_public_key": link.server_key.decode("ascii"),
        "server_fingerprint": link.fingerprint,
        "content": json.loads(receipt.data),
    }
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
    tmp.replace(path)
    with session.workspace.transaction() as conn:
        audit.append(
            conn, operator=session.username, action="export", object_type="receipt",
            object_id=batch.id, after={"file": path.name},
        )  # fmt: skip
    return path
