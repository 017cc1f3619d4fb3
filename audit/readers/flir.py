"""FLIR thermal cameras: the FFF record directory carried in JPEG APP1 ``FLIR\\0`` segments.

exiv2 does not read it, yet it holds the camera's and the lens's serial numbers and, on
cameras with a receiver, the camera's own GPS record (often the only position in the file).
Layout as documented in ExifTool's FLIR tables (FLIR.pm): the segments are numbered chunks of
one FFF block; its header gives the record directory (32 bytes per record); record 0x20 is
CameraInfo, 0x2B is GPSInfo. The block is big-endian unless its version says otherwise; the
GPS record is little-endian whatever the block's order.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from audit.readers.metadata import Tag, TagCollector, decode_bytes

MAX_RECORDS = 256
_CAMERA_INFO, _GPS_INFO = 0x20, 0x2B
#: CameraInfo strings: offset, length, exposure key.
_CAMERA_STRINGS = (
    (0x104, 16, "Exif.FLIR.CameraSerialNumber"),
    (0x1A0, 16, "Exif.FLIR.LensSerialNumber"),
    (0x21C, 32, "Exif.FLIR.FilterSerialNumber"),
)


def join_chunks(segments: list[bytes]) -> bytes:
    """The FFF block from APP1 bodies that start ``FLIR\\0``: byte 6 numbers each chunk."""
    chunks = sorted((body[6], body[8:]) for body in segments if len(body) >= 8)
    return b"".join(chunk for _, chunk in chunks)


def add_fff(block: bytes, tags: TagCollector, wanted: Callable[[str], bool]) -> None:
    """Serial numbers and the GPS position from one FFF block (bounded, never raises)."""
    try:
        _add(block, tags, wanted)
    except (struct.error, IndexError, ValueError):
        return


def _add(block: bytes, tags: TagCollector, wanted: Callable[[str], bool]) -> None:
    if len(block) < 0x40 or block[:4] not in (b"FFF\x00", b"AFF\x00"):
        return
    order = ">"
    if not 100 <= struct.unpack_from(">I", block, 0x14)[0] < 200:
        order = "<"
        if not 100 <= struct.unpack_from("<I", block, 0x14)[0] < 200:
            return
    directory, count = struct.unpack_from(order + "II", block, 0x18)
    for index in range(min(count, MAX_RECORDS)):
        entry = directory + 32 * index
        if entry + 32 > len(block):
            break
        kind = struct.unpack_from(order + "H", block, entry)[0]
        offset, length = struct.unpack_from(order + "II", block, entry + 0x0C)
        if offset + length > len(block):
            continue
        record = block[offset : offset + length]
        if kind == _CAMERA_INFO:
            _camera_info(record, tags, wanted)
        elif kind == _GPS_INFO:
            _gps_info(record, tags)


def _camera_info(record: bytes, tags: TagCollector, wanted: Callable[[str], bool]) -> None:
    for offset, length, key in _CAMERA_STRINGS:
        if offset + length <= len(record):
            text = decode_bytes(record[offset : offset + length].split(b"\x00", 1)[0])
            if text and wanted(key) and not tags.peek(key):
                tags.add(Tag(key, text))


def _gps_info(record: bytes, tags: TagCollector) -> None:
    """The GPS record counts only when its 'valid' flag is 1 (as ExifTool reads it)."""
    if len(record) < 0x24 or tags.peek("Exif.GPSInfo.GPSLatitude"):
        return
    if struct.unpack_from("<I", record, 0)[0] != 1:
        return
    lat, lon = struct.unpack_from("<dd", record, 0x10)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return
    for key, ref_key, value, negative, positive in (
        ("Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef", lat, "S", "N"),
        ("Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef", lon, "W", "E"),
    ):
        scaled = (round(abs(value) * 10_000_000), 10_000_000)
        tags.add(Tag(key, f"{scaled[0]}/{scaled[1]}", rationals=(scaled,)))
        tags.add(Tag(ref_key, negative if value < 0 else positive))
