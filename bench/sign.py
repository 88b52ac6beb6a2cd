"""Benchmark: freeze / sign / verify of N diploma records (`python -m bench.sign 100000`).

For each N and algorithm: freezing (records -> canonical JSON lines -> chunks and their
digests), signing (manifest, JCS, signature, verify-before-store), verifying in memory
(signature and every chunk digest), writing the .regpkg and verifying it from disk.
Records come from bench/datagen.py through build_table, as the store will hand them over.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench.datagen import diploma_columns
from desktop.domain.fields import BatchKind
from desktop.domain.records import Record
from desktop.domain.table import build_table, gc_paused
from desktop.sync.algorithms import Alg, generate
from desktop.sync.chunks import freeze
from desktop.sync.package import export_package, verify_package
from desktop.sync.signing import BatchMeta, sign_batch, verify_signed


def records(n: int) -> list[Record]:
    table = build_table(BatchKind.DIPLOMA, diploma_columns(n, bad_share=0.0))
    with gc_paused():
        return [table.record(i) for i in range(n)]


def run(n: int, algs: list[Alg]) -> None:
    t0 = time.perf_counter()
    recs = records(n)
    print(f"N={n:,}: {n:,} records built in {time.perf_counter() - t0:.1f}s", flush=True)
    for alg in algs:
        key = generate(alg)
        meta = BatchMeta(
            uuid.uuid4(), "10001", BatchKind.DIPLOMA, datetime.now(UTC), "clerk", "signer", "0" * 64
        )
        with gc_paused():
            t1, c1 = time.perf_counter(), time.process_time()
            chunks = freeze(recs, kind=BatchKind.DIPLOMA, digest=alg.digest)
            t2, c2 = time.perf_counter(), time.process_time()
            signed = sign_batch(recs, key=key, meta=meta)
            t3, c3 = time.perf_counter(), time.process_time()
            verify_signed(signed)
            t4 = time.perf_counter()
        size = sum(len(c.data) for c in chunks)
        sign_only = _sign_only(signed.manifest_bytes, key)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "batch.regpkg"
            t5 = time.perf_counter()
            export_package(signed, path)
            t6 = time.perf_counter()
            verdict = verify_package(path)
            t7 = time.perf_counter()
            packed = path.stat().st_size
        assert verdict.ok, verdict.message
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"  {alg.value:8} freeze {t2 - t1:6.2f}s (cpu {c2 - c1:5.2f}s; {size / 2**20:,.0f} MiB"
            f" in {len(chunks)} chunks)  sign_batch {t3 - t2:6.2f}s (cpu {c3 - c2:5.2f}s; the"
            f" manifest's sign+verify {sign_only * 1000:.2f} ms)",
            flush=True,
        )
        print(
            f"           verify in memory {t4 - t3:5.2f}s  export {t6 - t5:5.2f}s"
            f" ({packed / 2**20:,.0f} MiB)  verify package {t7 - t6:5.2f}s  peak RSS {rss:,.0f} MB",
            flush=True,
        )


def _sign_only(manifest_bytes: bytes, key: object) -> float:
    from desktop.sync.algorithms import SigningKey

    assert isinstance(key, SigningKey)
    t = time.perf_counter()
    for _ in range(20):
        key.public.verify(key.sign(manifest_bytes), manifest_bytes)
    return (time.perf_counter() - t) / 20


def main(argv: list[str]) -> None:
    algs = [Alg(a) for a in argv if not a.isdigit()] or list(Alg)
    for arg in [a for a in argv if a.isdigit()] or ["100000"]:
        run(int(arg), algs)


if __name__ == "__main__":
    main(sys.argv[1:])
