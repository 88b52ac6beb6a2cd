"""What the application remembers between runs on this PC (QSettings, an INI file in the
user's config folder): window geometry, the folder files were last chosen from, and the
interface language (`REGDESK_LANG=en` overrides it, for scripts and screenshots)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from desktop.ui import i18n

_LAST_FOLDER = "files/last_folder"
_LANGUAGE = "ui/language"
LANGUAGE_ENV = "REGDESK_LANG"


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


def chosen_language() -> str:
    """The language the clerk chose (Chinese until they choose)."""
    return i18n.normalise(settings().value(_LANGUAGE, i18n.DEFAULT))


def language() -> str:
    """The language to start in: `REGDESK_LANG` when set, else the clerk's choice."""
    return i18n.normalise(os.environ.get(LANGUAGE_ENV) or chosen_language())


def set_language(code: str) -> None:
    s = settings()
    s.setValue(_LANGUAGE, i18n.normalise(code))
    s.sync()
