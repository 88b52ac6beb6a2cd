"""The sync client through a fault proxy in front of the reference server in its own
process: 500/503 storms, connections reset mid-body, stalls past the read timeout, a
server restarted mid-upload, a tampered receipt. Each ends with exactly one submission
on the server and the client in the server's state."""

from __future__ import annotations

import base64
import json
import time

from desktop.domain.lifecycle import BatchState
from desktop.services import submissions
from desktop.services import sync as sync_service
from desktop.store import batches as repo
from desktop.store import outbox
from desktop.sync.http import RetryPolicy
from tests.faults.proxy import (
    FaultProxy,
    call,
    reset_request,
    reset_response,
    respond,
    stall,
    tamper,
)
from tests.faults.server_process import ServerProcess
from tests.sync.office import PHRASE, Office, actions

CHUNKS = r"^/api/v1/submissions/[0-9a-f-]+/chunks/\d+$"
COMMIT = r"^/api/v1/submissions/[0-9a-f-]+/commit$"
CREATE = r"^/api/v1/submissions$"
SIZE, CHUNK = 12, 1500  # four chunks


def settled(office: Office, server: ServerProcess, batch_id: str, n: int = SIZE) -> None:
    assert server.count("submission", "batch = :b AND state = 'committed'", b=batch_id) == 1
    assert server.count("status", "batch = :b", b=batch_id) == n
    with office.ws.engine.connect() as conn:
        assert repo.get(conn, batch_id).state is BatchState.ACCEPTED
        assert outbox.entry(conn, batch_id) is None
        receipt = outbox.receipt_of(conn, batch_id)
    assert receipt is not None and receipt.accepted == n


def test_a_503_storm_is_waited_out_honouring_retry_after(
    proxied_office: Office, server_process: ServerProcess, fault_proxy: FaultProxy
) -> None:
    batch_id = proxied_office.queued(SIZE, chunk_size=CHUNK)
    busy = fault_proxy.add("PUT", CHUNKS, respond(503, headers={"Retry-After": "1"}), first=2)
    started = time.monotonic()
    [result] = proxied_office.sync().results
    assert result.state is BatchState.ACCEPTED, result.message
    assert busy.fired == 2
    # The client's own back-off is at most 0.5 s here: two waits of at least 1 s are the
    # server's Retry-After.
    assert time.monotonic() - started >= 2.0
    settled(proxied_office, server_process, batch_id)


def test_500s_on_create_and_commit_are_retried(
    proxied_office: Office, server_process: ServerProcess, fault_proxy: FaultProxy
) -> None:
    batch_id = proxied_office.queued(SIZE, chunk_size=CHUNK)
    fault_proxy.add("POST", CREATE, respond(500), first=3)
    fault_proxy.add("POST", COMMIT, respond(502), first=2)
    report = proxied_office.sync()
    assert report.results[0].state is BatchState.ACCEPTED
    assert report.retries >= 5
    settled(proxied_office, server_process, batch_id)


def test_a_storm_longer_than_the_retries_leaves_the_batch_queued_then_it_goes(
    proxied_office: Office, server_process: ServerProcess, fault_proxy: FaultProxy
) -> None:
    batch_id = proxied_office.queued(SIZE, chunk_size=CHUNK)
    storm = fault_proxy.add("PUT", CHUNKS, respond(503))
    [result] = proxied_office.sync().results
    assert result.state is BatchState.SUBMITTED  # the server holds the submission
    assert "已重试" in result.message
    status = submissions.status(proxied_office.reviewer, batch_id)
    assert status.queued is not None and status.queued.last_error
    fault_proxy.remove(storm)
    [result] = proxied_office.sync().results
    assert result.state is BatchState.ACCEPTED
    settled(proxied_office, server_process, batch_id)


def test_connections_reset_mid_request_and_mid_response(
    proxied_office: Office, server_process: ServerProcess, fault_proxy: FaultProxy
) -> None:
    batch_id = proxied_office.queued(SIZE, chunk_size=CHUNK)
    lost = fault_proxy.add("PUT", CHUNKS, reset_request(after_bytes=200), nth=2)
    unheard = fault_proxy.add("POST", COMMIT, reset_response(after_bytes=60), first=1)
    [result] = proxied_office.sync().results
    assert result.state is BatchState.ACCEPTED, result.message
    assert (lost.fired, unheard.fired) == (1, 1)
    settled(proxied_office, server_process, batch_id)


def test_a_10_second_stall_times_out_and_the_retry_gets_the_same_receipt(
    proxied_office: Office, server_process: ServerProcess, fault_proxy: FaultProxy
) -> None:
    batch_id = proxied_office.queued(SIZE, chunk_size=CHUNK)
    # The server commits; its answer is held 10 s, past the client's 5 s read timeout.
    held = fault_proxy.add("POST", COMMIT, stall(10, before_forward=False), first=1)
    started = time.monotonic()
    [result] = proxied_office.sync().results
    assert result.state is BatchState.ACCEPTED, result.message
    assert held.fired == 1 and time.monotonic() - started < 10
    settled(proxied_office, server_process, batch_id)


def test_a_server_restarted_mid_upload(
    proxied_office: Office, server_process: ServerProcess, fault_proxy: FaultProxy
) -> None:
    batch_id = proxied_office.queued(SIZE, chunk_size=CHUNK)
    fault_proxy.add("PUT", CHUNKS, call(lambda: server_process.restart(hard=True)), nth=3)
    patient = sync_service.ClientSettings(
        connect_timeout=2, read_timeout=5, retry=RetryPolicy(attempts=12, base=0.2, cap=1.0)
    )
    [result] = sync_service.sync(proxied_office.reviewer, PHRASE, settings=patient).results
    assert result.state is BatchState.ACCEPTED, result.message
    assert server_process.starts == 2
    settled(proxied_office, server_process, batch_id)


def _forged(body: bytes) -> bytes:
    outer = json.loads(body)
    inner = base64.b64decode(outer["receipt"]).replace(b'"refused_count":0', b'"refused_count":1')
    outer["receipt"] = base64.b64encode(inner).decode()
    return json.dumps(outer).encode()


def test_a_tampered_receipt_is_refused_and_the_real_one_accepted_later(
    proxied_office: Office, server_process: ServerProcess, fault_proxy: FaultProxy
) -> None:
    batch_id = proxied_office.queued(SIZE, chunk_size=CHUNK)
    forged = fault_proxy.add("POST", COMMIT, tamper(_forged), first=1)
    [result] = proxied_office.sync().results
    assert forged.fired == 1
    assert result.state is BatchState.SUBMITTED and "回执验证失败" in result.message
    with proxied_office.ws.engine.connect() as conn:
        assert outbox.receipt_of(conn, batch_id) is None
    assert "receipt_refused" in actions(proxied_office)
    [result] = proxied_office.sync().results  # the server's own receipt, fetched again
    assert result.state is BatchState.ACCEPTED
    settled(proxied_office, server_process, batch_id)
