"""A job still running when the application quits: interpreter shutdown deletes its
signals object under it, and its answer must vanish quietly, not as a traceback on the
clerk's terminal."""

from __future__ import annotations

import shiboken6
from pytestqt.qtbot import QtBot

from desktop.services.progress import Cancelled
from desktop.ui.worker import Job


def _fails() -> None:
    raise ValueError("坏文件")


def _cancelled() -> None:
    raise Cancelled


def test_a_job_whose_signals_are_gone_ends_quietly(qtbot: QtBot) -> None:
    for fn in (lambda: 42, _fails, _cancelled):
        job = Job(fn, pass_control=False)
        shiboken6.delete(job.signals)
        job.run()  # raised RuntimeError("Signal source has been deleted") before


def test_a_live_job_still_answers(qtbot: QtBot) -> None:
    job = Job(lambda: 42, pass_control=False)
    with qtbot.waitSignal(job.signals.finished, timeout=1000) as got:
        job.run()
    assert got.args == [42]
