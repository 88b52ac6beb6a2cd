"""The interface language: every message in desktop/ui has a finished English translation
(checked against a fresh lupdate run, so new UI work cannot slip through), English really
loads for every page (subclass pages included), Chinese stays the default, and a missing
.qm is never a crash. docs/TRANSLATIONS.md says how to bring the .ts up to date."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.domain.fields import BatchKind
from desktop.domain.lifecycle import BatchState
from desktop.domain.records import kind_fields
from desktop.domain.roles import Role
from desktop.services import dashboard, first_run
from desktop.ui import i18n, labels, settings, worker
from desktop.ui.first_run import FirstRunWizard
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.main_window import MainWindow
from tests.ui.i18n_support import CJK, ROOT, TS, chinese, compile_qm, shown_texts, tool
from tests.ui.test_main_window import logged_in
from tests.ui.test_startup import env as start_env
from tests.ui.wizard_support import QT_WARNINGS_FAIL, clerk, private_settings

__all__ = ["private_settings"]
pytestmark = QT_WARNINGS_FAIL

UI = ROOT / "desktop" / "ui"
_H = Qt.Orientation.Horizontal
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d+|%n")
UPDATE_HINT = (
    "run `make translations-update`, then give each message above an English translation "
    "in resources/i18n/regdesk_en.ts (pyside6-linguist, or the <translation> element; "
    'drop type="unfinished"). See docs/TRANSLATIONS.md.'
)
# Chinese in desktop/ui that is not interface text: an identifier, and the language
# names, which stay in their own words whatever the interface's language.
NOT_INTERFACE_TEXT = {
    ("app.py", "学籍学历注册工作台"),  # QApplication.applicationName: an identifier
    ("i18n.py", "中文（简体）"),
}
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}


# -- the .ts is complete ---------------------------------------------------------------
def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def finished(message: ET.Element) -> str | None:
    translation = message.find("translation")
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return None
    return translation.text or None


def where(message: ET.Element) -> str:
    location = message.find("location")
    if location is None:
        return "?"
    path = Path(location.get("filename", "?")).name
    return f"desktop/ui/{path}:{location.get('line', '?')}"


def test_every_message_in_the_ui_has_a_finished_english_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [tool("pyside6-lupdate"), "-silent", "-locations", "absolute", "-source-language",
         "zh_CN", "-target-language", "en", "-extensions", "py", str(UI), "-ts", str(fresh)],
        check=True, capture_output=True,
    )  # fmt: skip
    found = messages(fresh)
    committed = messages(TS)
    assert len(found) > 400  # the scan saw the UI (a broken lupdate finds nothing)
    missing = [
        f"  {where(m)} [{context}] {source!r}"
        for (context, source), m in sorted(found.items(), key=lambda kv: where(kv[1]))
        if (context, source) not in committed or finished(committed[(context, source)]) is None
    ]
    assert not missing, (
        f"{len(missing)} UI message(s) without an English translation:\n"
        + "\n".join(missing)
        + "\n"
        + UPDATE_HINT
    )
    broken = [
        f"  [{context}] {source!r} -> {text!r}"
        for (context, source) in found
        if (text := finished(committed[(context, source)])) is not None
        and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert not broken, "translations that lost or changed a placeholder:\n" + "\n".join(broken)


def calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in TRANSLATING:
                yield node, name


def test_ui_text_is_wrapped_so_that_lupdate_and_the_runtime_agree() -> None:
    """Chinese outside tr() is never translated; an f-string inside it never matches its
    translation; a bare `tr()` function gets one context from lupdate and another at run
    time. Each is listed with its place."""
    problems = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrapped: set[int] = set()
        for call, name in calls(tree):
            text = call.args[0 if name in ("tr", "QT_TR_NOOP") else 1 : None]
            if name == "tr" and isinstance(call.func, ast.Name):
                problems.append(f"{path.name}:{call.lineno} bare tr(): use self.tr() in a "
                                "QObject's method or QCoreApplication.translate(context, text)")  # fmt: skip
            if text and isinstance(text[0], ast.JoinedStr):
                problems.append(f"{path.name}:{call.lineno} f-string in {name}(): put "
                                "{0} placeholders in the text and .format() after it")  # fmt: skip
            wrapped.update(id(n) for n in ast.walk(call))
        docstrings = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CJK.search(node.value)
                and id(node) not in wrapped | docstrings
                and (path.name, node.value) not in NOT_INTERFACE_TEXT
            ):
                problems.append(f"{path.name}:{node.lineno} not translatable: {node.value!r}")
    assert not problems, (
        "\n".join(problems)
        + "\nWrap interface text in self.tr(...) or QCoreApplication.translate(context, ...); "
        "text that is not interface text goes into NOT_INTERFACE_TEXT here."
    )


def test_every_label_the_domain_defines_is_listed_for_translation() -> None:
    """The domain's words reach the window as data (`BatchState.label`, a field's label):
    desktop/ui/labels.py lists them so that lupdate sees them."""
    defined = {s.label for s in BatchState} | {k.label for k in BatchKind}
    defined |= {r.label for r in Role} | {dashboard.REGISTRATION, dashboard.DEREGISTRATION}
    defined |= set(first_run._LABELS)
    defined |= {f.label for kind in BatchKind for f in kind_fields(kind)}
    assert sorted(defined - labels.KNOWN) == [], "add these to desktop/ui/labels.py"


# -- English at run time ---------------------------------------------------------------
@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    folder = compile_qm(tmp_path / "i18n").parent
    assert i18n.install(qapp, "en", folder) == "en"
    yield
    i18n.remove(qapp)


def tab_texts(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


@pytest.mark.usefixtures("english")
def test_the_main_window_speaks_english_except_for_data(qtbot: QtBot, home: Path) -> None:
    window = logged_in(qtbot, home)
    window._open_index(window.batch_model.index(0, 0))
    qtbot.waitUntil(lambda: worker.running() == 0, timeout=10000)

    assert window.windowTitle() == "Registrar Desk"
    assert tab_texts(window) == ["Dashboard", "Batches", "Submission", "Students"]
    action = window.findChild(QAction, "import")
    assert action is not None and action.text() == "Import"
    model = window.batch_model
    assert [model.headerData(c, _H) for c in range(3)] == ["Name", "Type", "Status"]
    assert model.index(0, 1).data() == "Diploma registration"
    assert model.index(0, 2).data() == "Draft"
    grid = window.grid_model
    assert grid is not None and grid.headerData(0, _H) == "Name"
    assert window.statusBar().currentMessage().endswith("Draft, records: 2, errors: 1, warnings: 0")

    batch_name = model.index(0, 0).data()
    left = [
        (where, text)
        for where, text in chinese(shown_texts(window))
        # Data and what the services say stay as they are: the batch's name, the
        # dashboard's warnings (service messages), the language's own name.
        if batch_name not in text
        and where != "label 'warnings'"
        and not where.startswith("action 'language_zh_CN'")
    ]
    assert left == []


@pytest.mark.usefixtures("english")
def test_pages_built_on_a_base_class_find_the_base_class_translations(
    qtbot: QtBot, home: Path, tmp_path: Path
) -> None:
    """`self.tr` in Page (import) and SecretPage (first run) runs with a subclass as
    `self`: PySide6 must look the text up under the class that wrote it."""
    wizard = FirstRunWizard(tmp_path / "new")
    qtbot.addWidget(wizard)
    admin = wizard.admin_page
    assert admin.title() == "First administrator"
    form = admin.form
    again = form.labelForField(admin.again)
    assert isinstance(again, QLabel) and again.text() == "Enter again"  # SecretPage's text
    label = wizard.key_page.form.labelForField(wizard.key_page.secret)
    assert isinstance(label, QLabel) and label.text() == "Key passphrase"
    assert not chinese(shown_texts(wizard))

    importer = ImportWizard(clerk(home))
    qtbot.addWidget(importer)
    assert importer.file_page.more.text() == "Details…"  # Page's text, a FilePage's self
    assert importer.file_page.title() == "Choose a file"
    kinds = importer.file_page.kind
    assert kinds.itemText(0) == "New student registration"


@pytest.mark.usefixtures("english")
def test_qt_own_buttons_follow_the_language(qtbot: QtBot) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


# -- Chinese by default, and when English cannot be had --------------------------------
def test_chinese_is_the_default(
    qtbot: QtBot, qapp: QApplication, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(settings.LANGUAGE_ENV, raising=False)
    assert settings.language() == "zh_CN"
    assert i18n.install(qapp, settings.language()) == "zh_CN"
    try:
        window = logged_in(qtbot, home)
        assert tab_texts(window) == ["工作台", "批次", "上报", "学生"]
        assert window.batch_model.index(0, 2).data() == "草稿"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(buttons)  # Qt's own words in Chinese too (qtbase_zh_CN)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    finally:
        i18n.remove(qapp)


def test_a_missing_translation_leaves_chinese(
    qtbot: QtBot, qapp: QApplication, home: Path, tmp_path: Path
) -> None:
    assert i18n.install(qapp, "en", tmp_path / "nothing-here") == "zh_CN"
    try:
        assert i18n.language() == "zh_CN"
        assert tab_texts(logged_in(qtbot, home)) == ["工作台", "批次", "上报", "学生"]
    finally:
        i18n.remove(qapp)


def test_the_setting_the_environment_and_the_menu(
    qtbot: QtBot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(settings.LANGUAGE_ENV, raising=False)
    window = logged_in(qtbot, home)
    menu_action = next(a for a in window.menuBar().actions() if a.text() == "语言")
    menu = menu_action.menu()
    english = window.findChild(QAction, "language_en")
    assert isinstance(menu, QMenu) and english is not None and english in menu.actions()
    assert english.text() == "English" and not english.isChecked()
    english.trigger()
    assert settings.chosen_language() == "en" and settings.language() == "en"
    notice = window.findChild(QMessageBox, "language_notice")
    assert notice is not None and "下次启动时生效" in notice.text()
    notice.accept()

    monkeypatch.setenv(settings.LANGUAGE_ENV, "zh_CN")  # scripts and screenshots win
    assert settings.language() == "zh_CN"
    monkeypatch.setenv(settings.LANGUAGE_ENV, "en_US")
    settings.set_language("zh_CN")
    assert settings.language() == "en"
    assert [i18n.normalise(v) for v in ("English", "en", "zh", "", None, "fr")] == [
        "en", "en", "zh_CN", "zh_CN", "zh_CN", "zh_CN",
    ]  # fmt: skip


# -- a real start ----------------------------------------------------------------------
@pytest.mark.parametrize(("built", "expected"), [(True, "en"), (False, "zh_CN")])
def test_a_real_start_applies_the_language_before_any_window(
    home: Path, tmp_path: Path, built: bool, expected: str
) -> None:
    """`regdesk-gui` with REGDESK_LANG=en, its resources with and without the .qm."""
    resources = tmp_path / "resources"
    resources.mkdir()
    for item in (ROOT / "resources").iterdir():
        if item.name != "i18n":
            (resources / item.name).symlink_to(item)
    if built:
        compile_qm(resources / "i18n")
    out = tmp_path / "seen.json"
    environ = start_env(home, tmp_path / "trace", tmp_path)
    environ.update(REGDESK_LANG="en", REGDESK_RESOURCES=str(resources), DRIVER_OUT=str(out))
    proc = subprocess.run(
        [sys.executable, "-m", "tests.ui.i18n_driver"],
        env=environ, cwd=ROOT, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert seen["language"] == expected
    if built:
        assert seen["login_title"] == "Registrar Desk — log in"
        assert seen["tabs"] == ["Dashboard", "Batches", "Submission", "Students"]
    else:
        assert seen["login_title"] == "学籍学历注册工作台 — 登录"
        assert seen["tabs"] == ["工作台", "批次", "上报", "学生"]
