"""The register's set-wise writes (server/registry.py, server/bulk.py) on a real database:
SQLite always, PostgreSQL too when REGDESK_TEST_PG_URL names a server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, make_url, select
from sqlalchemy.orm import Session

from desktop.domain.fields import BatchKind
from desktop.domain.records import AnnualRecord, Record
from desktop.domain.table import table_from_records
from server.bulk import KEYS
from server.db import make_engine
from server.models import Certificate, IdentityHistory, Person, Status
from server.registry import Registry
from tests.server.conftest import diploma, enrollment, person_id

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
T1 = datetime(2026, 9, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
        yield eng
        eng.dispose()
        return
    url = os.environ.get("REGDESK_TEST_PG_URL")
    if not url:
        pytest.skip("REGDESK_TEST_PG_URL not set (.ci/run starts a PostgreSQL server)")
    base = make_url(url)
    name = f"{base.database}_registry_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    eng = make_engine(base.set(database=name).render_as_string(hide_password=False))
    yield eng
    eng.dispose()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def apply(engine: Engine, school: str, kind: BatchKind, records: Sequence[Record],
          now: datetime, accepted: list[int] | None = None) -> str:  # fmt: skip
    batch = str(uuid.uuid4())
    table = table_from_records(kind, records)
    with Session(engine) as s:
        Registry(s).apply(school, table, range(table.n) if accepted is None else accepted,
                          batch, now)  # fmt: skip
        s.commit()
    return batch


def rows(engine: Engine, model: Any, *cols: Any) -> list[tuple[Any, ...]]:
    with Session(engine) as s:
        order = model.id if hasattr(model, "id") else next(iter(model.__table__.primary_key))
        return [tuple(r) for r in s.execute(select(*cols).order_by(order))]


def test_persons_statuses_and_history_are_written_set_wise(engine: Engine) -> None:
    first = [
        enrollment(0), enrollment(1), enrollment(2, fcjl="2"),  # 2 gave up: a person, no 学籍
        enrollment(1, xm="张叁", zymc="软件工程"), enrollment(3), enrollment(4),
    ]  # fmt: skip
    b1 = apply(engine, "10001", BatchKind.ENROLLMENT, first, T0, accepted=[0, 1, 2, 3, 4])
    people = dict(rows(engine, Person, Person.sfzh, Person.xm))
    assert people == {person_id(i): n for i, n in [(0, "李四"), (1, "张叁"), (2, "李四"),
                                                   (3, "张三")]}  # fmt: skip
    # Article 19: a batch renaming a person it brings in keeps the first name as history.
    assert rows(engine, IdentityHistory, IdentityHistory.sfzh, IdentityHistory.xm,
                IdentityHistory.csrq) == [(person_id(1), "张三", date(2000, 1, 1))]  # fmt: skip
    statuses = rows(engine, Status, Status.id, Status.sfzh, Status.zymc, Status.xz, Status.rxrq,
                    Status.active, Status.batch)  # fmt: skip
    # One status per (person, 考生号), in the batch's order, the later row's values winning.
    assert [s[1:] for s in statuses] == [
        (person_id(0), "计算机科学与技术", "4", date(2026, 9, 1), True, b1),
        (person_id(1), "软件工程", "4", date(2026, 9, 1), True, b1),
        (person_id(3), "计算机科学与技术", "4", date(2026, 9, 1), True, b1),
    ]

    again = [enrollment(0, zymc="数学与应用数学", xm=None), enrollment(2, xb="1", xm="李肆")]
    b2 = apply(engine, "10001", BatchKind.ENROLLMENT, again, T1)
    after = rows(engine, Status, Status.id, Status.sfzh, Status.zymc, Status.batch)
    assert after[0] == (statuses[0][0], person_id(0), "数学与应用数学", b2)  # updated in place
    assert after[3][1:] == (person_id(2), "计算机科学与技术", b2)  # registered this time
    assert len(after) == 4
    people2 = rows(engine, Person, Person.sfzh, Person.xm, Person.xb, Person.updated)
    assert (person_id(0), "李四") in [p[:2] for p in people2]  # an empty name changes nothing
    assert (person_id(2), "李肆", "1", T1) in people2
    history = rows(engine, IdentityHistory, IdentityHistory.sfzh, IdentityHistory.xm,
                   IdentityHistory.xb, IdentityHistory.replaced, IdentityHistory.batch)  # fmt: skip
    assert history[1:] == [(person_id(2), "李四", "2", T1, b2)]


def test_lookups_and_deregistration(engine: Engine) -> None:
    apply(engine, "10001", BatchKind.ENROLLMENT, [enrollment(i) for i in range(4)], T0)
    apply(engine, "10002", BatchKind.ENROLLMENT, [enrollment(7, ksh="26110101777777")], T0)
    ids = {person_id(i) for i in (0, 1, 5, 7)}
    with Session(engine) as s:
        reg = Registry(s)
        assert reg.fulltime_elsewhere("10002", ids) == {
            person_id(0): "10001", person_id(1): "10001"
        }  # fmt: skip
        assert reg.fulltime_elsewhere("10001", ids) == {person_id(7): "10002"}
        assert set(reg.enrolled_at("10001", ids)) == {person_id(0), person_id(1)}
        assert reg.fulltime_elsewhere("10001", set()) == {}
        assert set(reg.enrolled_at("10001", [])) == set()

    gone = AnnualRecord(xh="20260000001", xm="张三", sfzh=person_id(1), xn="2026-2027", zxlb="1")
    stays = AnnualRecord(xh="20260000002", xm="李四", sfzh=person_id(2), xn="2026-2027")
    apply(engine, "10001", BatchKind.ANNUAL, [gone, stays], T1)
    active = dict(rows(engine, Status, Status.sfzh, Status.active))
    assert active == {person_id(0): True, person_id(1): False, person_id(2): True,
                      person_id(3): True, person_id(7): True}  # fmt: skip
    with Session(engine) as s:
        assert Registry(s).fulltime_elsewhere("10002", ids) == {person_id(0): "10001"}


def test_certificates_once_per_number(engine: Engine) -> None:
    apply(engine, "10001", BatchKind.ENROLLMENT, [enrollment(i) for i in range(4)], T0)
    apply(engine, "10001", BatchKind.DIPLOMA, [diploma(0)], T0)
    recs: list[Record] = [diploma(1), diploma(2, zsbh=diploma(1).zsbh), diploma(3, zsbh=diploma(0).zsbh),
                          diploma(2, zsbh=None)]  # fmt: skip
    b = apply(engine, "10001", BatchKind.DIPLOMA, recs, T1)
    certs = rows(engine, Certificate, Certificate.zsbh, Certificate.sfzh, Certificate.batch)
    assert [c[:2] for c in certs] == [
        (diploma(0).zsbh, person_id(0)),
        (diploma(1).zsbh, person_id(1)),
    ]
    assert certs[1][2] == b
    with Session(engine) as s:
        numbers = {str(diploma(0).zsbh), str(diploma(1).zsbh), "100011202605999999"}
        assert Registry(s).certificate_schools(numbers) == {
            diploma(0).zsbh: "10001", diploma(1).zsbh: "10001"
        }  # fmt: skip


def test_staged_keys_go_with_the_commit(engine: Engine) -> None:
    """The keys a lookup staged are gone once the records are registered, and a rolled
    back commit leaves nothing staged for the connection's next user."""
    apply(engine, "10001", BatchKind.ENROLLMENT, [enrollment(i) for i in range(3)], T0)
    with Session(engine) as s:
        reg = Registry(s)
        assert set(reg.enrolled_at("10001", {person_id(0), person_id(9)})) == {person_id(0)}
        assert set(s.connection().scalars(select(KEYS.c.k))) == {person_id(0), person_id(9)}
        s.rollback()  # the staging went with the transaction
        reg = Registry(s)
        assert set(reg.enrolled_at("10001", {person_id(1)})) == {person_id(1)}
        reg.apply("10001", table_from_records(BatchKind.ENROLLMENT, [enrollment(5)]), [0],
                  "b", T1)  # fmt: skip
        assert list(s.connection().scalars(select(KEYS.c.k))) == []
        s.commit()


def test_a_batch_sent_again_updates_its_statuses_in_place(engine: Engine) -> None:
    apply(engine, "10001", BatchKind.ENROLLMENT, [enrollment(i) for i in range(3)], T0)
    before = rows(engine, Status, Status.id, Status.sfzh, Status.zymc)
    again = [enrollment(i, zymc="软件工程") for i in range(3)]
    b = apply(engine, "10001", BatchKind.ENROLLMENT, again, T1)
    after = rows(engine, Status, Status.id, Status.sfzh, Status.zymc, Status.batch)
    assert after == [(i, s, "软件工程", b) for i, s, _ in before]
    assert rows(engine, IdentityHistory, IdentityHistory.id) == []
