"""Benchmark: the server's commit alone, without HTTP (`python -m bench.commit 100000
[--profile]`). A signed enrolment batch is stored straight into a fresh central database
(SQLite in a temporary folder, or `--database URL`), then `server.commit.commit` runs
in this thread, so cProfile sees all of it (the route handlers run in worker threads).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

import server.commit
from bench.upload import records, signed
from desktop.sync import receipts
from desktop.sync.algorithms import generate
from server.commit import commit
from server.db import make_engine, session_factory
from server.models import (
    Base,
    Certificate,
    IdentityHistory,
    Person,
    School,
    SchoolKey,
    Status,
    StoredChunk,
    Submission,
)
from server.registry import Registry
from server.wire_table import BatchReader

_SPLIT: dict[str, list[float]] = {}


def _timed(owner: Any, name: str, label: str) -> None:
    """Wrap owner.name to add its wall and CPU time to _SPLIT[label]."""
    inner = getattr(owner, name)

    def timed(*args: Any, **kw: Any) -> Any:
        w, c = time.perf_counter(), time.process_time()
        try:
            return inner(*args, **kw)
        finally:
            acc = _SPLIT.setdefault(label, [0.0, 0.0])
            acc[0] += time.perf_counter() - w
            acc[1] += time.process_time() - c

    setattr(owner, name, timed)


def _split_timers() -> None:
    _timed(BatchReader, "add", "read chunks")
    _timed(server.commit, "validate", "desktop rules")
    _timed(server.commit, "central_findings", "central rules")
    _timed(Registry, "apply", "register")
    _timed(receipts, "sign_receipt", "receipt")
    _timed(Session, "commit", "db commit")


def run(n: int, database: str, profile: bool) -> None:
    engine = make_engine(database)
    if not database.startswith("sqlite"):  # a reused server database: start clean
        with engine.begin() as conn:
            for model in (Certificate, IdentityHistory, Status, Person):
                conn.execute(delete(model))
        Base.metadata.create_all(engine)
    sessions = session_factory(engine)
    key, server_key = generate(), generate()
    t0 = time.perf_counter()
    batch = signed(key, records(n, 0))
    print(f"N={n:,}: built and signed in {time.perf_counter() - t0:.1f}s", flush=True)
    now = datetime.now(UTC)
    m = batch.manifest
    with sessions() as s:
        if s.get(School, "10001") is None:
            s.add(School(code="10001"))
        s.add(SchoolKey(kid=key.kid, school="10001", alg=key.alg.value, pem=key.public.pem,
                        fingerprint=key.public.fingerprint, registered=now))  # fmt: skip
        s.add(Submission(batch=str(m.batch), school="10001", kind=m.kind.value, kid=m.kid,
                         manifest=batch.manifest_bytes, envelope=batch.envelope,
                         record_count=m.record_count, chunk_count=len(batch.chunks),
                         state="open", created=now))  # fmt: skip
        s.flush()
        s.add_all(StoredChunk(batch=str(m.batch), index=c.index, digest=c.digest, data=c.data)
                  for c in batch.chunks)  # fmt: skip
        s.commit()
    del batch
    with sessions() as s:
        sub = s.get(Submission, str(m.batch))
        assert sub is not None
        prof = cProfile.Profile(time.process_time) if profile else None
        t1, c1 = time.perf_counter(), time.process_time()
        if prof is not None:
            prof.enable()
        commit(s, sub, server_key)
        s.commit()
        if prof is not None:
            prof.disable()
        t2, c2 = time.perf_counter(), time.process_time()
        assert sub.accepted_count == n, (sub.accepted_count, sub.refused_count)
    # CPU time as well: the machine is shared, and wall time follows everyone's load.
    for label, (wall, cpu) in _SPLIT.items():
        print(f"    {label:14} {wall:6.1f}s wall {cpu:6.1f}s CPU", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS {rss:,.0f} MB (the batch built and signed in this process too)")
    print(f"  commit {t2 - t1:.1f}s wall, {c2 - c1:.1f}s CPU = {n / (t2 - t1):,.0f} records/s",
          flush=True)  # fmt: skip
    if prof is not None:
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("n", type=int, nargs="?", default=100_000)
    p.add_argument("--database", help="SQLAlchemy URL (default: SQLite in a temporary folder)")
    p.add_argument("--profile", action="store_true")
    args = p.parse_args()
    if not args.profile:
        _split_timers()
    with tempfile.TemporaryDirectory() as tmp:
        run(args.n, args.database or f"sqlite:///{Path(tmp) / 'central.db'}", args.profile)


if __name__ == "__main__":
    main()
