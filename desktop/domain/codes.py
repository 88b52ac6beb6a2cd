"""Code tables (性别, 民族, 层次 …) loaded from `resources/codes/`.

Each table is a CSV (`code,name,aliases[,extra…]`) described in `tables.toml` with its
source standard and version. A clerk may type a code, the official name, or a usual
alias; `CodeTable.lookup` accepts all three.
"""

from __future__ import annotations

import csv
import io
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from desktop.domain.resources import resource_path


@dataclass(frozen=True, slots=True)
class CodeEntry:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)


def lookup_key(value: str) -> str:
    """Fold what clerks vary without meaning to: width, case, spaces, brackets."""
    text = unicodedata.normalize("NFKC", value).strip().upper()
    return "".join(text.split())


@dataclass(frozen=True)
class CodeTable:
    key: str
    title: str
    title_en: str
    source: str
    version: str
    entries: tuple[CodeEntry, ...]
    _index: dict[str, CodeEntry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = self._index
        for entry in self.entries:
            for spelling in (entry.code, entry.name, *entry.aliases):
                index.setdefault(lookup_key(spelling), entry)
            # Excel drops leading zeros from numeric-looking codes ("01" -> 1).
            if entry.code.isdigit():
                index.setdefault(str(int(entry.code)), entry)

    def __iter__(self) -> Iterator[CodeEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(e.code for e in self.entries)

    def lookup(self, value: str) -> CodeEntry | None:
        """The entry named by a code, name or alias; None when unknown."""
        return self._index.get(lookup_key(value))

    def by_code(self, code: str) -> CodeEntry:
        for entry in self.entries:
            if entry.code == code:
                return entry
        raise KeyError(f"{self.key}: no code {code!r}")

    def name_of(self, code: str) -> str:
        return self.by_code(code).name

    def codes_where(self, column: str, value: str) -> frozenset[str]:
        return frozenset(e.code for e in self.entries if e.extra.get(column) == value)


def _parse_csv(text: str) -> tuple[CodeEntry, ...]:
    reader = csv.DictReader(io.StringIO(text))
    entries = []
    for row in reader:
        aliases = tuple(a.strip() for a in (row.pop("aliases", "") or "").split("|") if a.strip())
        code = row.pop("code").strip()
        name = row.pop("name").strip()
        extra = {k: (v or "").strip() for k, v in row.items() if k is not None}
        entries.append(CodeEntry(code=code, name=name, aliases=aliases, extra=extra))
    return tuple(entries)


@cache
def all_tables() -> Mapping[str, CodeTable]:
    meta = tomllib.loads(resource_path("codes", "tables.toml").read_text("utf-8"))
    tables: dict[str, CodeTable] = {}
    for key, info in meta.items():
        text = resource_path("codes", info["file"]).read_text("utf-8")
        tables[key] = CodeTable(
            key=key,
            title=info["title"],
            title_en=info.get("title_en", key),
            source=info["source"],
            version=info["version"],
            entries=_parse_csv(text),
        )
    return tables


def table(key: str) -> CodeTable:
    return all_tables()[key]
