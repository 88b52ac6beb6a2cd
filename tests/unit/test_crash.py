"""Crash reports never carry an identity number in clear."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.crash import mask_text, report_crash

ID = "110101199003074514"
ID_X = "11010119900307451X"
MASKED = "110101********4514"
EIGHTEEN = re.compile(r"\d{17}[\dXx]")

digits = st.text(alphabet="0123456789", min_size=17, max_size=17)
check = st.sampled_from("0123456789Xx")
# Text around a number that is neither a digit nor an ASCII letter.
separators = st.text(alphabet=" ,;:：，。'\"()[]{}=\n\t-_/证件号码有误", max_size=5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ID, MASKED),
        (ID_X, "110101********451X"),
        ("11010119900307451x", "110101********451X"),
        (f"证件号码 {ID} 重复", f"证件号码 {MASKED} 重复"),
        (f"证件号码{ID}有误", f"证件号码{MASKED}有误"),
        (f"KeyError('{ID}')", f"KeyError('{MASKED}')"),
        (f"{ID},{ID_X}", f"{MASKED},110101********451X"),
        (f"sfzh={ID}\n", f"sfzh={MASKED}\n"),
        (f"[{ID}]", f"[{MASKED}]"),
    ],
)
def test_mask_text_masks_id_numbers(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "没有证件号码",
        "11010119900307451",  # 17 digits
        "1101011990030745",
        "20240630",
        "1101011990030745141",  # 19 digits: part of a longer run
        "11010119900307451411010119900307",
        "row 12345 of 100000",
        "100011202505000123" + "4",
    ],
)
def test_mask_text_leaves_other_numbers(text: str) -> None:
    assert mask_text(text) == text


@given(prefix=separators, first17=digits, last=check, suffix=separators)
def test_every_id_like_number_is_masked(prefix: str, first17: str, last: str, suffix: str) -> None:
    number = first17 + last
    masked = mask_text(prefix + number + suffix)
    assert masked == prefix + first17[:6] + "*" * 8 + first17[14:] + last.upper() + suffix
    assert not EIGHTEEN.search(masked)


@given(st.lists(st.tuples(digits, check), min_size=1, max_size=4), separators.filter(bool))
def test_several_numbers_are_all_masked(numbers: list[tuple[str, str]], sep: str) -> None:
    text = sep.join(a + b for a, b in numbers)
    masked = mask_text(text)
    assert not EIGHTEEN.search(masked)
    assert masked.count("*" * 8) == len(numbers)


@given(st.text(alphabet="0123456789", min_size=1, max_size=40).filter(lambda s: len(s) != 18))
def test_digit_runs_of_other_lengths_are_left_alone(run: str) -> None:
    assert mask_text(f"值 {run} 行") == f"值 {run} 行"


# --- report_crash ------------------------------------------------------------------------


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_report_crash_writes_masked_traceback(tmp_path: Path) -> None:
    exc = _raised(ValueError(f"证件号码 {ID} 的出生日期不存在"))
    path = report_crash(exc, folder=tmp_path)
    assert path.parent == tmp_path
    assert path.is_file()
    written = path.read_text("utf-8")
    assert "ValueError" in written
    assert "Traceback" in written
    assert MASKED in written
    assert ID not in written
    assert not EIGHTEEN.search(written)


def test_report_crash_masks_chained_exceptions(tmp_path: Path) -> None:
    try:
        try:
            raise KeyError(ID_X.lower())
        except KeyError as inner:
            raise RuntimeError(f"导入失败：{ID}") from inner
    except RuntimeError as outer:
        path = report_crash(outer, folder=tmp_path)
    written = path.read_text("utf-8")
    assert "RuntimeError" in written and "KeyError" in written
    assert not EIGHTEEN.search(written)
    assert ID_X.lower() not in written and ID_X not in written


def test_report_crash_of_an_exception_never_raised(tmp_path: Path) -> None:
    path = report_crash(LookupError(ID), folder=tmp_path)
    written = path.read_text("utf-8")
    assert "LookupError" in written
    assert ID not in written


def test_report_crash_creates_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "logs" / "deeper"
    path = report_crash(_raised(OSError("disk")), folder=folder)
    assert path.parent == folder
    assert path.name.startswith("crash-") and path.suffix == ".txt"
    assert "OSError" in path.read_text("utf-8")


def test_report_crash_survives_an_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    path = report_crash(_raised(ValueError(ID)), folder=blocker)
    assert not path.exists()
    assert blocker.read_text() == "not a folder"
