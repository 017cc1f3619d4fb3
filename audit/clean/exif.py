"""Read the few EXIF values a clean copy may keep, and write them back as a minimal EXIF block.

A copy keeps no EXIF from the original: the orientation (so the picture shows upright), and on
request the capture date and a coarse position, are written into a new TIFF structure holding
those tags and nothing else. Reading is bounded: a hostile offset or count ends the read.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

EXIF_HEADER = b"Exif\x00\x00"

_ORIENTATION = 0x0112
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATE_TIME_ORIGINAL = 0x9003


@dataclass(frozen=True)
class ExifFacts:
    """What the original's EXIF says that a copy may need."""

    orientation: int = 1
    #: IFD1 holds a preview picture (the EXIF thumbnail).
    has_thumbnail: bool = False


@dataclass(frozen=True)
class KeptValues:
    """The only values written into a copy's EXIF."""

    orientation: int = 1
    #: "YYYY:MM:DD", written as the date taken with the time of day left at 00:00:00.
    date: str | None = None
    #: Latitude and longitude already rounded to the precision asked for.
    position: tuple[float, float] | None = None

    @property
    def empty(self) -> bool:
        return self.orientation == 1 and self.date is None and self.position is None


def read_facts(tiff: bytes) -> ExifFacts:
    """Orientation and thumbnail presence from a TIFF structure (an EXIF block after its header)."""
    if len(tiff) < 8 or tiff[:4] not in (b"II*\x00", b"MM\x00*"):
        return ExifFacts()
    order = "<" if tiff[:2] == b"II" else ">"
    (first,) = struct.unpack(order + "I", tiff[4:8])
    orientation = 1
    entries = _entries(tiff, order, first)
    if entries is None:
        return ExifFacts()
    values, next_ifd = entries
    raw = values.get(_ORIENTATION)
    if raw is not None and raw[0] in _INTEGER_FORMATS:
        form = order + _INTEGER_FORMATS[raw[0]]
        (orientation,) = struct.unpack(form, raw[1][: struct.calcsize(form)])
        if not 1 <= orientation <= 8:
            orientation = 1
    has_thumbnail = next_ifd != 0 and _entries(tiff, order, next_ifd) is not None
    return ExifFacts(orientation=orientation, has_thumbnail=has_thumbnail)


#: struct formats of the integer types a reader takes an orientation from (BYTE, SHORT, LONG,
#: SBYTE, SSHORT, SLONG): Pillow, ExifTool and browsers take any of them, not only SHORT.
_INTEGER_FORMATS = {1: "B", 3: "H", 4: "I", 6: "b", 8: "h", 9: "i"}


def _entries(
    tiff: bytes, order: str, offset: int
) -> tuple[dict[int, tuple[int, bytes]], int] | None:
    """Tag -> (type, first four value bytes) of one IFD, and the offset of the next IFD (0 when
    the IFD is cut short).

    As other readers do, a tag given twice counts once, with its first value, and the entries
    of an IFD that claims more than its block holds are read as far as they go: a copy must
    show the orientation every viewer reads from the original."""
    if offset < 8 or offset + 2 > len(tiff):
        return None
    (count,) = struct.unpack(order + "H", tiff[offset : offset + 2])
    whole = offset + 2 + 12 * count + 4 <= len(tiff)
    count = min(count, (len(tiff) - offset - 2) // 12)
    if count == 0:
        return None
    values: dict[int, tuple[int, bytes]] = {}
    for index in range(count):
        start = offset + 2 + 12 * index
        tag, kind = struct.unpack(order + "HH", tiff[start : start + 4])
        values.setdefault(tag, (kind, tiff[start + 8 : start + 12]))
    if not whole:
        return values, 0
    end = offset + 2 + 12 * count
    (next_ifd,) = struct.unpack(order + "I", tiff[end : end + 4])
    return values, next_ifd


def _rational(value: float, denominator: int) -> bytes:
    return struct.pack("<II", round(abs(value) * denominator), denominator)


class _Ifd:
    """One IFD being built: entries and the data that does not fit in four bytes."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, int, int, bytes]] = []

    def add(self, tag: int, kind: int, count: int, value: bytes) -> None:
        self.entries.append((tag, kind, count, value))

    def size(self) -> int:
        extra = sum(len(v) + len(v) % 2 for _, _, _, v in self.entries if len(v) > 4)
        return 2 + 12 * len(self.entries) + 4 + extra

    def pack(self, offset: int, pointers: dict[int, int]) -> bytes:
        """The IFD placed at ``offset``; ``pointers`` fills sub-IFD offsets by tag."""
        entries = sorted(self.entries)
        data_at = offset + 2 + 12 * len(entries) + 4
        head = [struct.pack("<H", len(entries))]
        tail: list[bytes] = []
        for tag, kind, count, value in entries:
            if tag in pointers:
                value = struct.pack("<I", pointers[tag])
            if len(value) > 4:
                head.append(struct.pack("<HHII", tag, kind, count, data_at))
                padded = value + b"\x00" * (len(value) % 2)
                tail.append(padded)
                data_at += len(padded)
            else:
                head.append(struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\x00"))
        head.append(struct.pack("<I", 0))
        return b"".join(head + tail)


def build_tiff(kept: KeptValues) -> bytes:
    """A little-endian TIFF structure holding only the kept values (empty bytes if none)."""
    if kept.empty:
        return b""
    ifd0, exif_ifd, gps_ifd = _Ifd(), _Ifd(), _Ifd()
    ifd0.add(_ORIENTATION, 3, 1, struct.pack("<H", kept.orientation))
    if kept.date is not None:
        stamp = f"{kept.date} 00:00:00".encode("ascii") + b"\x00"
        exif_ifd.add(0x9000, 7, 4, b"0232")
        exif_ifd.add(_DATE_TIME_ORIGINAL, 2, len(stamp), stamp)
        ifd0.add(_EXIF_IFD, 4, 1, b"\x00" * 4)
    if kept.position is not None:
        lat, lon = kept.position
        gps_ifd.add(0x0000, 1, 4, bytes((2, 3, 0, 0)))
        gps_ifd.add(0x0001, 2, 2, (b"N" if lat >= 0 else b"S") + b"\x00")
        gps_ifd.add(0x0002, 5, 3, _rational(lat, 10) + _rational(0, 1) + _rational(0, 1))
        gps_ifd.add(0x0003, 2, 2, (b"E" if lon >= 0 else b"W") + b"\x00")
        gps_ifd.add(0x0004, 5, 3, _rational(lon, 10) + _rational(0, 1) + _rational(0, 1))
        ifd0.add(_GPS_IFD, 4, 1, b"\x00" * 4)
    exif_at = 8 + ifd0.size()
    gps_at = exif_at + (exif_ifd.size() if exif_ifd.entries else 0)
    pointers = {_EXIF_IFD: exif_at, _GPS_IFD: gps_at}
    parts = [b"II*\x00" + struct.pack("<I", 8), ifd0.pack(8, pointers)]
    if exif_ifd.entries:
        parts.append(exif_ifd.pack(exif_at, {}))
    if gps_ifd.entries:
        parts.append(gps_ifd.pack(gps_at, {}))
    return b"".join(parts)
