"""What the batch grid does to a selection or a cell: fill-down and find/replace as
single undoable commands, the cell's context menu, acknowledging a warning (reviewer)
and revealing an ID number (audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from desktop.domain.fields import FieldSpec, FieldType
from desktop.domain.roles import Action, allowed
from desktop.services import bulk_edit, records
from desktop.services.grid import CellNote
from desktop.ui import labels, worker
from desktop.ui.acknowledge_dialog import AcknowledgeDialog, OpenWarning
from desktop.ui.grid import NOTES_ROLE
from desktop.ui.grid_edits import ColumnEdit
from desktop.ui.replace_dialog import ReplaceDialog

if TYPE_CHECKING:
    from desktop.ui.batch_grid import BatchGrid


class GridActions(QObject):
    def __init__(self, grid: BatchGrid) -> None:
        super().__init__(grid)
        self.grid = grid

    def _may(self, action: Action) -> bool:
        return allowed(self.grid.session.operator.role, action)

    # -- selection ------------------------------------------------------------------------
    def selection(self) -> tuple[int, list[int]] | None:
        """The one column selected and the selected positions in it, top to bottom."""
        grid = self.grid
        chosen = grid.view.selectionModel().selection()
        ranges = [chosen.at(i) for i in range(chosen.size())]
        columns = {c for r in ranges for c in range(r.left(), r.right() + 1)}
        if not columns:
            current = grid.view.currentIndex()
            if not current.isValid():
                grid.show_error(self.tr("请先选中单元格"))
                return None
            return current.column(), [current.row()]
        if len(columns) > 1:
            grid.show_error(self.tr("请只在一列中选择单元格"))
            return None
        count = sum(r.bottom() - r.top() + 1 for r in ranges)
        if count > bulk_edit.MAX_CELLS + 1:
            grid.show_error(
                self.tr("一次最多修改 {0} 个单元格，请分批操作").format(bulk_edit.MAX_CELLS)
            )
            return None
        positions = sorted({p for r in ranges for p in range(r.top(), r.bottom() + 1)})
        return columns.pop(), positions

    # -- mass edits -----------------------------------------------------------------------
    def fill_down(self) -> None:
        grid, chosen = self.grid, self.selection()
        if chosen is None or grid.model is None or grid.editor is None or grid.batch is None:
            return
        column, positions = chosen
        if len(positions) < 2:
            grid.show_error(self.tr("请在同一列中至少选中两个单元格"))
            return
        model, editor, batch_id, session = grid.model, grid.editor, grid.batch.id, grid.session
        spec = model.specs[column]
        seqs = [model.seq_at(p) for p in positions]
        text = self.tr("向下填充“{0}”（{1} 行）").format(labels.text(spec.label), len(seqs) - 1)
        editor.run(
            lambda: bulk_edit.plan_fill_down(session, batch_id, spec.name, seqs),
            lambda plan: self._push(spec, text, plan),
        )

    def replace(self) -> None:
        grid, chosen = self.grid, self.selection()
        if chosen is None or grid.model is None:
            return
        column, positions = chosen
        spec = grid.model.specs[column]

        def accepted(find: str, replacement: str, selection_only: bool) -> None:
            self.replace_in_column(spec, positions if selection_only else None, find, replacement)

        dialog = ReplaceDialog(labels.text(spec.label), len(positions), accepted, grid)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def replace_in_column(
        self, spec: FieldSpec, positions: list[int] | None, find: str, replacement: str
    ) -> None:
        """Replace within the given rows, or the whole column of the current view."""
        grid = self.grid
        model, editor, batch = grid.model, grid.editor, grid.batch
        if model is None or editor is None or batch is None:
            return
        seqs: list[int] | None
        if positions is not None:
            seqs = [model.seq_at(p) for p in positions]
        else:
            order = model.order()
            seqs = None if order is None else list(order)
        session = grid.session

        def planned(plan: dict[int, Any]) -> None:
            if not plan:
                grid.status.setText(
                    self.tr("“{0}”列中没有找到“{1}”").format(labels.text(spec.label), find)
                )
                return
            text = self.tr("替换“{0}”中的“{1}”（{2} 处）").format(
                labels.text(spec.label), find, len(plan)
            )
            self._push(spec, text, plan)

        editor.run(
            lambda: bulk_edit.plan_replace(session, batch.id, spec.name, find, replacement, seqs),
            planned,
        )

    def _push(self, spec: FieldSpec, text: str, plan: dict[int, Any]) -> None:
        grid = self.grid
        if grid.editor is None:
            return
        if not plan:
            grid.status.setText(self.tr("没有需要修改的单元格"))
            return
        grid.undo.push(ColumnEdit(grid.editor, spec, text, plan))

    # -- the context menu -----------------------------------------------------------------
    def popup(self, pos: QPoint) -> None:
        index = self.grid.view.indexAt(pos)
        if index.isValid():
            self.grid.view.setCurrentIndex(index)
            self.menu(index).popup(self.grid.view.viewport().mapToGlobal(pos))

    def menu(self, index: QModelIndex) -> QMenu:
        grid = self.grid
        menu = QMenu(grid)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        model = grid.model
        if model is None or not index.isValid():
            return menu
        spec = model.specs[index.column()]
        edit = menu.addAction(self.tr("编辑"), lambda: grid.view.edit(index))
        edit.setEnabled(bool(model.flags(index) & Qt.ItemFlag.ItemIsEditable))
        menu.addAction(grid.fill_action)
        menu.addAction(grid.replace_action)
        menu.addSeparator()
        notes: list[CellNote] = index.data(NOTES_ROLE) or []
        ack = self._item(menu, self.tr("确认警告…"), "acknowledge", lambda: self.acknowledge(index))
        open_warnings = [n for n in notes if n.severity == "warning" and not n.acknowledged]
        may = self._may(Action.ACKNOWLEDGE)
        frozen = grid.batch is None or not grid.batch.state.editable
        ack.setEnabled(bool(open_warnings) and may and not frozen)
        if not may:
            ack.setToolTip(self.tr("只有审核员可以确认警告"))
        for rule in sorted({n.rule for n in notes}):
            self._item(
                menu, self.tr("只看规则 {0} 的行").format(rule), f"rule:{rule}",
                lambda rule=rule: grid.filter_rule(rule),
            )  # fmt: skip
        if spec.type is FieldType.ID_NUMBER:
            reveal = self._item(
                menu, self.tr("显示完整证件号码"), "reveal", lambda: self.reveal(index)
            )
            reveal.setEnabled(self._may(Action.REVEAL_ID) and bool(index.data()))
        if model.filtered:
            menu.addSeparator()
            menu.addAction(grid.clear_action)
        return menu

    @staticmethod
    def _item(menu: QMenu, text: str, name: str, slot: Any) -> QAction:
        action: QAction = menu.addAction(text, slot)
        action.setObjectName(name)
        return action

    # -- acknowledgement and reveal -------------------------------------------------------
    def acknowledge(self, index: QModelIndex) -> None:
        grid = self.grid
        model, editor = grid.model, grid.editor
        row = model.row(index.row()) if model is not None else None
        if model is None or editor is None or row is None:
            return
        name = model.specs[index.column()].name
        notes: list[CellNote] = index.data(NOTES_ROLE) or []
        warnings = [
            OpenWarning(n.rule, n.message)
            for n in notes
            if n.severity == "warning" and not n.acknowledged
        ]
        if not warnings:
            grid.show_error(self.tr("这个单元格没有待确认的警告"))
            return
        seq, row_no = row.seq, row.row_no

        def accepted(rule_id: str, reason: str) -> None:
            editor.acknowledge(seq, row_no, rule_id, reason, name)

        dialog = AcknowledgeDialog(row_no, warnings, accepted, grid)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def reveal(self, index: QModelIndex) -> None:
        grid = self.grid
        row = grid.model.row(index.row()) if grid.model is not None else None
        if row is None or grid.batch is None:
            return
        session, batch_id, row_no = grid.session, grid.batch.id, row.row_no

        def shown(number: str) -> None:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("完整证件号码"),
                self.tr("第 {0} 行的证件号码：{1}\n\n本次查看已记入审计日志。").format(
                    row_no, number
                ),
                parent=grid,
            )
            box.setObjectName("revealed")
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

        worker.start(
            lambda: records.reveal_id(session, batch_id, row_no),
            on_done=shown,
            on_error=grid.show_error,
            owner=grid,
        )
