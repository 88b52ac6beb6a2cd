"""Shared by the translation tests and their start-up driver: the Qt Linguist tools of
this venv, the English .qm compiled from the committed .ts, and the texts a window shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QTabBar,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "regdesk_en.ts"
# Han ideographs and the full-width punctuation that comes with them.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside this interpreter (the venv's)."""
    return str(Path(sys.executable).with_name(name))


def compile_qm(folder: Path) -> Path:
    """resources/i18n/regdesk_en.ts compiled into `folder` (what `make translations`
    does), so a test never passes on a stale or missing build product."""
    folder.mkdir(parents=True, exist_ok=True)
    qm = folder / "regdesk_en.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    assert qm.stat().st_size > 0
    return qm


def shown_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for what a clerk reads in `window`: its title, every action (menus,
    toolbars, context menus made up front), label, button, tab, group box and table
    header, with tooltips."""
    out = [("window title", window.windowTitle())]
    for action in window.findChildren(QAction):
        name = f"action {action.objectName()!r}"
        out += [(name, action.text()), (name + " tooltip", action.toolTip())]
    for label in window.findChildren(QLabel):
        out.append((f"label {label.objectName()!r}", label.text()))
    for button in window.findChildren(QAbstractButton):
        name = f"button {button.objectName()!r}"
        out += [(name, button.text()), (name + " tooltip", button.toolTip())]
    for bar in window.findChildren(QTabBar):
        out += [(f"tab {i}", bar.tabText(i)) for i in range(bar.count())]
    for box in window.findChildren(QGroupBox):
        out.append((f"group {box.objectName()!r}", box.title()))
    for view in window.findChildren(QAbstractItemView):
        model: QAbstractItemModel | None = view.model()  # None for a view not yet given one
        if model is None:
            continue
        for column in range(model.columnCount()):
            text = model.headerData(column, Qt.Orientation.Horizontal)
            out.append((f"header of {view.objectName()!r}", str(text or "")))
    return [(where, text) for where, text in out if text]


def chinese(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(where, text) for where, text in texts if CJK.search(text)]
