"""ServerProcess: the fixtures work, a start that fails says why, a killed test run leaves
no server behind, and a server killed outright comes back with what it had committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from desktop.sync.algorithms import generate
from tests.faults.proxy import FaultProxy
from tests.faults.server_process import ROOT, ServerProcess, ServerStartError


def test_fixtures_enrol_revoke_and_survive_a_hard_restart(
    server_process: ServerProcess, fault_proxy: FaultProxy
) -> None:
    key = generate()
    row = server_process.enrol("30001", key.public.pem.decode())
    assert row["kid"] == key.kid and row["revoked"] is None
    assert server_process.revoke("30001", key.kid, "私钥遗失")["revoke_reason"] == "私钥遗失"
    pem = server_process.server_key_pem()
    server_process.restart(hard=True)  # SIGKILL: only what was committed survives
    assert server_process.server_key_pem() == pem
    assert server_process.query("SELECT revoke_reason FROM school_key") == [("私钥遗失",)]
    r = requests.get(fault_proxy.url + "/api/v1/server-key", timeout=5)
    assert r.json()["public_key"] == pem


def test_a_failed_start_shows_the_servers_own_message(tmp_path: Path) -> None:
    (tmp_path / "key-is-a-directory").mkdir()
    server = ServerProcess(tmp_path, key_file=tmp_path / "key-is-a-directory")
    with pytest.raises(ServerStartError, match="无法读取或生成服务器密钥"):
        server.start()
    assert not server.running


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:  # a zombie waiting for a reaper that never comes (PID 1 in a container) is gone too
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state == "Z"


def test_a_test_run_killed_outright_takes_its_server_with_it(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path\n"
         "from tests.faults.server_process import ServerProcess\n"
         "s = ServerProcess(Path(sys.argv[1])).start()\n"
         "print(s.pid, flush=True)\n"
         "time.sleep(60)\n",
         str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert owner.stdout is not None
        pid = int(owner.stdout.readline())
        assert not _gone(pid)
    finally:
        owner.kill()  # SIGKILL: no atexit, no finalizer runs in the owner
        owner.wait()
        if owner.stdout is not None:
            owner.stdout.close()
    deadline = time.monotonic() + 5
    while not _gone(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)  # ours: do not leave it behind for the next run
            pytest.fail(f"server {pid} outlived its test run")
        time.sleep(0.1)
