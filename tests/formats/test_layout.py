"""Fits the screen: tables keep every column down to 60 columns, Chinese wraps between
characters and never before closing punctuation, the progress line never wraps, and --summary
prints only the totals, the worst photos and what to do first."""

from __future__ import annotations

import io

import pytest

from audit.formats import table
from audit.formats.layout import grid, text_width, wrap
from audit.progress import fit, progress_reporter


def test_wrap_breaks_latin_at_spaces_and_chinese_anywhere():
    assert wrap("Anyone with this file can see", 12) == ["Anyone with", "this file", "can see"]
    lines = wrap("任何拿到这个文件的人都能看到它的拍摄地点，精确到约5米。", 10)
    assert all(text_width(line) <= 10 for line in lines)
    assert not any(line[0] in "，。：" for line in lines)
    assert "".join(lines) == "任何拿到这个文件的人都能看到它的拍摄地点，精确到约5米。"


def test_wrap_keeps_opening_brackets_with_what_follows():
    lines = wrap("语言：en（英文）或 zh（中文）。默认跟随系统语言。", 22)
    assert not any(line.endswith("（") for line in lines)


def test_wrap_cuts_a_word_longer_than_the_line():
    assert wrap("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_grid_cells_wrap_within_their_columns():
    rows = [
        [
            "!!! 严重",
            "文件里有精确的 GPS 定位\n任何保存了这个文件的人都能在地图上打开它",
            "附近：中国上海",
            "15.0",
        ]
    ]
    lines = grid(rows, ["a", "b", "c", "d"], 60, minimum=[10, 16, 12, 4])
    assert all(text_width(line) <= 60 for line in lines)
    assert lines[2].rstrip().endswith("15.0")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [60, 80, 120])
def test_table_fits_the_width_and_keeps_every_column(report, lang, width):
    text = table.render(report, lang, width=width)
    assert max(text_width(line) for line in text.splitlines()) <= width
    header = "比特" if lang == "zh" else "bits"
    assert sum(1 for line in text.splitlines() if line.rstrip().endswith(header)) >= 1


def test_summary_prints_only_totals_worst_photos_and_first_steps(report):
    text = table.render(report, "en", summary=True)
    assert "1 photo audited" in text and "In short" in text and "What to do" in text
    assert "The photos that give away most" in text
    assert "finding and why it matters" not in text and "Not audited" not in text


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_is_cut_to_the_width_and_redrawn_in_place(monkeypatch):
    stream = Terminal()
    with progress_reporter(stream, "zh") as progress:
        line = progress.__self__  # type: ignore[union-attr]
        monkeypatch.setattr(line, "columns", lambda: 40)
        progress(5, 10)
        progress(10, 10)
    drawn = [part for part in stream.getvalue().split("\r") if part.strip("\x1b[K")]
    assert drawn and all(text_width(part.replace("\x1b[K", "")) < 40 for part in drawn)
    assert "\n" not in stream.getvalue()
    assert "每秒" in stream.getvalue() and "还剩" in stream.getvalue()


def test_fit_counts_wide_characters_twice():
    assert fit("进度进度进度", 5) == "进度"


def test_the_punctuation_taken_as_one_column_is_one_column_for_wcwidth():
    from wcwidth import wcwidth

    from audit.formats.layout import NARROW_PUNCTUATION

    assert {char: wcwidth(char) for char in NARROW_PUNCTUATION} == dict.fromkeys(
        NARROW_PUNCTUATION, 1
    )
