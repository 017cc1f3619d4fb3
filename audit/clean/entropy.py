"""Where a JPEG scan's entropy-coded data ends: the first marker after it.

Inside entropy-coded data a 0xFF byte is always followed by a stuffed zero, a restart marker
(0xD0-0xD7) or another 0xFF (fill); any other byte after 0xFF starts a marker, which ends the
data. The rewriter and the proof both find the end with this one definition.
"""

from __future__ import annotations

import re

#: 0xFF followed by a byte that is not a stuffed zero, a restart marker or a fill byte.
_MARKER = re.compile(rb"\xff(?=[^\x00\xd0-\xd7\xff])")


def end(data: bytes, start: int) -> int | None:
    """The offset of the first marker at or after ``start``, or None if there is none."""
    found = _MARKER.search(data, start)
    return None if found is None else found.start()


def starts_marker(data: bytes, pos: int) -> bool:
    """A marker (not stuffing, a restart marker or fill) begins at ``pos``."""
    return _MARKER.match(data, pos) is not None
