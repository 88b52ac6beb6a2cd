"""Workspaces on SQLite (always) and PostgreSQL (when REGDESK_TEST_PG_URL names a server,
as .ci/run arranges), initialised with one operator of each role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from desktop.domain.roles import Role
from desktop.services.workspace import SchoolProfile, Session, Workspace
from desktop.store.models import Base

PG_URL = os.environ.get("REGDESK_TEST_PG_URL")
PASSWORDS = {"admin": "Admin123!", "clerk": "Clerk123!", "reviewer": "Review123!"}
PROFILE = SchoolProfile(code="10001", name="北京大学", president="李四")


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    url = None
    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip("REGDESK_TEST_PG_URL not set (.ci/run starts a PostgreSQL server)")
        _reset_postgres(PG_URL)
        url = PG_URL
    ws = Workspace.open(home=tmp_path / "ws", url=url)
    ws.initialise(PROFILE, "admin", PASSWORDS["admin"])
    admin = ws.login("admin", PASSWORDS["admin"])
    admin.add_operator("clerk", PASSWORDS["clerk"], Role.CLERK)
    admin.add_operator("reviewer", PASSWORDS["reviewer"], Role.REVIEWER)
    yield ws
    ws.engine.dispose()


def login(ws: Workspace, name: str) -> Session:
    return ws.login(name, PASSWORDS[name])
