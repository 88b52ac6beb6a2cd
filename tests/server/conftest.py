"""The reference server on a free loopback port (uvicorn in a thread), spoken to with
requests, as the desktop client will.

Its database is SQLite always and PostgreSQL too when REGDESK_TEST_PG_URL names a server
(as .ci/run arranges): every test taking `central_url` (or `live`) runs once on each. The
run works in a PostgreSQL database of its own, named after the process and a random
suffix so that other runs on the same cluster never touch it, emptied before each test
and dropped at the end.
"""

from __future__ import annotations

import base64
import os
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests
import uvicorn
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from desktop.domain.fields import BatchKind
from desktop.domain.records import DiplomaRecord, EnrollmentRecord, Record
from desktop.sync.algorithms import SigningKey, VerifyKey, generate
from desktop.sync.signing import BatchMeta, SignedBatch, sign_batch
from server import Limits, create_app
from server.db import make_engine
from server.models import Base
from server.serverkey import load_or_create
from server.state import ServerState

ADMIN = "admin-token-for-tests"
PG_URL = os.environ.get("REGDESK_TEST_PG_URL")


@dataclass
class Live:
    url: str
    server_key: VerifyKey
    session: requests.Session

    def api(self, method: str, path: str, **kw: Any) -> requests.Response:
        return self.session.request(method, f"{self.url}/api/v1{path}", timeout=30, **kw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class PgCentral:
    """This run's private database on the shared PostgreSQL server."""

    admin: Engine  # AUTOCOMMIT, on the server's maintenance database
    name: str
    url: str

    def fresh(self) -> str:
        """The database emptied (quicker than a new one per test), its URL."""
        engine = make_engine(self.url)  # creates the tables the first time
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        engine.dispose()
        return self.url


@pytest.fixture(scope="session")
def pg_central() -> Iterator[PgCentral]:
    if not PG_URL:
        pytest.skip("REGDESK_TEST_PG_URL not set (.ci/run starts a PostgreSQL server)")
    base = make_url(PG_URL)
    name = f"regdesk_central_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        yield PgCentral(admin, name, url)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def central_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty central database: a SQLite file, or this run's PostgreSQL database."""
    if request.param == "postgresql":
        central: PgCentral = request.getfixturevalue("pg_central")
        return central.fresh()
    return f"sqlite:///{tmp_path / 'central.db'}"


def serve(tmp: Path, limits: Limits | None = None, *, url: str | None = None) -> Iterator[Live]:
    """The server on `url` (default: a SQLite file in `tmp`) until the generator closes."""
    key = load_or_create(tmp / "server.key")
    app = create_app(url or f"sqlite:///{tmp / 'central.db'}", key, admin_token=ADMIN,
                     limits=limits)  # fmt: skip
    state: ServerState = app.state.server
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        with requests.Session() as session:
            yield Live(f"http://127.0.0.1:{port}", key.public, session)
    finally:
        server.should_exit = True
        thread.join(10)
        state.engine.dispose()


@pytest.fixture
def live(central_url: str, tmp_path: Path) -> Iterator[Live]:
    yield from serve(tmp_path, url=central_url)


def enrol(live: Live, school: str, key: SigningKey) -> None:
    r = live.api("POST", "/admin/enrolment-codes", json={"school": school},
                 headers={"X-Admin-Token": ADMIN})  # fmt: skip
    assert r.status_code == 201, r.text
    r = live.api("POST", f"/schools/{school}/keys",
                 json={"enrolment_code": r.json()["code"], "public_key": key.public.pem.decode()})  # fmt: skip
    assert r.status_code == 201, r.text


def login(live: Live, school: str, key: SigningKey) -> dict[str, str]:
    r = live.api("POST", "/auth/challenge", json={"school": school, "kid": key.kid})
    assert r.status_code == 200, r.text
    ch = r.json()
    sig = base64.b64encode(key.sign(ch["challenge"].encode())).decode()
    r = live.api("POST", "/auth/token", json={"challenge_id": ch["challenge_id"], "signature": sig})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


@dataclass
class School:
    code: str
    key: SigningKey
    auth: dict[str, str]


def school(live: Live, code: str) -> School:
    key = generate()
    enrol(live, code, key)
    return School(code, key, login(live, code, key))


def person_id(i: int) -> str:
    """A valid 18-digit resident ID (GB 11643 check digit)."""
    body = f"11010520000101{i:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def sex(i: int) -> str:
    return "1" if i % 2 else "2"  # GB 11643: the 17th digit is odd for men


def enrollment(i: int, **over: object) -> EnrollmentRecord:
    values: dict[str, object] = {
        "ksh": f"26110101{i:06d}", "xm": "张三" if i % 2 else "李四", "xb": sex(i),
        "csrq": date(2000, 1, 1), "zjlx": "1", "sfzh": person_id(i), "mz": "01",
        "xh": f"2026{i:07d}", "zydm": "080901", "zymc": "计算机科学与技术", "cc": "05",
        "xz": Decimal(4), "xxxs": "1", "rxrq": date(2026, 9, 1), "fcjl": "1",
    }  # fmt: skip
    values.update(over)
    return EnrollmentRecord(**values)  # type: ignore[arg-type]


def diploma(i: int, **over: object) -> DiplomaRecord:
    values: dict[str, object] = {
        "xm": "张三" if i % 2 else "李四", "xb": sex(i), "csrq": date(2000, 1, 1), "zjlx": "1",
        "sfzh": person_id(i), "mz": "01", "xh": f"2022{i:07d}", "rxrq": date(2022, 9, 1),
        "byrq": date(2026, 6, 30), "zydm": "080901", "zymc": "计算机科学与技术", "cc": "05",
        "xz": Decimal(4), "xxxs": "1", "byjl": "1", "xxmc": "北京大学", "xzxm": "王五",
        "zsbh": f"100011202605{i + 1:06d}", "fzrq": date(2026, 6, 30),
    }  # fmt: skip
    values.update(over)
    return DiplomaRecord(**values)  # type: ignore[arg-type]


def sign(
    sch: School, records: list[Record], kind: BatchKind, *, batch: uuid.UUID | None = None,
    chunk_size: int = 1500, photos: dict[str, bytes] | None = None,
) -> SignedBatch:  # fmt: skip
    meta = BatchMeta(
        batch_id=batch or uuid.uuid4(), school_code=sch.code, kind=kind,
        created=datetime(2026, 7, 1, 9, 30, tzinfo=UTC), operator="clerk01",
        signer="reviewer01", audit_head="a" * 64,
    )  # fmt: skip
    return sign_batch(records, key=sch.key, meta=meta, photos=photos, chunk_size=chunk_size)


def create_body(signed: SignedBatch) -> dict[str, str]:
    return {
        "manifest": base64.b64encode(signed.manifest_bytes).decode(),
        "signature": base64.b64encode(signed.envelope).decode(),
    }


def upload(live: Live, sch: School, signed: SignedBatch) -> requests.Response:
    """create → every chunk and photo → commit; the commit's response."""
    batch = signed.manifest.batch
    r = live.api("POST", "/submissions", json=create_body(signed), headers=sch.auth)
    assert r.status_code in (200, 201), r.text
    for chunk in signed.chunks:
        r = live.api("PUT", f"/submissions/{batch}/chunks/{chunk.index}", data=chunk.data,
                     headers={**sch.auth, "Content-Type": "application/octet-stream"})  # fmt: skip
        assert r.status_code in (200, 201), r.text
    for photo in signed.photos:
        r = live.api("PUT", f"/submissions/{batch}/photos/{photo.name}", data=photo.data,
                     headers={**sch.auth, "Content-Type": "application/octet-stream"})  # fmt: skip
        assert r.status_code in (200, 201), r.text
    return live.api("POST", f"/submissions/{batch}/commit", headers=sch.auth)
