"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every Qt call that
returns nothing; the process dies with `none_dealloc` after a few thousand calls. The
pin in pyproject.toml keeps 3.11 on 6.11.x; this test catches a release that slips in."""

from __future__ import annotations

import sys

import PySide6
from PySide6 import QtCore


def test_qt_calls_do_not_leak_references_to_none() -> None:
    obj = QtCore.QObject()
    before = sys.getrefcount(None)
    for i in range(20_000):
        obj.setObjectName(f"probe-{i % 7}")
    after = sys.getrefcount(None)
    # Other threads may hold a few references; a broken build loses 20,000.
    assert after >= before - 100, (before, after, PySide6.__version__)


def test_installed_pyside_respects_the_pin() -> None:
    version = tuple(int(p) for p in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        assert version == (6, 11), PySide6.__version__
