"""Fault rules: which requests a fault hits (method, path, occurrence) and what it does.

Each action is a small frozen value; the proxy interprets it. The lowercase factories
(`respond`, `reset_request`, …) are what tests write:

    proxy.add("PUT", r"/chunks/3$", reset_response(), nth=1)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Respond:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True)
class ResetRequest:
    after_bytes: int


@dataclass(frozen=True)
class ResetResponse:
    after_bytes: int


@dataclass(frozen=True)
class Stall:
    seconds: float
    before_forward: bool


@dataclass(frozen=True)
class Tamper:
    fn: Callable[[bytes], bytes]


@dataclass(frozen=True)
class Call:
    fn: Callable[[], object]
    when: Literal["before", "after"]
    drop: bool


Action = Respond | ResetRequest | ResetResponse | Stall | Tamper | Call


def fault_body(status: int) -> bytes:
    """The server's own error shape ({"code", "message"}), so a client that reads the code
    of an error meets an injected one the same way it meets a real one."""
    return json.dumps(
        {"code": "fault-injected", "message": f"故障注入：HTTP {status}"}, ensure_ascii=False
    ).encode("utf-8")


def respond(
    status: int, headers: dict[str, str] | None = None, body: bytes | None = None
) -> Respond:
    """Answer without forwarding: the server never sees the request (503/500 storms, 429).
    Without a body, a JSON error body like the server's; keep-alive is kept."""
    given = dict(headers or {})
    if body is None:
        body = fault_body(status)
        given.setdefault("Content-Type", "application/json")
    return Respond(status, tuple(given.items()), body)


def reset_request(after_bytes: int = 0) -> ResetRequest:
    """Read the head and at most after_bytes of the body, then TCP RST: the server never
    sees the request; the client gets a connection error (reset) mid-send or mid-wait."""
    return ResetRequest(after_bytes)


def reset_response(after_bytes: int = 0) -> ResetResponse:
    """Forward, read the whole response, pass only its first after_bytes raw bytes (head
    included), then RST: the server did the work, the client never heard it. With 0 or a
    cut inside the head requests raises ConnectionError; a cut inside the body surfaces as
    requests.exceptions.ChunkedEncodingError (urllib3's IncompleteRead), not ConnectionError."""
    return ResetResponse(after_bytes)


def stall(seconds: float, before_forward: bool = True) -> Stall:
    """Hold the request for `seconds`. Before forwarding: the server gets it only after the
    stall (late, possibly after the client gave up and retried). After: the server answered
    at once but the client waits. Either way it is then delivered if the client is still
    there. The proxy's close() cuts a stall short."""
    return Stall(seconds, before_forward)


def tamper(fn: Callable[[bytes], bytes]) -> Tamper:
    """Forward, then replace the response body with fn(body) (the payload after de-chunking,
    still Content-Encoded if the server encoded it); Content-Length is rewritten."""
    return Tamper(fn)


def call(
    fn: Callable[[], object], when: Literal["before", "after"] = "before", *, drop: bool = False
) -> Call:
    """Run fn() in the proxy's connection thread: "before" forwarding the request, or
    "after" the upstream response came back and before it is delivered. With drop=True the
    connection is then reset instead: before → never forwarded; after → the server did it,
    the client hears nothing. If fn raises, the request is reset and the error is re-raised
    by the proxy's close()."""
    return Call(fn, when, drop)


@dataclass(eq=False)
class Rule:
    """One fault. `matched` counts requests that matched method and path; `fired` counts
    those the action was applied to (the occurrence filter may skip some)."""

    method: str | None
    path: re.Pattern[str]
    action: Action
    nth: int | None = None
    first: int | None = None
    matched: int = field(default=0, init=False)
    fired: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if self.nth is not None and self.first is not None:
            raise ValueError("nth and first exclude each other")

    def matches(self, method: str, target: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path.search(target) is not None

    def selects(self) -> bool:
        """Whether the current match (already counted in `matched`) is one to fire on."""
        if self.nth is not None:
            return self.matched == self.nth
        if self.first is not None:
            return self.matched <= self.first
        return True

    @property
    def name(self) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(self.action).__name__).lower()
