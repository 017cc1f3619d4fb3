"""Python's cycle collector held off while a command gathers its results, and fresh in each
worker.

A command's main process builds a great many small objects (results, findings, evidence, their
sentences) that only point one way and all live until the report is written. Reference counting
frees them; the cycle collector finds nothing among them, yet walks all of them again each time
enough new ones have been made: on a re-scan of 10,000 photos from the cache that walking was
about 40 % of the run (benchmarks/library.py).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def held_off() -> Iterator[None]:
    """No cycle collection inside the block (or the decorated command).

    What the block made is then set aside for good (gc.freeze) before the collector comes back:
    walking it all once more would cost a tenth of a second on a large library, and a command's
    results live until it exits anyway.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


def fresh_in_worker() -> None:
    """For a forked worker: collect cycles again, since it frees each photo's objects over a
    long run, but never walk what it inherited (which would also copy the parent's pages)."""
    gc.freeze()
    gc.enable()
