"""SIGTERM and SIGHUP stop a run the way Ctrl-C does.

Python turns Ctrl-C (SIGINT) into KeyboardInterrupt, which unwinds the run: workers are ended
and what finished is kept. SIGTERM (``kill``, a system shutting down) and SIGHUP (the terminal
closed) would instead end the main process on the spot and leave its workers running, so for
the length of a run they raise the same KeyboardInterrupt.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def like_ctrl_c() -> Iterator[None]:
    """Within this block, SIGTERM and SIGHUP raise KeyboardInterrupt in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, _interrupt) for number in SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def default_in_child() -> None:
    """A worker process is ended by these signals outright (it inherits the parent's handlers)."""
    for number in SIGNALS:
        signal.signal(number, signal.SIG_DFL)
