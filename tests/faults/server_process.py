"""The reference server as a real subprocess on a free loopback port.

The fault tests kill, stop and restart the server under a client that is mid-upload, so it
must be a process of its own (an in-thread uvicorn cannot be SIGKILLed) whose database and
key live in a directory that outlives each run: a restarted server keeps its port, its
database and its signing key, as a real server coming back after a crash would.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import requests
from sqlalchemy import create_engine, text

ADMIN_TOKEN = "fault-tests-admin-token"
ROOT = Path(__file__).resolve().parents[2]  # the checkout whose server/ is under test
_LIVE: set[subprocess.Popen[bytes]] = set()
_LIVE_LOCK = threading.Lock()


def _reap(proc: subprocess.Popen[bytes]) -> None:
    with _LIVE_LOCK:
        _LIVE.discard(proc)
    if proc.poll() is None:
        proc.kill()
    proc.wait()


@atexit.register
def _reap_all() -> None:
    """A test interrupted past its fixture's teardown still leaves no server behind (and a
    test run killed outright is covered by the child's parent watch: tests.faults.child)."""
    with _LIVE_LOCK:
        procs = list(_LIVE)
    for proc in procs:
        _reap(proc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class ServerStartError(RuntimeError):
    pass


class ServerProcess:
    """`python -m server` in `directory` (central.db, server.key, server.log there).

    `database` may be any SQLAlchemy URL (e.g. PostgreSQL) instead of the SQLite file.
    Thread-safe: a proxy callback may restart it while the test thread waits on a client.
    """

    def __init__(
        self,
        directory: Path,
        *,
        database: str | None = None,
        admin_token: str = ADMIN_TOKEN,
        port: int | None = None,
        key_file: Path | None = None,
        startup_timeout: float = 15.0,
    ) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.database = database or f"sqlite:///{directory / 'central.db'}"
        self.key_file = key_file or directory / "server.key"
        self.log_file = directory / "server.log"
        self.admin_token = admin_token
        self.startup_timeout = startup_timeout
        self._port = port or 0
        self._fixed_port = port is not None
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.RLock()
        self.starts = 0

    # -- life cycle ------------------------------------------------------------------

    def start(self) -> Self:
        """Start and wait until GET /api/v1/server-key answers; ServerStartError (with the
        server's output) if it exits or is not ready within startup_timeout."""
        with self._lock:
            if self.running:
                return self
            deadline = time.monotonic() + self.startup_timeout
            while True:
                if not self._fixed_port:
                    self._port = free_port()
                offset = self.log_file.stat().st_size if self.log_file.exists() else 0
                proc = self._spawn()
                try:
                    self._wait_ready(proc, deadline, offset)
                except _PortTaken:
                    if time.monotonic() > deadline:
                        raise ServerStartError(self._failure("port stays taken", offset)) from None
                    time.sleep(0.2)  # another process grabbed the port between probe and bind
                    continue
                self._proc = proc
                self._fixed_port = True  # restarts come back on the same port
                self.starts += 1
                return self

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM (uvicorn finishes requests in flight), SIGKILL after `timeout`."""
        with self._lock:
            proc, self._proc = self._proc, None
            if proc is None:
                return None
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout)
            _reap(proc)
            return proc.returncode

    def kill(self) -> int | None:
        """SIGKILL: a crash, nothing flushed or finished."""
        with self._lock:
            proc, self._proc = self._proc, None
            if proc is None:
                return None
            _reap(proc)
            return proc.returncode

    def restart(self, *, hard: bool = False) -> None:
        """Stop (SIGTERM, or SIGKILL when hard) and start again on the same port, with the
        same database and key."""
        with self._lock:
            if hard:
                self.kill()
            else:
                self.stop()
            self.start()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.kill()  # the test is over: no need to wait for a graceful shutdown

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def log_text(self) -> str:
        return self.log_file.read_text("utf-8", "replace") if self.log_file.exists() else ""

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
        argv = [
            sys.executable, "-m", "tests.faults.child", "--port", str(self._port),
            "--database", self.database, "--key-file", str(self.key_file),
            "--admin-token", self.admin_token,
        ]  # fmt: skip
        with self.log_file.open("ab") as log:
            log.write(f"--- start on port {self._port}\n".encode())
            log.flush()
            # Its own session: a Ctrl-C meant for pytest reaches pytest, whose teardown
            # then stops the server, instead of killing the server under a running test.
            proc = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        with _LIVE_LOCK:
            _LIVE.add(proc)
        return proc

    def _wait_ready(self, proc: subprocess.Popen[bytes], deadline: float, offset: int) -> None:
        probe = f"{self.url}/api/v1/server-key"
        while True:
            if proc.poll() is not None:
                _reap(proc)
                if "address already in use" in self._output(offset).lower():
                    raise _PortTaken
                raise ServerStartError(self._failure(f"exited with {proc.returncode}", offset))
            try:
                if requests.get(probe, timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                _reap(proc)
                raise ServerStartError(
                    self._failure(f"not ready within {self.startup_timeout} s", offset)
                )
            time.sleep(0.05)

    def _output(self, offset: int) -> str:
        with self.log_file.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    def _failure(self, what: str, offset: int) -> str:
        return f"reference server on port {self._port} {what}; its output:\n{self._output(offset)}"

    # -- speaking to it directly (not through a proxy) -------------------------------

    def api(self, method: str, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("timeout", 10)
        return requests.request(method, f"{self.url}/api/v1{path}", **kw)

    def server_key(self) -> dict[str, str]:
        r = self.api("GET", "/server-key")
        _expect(r, 200)
        out: dict[str, str] = r.json()
        return out

    def server_key_pem(self) -> str:
        return self.server_key()["public_key"]

    def issue_code(self, school: str, name: str | None = None) -> str:
        """A one-time enrolment code for `school` (created if new), as the admin issues it."""
        r = self.api(
            "POST", "/admin/enrolment-codes", json={"school": school, "name": name},
            headers={"X-Admin-Token": self.admin_token},
        )  # fmt: skip
        _expect(r, 201)
        code: str = r.json()["code"]
        return code

    def enrol(self, school: str, public_key_pem: str) -> dict[str, Any]:
        """Issue a code and register the school's public key with it; the key record."""
        r = self.api(
            "POST", f"/schools/{school}/keys",
            json={"enrolment_code": self.issue_code(school), "public_key": public_key_pem},
        )  # fmt: skip
        _expect(r, 201)
        out: dict[str, Any] = r.json()
        return out

    def revoke(self, school: str, kid: str, reason: str = "测试吊销") -> dict[str, Any]:
        r = self.api(
            "POST", f"/schools/{school}/keys/{kid}/revoke", json={"reason": reason},
            headers={"X-Admin-Token": self.admin_token},
        )  # fmt: skip
        _expect(r, 200)
        out: dict[str, Any] = r.json()
        return out

    def query(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        """Read the server's database directly (e.g. to count submissions): the server's
        word about itself is not proof of what it stored."""
        engine = create_engine(self.database)
        try:
            with engine.connect() as conn:
                return [tuple(row) for row in conn.execute(text(sql), params)]
        finally:
            engine.dispose()

    def count(self, table: str, where: str = "1=1", **params: Any) -> int:
        rows = self.query(f"SELECT count(*) FROM {table} WHERE {where}", **params)
        return int(rows[0][0])


class _PortTaken(Exception):
    pass


def _expect(r: requests.Response, status: int) -> None:
    if r.status_code != status:
        raise AssertionError(f"{r.request.method} {r.url}: {r.status_code} {r.text}")
