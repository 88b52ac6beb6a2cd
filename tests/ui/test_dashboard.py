"""The 工作台 page on a real workspace, offscreen: batches by state, article 13's deadlines
with the days left (and the working days, across the National Day holiday), the sync
status and the key warnings. The arithmetic itself: tests/unit/test_dashboard_deadlines.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.services import batches
from desktop.services.workspace import Session, Workspace
from desktop.ui import worker
from desktop.ui.dashboard import OVERDUE, SOON, DashboardPage
from tests.server.conftest import Live, live  # noqa: F401
from tests.store import sheets
from tests.store.conftest import login, sqlite_template, sqlite_workspace  # noqa: F401
from tests.sync.office import Office, office  # noqa: F401

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
D = date.fromisoformat
GONE = {"注册状态": "", "注册日期": "", "学籍注销类别": "退学", "学籍处理日期": "2025-09-26"}
BG = Qt.ItemDataRole.BackgroundRole
Make = Callable[[Session, date | None], DashboardPage]


@pytest.fixture
def make_page(qtbot: QtBot, sqlite_workspace: Workspace) -> Iterator[Make]:  # noqa: F811
    def make(session: Session, today: date | None) -> DashboardPage:
        page = DashboardPage(session)
        qtbot.addWidget(page)
        return show(qtbot, page, today)

    yield make
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=10000)


def show(qtbot: QtBot, page: DashboardPage, today: date | None) -> DashboardPage:
    page.today, page.board = today, None
    page.refresh()
    expected = today or date.today()
    qtbot.waitUntil(lambda: page.board is not None and page.board.as_of == expected, timeout=10000)
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=10000)
    return page


def row_texts(page: DashboardPage, row: int) -> list[object]:
    m = page.deadline_model
    return [m.index(row, c).data() for c in range(m.columnCount())]


def test_counts_deadlines_and_warnings(
    sqlite_workspace: Workspace,  # noqa: F811
    make_page: Make,
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    tmp_path: Path,
) -> None:
    ws = sqlite_workspace
    login(ws, "admin").set_term_start("2025-2026", D("2025-09-01"))
    path = sheets.write(tmp_path / "学年.csv", [sheets.annual(i, **GONE) for i in range(2)])
    batches.import_file(login(ws, "clerk"), path, BatchKind.ANNUAL, name="学年注册")
    page = make_page(login(ws, "reviewer"), D("2025-09-30"))
    qtmodeltester.check(page.state_model)
    qtmodeltester.check(page.deadline_model)
    counts = {page.state_model.index(r, 0).data(): page.state_model.index(r, 1).data()
              for r in range(page.state_model.rowCount())}  # fmt: skip
    assert counts["草稿"] == 1 and counts["已受理"] == 0 and len(counts) == 8

    assert page.deadline_model.rowCount() == 2 and page.no_deadlines.isHidden()
    registration = ["学年注册", "2025-2026 学年", "2025-09-01", "2025-10-01", "剩 1 天"]
    assert row_texts(page, 0) == registration
    assert row_texts(page, 1) == [
        "学籍注销", "2 名学生（批次：学年注册）", "2025-09-26", "2025-10-23",
        "剩 23 天（12 个工作日）",
    ]  # fmt: skip
    assert page.deadline_model.index(0, 4).data(BG) == SOON
    assert page.deadline_model.index(1, 4).data(BG) is None
    assert "15个工作日" in page.deadline_model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)

    # Four calendar days late, but only two working days (24 and 27 October).
    show(qtbot, page, D("2025-10-27"))
    assert row_texts(page, 0)[4] == "已逾期 26 天"
    assert row_texts(page, 1)[4] == "已逾期 4 天（2 个工作日）"
    assert page.deadline_model.index(1, 4).data(BG) == OVERDUE

    assert not page.warnings.isHidden()
    text = page.warnings.text()
    assert "尚未生成本校签名密钥" in text and "尚未连接中心服务器" in text
    assert "中心服务器：未连接" in page.sync_label.text()
    assert "待上报：0 个批次" in page.sync_label.text()


def test_a_connected_office_with_its_key_registered_has_no_warning(
    office: Office,  # noqa: F811
    live: Live,  # noqa: F811
    make_page: Make,
    qtbot: QtBot,
) -> None:
    office.queued(2)
    page = make_page(office.reviewer, None)
    assert page.warnings.isHidden() and page.board is not None and page.board.warnings == ()
    assert f"中心服务器：{live.url}" in page.sync_label.text()
    assert "待上报：1 个批次" in page.sync_label.text()
    assert "最近一次成功上报（收到已验证回执）：尚无" in page.sync_label.text()
    assert page.deadline_model.rowCount() == 0 and not page.no_deadlines.isHidden()
    counts = {s.label: s.count for s in page.board.states}
    assert counts["已排队"] == 1
    office.sync()
    show(qtbot, page, None)
    assert "待上报：0 个批次" in page.sync_label.text()
    assert "尚无" not in page.sync_label.text().splitlines()[2]
    assert {s.label: s.count for s in page.board.states}["已受理"] == 1
