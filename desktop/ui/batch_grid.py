"""The open batch as a grid the clerk fixes: filter, search and sort (computed by the
services over the store), in-place edits with undo/redo, mass edits, acknowledgements
and the audited reveal of an ID number (`grid_actions`)."""

from __future__ import annotations

from array import array
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.roles import Action, allowed
from desktop.services import grid, grid_query
from desktop.services.grid import BatchInfo, GridPage
from desktop.services.grid_query import RowQuery
from desktop.services.workspace import Session
from desktop.ui import worker
from desktop.ui.cell_delegate import CellDelegate
from desktop.ui.grid import PAGE, RecordGridModel
from desktop.ui.grid_actions import GridActions
from desktop.ui.grid_edits import CellEdit, GridEditor

SHORTCUT = Qt.ShortcutContext.WidgetWithChildrenShortcut


class BatchGrid(QWidget):
    batch_changed = Signal(object)  # BatchInfo, after an edit or acknowledgement here

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batch_grid")
        self.session = session
        self.batch: BatchInfo | None = None
        self.model: RecordGridModel | None = None
        self.editor: GridEditor | None = None
        self.query = RowQuery()
        self.pool = QThreadPool(self)  # writes, one at a time, in the clerk's order
        self.pool.setMaxThreadCount(1)
        self.undo = QUndoStack(self)
        self._seen_version = 0  # the batch version the grid's contents reflect
        self._deferred: BatchInfo | None = None
        self._announce_saved = False  # Ctrl+S while writes run: say so when they are done
        self._query_run = 0
        self._build_bar()
        self._build_view()
        self._set_enabled()

    def _build_bar(self) -> None:
        self.filter = QComboBox(self)
        self.filter.setObjectName("filter")
        self.filter.addItem(self.tr("全部记录"), "")
        self.filter.addItem(self.tr("有错误的行"), "error")
        self.filter.addItem(self.tr("有未确认警告的行"), "warning")
        self.filter.currentIndexChanged.connect(self._filter_chosen)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("搜索（Ctrl+F），回车查找"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._search_entered)
        self.search.textChanged.connect(self._search_edited)
        self.status = QLabel(self)
        self.status.setObjectName("grid_status")
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("grid_toolbar")

    def _build_view(self) -> None:
        self.view = QTableView(self)
        self.view.setObjectName("grid")
        self.view.setItemDelegate(CellDelegate(self.view))
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.undo_action = self.undo.createUndoAction(self, self.tr("撤销"))
        self.redo_action = self.undo.createRedoAction(self, self.tr("重做"))
        self._install(self.undo_action, "undo", QKeySequence("Ctrl+Z"))
        self._install(self.redo_action, "redo", QKeySequence("Ctrl+Y"))
        self.actions_ = GridActions(self)
        self.find_action = self._action(self.tr("查找"), "find", "Ctrl+F", self.focus_search)
        self.fill_action = self._action(
            self.tr("向下填充"), "fill_down", "Ctrl+D", self.actions_.fill_down
        )
        self.replace_action = self._action(
            self.tr("查找替换"), "replace", "Ctrl+H", self.actions_.replace
        )
        self.clear_action = self._action(self.tr("清除筛选"), "clear_filter", "", self.clear_query)
        self.save_action = self._action(self.tr("保存"), "save", "Ctrl+S", self.save_now)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.actions_.popup)

        top = QHBoxLayout()
        top.addWidget(self.toolbar)
        top.addWidget(self.filter)
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def _install(self, action: QAction, name: str, key: QKeySequence) -> None:
        action.setObjectName(name)
        action.setShortcut(key)
        action.setShortcutContext(SHORTCUT)
        self.addAction(action)
        self.toolbar.addAction(action)

    def _action(self, text: str, name: str, key: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        self._install(action, name, QKeySequence(key))
        return action

    # -- opening --------------------------------------------------------------------------
    def open(self, batch: BatchInfo) -> None:
        """Show the batch; the same batch again only reloads what changed elsewhere (a
        validation, another operator) — the grid's own edits are already on screen."""
        if self.batch is not None and batch.id == self.batch.id and self.model is not None:
            if batch.version >= self.batch.version:  # (a list read before our last save)
                self._set_batch(batch)
            if self.editor is not None and self.editor.running:
                self._deferred = batch  # decide when our own writes have settled
            elif batch.version > self._seen_version:
                self._seen_version = batch.version
                self._reload()
            return
        self.undo.clear()
        if self.editor is not None:
            self.editor.detached = True
        self.editor = self._new_editor(batch)
        self.query = RowQuery()
        self._reset_filter_widgets()
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        model = RecordGridModel(batch.kind, batch.rows, self._request_page, self)
        model.on_edit = self._edit
        model.on_sort = self._sort
        model.on_rows = self.editor.ledger.seen
        old, self.model = self.model, model
        self._seen_version = batch.version
        self.view.setModel(model)
        if old is not None:
            old.deleteLater()  # its late pages see `self.model is not model` and are dropped
        self._set_batch(batch)

    def close_batch(self) -> None:
        """Nothing open (the batch was deleted): no rows, no undo, late answers dropped."""
        self.undo.clear()
        if self.editor is not None:
            self.editor.detached = True
        self.editor, self.batch, self._deferred = None, None, None
        old, self.model = self.model, None
        self.view.setModel(None)
        if old is not None:
            old.deleteLater()
        self.status.clear()

    def _new_editor(self, batch: BatchInfo) -> GridEditor:
        editor = GridEditor(self.session, batch.id, self.pool, self)
        editor.saved.connect(self._saved)
        editor.rows_saved.connect(self._rows_saved)
        editor.column_saved.connect(self._column_saved)
        editor.pending.connect(self._pending)
        editor.refresh.connect(self.refresh_rows)
        editor.failed.connect(self.show_error)
        editor.busy.connect(self._busy)
        return editor

    def _set_batch(self, batch: BatchInfo) -> None:
        self.batch = batch
        if self.model is not None:
            role = self.session.operator.role
            self.model.editable = batch.state.editable and allowed(role, Action.EDIT)
        self._set_enabled()
        self._show_count()

    def _set_enabled(self) -> None:
        editable = self.model is not None and self.model.editable
        for action in (self.fill_action, self.replace_action):
            action.setEnabled(editable)

    def _reload(self) -> None:
        """Read the pages on screen again, keeping the filter and the scroll position."""
        model, batch = self.model, self.batch
        if model is None or batch is None:
            return
        top = self.view.rowAt(0)
        if self.query.natural:
            model.set_order(None, batch.rows)
            self._show_count()
            self.view.scrollTo(model.index(max(top, 0), 0), QTableView.ScrollHint.PositionAtTop)
        else:
            self._run_query(keep_top=top)

    # -- pages ----------------------------------------------------------------------------
    def _request_page(self, start: int) -> None:
        model, batch, session = self.model, self.batch, self.session
        if model is None or batch is None:
            return
        generation, seqs = model.generation, model.seqs_at(start, PAGE)

        def read() -> GridPage:
            if seqs is None:
                return grid.read_page(session, batch.id, start, PAGE)
            return grid.read_rows(session, batch.id, seqs, start)

        def arrived(page: GridPage) -> None:
            if self.model is model:  # a page for a batch still on screen
                model.add_page(page, generation)

        worker.start(read, on_done=arrived, on_error=self.show_error, owner=self)

    def refresh_rows(self, seqs: list[int]) -> None:
        model, batch, session = self.model, self.batch, self.session
        if model is None or batch is None:
            return

        def arrived(page: GridPage) -> None:
            if self.model is model:
                model.apply_rows(page.rows)

        worker.start(
            lambda: grid.read_rows(session, batch.id, seqs),
            on_done=arrived,
            on_error=self.show_error,
            owner=self,
        )

    # -- filter, search, sort -------------------------------------------------------------
    def _reset_filter_widgets(self) -> None:
        self.filter.blockSignals(True)
        while self.filter.count() > 3:
            self.filter.removeItem(3)
        self.filter.setCurrentIndex(0)
        self.filter.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)

    def _filter_chosen(self, _index: int) -> None:
        choice = str(self.filter.currentData() or "")
        rule = choice[5:] if choice.startswith("rule:") else None
        severity = choice if choice in grid_query.SEVERITIES else None
        self.set_query(self._with(severity=severity, rule=rule))

    def filter_rule(self, rule_id: str) -> None:
        """Only the rows with a finding of this rule (from the findings panel)."""
        data = f"rule:{rule_id}"
        at = self.filter.findData(data)
        if at < 0:
            self.filter.addItem(self.tr("规则 {0}").format(rule_id), data)
            at = self.filter.count() - 1
        self.filter.setCurrentIndex(at)

    def _search_entered(self) -> None:
        if self.search.text().strip() != self.query.search:
            self.set_query(self._with(search=self.search.text().strip()))

    def _search_edited(self, text: str) -> None:
        if not text:  # the clear button: back to every row
            self._search_entered()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        model = self.model
        name = model.specs[column].name if model is not None and column >= 0 else None
        descending = order == Qt.SortOrder.DescendingOrder
        if (name, descending) != (self.query.sort_field, self.query.descending):
            self.set_query(self._with(sort_field=name, descending=descending))

    def _with(self, **changes: Any) -> RowQuery:
        values = dict(self.query.__dict__)
        values.update(changes)
        return RowQuery(**values)

    def clear_query(self) -> None:
        self._reset_filter_widgets()
        self.query = RowQuery()  # first: the header's reset below then asks for no change
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.set_query(RowQuery())

    def set_query(self, query: RowQuery) -> None:
        self.query = query
        if self.model is None:
            return
        if query.natural:
            self._query_run += 1
            self.model.set_order(None)
            self._show_count()
        else:
            self._run_query()

    def _run_query(self, keep_top: int = 0) -> None:
        model, batch, session, query = self.model, self.batch, self.session, self.query
        if model is None or batch is None:
            return
        self._query_run += 1
        run = self._query_run
        self.status.setText(self.tr("正在筛选…"))

        def done(order: array[int]) -> None:
            if run == self._query_run and self.model is model:
                model.set_order(order)
                self._show_count()
                if keep_top > 0:
                    self.view.scrollTo(model.index(min(keep_top, max(len(order) - 1, 0)), 0))

        worker.start(
            lambda: grid_query.select_rows(session, batch.id, query),
            on_done=done,
            on_error=self.show_error,
            owner=self,
        )

    def _show_count(self) -> None:
        model = self.model
        if model is None:
            self.status.clear()
        elif model.filtered:
            self.status.setText(
                self.tr("筛选出 {0} 行，共 {1} 行").format(model.rowCount(), model.total)
            )
        else:
            self.status.setText(self.tr("共 {0} 行").format(model.total))

    def jump_to(self, seq: int, name: str | None = None) -> None:
        """Select a record's cell (from the findings panel); a filter hiding it is cleared."""
        model = self.model
        if model is None:
            return
        position = model.position_of(seq)
        if position is None:
            self.clear_query()
            position = model.position_of(seq)
            if position is None:
                return
        column = next((i for i, s in enumerate(model.specs) if s.name == name), 0)
        index = model.index(position, column)
        self.view.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)
        self.view.setCurrentIndex(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- edits ----------------------------------------------------------------------------
    def _edit(self, row: grid.GridRow, spec: Any, value: Any) -> bool:
        if self.editor is None:
            return False
        self.undo.push(CellEdit(self.editor, row, spec, value))
        return True

    def _saved(self, batch: BatchInfo) -> None:
        self._seen_version = max(self._seen_version, batch.version)
        self._set_batch(batch)
        self.batch_changed.emit(batch)

    def _rows_saved(self, page: GridPage) -> None:
        if self.model is not None:
            self.model.apply_rows(page.rows)

    def _column_saved(self, changed: int) -> None:
        if self.model is not None:
            self.model.refresh_cached()
        if changed:
            self.status.setText(self.tr("已修改 {0} 个单元格").format(changed))

    def _pending(self, seq: int, name: str, text: str | None) -> None:
        if self.model is not None:
            self.model.set_pending(seq, name, text)

    def _busy(self, running: int) -> None:
        saving = self.tr("正在保存…")
        if running:
            self.status.setText(saving)
            return
        if self._announce_saved:
            self._announce_saved = False
            self.status.setText(self.tr("所有修改均已保存"))
        elif self.status.text() == saving:  # a result's own message stays
            self._show_count()
        deferred, self._deferred = self._deferred, None
        if deferred is not None:
            self.open(deferred)

    def save_now(self) -> None:
        """Ctrl+S: the cell being typed in is saved now, as Enter would (every finished
        edit was saved as it was made); the status says when all of it is stored."""
        editor = self._open_editor()
        if editor is not None:
            delegate = self.view.itemDelegate()
            delegate.commitData.emit(editor)
            delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.editor is None or not self.editor.running:
            self.status.setText(self.tr("所有修改均已保存"))
        else:
            self._announce_saved = True  # said when the last write is done (`_busy`)

    def _open_editor(self) -> QWidget | None:
        """The cell editor holding the focus (its own child may have it), if any."""
        widget = QApplication.focusWidget()
        viewport = self.view.viewport()
        while widget is not None and widget.parentWidget() is not viewport:
            widget = widget.parentWidget()
        return widget

    def show_error(self, message: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("操作未完成"), message, parent=self)
        box.setObjectName("grid_error")
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.status.setText(message)

    def current_index(self) -> QModelIndex:
        return self.view.currentIndex()
