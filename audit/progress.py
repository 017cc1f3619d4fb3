"""A progress line on stderr while a long scan runs: files done, files per second, time left.

Shown only when stderr is a terminal, so logs and pipes stay clean; redrawn at most ten times a
second so that drawing never slows the scan.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import TextIO

from audit.engine import Progress

_WIDTH = 24


class _Line:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
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
        filled = int(_WIDTH * done / total) if total else _WIDTH
        bar = "#" * filled + "-" * (_WIDTH - filled)
        minutes, seconds = divmod(int(left + 0.5), 60)
        self.stream.write(
            f"\r[{bar}] {done}/{total}  {rate:,.0f} files/s  {minutes}:{seconds:02d} left\x1b[K"
        )
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@contextlib.contextmanager
def progress_reporter(stream: TextIO) -> Iterator[Progress | None]:
    """A progress callback for :func:`audit.engine.run_audit`, or None when not on a terminal."""
    if not stream.isatty():
        yield None
        return
    line = _Line(stream)
    try:
        yield line.update
    finally:
        line.finish()
