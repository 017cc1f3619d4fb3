"""The marker segments of a JPEG, from their headers only: one bounded walk for every reader.

A segment is (marker, offset of its 0xFF, declared length). The walk skips fill bytes, the
markers that carry no length, and bytes that are not a marker between two segments (a damaged
length, stray bytes left by an editor): as ExifTool does, it goes on at the next 0xFF, so the
EXIF or XMP block after them is still read. It stops at the start of the picture data (SOS),
the end (EOI), a length that cannot be, or after ``MAX_SEGMENTS``, and only moves forward, so a
hostile file costs bounded time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_SEGMENTS = 4000
#: A marker inside or after compressed picture data: 0xFF followed by a byte that is not a
#: stuffed zero, a restart marker (0xD0-0xD7) or another 0xFF (fill). Any such pair ends the
#: data before it: the cleaner, its proof and the reader of what follows a picture all use it.
MARKER_PATTERN = rb"\xff[^\x00\xd0-\xd7\xff]"
MARKER = re.compile(MARKER_PATTERN)
_NEXT_FF = re.compile(rb"\xff")
#: The start of each APP2 segment that holds a piece of an ICC colour profile.
ICC_SIGNATURE = b"ICC_PROFILE\x00"


def segments(data: bytes | memoryview, limit: int = MAX_SEGMENTS) -> Segments:
    """Each segment before the picture data: (marker, position of its 0xFF, declared length),
    at most ``limit`` of them."""
    return Segments(data, limit)


class Segments:
    """The walk of :func:`segments`. Iterate it once; afterwards ``cut`` says whether it stopped
    at its limit before the picture data began (the rest of the header was not read)."""

    def __init__(self, data: bytes | memoryview, limit: int = MAX_SEGMENTS) -> None:
        self._data = data
        self._limit = limit
        self.cut = False

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        data = self._data
        size, pos = len(data), 2
        for _ in range(self._limit):
            if pos + 4 > size:
                return
            if data[pos] != 0xFF:
                found = _NEXT_FF.search(data, pos)
                if found is None:
                    return
                pos = found.start()
                continue
            marker = data[pos + 1]
            if marker == 0xFF:
                pos += 1
                continue
            if marker in (0xD8, 0x00, 0x01) or 0xD0 <= marker <= 0xD7:
                pos += 2
                continue
            if marker in (0xD9, 0xDA):
                return
            length = (data[pos + 2] << 8) | data[pos + 3]
            if length < 2:
                return
            yield marker, pos, length
            pos += 2 + length
        self.cut = True


def body(data: memoryview, pos: int, length: int) -> memoryview:
    """A segment's payload (after marker and length), cut at the end of the data."""
    return data[pos + 4 : min(len(data), pos + 2 + length)]
