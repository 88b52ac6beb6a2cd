"""The import wizard's services on real files and a real workspace: sheets, the header
preview, corrections of the mapping, and the import in a child process (progress,
cancel, failure)."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import pytest

from desktop.domain.fields import BatchKind
from desktop.services import batches, child, imports
from desktop.services.progress import Cancelled, CancelToken
from desktop.services.workspace import Workspace
from desktop.sheets.errors import SheetError
from desktop.sheets.layouts import FILE_NAME
from tests.sheets.makers import write_xlsx
from tests.store.conftest import audit_log, login
from tests.store.test_workspace_flow import HEADER, ROW, ROW2

WRONG = [("公民身份号码" if h == "证件号码" else h) for h in HEADER]  # not a known spelling


def csv_file(path: Path, header: list[str], *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("isolate", [False, True], ids=["thread", "child"])
def test_sheets_and_header_below_a_title(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolate: bool
) -> None:
    """Read in the calling thread or, as for a file over ISOLATE_ABOVE, in a child
    process: the same sheets, the same preview, the same message for a wrong row."""
    if isolate:
        monkeypatch.setattr(imports, "ISOLATE_ABOVE", 0)
    clerk = login(workspace, "clerk")
    book = write_xlsx(
        tmp_path / "毕业生.xlsx",
        {
            "说明": [["填表说明"], ["每行一名毕业生"]],
            "毕业生": [["2026 届毕业生名单"], [], HEADER, ROW, ROW2],
        },
    )
    found = imports.sheets(clerk, book, BatchKind.DIPLOMA)
    assert found.names == ["说明", "毕业生"] and found.suggested == "毕业生"

    p = imports.preview(clerk, book, BatchKind.DIPLOMA, "毕业生")
    assert (p.detected, p.header_row, p.sample_rows) == (3, 3, [4, 5])
    assert p.top[0][0] == "2026 届毕业生名单" and p.missing == [] and p.unmapped == []
    id_column = p.mapped["sfzh"]
    assert id_column.header == "证件号码" and id_column.how == "auto"
    at = p.columns.index(id_column)
    assert [row[at] for row in p.sample] == ["110105********0016", "110105********0024"]
    assert all("110105200001010016" not in cell for row in p.top for cell in row)

    chosen = imports.preview(clerk, book, BatchKind.DIPLOMA, "毕业生", header_row=4)
    assert chosen.header_row == 4 and chosen.detected == 3 and chosen.sample_rows == [5]
    assert chosen.mapped == {} and len(chosen.missing) == 15  # a clerk may still map by hand
    with pytest.raises((SheetError, child.ChildFailed), match="第 2 行：这一行是空行"):
        imports.preview(clerk, book, BatchKind.DIPLOMA, "毕业生", header_row=2)


@pytest.mark.parametrize("isolate", [False, True], ids=["thread", "child"])
def test_a_corrected_column_imports_and_is_remembered(
    workspace: Workspace, tmp_path: Path, isolate: bool
) -> None:
    clerk = login(workspace, "clerk")
    path = csv_file(tmp_path / "毕业生.csv", WRONG, ROW, ROW2)
    p = imports.preview(clerk, path, BatchKind.DIPLOMA)
    assert p.missing == ["sfzh"] and [c.header for c in p.unmapped] == ["公民身份号码"]
    wrong = p.unmapped[0]
    assert p.sample[0][p.columns.index(wrong)] == "110105********0016"  # masked unmapped too

    fixed = imports.assign(p, wrong.index, "sfzh")
    assert fixed.missing == [] and fixed.mapped["sfzh"].how == "corrected"
    assert fixed.corrections == {wrong.key: "sfzh"}
    # A field belongs to one column: giving 姓名 to the ID column takes it from 姓名.
    moved = imports.assign(fixed, wrong.index, "xm")
    assert moved.mapped["xm"].index == wrong.index and "sfzh" in moved.missing
    assert moved.corrections[moved.columns[0].key] is None
    back = imports.assign(imports.assign(moved, 0, "xm"), wrong.index, "sfzh")
    assert back.corrections == {wrong.key: "sfzh"}  # 姓名 maps by itself again

    seen: list[tuple[int, int]] = []
    request = imports.ImportRequest(
        path, BatchKind.DIPLOMA, name="毕业生", header_row=1, corrections=fixed.corrections
    )
    batch = imports.run_import(
        clerk, request, progress=lambda d, t: seen.append((d, t)), isolate=isolate
    )
    assert (batch.name, batch.rows, batch.errors) == ("毕业生", 2, 1)
    assert batch.headers["sfzh"] == "公民身份号码" and seen[-1] == (2, 2)
    memory = json.loads((workspace.home / FILE_NAME).read_text(encoding="utf-8"))
    assert [e["overrides"] for e in memory["layouts"].values()] == [{wrong.key: "sfzh"}]

    again = imports.preview(clerk, csv_file(tmp_path / "下月.csv", WRONG, ROW), BatchKind.DIPLOMA)
    assert again.remembered and again.missing == [] and again.mapped["sfzh"].how == "remembered"


def test_cancel_and_failure_leave_the_workspace_as_it_was(
    workspace: Workspace, tmp_path: Path
) -> None:
    clerk = login(workspace, "clerk")
    path = csv_file(tmp_path / "毕业生.csv", WRONG, *([ROW] * 30000))
    before = len(audit_log(workspace))
    token = CancelToken()
    request = imports.ImportRequest(path, BatchKind.DIPLOMA, corrections={"公民身份号码": "sfzh"})

    def cancel_once_reading(done: int, total: int) -> None:
        token.cancel()

    assert path.stat().st_size > imports.ISOLATE_ABOVE
    with pytest.raises(Cancelled):
        imports.run_import(clerk, request, progress=cancel_once_reading, cancel=token)
    assert token.cancelled
    assert batches.list_batches(clerk) == [] and len(audit_log(workspace)) == before
    assert not (workspace.home / FILE_NAME).exists()  # corrections kept only once saved

    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(child.ChildFailed, match=r"坏\.xlsx") as failed:
        imports.run_import(clerk, imports.ImportRequest(broken, BatchKind.DIPLOMA), isolate=True)
    assert "Traceback" in "\n".join(failed.value.__notes__)
    assert batches.list_batches(clerk) == [] and len(audit_log(workspace)) == before


def test_a_child_that_dies_is_a_failure_not_a_hang() -> None:
    with pytest.raises(child.ChildFailed, match="后台进程意外退出（代码 3）"):
        child.call(_exit_hard, 3)


def test_a_child_that_ignores_cancel_is_killed() -> None:
    token = CancelToken()
    threading.Timer(0.5, token.cancel).start()
    with pytest.raises(Cancelled):
        child.call(_sleep_forever, cancel=token, grace=0.5)


def _exit_hard(code: int, *, progress: object, cancel: object) -> None:
    import os

    os._exit(code)


def _sleep_forever(*, progress: object, cancel: object) -> None:
    import time

    while True:
        time.sleep(1)


def test_headers_nobody_recognises_are_mapped_by_hand(workspace: Workspace, tmp_path: Path) -> None:
    clerk = login(workspace, "clerk")
    header = ["Student", "Document", "Certificate", "Remark"]
    row = ["张三", "110105200001010016", "100011202605000001", "补录"]
    path = csv_file(tmp_path / "export.csv", header, row)
    found = imports.preview(clerk, path, BatchKind.DIPLOMA)
    assert (found.detected, found.header_row, found.columns) == (None, None, [])
    # Any 18-digit number is masked until its column is known (a certificate number too).
    assert found.top[1] == ["张三", "110105********0016", "100011********0001", "补录"]

    chosen = imports.preview(clerk, path, BatchKind.DIPLOMA, header_row=1)
    assert chosen.mapped == {} and len(chosen.unmapped) == 4
    for index, field in enumerate(["xm", "sfzh", "zsbh"]):
        chosen = imports.assign(chosen, index, field)
    assert [c.field for c in chosen.columns] == ["xm", "sfzh", "zsbh", None]
    assert chosen.sample == [["张三", "110105********0016", "100011202605000001", "补录"]]
    request = imports.ImportRequest(
        path, BatchKind.DIPLOMA, header_row=1, corrections=chosen.corrections
    )
    batch = imports.run_import(clerk, request)
    assert batch.rows == 1 and batch.headers == {
        "xm": "Student",
        "sfzh": "Document",
        "zsbh": "Certificate",
    }
    assert batch.errors > 0  # the rules name the required columns still missing

    known = imports.preview(clerk, path, BatchKind.DIPLOMA)
    assert known.detected == 1 and known.remembered  # the layout is known from now on

    ignored: dict[str, str | None] = {c.key: None for c in chosen.columns}
    nothing = imports.ImportRequest(path, BatchKind.DIPLOMA, header_row=1, corrections=ignored)
    with pytest.raises(SheetError, match="没有任何列对应到字段"):
        imports.run_import(clerk, nothing)
    assert imports.preview(clerk, path, BatchKind.DIPLOMA).mapped.keys() == {"xm", "sfzh", "zsbh"}
