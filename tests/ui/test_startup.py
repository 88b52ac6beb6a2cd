"""How long `regdesk-gui` takes to show something, measured from the process launch to a
window's first paint (the start-up trace, `desktop.ui.startup.TRACE_ENV`): the login
dialog of the real `regdesk-gui`, and the main window when the login is typed at once.
The target is 1.5 s to the main window on an idle machine; the bound here is loose
because the CI machine is shared, and the figures are printed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from desktop.ui.startup import TRACE_ENV

LOOSE_BOUND_S = 10.0
ROOT = Path(__file__).resolve().parents[2]


def env(home: Path, trace: Path, tmp_path: Path) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("REGDESK_")}
    out.update(
        REGDESK_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # QSettings and layouts stay here
        XDG_STATE_HOME=str(tmp_path / "state"),
        DRIVER_USER="clerk",
        DRIVER_PASSWORD="Clerk123!",
        PYTHONPATH=str(ROOT),  # this checkout's code, whatever the venv was installed from
    )
    out[TRACE_ENV] = str(trace)
    return out


def painted(trace: Path, window: str, proc: subprocess.Popen[bytes], timeout: float) -> float:
    """The unix time `window` first painted, as the process wrote it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if trace.exists():
            for line in trace.read_text(encoding="utf-8").splitlines():
                name, _, when = line.partition(" ")
                if name == window:
                    return float(when)
        assert proc.poll() is None, f"regdesk-gui exited with {proc.returncode}"
        time.sleep(0.02)
    raise AssertionError(f"{window} did not paint within {timeout} s")


def launch(args: list[str], environ: dict[str, str]) -> tuple[float, subprocess.Popen[bytes]]:
    started = time.time()
    proc = subprocess.Popen(args, env=environ, cwd=ROOT, stdout=subprocess.DEVNULL)
    return started, proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
    proc.wait(30)


def test_regdesk_gui_paints_its_login_then_its_main_window_quickly(
    home: Path, tmp_path: Path
) -> None:
    trace = tmp_path / "login.trace"
    gui = str(Path(sys.executable).with_name("regdesk-gui"))
    started, proc = launch([gui], env(home, trace, tmp_path))
    try:
        to_login = painted(trace, "LoginDialog", proc, LOOSE_BOUND_S) - started
    finally:
        stop(proc)

    trace = tmp_path / "main.trace"
    driver = [sys.executable, "-m", "tests.ui.launch_driver"]
    started, proc = launch(driver, env(home, trace, tmp_path))
    try:
        to_main = painted(trace, "MainWindow", proc, LOOSE_BOUND_S) - started
        clicked = painted(trace, "LoginClicked", proc, 1) - started
        assert proc.wait(30) == 0
    finally:
        stop(proc)

    # As a person logs in: two seconds of typing, in which the window's modules load.
    trace = tmp_path / "typed.trace"
    typed_env = {**env(home, trace, tmp_path), "DRIVER_TYPING_SECONDS": "2"}
    started, proc = launch(driver, typed_env)
    try:
        pressed = painted(trace, "LoginClicked", proc, LOOSE_BOUND_S)
        after_ok = painted(trace, "MainWindow", proc, LOOSE_BOUND_S) - pressed
        assert proc.wait(30) == 0
    finally:
        stop(proc)
    print(
        f"\nregdesk-gui: launch to login dialog painted {to_login:.2f} s; with the login "
        f"clicked as soon as it is enabled ({clicked:.2f} s), main window painted {to_main:.2f} s;"
        f" after two seconds of typing, OK to main window painted {after_ok:.2f} s"
    )
    assert to_login < LOOSE_BOUND_S and to_main < LOOSE_BOUND_S and after_ok < LOOSE_BOUND_S
