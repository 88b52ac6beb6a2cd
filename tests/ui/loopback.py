"""The reference server in this process on a loopback port that it keeps across a stop and
a start, with its database and key: a central server going down and coming back."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import uvicorn

from server import create_app
from server.serverkey import load_or_create
from tests.faults.server_process import free_port
from tests.server.conftest import ADMIN


class LoopbackServer:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.port = free_port()
        self.key = load_or_create(directory / "server.key")
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        app = create_app(f"sqlite:///{self.directory / 'central.db'}", self.key, admin_token=ADMIN)
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="error", lifespan="off"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        self._server, self._thread = server, thread

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(10)
        self._server = self._thread = None
