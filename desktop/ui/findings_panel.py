"""The findings panel: the batch's findings grouped by rule with counts (over the whole
batch), each rule's findings read when it is opened; a finding jumps to its cell, a rule
filters the grid to its rows, a warning can be acknowledged with a reason (reviewer)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.domain.roles import Action, allowed
from desktop.services import findings, records
from desktop.services.findings import FindingItem, RuleCount
from desktop.services.grid import BatchInfo
from desktop.services.workspace import Session
from desktop.ui import worker
from desktop.ui.acknowledge_dialog import AcknowledgeDialog, OpenWarning

ROLE = Qt.ItemDataRole.UserRole
SHOWN = 500  # findings listed under a rule; the grid's rule filter shows them all
INK = {"error": QColor("#a61b1b"), "warning": QColor("#8a5a00"), "info": QColor("#1f4e8c")}


class FindingsPanel(QTreeWidget):
    jump = Signal(int, str)  # record position, field ("" for the row)
    filter_rule = Signal(str)
    batch_changed = Signal(object)  # BatchInfo after an acknowledgement here
    failed = Signal(str, str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findings")
        self.session = session
        self.batch: BatchInfo | None = None
        self._version: int | None = None
        self._run = 0
        self.setHeaderLabels([self.tr("规则 / 行"), self.tr("数量"), self.tr("说明")])
        self.setColumnWidth(0, 220)
        self.setColumnWidth(1, 90)
        self.itemExpanded.connect(self._expand)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._popup)

    def open(self, batch: BatchInfo) -> None:
        """Show the batch's findings; the same version of the same batch is not re-read."""
        if self.batch is not None and batch.id == self.batch.id and batch.version == self._version:
            return
        self.batch, self._version = batch, batch.version
        self.reload()

    def close_batch(self) -> None:
        self.batch, self._version = None, None
        self._run += 1  # a reload still running answers for nothing
        self.clear()

    def reload(self) -> None:
        batch, session = self.batch, self.session
        if batch is None:
            return
        opened = {
            item.data(0, ROLE)[1]
            for i in range(self.topLevelItemCount())
            if (item := self.topLevelItem(i)) is not None and item.isExpanded()
        }
        self._run += 1
        run = self._run

        def done(counts: list[RuleCount]) -> None:
            if run == self._run:
                self._fill(counts, opened)

        worker.start(
            lambda: findings.rule_counts(session, batch.id),
            on_done=done,
            on_error=self.failed.emit,
            owner=self,
        )

    def _fill(self, counts: list[RuleCount], opened: set[str]) -> None:
        self.clear()
        for c in counts:
            number = str(c.count)
            if c.severity == "warning" and c.open != c.count:
                number = self.tr("{0}（未确认 {1}）").format(c.count, c.open)
            top = QTreeWidgetItem([c.rule_id, number, c.title])
            top.setData(0, ROLE, ("rule", c.rule_id, c.count))
            top.setForeground(0, QBrush(INK.get(c.severity, QColor("black"))))
            tip = self.tr("{0}（{1}）").format(c.title, c.basis) if c.basis else c.title
            top.setToolTip(0, tip)
            top.addChild(QTreeWidgetItem([self.tr("正在读取…")]))
            self.addTopLevelItem(top)
            if c.rule_id in opened:
                top.setExpanded(True)

    def _expand(self, top: QTreeWidgetItem) -> None:
        data = top.data(0, ROLE)
        batch, session = self.batch, self.session
        if not data or data[0] != "rule" or batch is None or top.data(1, ROLE):
            return
        top.setData(1, ROLE, True)  # read once per fill
        rule_id, total, run = data[1], data[2], self._run

        def done(items: list[FindingItem]) -> None:
            if run != self._run:
                return
            top.takeChildren()
            for f in items:
                where = (
                    self.tr("表级") if f.row_no is None else self.tr("第 {0} 行").format(f.row_no)
                )
                done_mark = self.tr("（已确认）") if f.acknowledged else ""
                child = QTreeWidgetItem([where, "", f.message + done_mark])
                child.setData(0, ROLE, ("finding", f))
                child.setToolTip(2, f.message)
                top.addChild(child)
            if total > len(items):
                more = self.tr("只列出前 {0} 条；右键“只看此规则的行”在表格中查看全部")
                top.addChild(QTreeWidgetItem(["…", "", more.format(len(items))]))

        worker.start(
            lambda: findings.rule_findings(session, batch.id, rule_id, SHOWN),
            on_done=done,
            on_error=self.failed.emit,
            owner=self,
        )

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, ROLE)
        if data and data[0] == "finding" and data[1].seq is not None:
            finding: FindingItem = data[1]
            assert finding.seq is not None
            self.jump.emit(finding.seq, finding.field or "")

    # -- context menu ---------------------------------------------------------------------
    def _popup(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is not None:
            self.menu(item).popup(self.viewport().mapToGlobal(pos))

    def menu(self, item: QTreeWidgetItem) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        data: Any = item.data(0, ROLE)
        if not data:
            return menu
        if data[0] == "rule":
            action = menu.addAction(
                self.tr("只看此规则的行"), lambda: self.filter_rule.emit(data[1])
            )
            action.setObjectName("filter_rule")
            return menu
        f: FindingItem = data[1]
        menu.addAction(self.tr("转到单元格"), lambda: self._activate(item)).setObjectName("jump")
        ack = menu.addAction(self.tr("确认警告…"), lambda: self.acknowledge(f))
        ack.setObjectName("acknowledge")
        may = allowed(self.session.operator.role, Action.ACKNOWLEDGE)
        frozen = self.batch is None or not self.batch.state.editable
        ack.setEnabled(
            may and not frozen and f.severity == "warning" and not f.acknowledged and bool(f.row_no)
        )
        if not may:
            ack.setToolTip(self.tr("只有审核员可以确认警告"))
        return menu

    def acknowledge(self, f: FindingItem) -> AcknowledgeDialog | None:
        batch, session = self.batch, self.session
        if batch is None or f.row_no is None:
            return None
        row_no = f.row_no

        def accepted(rule_id: str, reason: str) -> None:
            worker.start(
                lambda: records.acknowledge(session, batch.id, row_no, rule_id, reason, f.field),
                on_done=self.batch_changed.emit,
                on_error=self.failed.emit,
                owner=self,
            )

        dialog = AcknowledgeDialog(row_no, [OpenWarning(f.rule_id, f.message)], accepted, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
