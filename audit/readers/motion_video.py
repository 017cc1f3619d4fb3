"""Where a motion photo's video says it was taken.

Samsung and Google phones keep a few seconds of video inside the JPEG, after its picture: a
Samsung trailer block named ``MotionPhoto_Data``, or the last bytes of the file as the XMP says
(``GCamera:MicroVideoOffset``, or the ``MotionPhoto`` item of ``Container:Directory``). The video
is an MP4 file of its own, and a phone that records where videos are made writes the place into
it too: as QuickTime user data (``moov/udta/©xyz``, what Android writes) or as the
``com.apple.quicktime.location.ISO6709`` entry of ``moov/meta``, both ISO 6709 text such as
``+31.2397+121.4909/``. An app that removes the photo's EXIF GPS but keeps what follows the
picture leaves that place in the file.

Only box headers and the ``moov`` box are read (at most MAX_MOOV bytes, MAX_BOXES boxes), never
the frames.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from audit.readers import bmff
from audit.readers.containers import samsung_blocks
from audit.readers.metadata import Tag, TagCollector, clean_text

#: The tag the place is kept under, as the ISO 6709 text the video holds.
LOCATION_KEY = "Trailer.Video.Location"
#: The tag the container walk gives a Samsung trailer's video block.
_SAMSUNG_VIDEO_KEY = "Trailer.Samsung.MotionPhoto_Data"
#: The XMP that says where a Google motion photo's video starts.
_OFFSET_KEY = "Xmp.GCamera.MicroVideoOffset"
#: A Google motion photo of version 1 says so here; its Container:Directory then holds the video.
_MOTION_PHOTO_KEY = "Xmp.GCamera.MotionPhoto"
_DIRECTORY_ITEM = re.compile(r"^Xmp\.Container\.Directory\[(\d+)\]/Container:Item/Item:(\w+)$")
#: Most boxes looked at in one video, and the largest moov box read.
MAX_BOXES = 2000
MAX_MOOV = 8 << 20
_ISO6709_KEY = b"com.apple.quicktime.location.ISO6709"
_ISO6709 = re.compile(
    r"^([+-]\d{2}(?:\.\d+)?)([+-]\d{3}(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?(?:CRS.*)?/?$"
)


def wanted_key(key: str) -> bool:
    """The XMP keys this reader needs collected to find a Google motion photo's video."""
    return key in (_OFFSET_KEY, _MOTION_PHOTO_KEY) or _DIRECTORY_ITEM.match(key) is not None


def add_location(data: memoryview, tags: TagCollector, wanted: Callable[[str], bool]) -> None:
    """Add the place the embedded video names, if there is a video and it names one."""
    if not wanted(LOCATION_KEY) or tags.peek(LOCATION_KEY):
        return
    span = video_span(data, tags)
    if span is None:
        return
    text = _location(data, *span)
    if text is not None and parse_iso6709(text) is not None:
        tags.add(Tag(LOCATION_KEY, clean_text(text, 100)))


def video_span(data: memoryview, tags: TagCollector) -> tuple[int, int] | None:
    """Where a motion photo's video lies in the file (start, end), as its metadata says."""
    size = len(data)
    if tags.peek(_SAMSUNG_VIDEO_KEY):  # the container walk found the trailer and named the block
        for block in samsung_blocks(data):
            if block.name == "MotionPhoto_Data" and block.size > 8:
                return block.start, block.end
    offset = _integer(tags, _OFFSET_KEY)
    if offset is not None and 8 < offset <= size:
        return size - offset, size
    if not tags.peek(_MOTION_PHOTO_KEY):
        return None
    items: dict[str, dict[str, str]] = {}
    for key in tags.names():
        found = _DIRECTORY_ITEM.match(key)
        if found and tags.peek(key):
            items.setdefault(found.group(1), {})[found.group(2)] = tags.peek(key)[0].text
    for item in items.values():
        if item.get("Semantic") == "MotionPhoto":
            length = _number(item.get("Length", ""))
            padding = _number(item.get("Padding", "")) or 0
            if length is not None and 8 < length <= size:
                return size - length, size - min(padding, length)
    return None


