"""A school office and the reference server on loopback, for the sync client's tests:
a workspace with its key registered and the server's key pinned, and batches that go
from a real CSV file to 已签名 through the services."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.services import batches, records, signing
from desktop.services import sync as sync_service
from desktop.services.workspace import Session, Workspace
from desktop.store.models import AuditEntry, table_of
from desktop.sync.http import RetryPolicy
from desktop.sync.keys import KeyStore
from desktop.sync.pkcs8 import ScryptCost
from tests.faults.proxy import FaultProxy
from tests.faults.server_process import ServerProcess
from tests.server.conftest import ADMIN, Live
from tests.store import sheets
from tests.store.conftest import login

PHRASE = "correct horse battery"
CHEAP = ScryptCost(n=2**10)
# Short waits: the faults the tests cause are brief, and the suite must stay fast.
FAST = sync_service.ClientSettings(
    connect_timeout=2.0, read_timeout=5.0, retry=RetryPolicy(attempts=6, base=0.05, cap=0.5)
)


def cheap_keystore(session: Session) -> KeyStore:
    return KeyStore(session.workspace.keys_dir, cost=CHEAP)


def enrolment_code(url: str, school: str) -> str:
    r = requests.post(
        f"{url}/api/v1/admin/enrolment-codes", json={"school": school},
        headers={"X-Admin-Token": ADMIN}, timeout=10,
    )  # fmt: skip
    assert r.status_code == 201, r.text
    return str(r.json()["code"])


def enrollment_row(i: int) -> sheets.Row:
    """A freshman of this autumn: the server judges deadlines by today's date."""
    year = date.today().year if date.today().month >= 9 else date.today().year - 1
    return sheets.enrollment(
        i, 考生号=f"{year % 100:02d}110105{i:06d}", 入学日期=f"{year}-09-01",
        学号=f"{year}{i:07d}",
    )  # fmt: skip


@dataclass
class Office:
    ws: Workspace
    url: str
    tmp: Path
    made: int = 0

    # One login each: Argon2 makes a login cost a tenth of a second.
    @cached_property
    def reviewer(self) -> Session:
        return login(self.ws, "reviewer")

    @cached_property
    def admin(self) -> Session:
        return login(self.ws, "admin")

    @cached_property
    def clerk(self) -> Session:
        return login(self.ws, "clerk")

    def signed(self, rows: list[sheets.Row], name: str = "新生", chunk_size: int = 1 << 20) -> str:
        """A batch from a CSV file, validated, warnings acknowledged, signed."""
        self.made += 1
        path = sheets.write(self.tmp / f"{name}-{self.made}.csv", rows)
        clerk = self.clerk
        batch = batches.import_file(clerk, path, BatchKind.ENROLLMENT, name=name)
        reviewer = self.reviewer
        batch = batches.validate_batch(clerk, batch.id)
        if batch.unacknowledged:
            _, findings = batches.show_batch(clerk, batch.id)
            for f in findings:
                if f["severity"] == "warning" and not f["acknowledged"]:
                    batch = records.acknowledge(
                        reviewer,
                        batch.id,
                        int(str(f["row_no"])),
                        str(f["rule_id"]),
                        "已电话核实",
                    )
        assert batch.state is BatchState.VALIDATED, batches.show_batch(clerk, batch.id, 5)
        return signing.sign(reviewer, batch.id, PHRASE, chunk_size=chunk_size).id

    def queued(self, n: int, start: int = 0, chunk_size: int = 1 << 20) -> str:
        batch_id = self.signed([enrollment_row(start + i) for i in range(n)], chunk_size=chunk_size)
        sync_service.enqueue(self.reviewer, batch_id)
        return batch_id

    def sync(self, **kw: object) -> sync_service.SyncReport:
        return sync_service.sync(self.reviewer, PHRASE, settings=FAST, **kw)  # type: ignore[arg-type]


def actions(office: Office) -> list[str]:
    """The audit log's actions, oldest first."""
    log = table_of(AuditEntry)
    with office.ws.engine.connect() as conn:
        return [r.action for r in conn.execute(select(log.c.action).order_by(log.c.seq))]


def open_office(
    ws: Workspace, url: str, tmp: Path, monkeypatch: pytest.MonkeyPatch, code: str
) -> Office:
    monkeypatch.setattr(signing, "keystore", cheap_keystore)
    admin = login(ws, "admin")
    signing.generate_key(admin, PHRASE)
    sync_service.connect(admin, url, settings=FAST)
    sync_service.register_key(admin, code, settings=FAST)
    return Office(ws, url, tmp)


@pytest.fixture(name="central_url")
def sqlite_central_url(tmp_path: Path) -> str:
    """The sync client's tests keep the server on SQLite in tmp_path (the kill tests read
    it there); the server's own tests run it on PostgreSQL too."""
    return f"sqlite:///{tmp_path / 'central.db'}"


@pytest.fixture
def office(
    sqlite_workspace: Workspace, live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Office]:
    """An office and the reference server in this process."""
    code = enrolment_code(live.url, "10001")
    yield open_office(sqlite_workspace, live.url, tmp_path, monkeypatch, code)


@pytest.fixture
def proxied_office(
    sqlite_workspace: Workspace,
    server_process: ServerProcess,
    fault_proxy: FaultProxy,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Office]:
    """An office speaking to the reference server in its own process, through the fault
    proxy (the server's address as the office knows it is the proxy's)."""
    code = server_process.issue_code("10001")
    yield open_office(sqlite_workspace, fault_proxy.url, tmp_path, monkeypatch, code)
