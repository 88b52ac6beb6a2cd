"""Shared by the import-wizard and first-run tests: QSettings kept in the test's folder,
driving a wizard page by page, the clerk's session on the `home` workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desktop.services.workspace import Session, Workspace

# Qt warnings (a bad model index, a signal to a dead object) fail the test; the offscreen
# platform's note that it cannot propagate size hints says nothing about the code.
QT_WARNINGS_FAIL = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings in the test's folder, never the user's own."""
    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


def clerk(home: Path) -> Session:
    return Workspace.open(home=home).login("clerk", "Clerk123!")


def advance(qtbot: QtBot, wizard: QWizard, expected: int, timeout: int = 30000) -> None:
    """Next (or Commit) once the page is ready; the wizard must land on `expected`."""
    page = wizard.currentPage()
    assert page is not None
    qtbot.waitUntil(page.isComplete, timeout=timeout)
    wizard.next()
    assert wizard.currentId() == expected
