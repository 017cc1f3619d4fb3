"""What follows a JPEG's picture data: read it, or say that it was not read.

Phones and editors put many things after the end-of-image marker: the images a Multi-Picture
(MPF) file lists (depth maps, HDR gain maps, previews), a motion photo's video, Samsung's named
blocks, and sometimes a whole second photo or plain text. The container walker reads Samsung's
blocks and the motion-photo reader the video; this module reads the EXIF of every JPEG that
follows the picture, and names whatever else is there, so that a photo is never called fully
read while bytes after its picture went unchecked.

Finding the end of the picture means reading through its compressed data, which a metadata scan
otherwise never touches. So it is done only where it costs nothing more (the whole file is read
anyway, for the pixel checks) or where the file's last bytes show something follows: a JPEG
ends with its end-of-image marker, after at most some zero padding.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from audit import messages
from audit.readers import containers, exif_walk, jpeg_segments, motion_video
from audit.readers.locate import MAX_BLOCKS, jpeg_blocks
from audit.readers.metadata import TagCollector
from audit.readers.tiff import Tiff, tiff_start
from audit.sources.photo import human_size

#: Most JPEGs after the picture whose EXIF is read (MPF files list two to four).
MAX_EMBEDDED = 8
#: Fewer bytes than this after the picture are left alone: too few to hold a name, a number or
#: an id (some cameras end their files with a stray byte).
MIN_TRAILER = 4
#: Bytes of the file's end looked at to see whether it ends with the end-of-image marker.
TAIL = 4096
_NOT_ZERO = re.compile(rb"[^\x00]")


def check(
    data: memoryview,
    tags: TagCollector,
    wanted: Callable[[str], bool],
    whole_file: bool,
) -> None:
    """Read the EXIF of the JPEGs after the picture and name what else is there.

    ``whole_file``: the file is being read in full anyway, so look even when it ends as a JPEG
    should (a second photo appended after the first also ends with an end-of-image marker).
    """
    for offset in _mpf_images(data):  # listed in the header: read without a search
        _embedded(data, offset, len(data), tags, wanted, once=True)
    stop = _known_tail(data, tags)
    tail = bytes(data[max(0, stop - TAIL) : stop]).rstrip(b"\x00")
    if not whole_file and tail.endswith(b"\xff\xd9"):
        return
    end = picture_end(data, 0, stop)
    if end is None:
        return  # the picture data is cut short: the pixel checks say so when they run
    position = _embedded(data, end, stop, tags, wanted)
    found = _NOT_ZERO.search(data, position, stop)  # zero padding is no trailer
    if found is None or stop - found.start() < MIN_TRAILER:
        return
    if _looks_compressed(data, found.start(), stop):
        return  # an end marker inside damaged picture data, not a trailer: decoding says so
    tags.left_unread(messages.AFTER_PICTURE_NOT_READ.format(size=human_size(stop - position)))


def _known_tail(data: memoryview, tags: TagCollector) -> int:
    """Where what other readers account for begins: Samsung's named blocks (read by the
    container walker) or a motion photo's video (read by audit.readers.motion_video), if it
    really is a video; the file's end otherwise."""
    blocks = containers.samsung_blocks(data)
    if blocks:
        return max(0, min(block.header for block in blocks))
    video = motion_video.video_span(data, tags)
    if video is not None and bytes(data[video[0] + 4 : video[0] + 8]) == b"ftyp":
        return video[0]
    return len(data)


#: Most markers walked in one picture (a progressive JPEG has a few dozen).
MAX_MARKERS = 10_000


