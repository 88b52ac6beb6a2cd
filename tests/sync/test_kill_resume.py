"""The client killed (SIGKILL, a real process) at six points of a sync and restarted,
20 runs each: the server ends with exactly one submission per batch and every record
once, and the client ends in the server's state."""

from __future__ import annotations

import multiprocessing
import os
import random
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, select, text

from desktop.domain.lifecycle import BatchState
from desktop.services import pull
from desktop.store import batches as repo
from desktop.store import outbox, server_link
from desktop.store.models import Record, table_of
from tests.store.conftest import PASSWORDS
from tests.sync.kill_child import NOT_KILLED, run_client
from tests.sync.office import FAST, PHRASE, Office

RUNS = int(os.environ.get("REGDESK_KILL_RUNS", "20"))
SIZE = 9  # records per batch; 3 to a chunk
CHUNK = 1500
_r = table_of(Record)


@pytest.fixture(scope="module")
def forks() -> Iterator[multiprocessing.context.BaseContext]:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.sync.kill_child"])
    yield ctx


def kill_at(ctx: multiprocessing.context.BaseContext, office: Office, point: str, what: str) -> int:
    child = ctx.Process(  # type: ignore[attr-defined]
        target=run_client,
        args=(str(office.ws.home), PASSWORDS["reviewer"], PHRASE, point, what),
    )
    child.start()
    child.join(120)
    assert child.exitcode is not None, "the client hung"
    return int(child.exitcode)


def server_counts(office: Office, batch_id: str) -> tuple[int, int, int]:
    """(submissions of the batch, their committed records, students it registered)."""
    engine = create_engine(f"sqlite:///{office.tmp / 'central.db'}")
    with engine.connect() as conn:
        subs = conn.execute(
            text("SELECT count(*), coalesce(sum(accepted_count), 0) FROM submission "
                 "WHERE batch = :b AND state = 'committed'"), {"b": batch_id},
        ).one()  # fmt: skip
        students = conn.execute(
            text("SELECT count(*) FROM status WHERE batch = :b"), {"b": batch_id}
        ).scalar_one()
    engine.dispose()
    return int(subs[0]), int(subs[1]), int(students)


def assert_settled(office: Office, batch_id: str) -> None:
    assert server_counts(office, batch_id) == (1, SIZE, SIZE)
    with office.ws.engine.connect() as conn:
        assert repo.get(conn, batch_id).state is BatchState.ACCEPTED
        assert outbox.entry(conn, batch_id) is None
        receipt = outbox.receipt_of(conn, batch_id)
        assert receipt is not None and receipt.accepted == SIZE
        accepted = conn.execute(
            select(func.count()).where(_r.c.batch_id == batch_id, _r.c.outcome == "accepted")
        ).scalar_one()
    assert accepted == SIZE


POINTS = ("before-create", "mid-chunk", "after-last-chunk", "after-commit", "receipt-write")


def failpoint(point: str, run: int) -> str:
    """mid-chunk alternates between killing after the first and the second of 3 chunks."""
    return f"mid-chunk:{1 + run % 2}" if point == "mid-chunk" else point


@pytest.mark.parametrize("point", POINTS)
def test_killed_while_syncing_then_restarted(
    office: Office, forks: multiprocessing.context.BaseContext, point: str
) -> None:
    for run in range(RUNS):
        batch_id = office.queued(SIZE, start=run * SIZE, chunk_size=CHUNK)
        assert kill_at(forks, office, failpoint(point, run), "sync") == -9
        [result] = office.sync().results  # the restart
        assert result.state is BatchState.ACCEPTED, (run, result.message)
        assert_settled(office, batch_id)


def test_killed_while_pulling_then_restarted(
    office: Office, forks: multiprocessing.context.BaseContext
) -> None:
    rng = random.Random(6)
    for run in range(RUNS):
        office.queued(3, start=run * 3)
        office.sync()
        pages = -(-3 * (run + 1) // 4)  # 3 students more each run, 4 to a page
        assert kill_at(forks, office, f"pull-page:{rng.randint(1, pages)}", "pull") == -9
        report = pull.pull(office.reviewer, PHRASE, settings=FAST, page_size=4)
        assert (report.students, report.missing_on_server, report.unknown_here) == (
            3 * (run + 1),
            (),
            0,
        )
        engine = create_engine(f"sqlite:///{office.tmp / 'central.db'}")
        with engine.connect() as conn:
            there = {r.sfzh for r in conn.execute(text("SELECT sfzh FROM status"))}
        engine.dispose()
        with office.ws.engine.connect() as conn:
            here = {s["sfzh"] for s in server_link.students(conn)}
        assert here == there


def test_a_child_that_reaches_no_failpoint_says_so(
    office: Office, forks: multiprocessing.context.BaseContext
) -> None:
    """The kill tests could pass vacuously if a failpoint name were wrong: prove the
    child exits on its own when its point is never reached."""
    office.queued(2)
    assert kill_at(forks, office, "no-such-point", "sync") == NOT_KILLED
