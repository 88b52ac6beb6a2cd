"""The command line's last line of defence: no traceback ever reaches a clerk."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import validation


def test_help_without_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "validate" in out and "rules" in out


def test_unexpected_error_is_one_line_and_a_masked_crash_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An internal bug cannot be caused on purpose through real input; simulate one.
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bad state for 110105200001010016")

    monkeypatch.setattr(validation, "validate_file", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    sheet = tmp_path / "a.csv"
    sheet.write_text("姓名,证件号码\n张三,110105200001010016\n", encoding="utf-8")
    code = main(["validate", str(sheet), "--kind", "diploma"])
    err = capsys.readouterr().err
    assert code == 3
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "内部错误（RuntimeError）" in err
    (report,) = tmp_path.rglob("crash-*.txt")
    text = report.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "110105********0016" in text
    assert "110105200001010016" not in text
