"""Hyperscan, where it loads: many byte patterns found in one pass over a photo's bytes.

A full-size photo is some 6 MB. The proof of a copy looks through all of it twice: for where its
picture data ends, and for every form of every identifying value. Hyperscan does each in one
vectorised pass; where it cannot be loaded (or a buffer is longer than it scans in one call)
callers fall back on Python's own searches, which give the same answers more slowly.
"""

from __future__ import annotations

import functools
from types import ModuleType

#: The most bytes Hyperscan scans in one call (its length is a 32-bit count).
MAX_SCANNED = 2**32 - 1
#: Each byte as the pattern \xHH, so a value is matched as it is, zero bytes and all.
_ESCAPED = [b"\\x%02x" % byte for byte in range(256)]


@functools.cache
def engine() -> ModuleType | None:
    """The hyperscan module, or None where it is not installed or cannot load."""
    try:
        import hyperscan
    except ImportError:
        return None
    return hyperscan


def literal(value: bytes) -> bytes:
    """A pattern that matches exactly ``value``."""
    return b"".join(map(_ESCAPED.__getitem__, value))
