"""`REGDESK_SMOKE_SECONDS`: what tools/bundle_smoke.sh runs against the frozen
`regdesk-gui`, here from source — a call in a child process, the first window, then a
clean exit 0 by itself."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.ui import smoke
from desktop.ui.smoke import SMOKE_ENV
from desktop.ui.startup import TRACE_ENV

ROOT = Path(__file__).resolve().parents[2]


def test_the_smoke_run_answers_from_a_child_shows_a_window_and_exits_0(tmp_path: Path) -> None:
    trace = tmp_path / "trace"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGDESK_")}
    env.update(
        REGDESK_HOME=str(tmp_path / "home"),  # empty: the first-run wizard
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHONPATH=str(ROOT),
    )
    env[SMOKE_ENV] = "1.5"
    env[TRACE_ENV] = str(trace)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "desktop.ui.app"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    took = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    assert "smoke: child process" in done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    # The login shows at once; the wizard replaces it once the empty workspace is seen.
    assert "LoginDialog" in trace.read_text(encoding="utf-8")
    assert took >= 1.5  # it waited for the timer, not for a crash


def test_the_variable_must_be_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SMOKE_ENV, raising=False)
    assert smoke.seconds() is None
    for value, expected in (("2", 2.0), ("0.5", 0.5), ("", None), ("soon", None), ("-1", None)):
        monkeypatch.setenv(SMOKE_ENV, value)
        assert smoke.seconds() == expected, value
