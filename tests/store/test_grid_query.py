"""What the batch grid lists, computed over the store: filters by findings, search as
the grid shows values (masked ID numbers stay masked), sort; pages in a view's order;
findings counted per rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.domain.fields import BatchKind
from desktop.services import batches, findings, grid, records
from desktop.services.grid_query import RowQuery, read_cells, select_rows
from desktop.services.workspace import PermissionDenied, Session, Workspace
from desktop.store import audit
from desktop.store.errors import StoreError
from tests.store import sheets
from tests.store.conftest import login

AS_OF = date(2026, 7, 15)


@pytest.fixture
def batch(workspace: Workspace, tmp_path: Path) -> tuple[Session, str]:
    """Six graduates: row 3 (seq 1) has an error, rows 4 and 6 a warning, row 5 a blank
    name; names sort 张 > 李 > 王 > 陈 by code point."""
    rows = [sheets.diploma(i) for i in range(6)]
    rows[1]["发证日期"] = "2026-07-01"  # DIP-018-FZRQ, an error
    rows[2]["校(院)长姓名"] = rows[4]["校(院)长姓名"] = "王五"  # DIP-XZXM-PROFILE, warnings
    rows[3]["姓名"] = ""
    for i, name in enumerate(("王一", "李二", "张三", "", "陈五", "李六")):
        if name:
            rows[i]["姓名"] = name
    path = sheets.write(tmp_path / "d.csv", rows)
    clerk = login(workspace, "clerk")
    return clerk, batches.import_file(clerk, path, BatchKind.DIPLOMA, as_of=AS_OF).id


def rows_of(session: Session, batch_id: str, query: RowQuery) -> list[int]:
    return list(select_rows(session, batch_id, query))


def test_filters_by_findings(workspace: Workspace, batch: tuple[Session, str]) -> None:
    clerk, batch_id = batch
    assert rows_of(clerk, batch_id, RowQuery(severity="error")) == [1, 3]  # FZRQ; 姓名 blank
    assert rows_of(clerk, batch_id, RowQuery(severity="warning")) == [2, 4]
    assert rows_of(clerk, batch_id, RowQuery(rule="DIP-XZXM-PROFILE")) == [2, 4]
    assert rows_of(clerk, batch_id, RowQuery(rule="DIP-018-FZRQ", severity="warning")) == []
    # an acknowledged warning no longer needs looking at
    records.acknowledge(login(workspace, "reviewer"), batch_id, 4, "DIP-XZXM-PROFILE", "已换届")
    assert rows_of(clerk, batch_id, RowQuery(severity="warning")) == [4]
    with pytest.raises(StoreError, match="未知的筛选条件"):
        rows_of(clerk, batch_id, RowQuery(severity="fatal"))


def test_search_matches_what_the_grid_shows(batch: tuple[Session, str]) -> None:
    clerk, batch_id = batch
    assert rows_of(clerk, batch_id, RowQuery(search="李")) == [0, 1, 3, 5]  # 李四 is 校长
    assert rows_of(clerk, batch_id, RowQuery(search="李六")) == [5]
    assert rows_of(clerk, batch_id, RowQuery(search="女")) == [1, 3, 5]  # 性别 by its name
    assert rows_of(clerk, batch_id, RowQuery(search="王五")) == [2, 4]
    masked = grid.read_page(clerk, batch_id, 2, 1).rows[0].values["sfzh"]
    assert "*" in masked and rows_of(clerk, batch_id, RowQuery(search=masked)) == [2]
    assert rows_of(clerk, batch_id, RowQuery(search=sheets.id_number(2))) == [2]
    # the hidden birth date digits of a masked number do not find it
    hidden = sheets.id_number(2)[6:14]
    assert rows_of(clerk, batch_id, RowQuery(search=hidden)) == []
    assert rows_of(clerk, batch_id, RowQuery(search="100%")) == []  # LIKE wildcards are text


def test_sort_puts_blanks_last_and_codes_by_name(batch: tuple[Session, str]) -> None:
    clerk, batch_id = batch
    up = rows_of(clerk, batch_id, RowQuery(sort_field="xm"))
    assert up == [2, 1, 5, 0, 4, 3]  # 张三 李二 李六 王一 陈五 by code point, blank last
    assert rows_of(clerk, batch_id, RowQuery(sort_field="xm", descending=True)) == [
        4, 0, 5, 1, 2, 3,
    ]  # fmt: skip
    # by the names shown (女 U+5973 before 男 U+7537), not by the codes (1 男, 2 女)
    assert rows_of(clerk, batch_id, RowQuery(sort_field="xb"))[:3] == [1, 3, 5]
    both = RowQuery(search="李", sort_field="xm", descending=True)
    assert rows_of(clerk, batch_id, both) == [0, 5, 1, 3]  # 王一 李六 李二, blank last


def test_pages_of_a_view_and_cells_for_undo(
    workspace: Workspace, batch: tuple[Session, str]
) -> None:
    clerk, batch_id = batch
    page = grid.read_rows(clerk, batch_id, [4, 0, 2], start=200)
    assert [(r.seq, r.row_no) for r in page.rows] == [(4, 6), (0, 2), (2, 4)]
    assert page.start == 200 and page.rows[2].version == 1
    notes = page.rows[2].notes["xzxm"]
    assert [(n.rule, n.severity, n.acknowledged) for n in notes] == [
        ("DIP-XZXM-PROFILE", "warning", False)
    ]
    cells = read_cells(clerk, batch_id, [1, 2], "fzrq")
    assert (cells[1].row_no, cells[1].version, cells[1].value) == (3, 1, "2026-07-01")
    # what undo keeps is the number itself; reading it is an edit right, not a view right
    assert read_cells(clerk, batch_id, [2], "sfzh")[2].value == sheets.id_number(2)
    with pytest.raises(PermissionDenied):
        read_cells(login(workspace, "admin"), batch_id, [2], "sfzh")


def test_findings_are_counted_per_rule_over_the_whole_batch(
    workspace: Workspace, batch: tuple[Session, str]
) -> None:
    clerk, batch_id = batch
    records.acknowledge(login(workspace, "reviewer"), batch_id, 6, "DIP-XZXM-PROFILE", "已换届")
    counts = {
        c.rule_id: (c.severity, c.count, c.open) for c in findings.rule_counts(clerk, batch_id)
    }
    assert counts["DIP-XZXM-PROFILE"] == ("warning", 2, 1)
    assert counts["DIP-018-FZRQ"] == ("error", 1, 1)
    first = findings.rule_counts(clerk, batch_id)[0]
    assert first.severity == "error" and first.title
    items = findings.rule_findings(clerk, batch_id, "DIP-XZXM-PROFILE")
    assert [(f.seq, f.row_no, f.field, f.acknowledged) for f in items] == [
        (2, 4, "xzxm", False),
        (4, 6, "xzxm", True),
    ]
    assert findings.rule_findings(clerk, batch_id, "DIP-XZXM-PROFILE", limit=1)[0].row_no == 4


def test_a_bulk_audit_append_chains_like_single_ones(workspace: Workspace) -> None:
    with workspace.transaction() as conn:
        audit.append(conn, operator="clerk", action="x", object_type="t", object_id="1")
        head = audit.append_many(
            conn,
            "clerk",
            [audit.Entry("edit", "record", f"b#{i}", {"sfzh": "110105200001010016"}, {"n": i})
             for i in range(3)],
        )  # fmt: skip
        audit.append(conn, operator="clerk", action="y", object_type="t")
        assert audit.head(conn)[1] != head
        assert audit.verify(conn) is None
        last = conn.exec_driver_sql("SELECT before FROM audit WHERE object_id = 'b#2'").scalar()
    assert last is not None and "110105200001010016" not in last
