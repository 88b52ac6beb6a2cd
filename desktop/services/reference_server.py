"""The reference central server (`python -m server`) in a process of its own on a free
loopback port: for `regdesk demo`, the application's demo workspace and the benchmarks.

The client never imports `server/`: the server runs as a separate program — `python -m
server` from a source tree or an install, the `regdesk-server` executable beside
`regdesk` in the frozen bundle (which has no `python -m`).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath

import requests

from desktop.sync.errors import SyncError


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def server_command(
    port: int,
    folder: Path,
    admin_token: str,
    *,
    frozen: bool | None = None,
    executable: str | None = None,
    platform: str | None = None,
) -> list[str]:
    """The command that starts the reference server; `frozen`, `executable` and
    `platform` default to this process's own."""
    frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    executable = sys.executable if executable is None else executable
    platform = sys.platform if platform is None else platform
    if frozen:  # the bundle's third executable, sharing its libraries
        if platform == "win32":
            program = [str(PureWindowsPath(executable).with_name("regdesk-server.exe"))]
        else:
            program = [str(PurePosixPath(executable).with_name("regdesk-server"))]
    else:
        program = [executable, "-m", "server"]
    return [*program, "--port", str(port), "--database", f"sqlite:///{folder / 'central.db'}",
            "--key-file", str(folder / "server.key"), "--admin-token", admin_token]  # fmt: skip


@contextmanager
def reference_server(folder: Path, admin_token: str) -> Iterator[tuple[str, str]]:
    """The reference server in its own process: (URL, the key fingerprint it printed)."""
    port = _free_port()
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        server_command(port, folder, admin_token), stdout=subprocess.PIPE, stderr=log,
        # On Windows the windowed regdesk-gui would otherwise open a console window for
        # the (console) server.
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        # The server prints "server key KID  fingerprint FP" before it listens.
        first = proc.stdout.readline().decode("utf-8", "replace")
        if "fingerprint" not in first:
            raise SyncError(f"参考服务器未能启动，详见 {folder / 'server.log'}")
        fingerprint = first.split("fingerprint", 1)[1].strip()
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{url}/api/v1/server-key", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SyncError(f"参考服务器未能启动，详见 {folder / 'server.log'}") from None
                time.sleep(0.1)
        yield url, fingerprint
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
        log.close()
