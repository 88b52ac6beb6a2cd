"""The unit readers hand over: a run of consecutive sheet rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

FIRST_ROWS = 500
MOST_ROWS = 20_000


@dataclass(slots=True)
class Chunk:
    row0: int  # sheet row number (1-based) of rows[0]
    col0: int  # sheet column index (0-based) of each row's first cell
    rows: list[list[Any]]  # cells as the reader gives them; "" for a blank cell


class SingleSheet:
    """For books that are one unnamed table (CSV, DBF): no sheets to choose, nothing to close."""

    @property
    def sheet_names(self) -> list[str]:
        return []

    @property
    def visible_names(self) -> list[str]:
        return []

    def close(self) -> None:
        pass


def chunk_sizes() -> Iterator[int]:
    """Rows per chunk for streamed readers: small first, so that a preview, which needs
    only the header and a few rows, neither parses nor frees thousands (freeing a
    20,000-row chunk is one C-level stretch that held the GIL, and so the window, for
    over 100 ms); then growing fourfold to the size that keeps a full import fast."""
    size = FIRST_ROWS
    while True:
        yield size
        size = min(size * 4, MOST_ROWS)
