"""语言 / Language: the clerk's choice of interface language, saved in the settings and
taking effect at the next start (texts are translated when the windows are made)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from desktop.ui import i18n, settings


class LanguageMenu(QMenu):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("语言"), parent)
        self.setObjectName("language_menu")
        group = QActionGroup(self)
        chosen = settings.chosen_language()
        for code, name in i18n.LANGUAGES.items():
            # Each language named in its own words, never translated (see i18n.LANGUAGES).
            action = QAction(name, self)
            action.setObjectName(f"language_{code}")
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.choose(c))
            group.addAction(action)
            self.addAction(action)

    def choose(self, code: str) -> None:
        if code == settings.chosen_language():
            return
        settings.set_language(code)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("语言"),
            self.tr("已选择“{0}”，下次启动时生效。").format(i18n.LANGUAGES[code]),
            parent=self.parentWidget(),
        )
        box.setObjectName("language_notice")
        box.finished.connect(box.deleteLater)
        box.open()
