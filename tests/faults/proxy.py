"""A loopback HTTP/1.1 proxy that breaks chosen requests on purpose.

The sync client must survive resets, stalls, error storms and server restarts; those are
faults of the network between client and server, so they are caused there, on real
sockets, rather than by mocking the client's transport:

    with FaultProxy("127.0.0.1", server.port) as proxy:
        rule = proxy.add("PUT", r"/chunks/2$", reset_response(), nth=1)
        ...  # point the client at proxy.url
        assert rule.fired == 1

The proxy stores and forwards: it reads a whole request before the server gets any of
it, and a whole response before the client does (a fault acts on whole messages; chunks
here are a few MiB at most). Each client connection gets its own upstream connection
(opened at its first forwarded request), so keep-alive behaves as it would without the
proxy: when the server closes an idle connection (its keep-alive timeout, a restart) the
proxy closes the client's too.
A request whose upstream connection cannot be made or breaks before a whole response came
back (server down, killed mid-request) gets a 502 with `Connection: close` by default, as
a reverse proxy in front of a restarting server would answer; `upstream_error="reset"`
resets the client connection instead. Either way the log says "upstream-down".

Rules are checked in the order added. Every rule whose method and path match counts the
request (`Rule.matched`); the first of them whose occurrence filter selects it fires
(`Rule.fired`), the others do nothing for that request.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from types import TracebackType
from typing import Literal, Self

from tests.faults.connection import Connection, LogEntry
from tests.faults.http11 import Head
from tests.faults.rules import (
    Action,
    Rule,
    call,
    reset_request,
    reset_response,
    respond,
    stall,
    tamper,
)

__all__ = [
    "FaultProxy",
    "LogEntry",
    "ProxyError",
    "Rule",
    "call",
    "reset_request",
    "reset_response",
    "respond",
    "stall",
    "tamper",
]


class ProxyError(AssertionError):
    """A callback (tamper, call) or the proxy itself failed in a connection thread; raised
    by close() so that the test fails instead of seeing a mere connection reset."""


class FaultProxy:
    def __init__(
        self,
        upstream_host: str,
        upstream_port: int,
        *,
        upstream_error: Literal["502", "reset"] = "502",
        port: int = 0,
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.upstream_error = upstream_error
        self._port = port
        self._lock = threading.Lock()
        self._rules: list[Rule] = []
        self._log: list[LogEntry] = []
        self._errors: list[BaseException] = []
        self._socks: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._closing = threading.Event()
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self.accepted = 0  # client connections so far: shows keep-alive reuse or its loss

    # -- life cycle ------------------------------------------------------------------

    def start(self) -> Self:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self._port))
        listener.listen(64)
        listener.settimeout(0.1)  # accept() wakes up to notice close()
        self._port = listener.getsockname()[1]
        self._listener = listener
        self._acceptor = threading.Thread(target=self._accept, name="faultproxy", daemon=True)
        self._acceptor.start()
        return self

    def close(self, *, raise_errors: bool = True) -> None:
        """Stop accepting, cut every open connection and stall, wait for the threads; then
        raise ProxyError if a callback or the proxy failed."""
        self._closing.set()
        if self._acceptor is not None:
            self._acceptor.join(5)
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            socks = list(self._socks)
            threads = list(self._threads)
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(5)
            if thread.is_alive():
                self._errors.append(RuntimeError(f"{thread.name} did not finish"))
        if raise_errors and self._errors:
            raise ProxyError(f"fault proxy: {self._errors!r}") from self._errors[0]

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(raise_errors=exc is None)  # never hide the test's own failure

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    # -- rules and records -----------------------------------------------------------

    def add(
        self,
        method: str | None,
        path: str,
        action: Action,
        *,
        nth: int | None = None,
        first: int | None = None,
    ) -> Rule:
        """A fault on requests whose method equals `method` (None: any) and whose target
        (path and query) contains a match of the regex `path`: on the nth match only, on
        the first `first` matches, or (neither given) on every match."""
        rule = Rule(method, re.compile(path), action, nth=nth, first=first)
        with self._lock:
            self._rules.append(rule)
        return rule

    def remove(self, rule: Rule) -> None:
        with self._lock:
            self._rules.remove(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    @property
    def rules(self) -> list[Rule]:
        with self._lock:
            return list(self._rules)

    @property
    def log(self) -> list[LogEntry]:
        with self._lock:
            return list(self._log)

    @property
    def errors(self) -> list[BaseException]:
        with self._lock:
            return list(self._errors)

    def _select(self, head: Head) -> Rule | None:
        with self._lock:
            chosen: Rule | None = None
            for rule in self._rules:
                if rule.matches(head.method, head.target):
                    rule.matched += 1
                    if chosen is None and rule.selects():
                        rule.fired += 1
                        chosen = rule
            return chosen

    def _record(self, entry: LogEntry) -> None:
        with self._lock:
            self._log.append(entry)

    def _failed(self, exc: BaseException) -> None:
        with self._lock:
            self._errors.append(exc)

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.add(sock)

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.discard(sock)

    # -- connections -----------------------------------------------------------------

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError as exc:
                if not self._closing.is_set():
                    self._failed(exc)
                return
            client.settimeout(None)
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._track(client)
            self.accepted += 1
            thread = threading.Thread(
                target=Connection(self, client).run, name="faultproxy-conn", daemon=True
            )
            with self._lock:
                self._threads = [t for t in self._threads if t.is_alive()]
                self._threads.append(thread)
            thread.start()
