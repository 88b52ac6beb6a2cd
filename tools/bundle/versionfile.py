"""The Windows version resource of the bundle's executables, written by build.spec as
PyInstaller's text form of `VSVersionInfo` (what `pyi-grab_version` prints), from the
package version in desktop/__init__.py."""

from __future__ import annotations

import re
from pathlib import Path

PRODUCT = "学籍学历注册工作台 Registrar Desk"
LANG_ZH_CN_UNICODE = "080404B0"  # zh-CN (0x0804), UTF-16 (1200)


def package_version(root: Path) -> str:
    text = (root / "desktop" / "__init__.py").read_text("utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if found is None:
        raise ValueError("desktop/__init__.py has no __version__")
    return found.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Four numbers for the fixed part: 1.2.3rc1 -> (1, 2, 3, 0)."""
    public = version.split("+", maxsplit=1)[0]
    numbers = [int(n) for n in re.findall(r"\d+", public)[:3]]
    padded = [*numbers, 0, 0, 0, 0][:4]
    return padded[0], padded[1], padded[2], padded[3]


def version_file_text(version: str, exe: str, description: str) -> str:
    fixed = version_tuple(version)
    strings = {
        "CompanyName": "Registrar Desk",
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": exe,
        "LegalCopyright": "",
        "OriginalFilename": f"{exe}.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    table = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# -*- coding: utf-8 -*-
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={fixed!r}, prodvers={fixed!r}, mask=0x3F, flags=0x0,
    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable({LANG_ZH_CN_UNICODE!r}, [
{table}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""
