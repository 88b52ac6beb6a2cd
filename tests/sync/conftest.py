"""Shared fixtures of the sync tests: cheap scrypt, typed records, signed batches."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.domain.fields import BatchKind
from desktop.domain.records import DiplomaRecord
from desktop.sync.algorithms import Alg, SigningKey, generate
from desktop.sync.keys import KeyStore
from desktop.sync.pkcs8 import ScryptCost
from desktop.sync.signing import BatchMeta, SignedBatch, sign_batch

# Real scrypt, smaller than the product's N=2**17 so the suite stays fast.
CHEAP = ScryptCost(n=2**12, r=8, p=1)
PASSPHRASE = "正确的马电池订书钉-42"


def diploma(i: int, **over: object) -> DiplomaRecord:
    values: dict[str, object] = {
        "xm": "张三" if i % 2 else "李四",
        "xb": "1",
        "csrq": date(2000, 1, 1 + i % 28),
        "zjlx": "1",
        "sfzh": f"11010520000101{i % 1000:03d}X",
        "mz": "01",
        "xh": f"2022{i:07d}",
        "rxrq": date(2022, 9, 1),
        "byrq": date(2026, 6, 30),
        "zydm": "080901",
        "zymc": "计算机科学与技术",
        "cc": "05",
        "xz": Decimal(4),
        "xxxs": "1",
        "byjl": "1",
        "xxmc": "北京大学",
        "xzxm": "王五",
        "zsbh": f"100011202605{i + 1:06d}",
        "fzrq": date(2026, 6, 30),
    }
    values.update(over)
    return DiplomaRecord(**values)  # type: ignore[arg-type]


def records(n: int) -> list[DiplomaRecord]:
    return [diploma(i) for i in range(n)]


def meta(kind: BatchKind = BatchKind.DIPLOMA) -> BatchMeta:
    return BatchMeta(
        batch_id=uuid.UUID("6b1f3c1e-0d7a-4c55-9a0e-2f9d8b7c6a51"),
        school_code="10001",
        kind=kind,
        created=datetime(2026, 7, 1, 9, 30, tzinfo=UTC),
        operator="clerk01",
        signer="reviewer01",
        audit_head="a" * 64,
    )


def signed(
    key: SigningKey, n: int = 40, *, chunk_size: int = 2000, photos: bool = True
) -> SignedBatch:
    pics = (
        {"20220000001.jpg": b"\xff\xd8\xff photo one", "王五.png": b"\x89PNG two"} if photos else {}
    )
    return sign_batch(
        records(n),
        key=key,
        meta=meta(),
        photos=pics,
        chunk_size=chunk_size,
        now=datetime(2026, 7, 2, 8, 0, tzinfo=UTC),
    )


@pytest.fixture(params=list(Alg), ids=lambda a: a.value)
def alg(request: pytest.FixtureRequest) -> Alg:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def key(alg: Alg) -> SigningKey:
    return generate(alg)


@pytest.fixture
def store(tmp_path: Path) -> KeyStore:
    return KeyStore(tmp_path / "keys", cost=CHEAP)


# The sync client's tests need a workspace (tests/store) and the reference server
# (tests/server): their fixtures, shared rather than written twice.
from tests.faults.fixtures import fault_proxy, server_process  # noqa: E402, F401
from tests.server.conftest import live  # noqa: E402, F401
from tests.store.conftest import sqlite_template, sqlite_workspace  # noqa: E402, F401
from tests.sync.office import office, proxied_office, sqlite_central_url  # noqa: E402, F401
