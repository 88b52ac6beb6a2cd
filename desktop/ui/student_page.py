"""学生: find a student by 姓名 / 证件号码 / 学号 / 考生号 and follow them across batches
(enrollment → annual registrations and changes → diploma), with the identity corrections
kept under article 19. A record double-clicked in the timeline is opened in its batch."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import students
from desktop.services.students import RecordEntry, StudentHit, Timeline
from desktop.services.workspace import Session
from desktop.ui.pagekit import run, show_error
from desktop.ui.student_models import HitModel, TimelineModel

LIMIT = 200


def table_view(name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    return view


class StudentPage(QWidget):
    open_record = Signal(str, int)  # batch id, the record's position in it (grid row)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("student_page")
        self.session = session
        self.timeline: Timeline | None = None
        self._searches = 0  # a newer search or choice makes an older answer stale
        self._choices = 0

        self.search = QLineEdit(self)
        self.search.setObjectName("student_search")
        self.search.setPlaceholderText(self.tr("姓名、证件号码、学号或考生号（Ctrl+F），回车查找"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        find = QAction(self.tr("查找学生"), self)
        find.setObjectName("find_student")
        find.setShortcut(QKeySequence("Ctrl+F"))
        # The page's own window-wide Ctrl+F: Qt leaves a hidden page's shortcut inactive,
        # so it never competes with the batch grid's on another tab.
        find.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        find.triggered.connect(self.focus_search)
        self.addAction(find)
        self.status = QLabel(self)
        self.status.setObjectName("student_status")

        self.hit_model = HitModel(self)
        self.hits = table_view("student_hits", self)
        self.hits.setModel(self.hit_model)
        self.hits.selectionModel().currentRowChanged.connect(self._chosen)
        self.heading = QLabel(self)
        self.heading.setObjectName("student_heading")
        self.timeline_model = TimelineModel(self)
        self.entries = table_view("student_timeline", self)
        self.entries.setModel(self.timeline_model)
        self.entries.doubleClicked.connect(self._entry_activated)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        lower = QWidget(self)
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.heading)
        below.addWidget(self.entries, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.hits)
        split.addWidget(lower)
        split.setSizes([260, 440])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.setTabOrder(self.search, self.hits)
        self.setTabOrder(self.hits, self.entries)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- search ---------------------------------------------------------------------------
    def run_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        self._searches += 1
        asked, session = self._searches, self.session
        self.status.setText(self.tr("正在查找…"))

        def done(hits: list[StudentHit]) -> None:
            if asked == self._searches:
                self._found(hits)

        def failed(message: str, details: str) -> None:
            if asked == self._searches:
                self.status.setText(message)
                show_error(self, message, details)

        run(self, lambda: students.search(session, text, LIMIT), done, failed)

    def _found(self, hits: list[StudentHit]) -> None:
        self._choices += 1  # a timeline still being read is for the last search's student
        self._show_timeline(None)
        self.hit_model.set_items(hits)
        if not hits:
            self.status.setText(self.tr("没有找到学生"))
            return
        if len(hits) >= LIMIT:
            self.status.setText(self.tr("只列出前 {0} 名，请输入更完整的信息").format(LIMIT))
        else:
            self.status.setText(self.tr("找到 {0} 名学生").format(len(hits)))
        self.hits.setCurrentIndex(self.hit_model.index(0, 0))

    # -- timeline -------------------------------------------------------------------------
    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.hit_model.hit(current.row())
        self._choices += 1
        if hit is None:
            return
        asked, session = self._choices, self.session
        self.heading.setText(self.tr("正在读取 {0} 的记录…").format(hit.name))

        def done(line: Timeline) -> None:
            if asked == self._choices:
                self._show_timeline(line)

        def failed(message: str, details: str) -> None:
            if asked == self._choices:
                self.heading.setText(message)
                show_error(self, message, details)

        run(self, lambda: students.timeline(session, hit.student_id), done, failed)

    def _show_timeline(self, line: Timeline | None) -> None:
        self.timeline = line
        self.timeline_model.set_items(line.entries if line is not None else ())
        if line is None:
            self.heading.clear()
            return
        s = line.student
        self.heading.setText(
            self.tr("{0}（{1} {2}）：{3} 条记录，由早到晚").format(
                s.name, s.id_type, s.masked_id, s.records
            )
        )
        self.entries.scrollToBottom()

    def _entry_activated(self, index: QModelIndex) -> None:
        entry: Any = self.timeline_model.entry(index.row())
        if isinstance(entry, RecordEntry):
            self.open_record.emit(entry.batch_id, entry.seq)
