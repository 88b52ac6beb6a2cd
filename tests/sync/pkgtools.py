"""Helpers that take a package apart and put (altered) pieces back, as an attacker would."""

from __future__ import annotations

import json
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.sync.canonical import jcs

Entries = list[tuple[str, bytes]]


def entries(path: Path) -> Entries:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def write(
    path: Path, items: Entries, *, tweak: Callable[[zipfile.ZipInfo], None] | None = None
) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are part of some attacks
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in items:
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                if tweak is not None:
                    tweak(info)
                zf.writestr(info, data)
    return path


def get(items: Entries, name: str) -> bytes:
    return next(data for n, data in items if n == name)


def put(items: Entries, name: str, data: bytes) -> Entries:
    return [(n, data if n == name else d) for n, d in items]


def drop(items: Entries, name: str) -> Entries:
    return [(n, d) for n, d in items if n != name]


def manifest(items: Entries) -> dict[str, Any]:
    return json.loads(get(items, "manifest.json"))  # type: ignore[no-any-return]


def with_manifest(items: Entries, m: dict[str, Any]) -> Entries:
    return put(items, "manifest.json", jcs(m))


def envelope(items: Entries) -> dict[str, Any]:
    return json.loads(get(items, "signature.json"))  # type: ignore[no-any-return]


def with_envelope(items: Entries, env: dict[str, Any]) -> Entries:
    return put(items, "signature.json", jcs(env))


def flip(data: bytes, at: int) -> bytes:
    """Change one byte, never into or out of a newline (so only the content changes)."""
    while data[at] in b"\n\x0b":
        at += 1
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
