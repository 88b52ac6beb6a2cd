"""工作台: the morning's view (issue 7). Batches by state, article 13's deadlines with
the days left, where the outbox stands, and warnings about the key and the server link.
Read off the GUI thread whenever the page is shown or 刷新 is pressed."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import dashboard
from desktop.services.dashboard import Dashboard, Deadline, StateCount
from desktop.services.workspace import Session
from desktop.ui import labels
from desktop.ui.i18n import QT_TRANSLATE_NOOP
from desktop.ui.list_model import BACKGROUND, DISPLAY, TOOLTIP, ListTableModel
from desktop.ui.pagekit import local_time, run, show_error

OVERDUE, SOON = QColor("#f8d0d0"), QColor("#fbefc4")
SOON_DAYS = 7


def left_text(d: Deadline) -> str:
    if d.overdue:
        text = QCoreApplication.translate("Dashboard", "已逾期 {n} 天").format(n=-d.days_left)
    elif d.days_left == 0:
        text = QCoreApplication.translate("Dashboard", "今天到期")
    else:
        text = QCoreApplication.translate("Dashboard", "剩 {n} 天").format(n=d.days_left)
    if d.workdays_left is not None:
        n = abs(d.workdays_left)
        text += QCoreApplication.translate("Dashboard", "（{n} 个工作日）").format(n=n)
    if not d.exact:
        text += QCoreApplication.translate("Dashboard", "（节假日安排未知，按周一至周五估算）")
    return text


class StateCountModel(ListTableModel[StateCount]):
    HEADERS = (
        QT_TRANSLATE_NOOP("StateCountModel", "状态"),
        QT_TRANSLATE_NOOP("StateCountModel", "批次数"),
    )
    NUMERIC = frozenset({1})

    def cell(self, s: StateCount, column: int, role: int) -> Any:
        if role == DISPLAY:
            return (labels.text(s.label), s.count)[column]
        return None


class DeadlineModel(ListTableModel[Deadline]):
    HEADERS = (
        QT_TRANSLATE_NOOP("DeadlineModel", "事项"),
        QT_TRANSLATE_NOOP("DeadlineModel", "内容"),
        QT_TRANSLATE_NOOP("DeadlineModel", "起算日"),
        QT_TRANSLATE_NOOP("DeadlineModel", "期限"),
        QT_TRANSLATE_NOOP("DeadlineModel", "剩余"),
    )

    def cell(self, d: Deadline, column: int, role: int) -> Any:
        if role == DISPLAY:
            values = (
                labels.text(d.task),
                d.subject,
                d.starts.isoformat(),
                d.due.isoformat(),
                left_text(d),
            )
            return values[column]
        if role == BACKGROUND:
            if d.overdue:
                return OVERDUE
            if d.days_left <= SOON_DAYS:
                return SOON
        if role == TOOLTIP:
            if d.task == dashboard.REGISTRATION:
                return self.tr("第十三条：学年注册在每学年第一学期开学后1个月内完成")
            return self.tr("第十三条：学籍注销应在学籍处理后15个工作日内完成")
        return None


class DashboardPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.session = session
        self.board: Dashboard | None = None
        self.today: date | None = None  # None: the PC's date
        self._asked = 0

        self.warnings = QLabel("", self)
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.warnings.setVisible(False)

        self.state_model = StateCountModel(self)
        self.state_view = QTableView(self)
        self.state_view.setObjectName("states")
        self.state_view.setModel(self.state_model)
        self.state_view.verticalHeader().setVisible(False)
        states = QGroupBox(self.tr("批次状态"), self)
        QVBoxLayout(states).addWidget(self.state_view)

        self.deadline_model = DeadlineModel(self)
        self.deadline_view = QTableView(self)
        self.deadline_view.setObjectName("deadlines")
        self.deadline_view.setModel(self.deadline_model)
        self.deadline_view.verticalHeader().setVisible(False)
        self.deadline_view.horizontalHeader().setStretchLastSection(True)
        self.no_deadlines = QLabel(
            self.tr(
                "近期没有到期事项：学年注册在开学后1个月内、学籍注销在处理后15个工作日内完成。"
            ),
            self,
        )
        self.no_deadlines.setObjectName("no_deadlines")
        self.no_deadlines.setWordWrap(True)
        self.no_deadlines.hide()
        deadlines = QGroupBox(self.tr("即将到期（第十三条）"), self)
        deadline_box = QVBoxLayout(deadlines)
        deadline_box.addWidget(self.no_deadlines)
        deadline_box.addWidget(self.deadline_view)

        self.sync_label = QLabel(self.tr("正在读取…"), self)
        self.sync_label.setObjectName("sync_status")
        self.sync_label.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.setObjectName("refresh")
        self.refresh_button.clicked.connect(self.refresh)
        sync_box = QGroupBox(self.tr("上报状态"), self)
        lay = QHBoxLayout(sync_box)
        lay.addWidget(self.sync_label, 1)
        lay.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)

        top = QHBoxLayout()
        top.addWidget(states, 1)
        top.addWidget(deadlines, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warnings)
        layout.addLayout(top, 1)
        layout.addWidget(sync_box)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        session, today = self.session, self.today
        self._asked += 1
        asked = self._asked

        def done(board: Dashboard) -> None:
            if asked == self._asked:  # an older read finishing late is not shown
                self.show_board(board)

        def failed(message: str, details: str) -> None:
            self.sync_label.setText(message)
            show_error(self, message, details)

        run(self, lambda: dashboard.load(session, today=today), done, failed)

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        self.state_model.set_items(board.states)
        self.deadline_model.set_items(board.deadlines)
        self.no_deadlines.setVisible(not board.deadlines)
        self.deadline_view.resizeColumnsToContents()
        self.warnings.setText("\n".join(f"⚠ {w}" for w in board.warnings))
        self.warnings.setVisible(bool(board.warnings))
        s = board.sync
        lines = [
            self.tr("中心服务器：{url}").format(url=s.server_url or self.tr("未连接")),
            self.tr("待上报：{n} 个批次").format(n=s.queued),
            self.tr("最近一次成功上报（收到已验证回执）：{at}").format(
                at=local_time(s.last_success, self.tr("尚无"))
            ),
        ]
        if s.last_error:
            lines.append(
                self.tr("最近的错误（{batch}）：{error}").format(
                    batch=s.last_error_batch or "", error=s.last_error
                )
            )
        lines.append(
            self.tr("最近拉取核对：{at}").format(at=local_time(s.last_pull, self.tr("从未")))
        )
        self.sync_label.setText("\n".join(lines))
