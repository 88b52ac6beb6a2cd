"""Getting a batch into a state the way the product does, for tests that need one:
signed with a real key (cheap scrypt: only the key file's cost differs), queued through
the outbox, and the server's verdicts — which only the sync client records from a
receipt — set at the store level where a test only needs the state itself."""

from __future__ import annotations

from desktop.domain.lifecycle import BatchState
from desktop.services import signing
from desktop.services import sync as sync_service
from desktop.services.workspace import Session, Workspace
from desktop.store import batches as repo
from desktop.sync.keys import KeyStore
from desktop.sync.pkcs8 import ScryptCost

PHRASE = "correct horse battery"
CHEAP = ScryptCost(n=2**10)


def sign(reviewer: Session, batch_id: str, expected_version: int | None = None) -> repo.BatchInfo:
    """已校验 -> 已签名 through the signing service, making the school key on first use."""
    store = KeyStore(reviewer.workspace.keys_dir, cost=CHEAP)
    if store.active() is None:
        store.generate(PHRASE)
    return signing.sign(reviewer, batch_id, PHRASE, expected_version=expected_version)


def queue(reviewer: Session, batch_id: str) -> repo.BatchInfo:
    """已校验 -> 已签名 -> 已排队 (with its outbox row)."""
    sign(reviewer, batch_id)
    return sync_service.enqueue(reviewer, batch_id)


def force(ws: Workspace, batch_id: str, *states: BatchState) -> repo.BatchInfo:
    """Store-level moves (the lifecycle table still applies), for the states a receipt
    brings; the services offer no way to set them by hand."""
    with ws.transaction() as conn:
        batch = repo.get(conn, batch_id)
        for state in states:
            batch = repo.move(conn, batch, state)
    return batch
