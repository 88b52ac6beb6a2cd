"""Header mappings a clerk corrected, remembered per file layout.

A layout is the header row of a file (`headers.fingerprint`); the office's monthly export
keeps its layout, so a correction made once ("联系人身份证" is not 证件号码; "证件号" is)
applies to every later file of that layout. Kept as a small JSON file in the user
config dir (or `REGDESK_HOME`, or a `--data-dir`); the store may take it over later.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from desktop.domain.fields import BatchKind
from desktop.domain.records import kind_fields
from desktop.sheets.errors import SheetError
from desktop.sheets.headers import Overrides, header_key, resolve_field

FILE_NAME = "header-layouts.json"
_VERSION = 1
IGNORE = ("", "-", "忽略", "ignore")


def data_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    home = os.environ.get("REGDESK_HOME")
    if home:
        return Path(home)
    return Path(user_config_dir("registrar-desk", appauthor=False))


@dataclass
class LayoutMemory:
    path: Path

    @classmethod
    def at(cls, folder: Path | None = None) -> LayoutMemory:
        return cls(data_dir(folder) / FILE_NAME)

    def _load(self) -> dict[str, Any]:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # absent or damaged: nothing remembered, never a reason to fail
        layouts = doc.get("layouts") if isinstance(doc, dict) else None
        return layouts if isinstance(layouts, dict) else {}

    def recall(self, layout: str) -> dict[str, str | None] | None:
        entry = self._load().get(layout)
        if not isinstance(entry, dict) or not isinstance(entry.get("overrides"), dict):
            return None
        return {str(k): (v if isinstance(v, str) else None) for k, v in entry["overrides"].items()}

    def remember(
        self, layout: str, kind: BatchKind, headers: Sequence[str], overrides: Overrides
    ) -> None:
        layouts = self._load()
        layouts[layout] = {
            "kind": kind.value,
            "headers": list(headers),
            "overrides": dict(overrides),
            "updated": datetime.now().isoformat(timespec="seconds"),
        }
        doc = {"version": _VERSION, "layouts": layouts}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            raise SheetError(str(self.path), f"无法保存列对应关系：{exc.strerror or exc}") from None


def parse_corrections(kind: BatchKind, items: Sequence[str]) -> dict[str, str | None]:
    """`表头=字段` items from the command line: the field by name, code or label; an
    empty field (or 忽略) ignores the column."""
    out: dict[str, str | None] = {}
    names = {f.name for f in kind_fields(kind)}
    for item in items:
        header, sep, target = item.partition("=")
        if not sep or not header.strip():
            raise SheetError("--map", f"应写作“表头=字段”，如 “身份证=sfzh”：{item}")
        target = target.strip()
        if target in IGNORE:
            out[header_key(header)] = None
            continue
        field = target if target in names else resolve_field(kind, target)
        if field is None:
            raise SheetError("--map", f"“{target}”不是{kind.label}的字段（见 regdesk template）")
        out[header_key(header)] = field
    return out


def merged(remembered: Mapping[str, str | None] | None, given: Overrides) -> dict[str, str | None]:
    return {**(remembered or {}), **given}
