"""A progress line on stderr while a long scan runs: files done, files per second, time left.

Shown only when stderr is a terminal, so logs and pipes stay clean; redrawn at most ten times a
second so that drawing never slows the scan. The line is cut to the terminal's width, so it is
redrawn in place and never scrolls, and it speaks the report's language.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from typing import TextIO

from audit import messages
from audit.engine import Progress
from audit.formats.layout import char_width, text_width
from audit.models import Lang

_WIDTH = 24


class _Line:
    def __init__(self, stream: TextIO, lang: Lang | str = Lang.EN) -> None:
        self.stream = stream
        self.lang = lang
        self.started = time.monotonic()
        self.last_drawn = 0.0
        self.drawn = False

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last_drawn < 0.1:
            return
        self.last_drawn = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        left = (total - done) / rate if rate > 0 else 0.0
        minutes, seconds = divmod(int(left + 0.5), 60)
        words = messages.PROGRESS_LINE.get(self.lang).format(
            done=done, total=total, rate=f"{rate:,.0f}", left=f"{minutes}:{seconds:02d}"
        )
        columns = self.columns() - 1
        size = max(0, min(_WIDTH, columns - text_width(words) - 3))
        filled = int(size * done / total) if total else size
        bar = f"[{'#' * filled}{'-' * (size - filled)}] " if size >= 5 else ""
        line = fit(bar + words, columns)
        self.stream.write(f"\r{line}\x1b[K")
        self.stream.flush()
        self.drawn = True

    def columns(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            return shutil.get_terminal_size((80, 24)).columns

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def fit(line: str, width: int) -> str:
    """The line cut to ``width`` columns (wide characters count two), so it never wraps."""
    out, used = "", 0
    for char in line:
        used += char_width(char)
        if used > max(1, width):
            break
        out += char
    return out


@contextlib.contextmanager
def progress_reporter(stream: TextIO, lang: Lang | str = Lang.EN) -> Iterator[Progress | None]:
    """A progress callback for :func:`audit.engine.run_audit`, or None when not on a terminal."""
    if not stream.isatty():
        yield None
        return
    line = _Line(stream, lang)
    try:
        yield line.update
    finally:
        line.finish()
