"""What every request handler shares: the database, the server key, limits, and the
dependencies that authenticate a school and charge its rate."""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.sync.algorithms import SigningKey
from server.config import Limits
from server.errors import ApiError
from server.models import SchoolKey, Token


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RateLimiter:
    """A token bucket per school: `rate_per_minute` sustained, `rate_burst` at once."""

    def __init__(self, per_minute: int, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def charge(self, school: str) -> None:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(school, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[school] = (tokens, now)
                wait = max(1, math.ceil((1.0 - tokens) / self.rate))
                raise ApiError(
                    429,
                    "rate-limited",
                    f"请求过于频繁，请 {wait} 秒后重试",
                    headers={"Retry-After": str(wait)},
                )
            self._buckets[school] = (tokens - 1.0, now)


@dataclass
class ServerState:
    engine: Engine  # disposed by whoever stops the server (its pool holds connections)
    sessions: sessionmaker[Session]
    key: SigningKey
    limits: Limits
    admin_token: str | None
    limiter: RateLimiter
    # Commits judge against every school's data (one full-time status per person), so
    # they run one at a time in this process.
    commit_lock: threading.Lock = field(default_factory=threading.Lock)


def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.server
    return state


StateDep = Annotated[ServerState, Depends(get_state)]


def get_session(state: StateDep) -> Iterator[Session]:
    with state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


@dataclass(frozen=True, slots=True)
class Caller:
    school: str
    kid: str


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.startswith("Bearer "):
        raise ApiError(
            401, "unauthorized", "需要登录令牌（Authorization: Bearer …）",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip
    return authorization.removeprefix("Bearer ").strip()


def get_caller(
    state: StateDep,
    session: SessionDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Caller:
    token = session.get(Token, digest(_bearer(authorization)))
    if token is None or token.expires <= datetime.now(UTC):
        raise ApiError(
            401, "token-invalid", "登录令牌无效或已过期，请重新认证",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip
    key = session.get(SchoolKey, token.kid)
    if key is None or key.revoked is not None:
        raise ApiError(403, "auth-key-revoked", "认证所用的密钥已吊销")
    state.limiter.charge(token.school)
    return Caller(token.school, token.kid)


CallerDep = Annotated[Caller, Depends(get_caller)]


def is_admin(state: ServerState, given: str | None) -> bool:
    return (
        state.admin_token is not None
        and given is not None
        and hmac.compare_digest(given.encode(), state.admin_token.encode())
    )


def require_admin(state: StateDep, x_admin_token: Annotated[str | None, Header()] = None) -> None:
    if not is_admin(state, x_admin_token):
        raise ApiError(403, "admin-required", "需要管理员令牌（X-Admin-Token）")
