"""The Windows version resource build.spec writes (tools/bundle/versionfile.py): the
package's version, in the text form PyInstaller evaluates with its own VSVersionInfo
classes — here evaluated with stand-ins that record what each part was given."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import desktop

ROOT = Path(__file__).resolve().parents[2]


def _versionfile() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "versionfile", ROOT / "tools" / "bundle" / "versionfile.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _part(kind: str) -> Any:
    return lambda *args, **kwargs: {"kind": kind, "args": args, **kwargs}


def test_the_version_is_the_packages() -> None:
    vf = _versionfile()
    assert vf.package_version(ROOT) == desktop.__version__
    # `regdesk --version` prints desktop.__version__ (a frozen bundle may carry no
    # dist-info to ask importlib.metadata); it must be the version pip installs.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["version"] == desktop.__version__


def test_the_fixed_part_has_four_numbers() -> None:
    vf = _versionfile()
    assert vf.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert vf.version_tuple("2.3") == (2, 3, 0, 0)
    assert vf.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert vf.version_tuple("1.2.3+local.7") == (1, 2, 3, 0)


def test_the_text_is_what_pyinstaller_evaluates() -> None:
    vf = _versionfile()
    text = vf.version_file_text("1.4.2", "regdesk-gui", "学籍学历注册工作台")
    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
             "StringStruct", "VarFileInfo", "VarStruct"]  # fmt: skip
    info = eval(text, {"__builtins__": {}}, {n: _part(n) for n in names})
    assert info["kind"] == "VSVersionInfo"
    assert info["ffi"]["filevers"] == info["ffi"]["prodvers"] == (1, 4, 2, 0)
    strings_info, var_info = info["kids"]
    (table,) = strings_info["args"][0]
    lang, entries = table["args"]
    assert lang == "080404B0"  # zh-CN, Unicode
    strings = {e["args"][0]: e["args"][1] for e in entries}
    assert strings["OriginalFilename"] == "regdesk-gui.exe"
    assert strings["FileVersion"] == strings["ProductVersion"] == "1.4.2"
    assert strings["FileDescription"] == "学籍学历注册工作台"
    assert var_info["args"][0][0]["args"] == ("Translation", [0x0804, 1200])
