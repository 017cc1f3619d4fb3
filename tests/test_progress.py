"""The progress line: on a terminal only, with files per second and time left."""

from __future__ import annotations

import io

from audit.progress import progress_reporter


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal():
    stream = io.StringIO()
    with progress_reporter(stream) as progress:
        assert progress is None
    assert stream.getvalue() == ""


def test_shows_rate_and_time_left_then_clears_itself():
    stream = Terminal()
    with progress_reporter(stream) as progress:
        progress(5, 10)
        progress(10, 10)
    text = stream.getvalue()
    assert "10/10" in text and "files/s" in text and "left" in text
    assert text.endswith("\r\x1b[K")
