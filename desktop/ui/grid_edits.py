"""Saving the grid's edits as undoable commands.

Every write goes through one serial worker, so edits, undos and redos reach the store in
the order the clerk made them even though each runs off the GUI thread. The versions of
the records the clerk has seen are kept (`Ledger`): an edit expects that version, so a
record another operator changed meanwhile is a conflict, never silently overwritten.

A command whose save failed becomes inert (its undo and redo do nothing) and says so in
its text: the store never had its change, so there is nothing to take back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal
from PySide6.QtGui import QUndoCommand

from desktop.domain.fields import FieldSpec
from desktop.services import bulk_edit, grid, records
from desktop.services.grid import GridRow
from desktop.services.grid_query import read_cells
from desktop.services.workspace import Session
from desktop.ui import labels, worker
from desktop.ui.grid import shown_text

UNREAD: Any = object()  # a cell's value before the edit, until the first save reads it


class Ledger:
    """The newest version of each record seen on screen or written by this grid. Read and
    written by the serial worker and the GUI thread, hence the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._versions: dict[int, int] = {}

    def seen(self, rows: Iterable[GridRow]) -> None:
        with self._lock:
            for r in rows:
                if r.version > self._versions.get(r.seq, 0):
                    self._versions[r.seq] = r.version

    def get(self, seq: int) -> int | None:
        with self._lock:
            return self._versions.get(seq)

    def expected(self, seqs: Iterable[int]) -> dict[int, int]:
        with self._lock:
            return {s: self._versions[s] for s in seqs if s in self._versions}

    def wrote(self, versions: Mapping[int, int]) -> None:
        with self._lock:
            self._versions.update(versions)


class CellEdit(QUndoCommand):
    """One cell; its undo is another edit back to the value it replaced."""

    def __init__(self, editor: GridEditor, row: GridRow, spec: FieldSpec, value: str) -> None:
        super().__init__(
            QCoreApplication.translate("GridEditor", "修改第 {0} 行“{1}”").format(
                row.row_no, labels.text(spec.label)
            )
        )
        self.editor, self.seq, self.row_no, self.spec = editor, row.seq, row.row_no, spec
        self.value: Any = value
        self.before: Any = UNREAD
        self.inert = False

    def redo(self) -> None:
        self.editor.save_cell(self, forward=True)

    def undo(self) -> None:
        self.editor.save_cell(self, forward=False)


class ColumnEdit(QUndoCommand):
    """A mass edit of one column (fill-down, replace) as one command: one transaction to
    do, one to undo."""

    def __init__(self, editor: GridEditor, spec: FieldSpec, text: str, after: dict[int, Any]):
        super().__init__(text)
        self.editor, self.spec = editor, spec
        self.after = after
        self.before: dict[int, Any] | None = None
        self.inert = False

    def redo(self) -> None:
        self.editor.save_column(self, forward=True)

    def undo(self) -> None:
        self.editor.save_column(self, forward=False)


