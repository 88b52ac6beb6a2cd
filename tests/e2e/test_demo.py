"""`regdesk demo`: the whole path, headless, against the reference server in its own
process on loopback — the issue's definition of done, as a test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_demo_runs_the_whole_path_and_exits_0(tmp_path: Path) -> None:
    env = {**os.environ, "REGDESK_HOME": str(tmp_path / "unused-home")}
    done = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "demo", "--dir", str(tmp_path / "demo"),
         "--rows", "40"],
        capture_output=True, text=True, env=env, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "回执已验证" in done.stdout and "受理 40，退回 0" in done.stdout
    assert "ENR-008-YJBYRQ-XZ" in done.stdout  # the warning was acknowledged, not skipped
    saved = json.loads((tmp_path / "demo" / "receipt.json").read_text("utf-8"))
    assert saved["content"]["accepted"] == 40 and saved["content"]["state"] == "accepted"
    assert "Traceback" not in done.stderr
