"""One client connection of the fault proxy and its upstream connection, request by
request: where each fault is applied to the conversation."""

from __future__ import annotations

import contextlib
import select
import socket
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tests.faults.http11 import (
    Body,
    Head,
    ProtocolError,
    Reader,
    build,
    parse_head,
    read_request_body,
    read_response_body,
    request_body_length,
    response,
)
from tests.faults.rules import (
    Call,
    ResetRequest,
    ResetResponse,
    Respond,
    Stall,
    Tamper,
    fault_body,
)

if TYPE_CHECKING:
    from tests.faults.proxy import FaultProxy

UPSTREAM_DOWN = "upstream-down"
_Then = Literal["keep", "close", "reset"]


@dataclass(frozen=True)
class LogEntry:
    """One request as the proxy handled it. `status` is what the client was sent whole
    (None: cut or reset); `fault` the rule's action name ("respond", "reset_request", …),
    "upstream-down", or None when passed through; `upstream` the server's status (None:
    not forwarded or no whole answer)."""

    method: str
    path: str
    status: int | None
    fault: str | None
    upstream: int | None = None


class _Closing(Exception):
    """The proxy is closing: end this connection without another word."""


class _UpstreamDown(Exception):
    pass


def _rst(sock: socket.socket) -> None:
    """Close with a TCP RST (SO_LINGER 0) rather than an orderly FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _readable(sock: socket.socket) -> bool:
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)


class Connection:
    """One client connection and its upstream connection, request by request (a part of
    FaultProxy: it calls the proxy's private hooks for rules, log and socket tracking)."""

    def __init__(self, proxy: FaultProxy, client: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.reader = Reader(client)
        self.up: socket.socket | None = None
        self.up_reader: Reader | None = None

    def run(self) -> None:
        reset = False
        try:
            while self._next_request_ready():
                raw = self.reader.head()
                if raw is None:
                    break
                then = self._handle(parse_head(raw))
                if then == "reset":
                    reset = True
                if then != "keep":
                    break
        except (OSError, ProtocolError, _Closing):
            pass  # the client or the server went away; that is theirs to notice
        except BaseException as exc:
            self.proxy._failed(exc)
            reset = True
        finally:
            self._close_up()
            self.proxy._untrack(self.client)
            if reset:
                _rst(self.client)
            else:
                self.client.close()

    def _next_request_ready(self) -> bool:
        """Wait for the client's next request; False when the connection should end
        (proxy closing, or the server closed our idle upstream, which the client must see)."""
        while not self.reader.buf:
            socks = [self.client] if self.up is None else [self.client, self.up]
            readable, _, _ = select.select(socks, [], [], 0.2)
            if self.proxy._closing.is_set():
                return False
            if self.client in readable:
                return True  # even if the server closed meanwhile: _forward reconnects
            if self.up is not None and self.up in readable:
                return False  # EOF (or stray bytes) from an idle server: mirror its close
        return True

    # -- one request -----------------------------------------------------------------

    def _handle(self, head: Head) -> _Then:
        """Serve one request; what then becomes of the connection."""
        rule = self.proxy._select(head)
        action = rule.action if rule is not None else None
        fault = rule.name if rule is not None else None

        def log(status: int | None, upstream: int | None = None) -> None:
            # Before the client hears anything: a test reading the log right after its
            # request returns must find the entry there.
            self.proxy._record(LogEntry(head.method, head.target, status, fault, upstream))

        if isinstance(action, ResetRequest):
            length = request_body_length(head)
            self.reader.upto(
                action.after_bytes if length is None else min(length, action.after_bytes)
            )
            log(None)
            return "reset"
        body = read_request_body(self.reader, head)
        if isinstance(action, Respond):
            log(action.status)
            self.client.sendall(response(action.status, list(action.headers), action.body))
            return self._end(head.keep_alive())
        if isinstance(action, Stall) and action.before_forward:
            self._stall(action.seconds)
        if isinstance(action, Call) and action.when == "before" and not self._call(action):
            log(None)
            return "reset"
        try:
            rhead, rbody = self._forward(head, body)
        except _UpstreamDown:
            fault = UPSTREAM_DOWN
            if self.proxy.upstream_error == "reset":
                log(None)
                return "reset"
            log(502)
            self.client.sendall(
                response(502, [("Content-Type", "application/json")], fault_body(502), close=True)
            )
            return self._end(keep=False)
        out = rhead.raw + rbody.raw
        if isinstance(action, ResetResponse):
            log(None, rhead.status)
            self.client.sendall(out[: action.after_bytes])
            return "reset"
        if isinstance(action, Tamper):
            try:
                data = action.fn(rbody.data)
            except Exception as exc:
                self.proxy._failed(exc)
                log(None, rhead.status)
                return "reset"
            out = build(rhead.start, list(rhead.headers), data)
        if isinstance(action, Stall) and not action.before_forward:
            self._stall(action.seconds)
        if isinstance(action, Call) and action.when == "after" and not self._call(action):
            log(None, rhead.status)
            return "reset"
        log(rhead.status, rhead.status)
        self.client.sendall(out)
        return self._end(head.keep_alive() and rhead.keep_alive() and not rbody.close_delimited)

    def _end(self, keep: bool) -> _Then:
        if keep:
            return "keep"
        # An orderly FIN after the whole answer, as a server ends a connection: a reset
        # could make the client drop the answer it has not read yet.
        self.client.shutdown(socket.SHUT_WR)
        return "close"

    def _stall(self, seconds: float) -> None:
        if self.proxy._closing.wait(seconds):
            raise _Closing

    def _call(self, action: Call) -> bool:
        """Run the callback; False when the connection is to be dropped (asked, or the
        callback failed: the failure is kept for close() to raise)."""
        try:
            action.fn()
        except Exception as exc:
            self.proxy._failed(exc)
            return False
        return not action.drop

    # -- upstream --------------------------------------------------------------------

    def _forward(self, head: Head, body: Body) -> tuple[Head, Body]:
        try:
            if self.up is not None and _readable(self.up):
                self._close_up()  # closed by the server since the last request (a restart)
            if self.up is None:
                self.up = socket.create_connection(self.proxy.upstream, timeout=5)
                self.up.settimeout(None)
                self.up.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.proxy._track(self.up)
                self.up_reader = Reader(self.up)
            assert self.up_reader is not None
            # A server may answer early and close (413 on a huge body): read that answer.
            with contextlib.suppress(OSError):
                self.up.sendall(head.raw + body.raw)
            while True:
                raw = self.up_reader.head()
                if raw is None:
                    raise ProtocolError("upstream closed without answering")
                rhead = parse_head(raw)
                if not (100 <= rhead.status < 200):
                    break  # 1xx interim answers are not the response
            rbody = read_response_body(self.up_reader, rhead, head.method)
        except (OSError, ProtocolError) as exc:
            self._close_up()
            if self.proxy._closing.is_set():
                raise _Closing from exc
            raise _UpstreamDown from exc
        if not rhead.keep_alive() or rbody.close_delimited:
            self._close_up()
        return rhead, rbody

    def _close_up(self) -> None:
        if self.up is not None:
            self.proxy._untrack(self.up)
            self.up.close()
            self.up = None
            self.up_reader = None
