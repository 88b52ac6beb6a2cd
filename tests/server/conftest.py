"""The reference server on a free loopback port (uvicorn in a thread), spoken to with
requests, as the desktop client will."""

from __future__ import annotations

import base64
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

from desktop.domain.fields import BatchKind
from desktop.domain.records import DiplomaRecord, EnrollmentRecord, Record
from desktop.sync.algorithms import SigningKey, VerifyKey, generate
from desktop.sync.signing import BatchMeta, SignedBatch, sign_batch
from server import Limits, create_app
from server.serverkey import load_or_create

ADMIN = "admin-token-for-tests"


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


def serve(tmp: Path, limits: Limits | None = None) -> Iterator[Live]:
    key = load_or_create(tmp / "server.key")
    app = create_app(f"sqlite:///{tmp / 'central.db'}", key, admin_token=ADMIN, limits=limits)
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
    with requests.Session() as session:
        yield Live(f"http://127.0.0.1:{port}", key.public, session)
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    yield from serve(tmp_path)


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
