"""What the application remembers between runs on this PC (QSettings, an INI file in the
user's config folder): window geometry and the folder files were last chosen from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

_LAST_FOLDER = "files/last_folder"


def settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "RegistrarDesk", "regdesk"
    )


def last_folder() -> str:
    """The folder a file was last chosen from, if it still exists; else the home folder."""
    folder = str(settings().value(_LAST_FOLDER, "") or "")
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(path: Path) -> None:
    s = settings()
    s.setValue(_LAST_FOLDER, str(path if path.is_dir() else path.parent))
    s.sync()


def restore_geometry(widget: QWidget, key: str) -> bool:
    value = settings().value(f"geometry/{key}")
    return isinstance(value, QByteArray) and widget.restoreGeometry(value)


def save_geometry(widget: QWidget, key: str) -> None:
    s = settings()
    s.setValue(f"geometry/{key}", widget.saveGeometry())
    s.sync()