class GridEditor(QObject):
    """Writes for one open batch."""

    saved = Signal(object)  # BatchInfo after a write
    rows_saved = Signal(object)  # GridPage: the written records, fresh
    column_saved = Signal(int)  # cells a mass edit changed (cached pages are stale)
    pending = Signal(int, str, object)  # seq, field, text shown while saving (None: clear)
    refresh = Signal(object)  # seqs whose rows must be read again (a failed save)
    failed = Signal(str, str)  # message for the clerk, details for IT
    busy = Signal(int)  # writes still running

    def __init__(
        self, session: Session, batch_id: str, pool: QThreadPool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.batch_id, self.pool = session, batch_id, pool
        self.ledger = Ledger()
        self.running = 0
        self.detached = False  # another batch is open: results no longer concern the grid

    def run(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Run `fn` on the serial worker, after every write asked for before it."""
        self.running += 1
        self.busy.emit(self.running)

        # The result is applied before the grid hears that nothing is running any more:
        # a batch it put off reloading is then compared with the version just saved.
        def finished(result: Any) -> None:
            try:
                if not self.detached:
                    done(result)
            finally:
                self._settle()

        def error(message: str, details: str) -> None:
            try:
                if not self.detached:  # (a detached grid has cleared its commands)
                    if failed is not None:
                        failed()
                    self.failed.emit(message, details)
            finally:
                self._settle()

        worker.start(fn, on_done=finished, on_error=error, pool=self.pool, owner=self)

    def _settle(self) -> None:
        self.running -= 1
        self.busy.emit(self.running)

    # -- one cell -------------------------------------------------------------------------
    def save_cell(self, cmd: CellEdit, *, forward: bool) -> None:
        session, batch_id, ledger = self.session, self.batch_id, self.ledger
        name = cmd.spec.name
        if not cmd.inert and (forward or cmd.before is not UNREAD):
            text = shown_text(cmd.spec, cmd.value if forward else cmd.before)
            self.pending.emit(cmd.seq, name, text)

        def work() -> Any:
            if cmd.inert:
                return None
            try:
                cell = read_cells(session, batch_id, [cmd.seq], name).get(cmd.seq)
                if cell is None:
                    raise LookupError(
                        QCoreApplication.translate(
                            "GridEditor", "第 {0} 行已不存在，请刷新"
                        ).format(cmd.row_no)
                    )
                if cmd.before is UNREAD:
                    cmd.before = cell.value
                value = cmd.value if forward else cmd.before
                expected = ledger.get(cmd.seq) or cell.version
                result = records.edit_record(
                    session, batch_id, cmd.row_no, {name: value}, expected_version=expected
                )
            except Exception:
                cmd.inert = True  # the store has not changed: nothing to undo or redo
                raise
            ledger.wrote({cmd.seq: result.version})
            return result.batch, grid.read_rows(session, batch_id, [cmd.seq])

        def done(result: Any) -> None:
            if result is None:
                return
            batch, page = result
            self.saved.emit(batch)
            self.rows_saved.emit(page)

        def failed() -> None:
            cmd.setText(cmd.text() + QCoreApplication.translate("GridEditor", "（未保存）"))
            self.pending.emit(cmd.seq, name, None)
            self.refresh.emit([cmd.seq])

        self.run(work, done, failed)

    # -- a column -------------------------------------------------------------------------
    def save_column(self, cmd: ColumnEdit, *, forward: bool) -> None:
        session, batch_id, ledger = self.session, self.batch_id, self.ledger

        def work() -> Any:
            values = cmd.after if forward else cmd.before
            if cmd.inert or values is None:
                return None
            try:
                result = bulk_edit.edit_column(
                    session,
                    batch_id,
                    cmd.spec.name,
                    values,
                    expected_versions=ledger.expected(values),
                )
            except Exception:
                cmd.inert = True
                raise
            if forward and cmd.before is None:
                # Only the cells that changed are undone (a fill-down over equal cells
                # leaves them be).
                cmd.before, cmd.after = result.before, result.after
            ledger.wrote(result.versions)
            return result

        def done(result: Any) -> None:
            if result is None:
                return
            self.saved.emit(result.batch)
            self.column_saved.emit(result.changed)

        def failed() -> None:
            cmd.setText(cmd.text() + QCoreApplication.translate("GridEditor", "（未保存）"))
            self.column_saved.emit(0)

        self.run(work, done, failed)

    # -- acknowledgement ------------------------------------------------------------------
    def acknowledge(
        self, seq: int, row_no: int, rule_id: str, reason: str, name: str | None
    ) -> None:
        session, batch_id = self.session, self.batch_id

        def work() -> Any:
            batch = records.acknowledge(session, batch_id, row_no, rule_id, reason, name)
            return batch, grid.read_rows(session, batch_id, [seq])

        def done(result: Any) -> None:
            batch, page = result
            self.saved.emit(batch)
            self.rows_saved.emit(page)

        self.run(work, done)
