"""One signed batch to the server: create (or find) the submission, send the chunks and
photos the server does not hold yet, commit, and return the signed receipt's body.

Restartable at any point: the server is asked what it holds, so a batch interrupted
half-way re-sends at most the chunk that was in flight.
"""

from __future__ import annotations

import base64
import gzip
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from desktop.sync import failpoints
from desktop.sync.http import ApiClient, ServerRefused
from desktop.sync.signing import SignedBatch

_OCTETS = {"Content-Type": "application/octet-stream"}


@dataclass(frozen=True, slots=True)
class UploadEvents:
    """What the caller records as the upload moves (all optional)."""

    created: Callable[[dict[str, Any]], None] | None = None  # the server holds the submission
    chunk_sent: Callable[[int, int], None] | None = None  # (sent so far, total)


def create_body(signed: SignedBatch) -> dict[str, str]:
    return {
        "manifest": base64.b64encode(signed.manifest_bytes).decode("ascii"),
        "signature": base64.b64encode(signed.envelope).decode("ascii"),
    }


def _gzipped(signed: SignedBatch, indexes: list[int], level: int) -> Iterator[tuple[int, bytes]]:
    """The chunks compressed one ahead of the upload: zlib lets go of the GIL, so the
    next chunk is compressed while the current one is on the wire."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="gzip") as pool:

        def later(i: int) -> Future[bytes]:
            return pool.submit(gzip.compress, signed.chunks[i].data, level, mtime=0)

        ahead: deque[tuple[int, Future[bytes]]] = deque((i, later(i)) for i in indexes[:2])
        rest = iter(indexes[2:])
        while ahead:
            index, future = ahead.popleft()
            following = next(rest, None)
            if following is not None:
                ahead.append((following, later(following)))
            yield index, future.result()


def upload(
    client: ApiClient,
    signed: SignedBatch,
    events: UploadEvents | None = None,
    *,
    gzip_level: int = 1,
) -> dict[str, Any]:
    """The receipt body (`receipt`, `signature`, `alg`, `kid`), not yet verified."""
    events = events or UploadEvents()
    batch = signed.manifest.batch
    failpoints.hit("before-create")
    sub = client.call("POST", "/submissions", json=create_body(signed)).json()
    if events.created is not None:
        events.created(sub)
    if sub["state"] != "committed":
        for _ in range(3):  # a commit that finds a piece missing says which; send it
            held = sub["chunks"]
            _send(client, signed, held, events, gzip_level)
            failpoints.hit("after-last-chunk")
            try:
                body: dict[str, Any] = client.call("POST", f"/submissions/{batch}/commit").json()
            except ServerRefused as exc:
                if exc.code != "chunks-missing":
                    raise
                sub = client.call("GET", f"/submissions/{batch}").json()
                continue
            failpoints.hit("after-commit")
            return body
    body = client.call("GET", f"/submissions/{batch}/receipt").json()
    failpoints.hit("after-commit")
    return body


def _send(
    client: ApiClient,
    signed: SignedBatch,
    held: dict[str, Any],
    events: UploadEvents,
    level: int,
) -> None:
    batch = signed.manifest.batch
    total = len(signed.chunks)
    missing = [int(i) for i in held["missing"]]
    sent = total - len(missing)
    for index, data in _gzipped(signed, missing, level):
        client.call(
            "PUT", f"/submissions/{batch}/chunks/{index}", data=data,
            headers={**_OCTETS, "Content-Encoding": "gzip"},
        )  # fmt: skip
        sent += 1
        if events.chunk_sent is not None:
            events.chunk_sent(sent, total)
        failpoints.hit("mid-chunk")
    wanted = set(held["photos_missing"])
    for photo in signed.photos:
        if photo.name in wanted:
            client.call(
                "PUT", f"/submissions/{batch}/photos/{photo.name}", data=photo.data,
                headers=_OCTETS,
            )  # fmt: skip
