"""Benchmark: a signed batch of N enrolment records uploaded to the reference server on
loopback, end to end — create, gzip'd chunks, commit (the server verifies every digest and
the signature and re-runs every rule), verified receipt (`python -m bench.upload 100000`).

Then the resume: a second batch interrupted at half its chunks and uploaded again; the
figure is how many chunks the second run sent that the server already held.
"""

from __future__ import annotations

import contextlib
import resource
import secrets
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import requests

from bench.datagen import diploma_columns
from desktop.cli.demo import reference_server
from desktop.domain.fields import BatchKind
from desktop.domain.records import Record
from desktop.domain.table import build_table, gc_paused
from desktop.sheets.sample import intake_year
from desktop.sync.algorithms import SigningKey, VerifyKey, generate
from desktop.sync.http import ApiClient, Endpoint
from desktop.sync.receipts import verify_receipt
from desktop.sync.signing import BatchMeta, SignedBatch, sign_batch
from desktop.sync.upload import UploadEvents, upload

_KEEP = ("xm", "xb", "csrq", "zjlx", "sfzh", "mz", "zzmm", "xh", "zydm", "zymc", "cc", "xz", "xxxs")


def records(n: int, offset: int) -> list[Record]:
    year = intake_year(date.today())
    source = diploma_columns(n + offset, bad_share=0.0)
    cols = {k: source[k][offset:] for k in _KEEP}
    cols["ksh"] = [f"{year % 100:02d}{i:012d}" for i in range(offset, offset + n)]
    cols["rxrq"] = [f"{year}-09-01"] * n
    cols["yjbyrq"] = [f"{year + 4}-06-30"] * n
    cols["fcjl"] = ["注册学籍"] * n
    table = build_table(BatchKind.ENROLLMENT, cols)
    with gc_paused():
        return [table.record(i) for i in range(n)]


def signed(key: SigningKey, recs: list[Record]) -> SignedBatch:
    meta = BatchMeta(
        uuid.uuid4(), "10001", BatchKind.ENROLLMENT, datetime.now(UTC), "clerk", "signer", "0" * 64
    )
    with gc_paused():
        return sign_batch(recs, key=key, meta=meta)


class Interrupted(Exception):
    pass


def run(n: int) -> None:
    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory() as tmp, reference_server(Path(tmp), token) as (url, _):
        key = generate()
        api = f"{url}/api/v1"
        code = requests.post(
            f"{api}/admin/enrolment-codes", json={"school": "10001"},
            headers={"X-Admin-Token": token}, timeout=30,
        ).json()["code"]  # fmt: skip
        requests.post(
            f"{api}/schools/10001/keys", timeout=30,
            json={"enrolment_code": code, "public_key": key.public.pem.decode()},
        )  # fmt: skip
        pinned = VerifyKey.from_pem(
            requests.get(f"{url}/api/v1/server-key", timeout=30).json()["public_key"].encode()
        )
        t0 = time.perf_counter()
        batch = signed(key, records(n, 0))
        raw = sum(len(c.data) for c in batch.chunks)
        t1 = time.perf_counter()
        print(f"N={n:,}: built and signed in {t1 - t0:.1f}s; {raw / 2**20:,.1f} MiB in "
              f"{len(batch.chunks)} chunks", flush=True)  # fmt: skip
        marks: dict[str, float] = {}
        with ApiClient(Endpoint(url, read_timeout=900)) as client:
            client.login_with("10001", key)
            events = UploadEvents(
                created=lambda _: marks.__setitem__("created", time.perf_counter()),
                chunk_sent=lambda s, t: marks.__setitem__("chunks", time.perf_counter()),
            )
            t2 = time.perf_counter()
            body = upload(client, batch, events)
            receipt = verify_receipt(body, pinned)
            t3 = time.perf_counter()
            wire = client.bytes_sent
        assert receipt.accepted == n, (receipt.accepted, receipt.refused[:1])
        chunks_done = marks["chunks"] - marks["created"]
        print(f"  upload end to end {t3 - t2:6.1f}s = {n / (t3 - t2):,.0f} records/s "
              f"(chunks {chunks_done:.1f}s, commit+receipt {t3 - marks['chunks']:.1f}s); "
              f"{wire / 2**20:,.1f} MiB on the wire for {raw / 2**20:,.1f} MiB "
              f"({wire / raw:.0%})", flush=True)  # fmt: skip

        second = signed(key, records(min(n, 50_000), n))
        half = len(second.chunks) // 2 or 1
        with ApiClient(Endpoint(url, read_timeout=900)) as client:
            client.login_with("10001", key)

            def stop(sent: int, total: int) -> None:
                if sent >= half:
                    raise Interrupted

            with contextlib.suppress(Interrupted):
                upload(client, second, UploadEvents(chunk_sent=stop))
            resent: list[int] = []
            upload(client, second, UploadEvents(chunk_sent=lambda s, t: resent.append(s)))
        again = len(resent) - (len(second.chunks) - half)
        print(f"  resume after stopping at {half}/{len(second.chunks)} chunks: "
              f"{len(resent)} chunks sent, {again} of them already held", flush=True)  # fmt: skip
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  client peak RSS {rss:,.0f} MB", flush=True)


def main(argv: list[str]) -> None:
    for n in [int(a) for a in argv] or [100_000]:
        run(n)


if __name__ == "__main__":
    main(sys.argv[1:])