def _integer(tags: TagCollector, key: str) -> int | None:
    found = tags.peek(key)
    return _number(found[0].text) if found else None


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 16 else None


def _boxes(
    data: memoryview, start: int, end: int, budget: list[int]
) -> Iterator[tuple[bytes, int, int]]:
    """(type, body start, body end) of each box between ``start`` and ``end``, while the walk's
    shared budget of boxes lasts."""
    for found in bmff.boxes(data, start, end):
        if budget[0] <= 0:
            return
        budget[0] -= 1
        yield found


def _location(data: memoryview, start: int, end: int) -> str | None:
    budget = [MAX_BOXES]
    for kind, body, body_end in _boxes(data, start, end, budget):
        if kind == b"moov" and body_end - body <= MAX_MOOV:
            moov = memoryview(bytes(data[body:body_end]))
            return _in_moov(moov, budget)
    return None


def _in_moov(moov: memoryview, budget: list[int]) -> str | None:
    for kind, body, end in _boxes(moov, 0, len(moov), budget):
        if kind == b"udta":
            for inner, start, stop in _boxes(moov, body, end, budget):
                if inner == b"\xa9xyz" and stop - start > 4:
                    # a QuickTime text item: length (2 bytes), language (2), then the text
                    length = int.from_bytes(moov[start : start + 2], "big")
                    return _text(moov[start + 4 : min(stop, start + 4 + length)])
        elif kind == b"meta":
            found = _in_meta(moov, body, end, budget)
            if found is not None:
                return found
    return None


def _in_meta(moov: memoryview, start: int, end: int, budget: list[int]) -> str | None:
    """The ISO 6709 entry of a QuickTime metadata box (keys, then ilst by key index)."""
    if bytes(moov[start + 4 : start + 8]) not in (b"hdlr", b"keys"):
        start += 4  # the ISO form of meta: version and flags first
    index = None
    for kind, body, stop in _boxes(moov, start, end, budget):
        if kind == b"keys" and stop - body >= 8:
            index = _key_index(moov, body, stop)
        elif kind == b"ilst" and index is not None:
            for entry, entry_start, entry_stop in _boxes(moov, body, stop, budget):
                if int.from_bytes(entry, "big") != index:
                    continue
                for inner, data_start, data_stop in _boxes(moov, entry_start, entry_stop, budget):
                    if inner == b"data" and data_stop - data_start > 8:
                        return _text(moov[data_start + 8 : data_stop])
    return None


def _key_index(moov: memoryview, start: int, end: int) -> int | None:
    count = int.from_bytes(moov[start + 4 : start + 8], "big")
    position = start + 8
    for number in range(1, min(count, MAX_BOXES) + 1):
        if position + 8 > end:
            return None
        size = int.from_bytes(moov[position : position + 4], "big")
        if size < 8 or position + size > end:
            return None
        if bytes(moov[position + 8 : position + size]) == _ISO6709_KEY:
            return number
        position += size
    return None


def _text(raw: memoryview) -> str:
    return bytes(raw[:200]).split(b"\x00", 1)[0].decode("utf-8", errors="replace").strip()


def parse_iso6709(text: str) -> tuple[float, float, float | None, float] | None:
    """Latitude, longitude, altitude (or None) and the resolution in degrees of an ISO 6709
    point in decimal degrees (``+31.2397+121.4909+012.3/``); None for any other form."""
    found = _ISO6709.match(text.strip())
    if found is None:
        return None
    lat, lon = float(found.group(1)), float(found.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    decimals = min(len(found.group(n).partition(".")[2]) for n in (1, 2))
    altitude = float(found.group(3)) if found.group(3) else None
    return lat, lon, altitude, 10.0**-decimals
