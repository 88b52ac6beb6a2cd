"""What can be done to the batch chosen in the list, besides opening it: delete a draft
(confirmed; audited by the service), start a correction batch from one the server did
not wholly accept, and withdraw a signature (a reviewer, with the reason). Each action is
enabled only for the states and roles the services allow, so a clerk never meets a
refusal she could not have avoided; the services check again all the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMenu, QMessageBox, QWidget

from desktop.domain.lifecycle import CORRECTABLE, BatchState
from desktop.domain.roles import Action, allowed
from desktop.services import batches
from desktop.services.grid import BatchInfo
from desktop.ui import labels
from desktop.ui.form_dialog import FormDialog

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


class UnsignDialog(FormDialog):
    """The reason a signature is withdrawn: kept in the audit log (article 24)."""

    def __init__(
        self, batch: BatchInfo, on_accept: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unsign_dialog")
        self.setWindowTitle(self.tr("撤销签名"))
        self._on_accept = on_accept
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("例如：发现第 12 行证书编号有误，需要修改"))
        self.reason.textChanged.connect(self.check)
        note = QLabel(
            self.tr("批次“{0}”回到草稿，签名作废；修改后须重新校验、签名。").format(batch.name),
            self,
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.form.addRow(self.tr("原因"), self.reason)
        self.finish()

    def ready(self) -> bool:
        return len(self.reason.text().strip()) >= 2

    def submit(self) -> None:
        self._on_accept(self.reason.text().strip())


class BatchActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.delete_action = self._action(self.tr("删除草稿…"), "delete_draft", self.delete)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        window.batch_view.addAction(self.delete_action)  # Delete in the list, not the grid
        self.correct_action = self._action(self.tr("生成更正批次"), "correct", self.correct)
        self.unsign_action = self._action(self.tr("撤销签名…"), "unsign", self.unsign)
        view = window.batch_view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.popup)
        self.update(None)

    def _action(self, text: str, name: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    @property
    def actions(self) -> list[QAction]:
        return [self.delete_action, self.correct_action, self.unsign_action]

    def update(self, batch: BatchInfo | None) -> None:
        """Enable what the operator may do to `batch` (None: nothing chosen)."""
        role = self.window.session.operator.role
        state = batch.state if batch is not None else None
        self.delete_action.setEnabled(
            state is not None and state.editable and allowed(role, Action.DELETE_DRAFT)
        )
        self.correct_action.setEnabled(state in CORRECTABLE and allowed(role, Action.IMPORT))
        self.unsign_action.setEnabled(state is BatchState.SIGNED and allowed(role, Action.SIGN))

    def popup(self, at: QPoint) -> None:
        view = self.window.batch_view
        index = view.indexAt(at)
        if not index.isValid():
            return
        self.window.open_batch(self.window.batch_model.item(index.row()))
        menu = QMenu(view)
        for action in self.actions:
            menu.addAction(action)
        menu.popup(view.viewport().mapToGlobal(at))

    # -- the actions ----------------------------------------------------------------------
    def _chosen(self, action: QAction) -> BatchInfo | None:
        """The batch `action` applies to; None when nothing is chosen or the action is
        not allowed for it (a shortcut still fires on a disabled action's key)."""
        batch = self.window.current
        return batch if batch is not None and action.isEnabled() else None

    def delete(self) -> None:
        batch = self._chosen(self.delete_action)
        if batch is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("删除草稿"),
            self.tr("删除批次“{0}”（{1}，{2} 条记录）？\n删除会记入审计日志，且无法撤销。").format(
                batch.name, labels.text(batch.state.label), batch.rows
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("confirm_delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter never deletes
        box.finished.connect(lambda result: self._delete_confirmed(batch, result))
        box.open()

    def _delete_confirmed(self, batch: BatchInfo, result: int) -> None:
        if result != QMessageBox.StandardButton.Yes:
            return
        session = self.window.session

        def done(_: Any) -> None:
            self.window.statusBar().showMessage(self.tr("已删除批次“{0}”").format(batch.name))
            self.window.refresh()

        self.window.run(lambda: batches.delete_draft(session, batch.id), done)

    def correct(self) -> None:
        batch = self._chosen(self.correct_action)
        if batch is None:
            return
        session = self.window.session

        def done(child: BatchInfo) -> None:
            self.window.current = child
            self.window.refresh()  # lists it and opens it (`current`)
            self.window.statusBar().showMessage(
                self.tr("已生成更正批次“{0}”：{1} 条未受理的记录").format(child.name, child.rows)
            )

        self.window.run(lambda: batches.start_correction(session, batch.id), done)

    def unsign(self) -> None:
        batch = self._chosen(self.unsign_action)
        if batch is None:
            return
        session = self.window.session

        def withdraw(reason: str) -> None:
            self.window.run(lambda: batches.unsign(session, batch.id, reason), self._unsigned)

        UnsignDialog(batch, withdraw, self.window).open()

    def _unsigned(self, batch: BatchInfo) -> None:
        self.window.statusBar().showMessage(
            self.tr("批次“{0}”的签名已撤销，已回到草稿").format(batch.name)
        )
        self.window.refresh()
