"""The interface language: Chinese by default, English selectable (docs/TRANSLATIONS.md).

Every string in desktop/ui is written in Chinese, the source language, so Chinese needs no
translator of ours: only Qt's own (the standard buttons and context menus Qt draws).
English comes from `resources/i18n/regdesk_en.qm`, compiled from `regdesk_en.ts` by
`make translations` and never committed. Without it the interface stays Chinese: a
missing or unreadable file is never a reason not to start.

What services report (errors, rule messages, passwords too weak) stays Chinese in every
language: those texts are also the CLI's output and what the audit log keeps.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from desktop.domain.resources import resource_path

DEFAULT = "zh_CN"
# Each language named in its own words: the one a clerk cannot read is the one they need
# to find again.
LANGUAGES = {"zh_CN": "中文（简体）", "en": "English"}

_log = logging.getLogger(__name__)


@dataclass
class _Installed:
    language: str = DEFAULT
    translators: list[QTranslator] = field(default_factory=list)


_now = _Installed()


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for lupdate (which knows this name) under `context`; shown later
    through `QCoreApplication.translate(context, text)`. PySide6's own is typed to
    return `object`."""
    return text


def normalise(value: object) -> str:
    """A language code from a setting or the environment: "en", "en_US", "English" are
    English; anything else (Chinese, empty, unknown) is the default."""
    text = str(value or "").strip().replace("-", "_").lower()
    return "en" if text.startswith("en") else DEFAULT


def translations_dir() -> Path:
    """Where the compiled .qm files live: resources/i18n in the source tree and in a
    frozen bundle alike (`desktop.domain.resources`)."""
    return resource_path("i18n")


def qm_path(language: str, folder: Path | None = None) -> Path:
    """The compiled translation of our own strings into `language`."""
    return (folder or translations_dir()) / f"regdesk_{language}.qm"


def language() -> str:
    """The language installed by `install` (the default before it, and in tests)."""
    return _now.language


def install(app: QCoreApplication, wanted: str, folder: Path | None = None) -> str:
    """Load the translators of `wanted` into `app`, replacing those an earlier call
    loaded; call it before any window is made. Returns the language in effect: the
    default when the English file is missing or unreadable. `folder`: where the .qm
    files are, when not in `translations_dir()`."""
    remove(app)
    chosen = normalise(wanted)
    if chosen != DEFAULT:
        path = qm_path(chosen, folder)
        if not _load(app, path.name, path.parent):
            _log.warning("no usable translation %s: the interface stays Chinese", path)
            chosen = DEFAULT
    # Qt's own words (standard buttons, context menus, the date editor's calendar) in the
    # same language: without it a Chinese window would offer "Cancel".
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    _load(app, f"qtbase_{chosen}", qt_dir)
    _now.language = chosen
    return chosen


def remove(app: QCoreApplication) -> None:
    """Take out the translators `install` loaded: back to the source strings."""
    while _now.translators:
        translator = _now.translators.pop()
        app.removeTranslator(translator)
        translator.deleteLater()
    _now.language = DEFAULT


def _load(app: QCoreApplication, name: str, folder: Path) -> bool:
    translator = QTranslator(app)
    if not translator.load(name, str(folder)):
        translator.deleteLater()
        return False
    app.installTranslator(translator)
    _now.translators.append(translator)
    return True
