"""The command `regdesk demo` and the demo workspace start the reference server with:
`python -m server` from source, the `regdesk-server` executable beside the frozen one."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.services.reference_server import server_command
from server.__main__ import parser

TAIL = ["--port", "8123", "--database"]


def test_from_source_it_is_python_dash_m_server(tmp_path: Path) -> None:
    cmd = server_command(8123, tmp_path, "tok", frozen=False, executable="/usr/bin/python3")
    assert cmd[:3] == ["/usr/bin/python3", "-m", "server"]
    assert cmd[3:6] == TAIL
    assert cmd[6:] == [
        f"sqlite:///{tmp_path / 'central.db'}",
        "--key-file", str(tmp_path / "server.key"), "--admin-token", "tok",
    ]  # fmt: skip


def test_frozen_it_is_the_server_executable_beside_this_one(tmp_path: Path) -> None:
    cmd = server_command(
        8123, tmp_path, "tok", frozen=True, executable="/opt/regdesk/regdesk", platform="linux"
    )
    assert cmd[0] == "/opt/regdesk/regdesk-server"
    assert cmd[1:4] == TAIL and "-m" not in cmd


def test_frozen_on_windows_it_is_the_exe_beside_the_gui(tmp_path: Path) -> None:
    gui = r"C:\Program Files\Registrar Desk\regdesk-gui.exe"
    cmd = server_command(8123, tmp_path, "tok", frozen=True, executable=gui, platform="win32")
    assert cmd[0] == r"C:\Program Files\Registrar Desk\regdesk-server.exe"
    assert cmd[1:4] == TAIL


def test_by_default_it_is_this_interpreter_with_arguments_the_server_takes(
    tmp_path: Path,
) -> None:
    cmd = server_command(8123, tmp_path, "tok")
    assert cmd[:3] == [sys.executable, "-m", "server"]  # the tests do not run frozen
    args = parser().parse_args(cmd[3:])
    assert (args.port, args.key_file, args.admin_token) == (8123, tmp_path / "server.key", "tok")
    assert args.database == f"sqlite:///{tmp_path / 'central.db'}"
