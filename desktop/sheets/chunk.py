"""The unit readers hand over: a run of consecutive sheet rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