def picture_end(data: memoryview, start: int, stop: int) -> int | None:
    """Where the JPEG starting at ``start`` ends (just after its end-of-image marker), or None.

    From the first scan on, each marker is found past the compressed data before it (where a
    0xFF is always followed by a zero, a restart marker or another 0xFF), and the tables and
    scan headers between scans are skipped by their lengths, so bytes inside them that look
    like an end marker are not taken for one.
    """
    walk = jpeg_segments.segments(data[start:stop])
    last = start + 2
    for _marker, pos, length in walk:
        last = start + pos + 2 + length
    while last + 1 < stop and data[last] == 0xFF and data[last + 1] == 0xFF:
        last += 1  # fill bytes before the scan's marker
    if walk.cut or last + 2 > stop or bytes(data[last : last + 2]) != b"\xff\xda":
        return None
    position = last
    for _ in range(MAX_MARKERS):
        found = jpeg_segments.MARKER.search(data, position, stop)
        if found is None:
            return None
        at = found.start()
        if data[at + 1] == 0xD9:
            return at + 2
        if at + 4 > stop:
            return None
        length = (data[at + 2] << 8) | data[at + 3]
        position = at + 2 + max(length, 2)
    return None


def _looks_compressed(data: memoryview, start: int, stop: int) -> bool:
    """Bytes that look like compressed picture data: about one stuffed 0xFF 0x00 in every few
    hundred bytes, where text, a video or a JPEG header has almost none (a damaged picture whose
    data holds a stray end marker is not a trailer)."""
    sample = bytes(data[start : min(stop, start + (64 << 10))])
    return len(sample) >= 1024 and sample.count(b"\xff\x00") * 1024 >= len(sample)


_JPEG_START = re.compile(rb"\xff\xd8\xff")


def _embedded(
    data: memoryview,
    position: int,
    stop: int,
    tags: TagCollector,
    wanted: Callable[[str], bool],
    once: bool = False,
) -> int:
    """Read the EXIF of each JPEG found from ``position`` on (the first may follow a few bytes
    of something else); where the last one ends. ``once``: only the JPEG at ``position``."""
    for _ in range(1 if once else MAX_EMBEDDED):
        found = _JPEG_START.search(data, position, stop)
        if found is None or (once and found.start() != position):
            break
        # A listed image's header is all that is read (its EXIF comes before its picture data).
        end = stop if once else picture_end(data, found.start(), stop)
        if end is None:
            break
        other = _NOT_ZERO.search(data, position, found.start())
        if other is not None and found.start() - other.start() >= MIN_TRAILER:
            # Something else before this JPEG: named, even though the JPEG itself is read.
            size = human_size(found.start() - position)
            tags.left_unread(messages.AFTER_PICTURE_NOT_READ.format(size=size))
        blocks, _flir = jpeg_blocks(data[found.start() : end])
        for block in blocks[:MAX_BLOCKS]:
            at = tiff_start(block)
            tiff = Tiff.parse(block[at:]) if at >= 0 else None
            if tiff is not None:
                exif_walk.add_block(tiff, tags, wanted)
                if tiff.cut:
                    tags.left_unread(messages.DIRECTORIES_CUT)
        position = end
    return position


#: The Multi-Picture Format's index (CIPA DC-007): APP2 ``MPF\0``, then a TIFF header whose
#: IFD0 holds tag 0xB002, 16 bytes per image: attributes, size, offset from that TIFF header
#: (zero for the first image, the photo itself), two dependent-image numbers.
_MP_ENTRY = 0xB002


def _mpf_images(data: memoryview) -> list[int]:
    """Where the images a Multi-Picture file lists after the first one start."""
    for marker, pos, length in jpeg_segments.segments(data):
        body = jpeg_segments.body(data, pos, length)
        if marker != 0xE2 or bytes(body[:4]) != b"MPF\x00":
            continue
        index = Tiff.parse(body[4:])
        if index is None:
            return []
        origin = pos + 8  # where the TIFF header is in the file
        found = []
        for entry in index.directory(index.first, only=frozenset({_MP_ENTRY})):
            for at in range(0, min(len(entry.value), 16 * MAX_EMBEDDED), 16):
                offset = int.from_bytes(
                    entry.value[at + 8 : at + 12], "little" if index.little else "big"
                )
                if offset and origin + offset < len(data):
                    found.append(origin + offset)
        return found
    return []
