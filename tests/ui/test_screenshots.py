"""`tools/screenshots.py` renders every main page to a PNG a person can look at: a
demo workspace, each tab of the main window, the import wizard and the sign dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tools import screenshots

pytestmark = pytest.mark.slow


def distinct_colours(image: QImage, step: int = 7) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_every_main_page_is_rendered(qtbot: QtBot, tmp_path: Path) -> None:
    if screenshots.cjk_family() is None:
        pytest.fail("no CJK font: .ci/run installs fonts-wqy-microhei")
    saved = screenshots.render(tmp_path / "shots")
    names = [p.name for p in saved]
    assert names == [
        "01-工作台.png", "02-批次.png", "03-上报.png", "04-学生.png",
        "05-import-wizard.png", "06-sign.png", "07-report.png",
    ]  # fmt: skip
    for path in saved:
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 400 and image.height() >= 300, path
        assert distinct_colours(image) > 8, f"{path.name} is blank"
    grid = QImage(str(saved[1]))
    main = QImage(str(saved[0]))
    assert grid != main  # the tabs really changed between shots
