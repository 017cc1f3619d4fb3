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
_END_OF_IMAGE = re.compile(rb"\xff\xd9")
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
    if containers.samsung_blocks(data):
        return  # the container walker has named every block of the trailer
    video = motion_video.video_span(data, tags)
    stop = video[0] if video is not None else len(data)
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
    if position == end and tail.endswith(b"\xff\xd9"):
        return  # an end marker inside damaged picture data, not a trailer: decoding says so
    tags.left_unread(messages.AFTER_PICTURE_NOT_READ.format(size=human_size(stop - position)))


def picture_end(data: memoryview, start: int, stop: int) -> int | None:
    """Where the JPEG starting at ``start`` ends (just after its end-of-image marker), or None.

    Compressed picture data never holds 0xFF 0xD9 (a 0xFF there is followed by a zero, a restart
    marker or another 0xFF), so the first one after the first scan's header ends the picture.
    """
    walk = jpeg_segments.segments(data[start:stop])
    last = start + 2
    for _marker, pos, length in walk:
        last = start + pos + 2 + length
    while last + 1 < stop and data[last] == 0xFF and data[last + 1] == 0xFF:
        last += 1  # fill bytes before the scan's marker
    if walk.cut or last + 2 > stop or bytes(data[last : last + 2]) != b"\xff\xda":
        return None
    found = _END_OF_IMAGE.search(data, last, stop)
    return None if found is None else found.end()


def _embedded(
    data: memoryview, position: int, stop: int, tags: TagCollector, wanted: Callable[[str], bool]
) -> int:
    """Read the EXIF of each JPEG found from ``position`` on; where the last one ends."""
    for _ in range(MAX_EMBEDDED):
        while position < stop and data[position] == 0:
            position += 1
        if bytes(data[position : position + 3]) != b"\xff\xd8\xff":
            break
        end = picture_end(data, position, stop)
        if end is None:
            break
        blocks, _flir = jpeg_blocks(data[position:end])
        for block in blocks[:MAX_BLOCKS]:
            at = tiff_start(block)
            tiff = Tiff.parse(block[at:]) if at >= 0 else None
            if tiff is not None:
                exif_walk.add_block(tiff, tags, wanted)
        position = end
    return position
