"""EXIF read by exposure's own walker: the fields that identify, wherever the libraries stop.

This pass runs after exiv2 on every EXIF block a file holds (see ``audit.readers.locate``) and
only fills in what the main reader left out: a field exiv2 already reported is never added
twice. It reads IFD0, the Exif and GPS directories and the maker note, whose serial numbers
are decoded by ``audit.readers.makernotes`` for the vendors whose layouts exiv2 does not know.
Keys use exiv2's names so that the same rules in ``checks/metadata.toml`` apply.
"""

from __future__ import annotations

from collections.abc import Callable

from audit.readers import makernotes
from audit.readers.metadata import Tag, TagCollector, clean_text, decode_bytes, decode_user_comment
from audit.readers.tiff import Entry, Tiff

#: Identifying IFD0 tags and their exiv2 names (TIFF 6.0, EXIF 2.32, DNG 1.7).
IMAGE_TAGS = {
    0x010F: "Exif.Image.Make",
    0x0110: "Exif.Image.Model",
    0x0132: "Exif.Image.DateTime",
    0x013B: "Exif.Image.Artist",
    0x8298: "Exif.Image.Copyright",
    0xC62F: "Exif.Image.CameraSerialNumber",
    0xA431: "Exif.Image.BodySerialNumber",
}
PHOTO_TAGS = {
    0x9003: "Exif.Photo.DateTimeOriginal",
    0x9011: "Exif.Photo.OffsetTimeOriginal",
    0x9286: "Exif.Photo.UserComment",
    0xA420: "Exif.Photo.ImageUniqueID",
    0xA430: "Exif.Photo.CameraOwnerName",
    0xA431: "Exif.Photo.BodySerialNumber",
    0xA435: "Exif.Photo.LensSerialNumber",
}
GPS_TAGS = {
    0x01: "Exif.GPSInfo.GPSLatitudeRef",
    0x02: "Exif.GPSInfo.GPSLatitude",
    0x03: "Exif.GPSInfo.GPSLongitudeRef",
    0x04: "Exif.GPSInfo.GPSLongitude",
    0x05: "Exif.GPSInfo.GPSAltitudeRef",
    0x06: "Exif.GPSInfo.GPSAltitude",
    0x1F: "Exif.GPSInfo.GPSHPositioningError",
}
EXIF_POINTER, GPS_POINTER, MAKER_NOTE = 0x8769, 0x8825, 0x927C
_IFD0_READ = frozenset(IMAGE_TAGS) | {EXIF_POINTER, GPS_POINTER}
_EXIF_READ = frozenset(PHOTO_TAGS) | {MAKER_NOTE}
_GPS_READ = frozenset(GPS_TAGS)


def add_block(
    tiff: Tiff,
    tags: TagCollector,
    wanted: Callable[[str], bool],
    make: str = "",
) -> bool:
    """Add the identifying fields of one EXIF block; True if it had a readable IFD0."""
    if not 0 < tiff.first < len(tiff.data):
        return False
    found = tiff.directory(tiff.first, only=_IFD0_READ)
    add = _adder(tags, wanted)
    for entry in found:
        if entry.tag in IMAGE_TAGS:
            add(_tag(tiff, IMAGE_TAGS[entry.tag], entry))
    make = make or _text(found, 0x010F)
    model = _text(found, 0x0110)
    for entry in found:
        if entry.tag == EXIF_POINTER:
            add_exif_directory(tiff, tiff.pointer(entry), tags, wanted, make, model)
        elif entry.tag == GPS_POINTER:
            add_gps_directory(tiff, tiff.pointer(entry), tags, wanted)
    return True


def add_exif_directory(
    tiff: Tiff,
    offset: int,
    tags: TagCollector,
    wanted: Callable[[str], bool],
    make: str,
    model: str = "",
) -> None:
    """The Exif directory at ``offset``: its identifying tags and the maker note."""
    add = _adder(tags, wanted)
    for entry in tiff.directory(offset, only=_EXIF_READ):
        if entry.tag in PHOTO_TAGS:
            add(_tag(tiff, PHOTO_TAGS[entry.tag], entry))
        elif entry.tag == MAKER_NOTE:
            for tag in makernotes.vendor_values(tiff, entry, make, model):
                add(tag)


def add_gps_directory(
    tiff: Tiff, offset: int, tags: TagCollector, wanted: Callable[[str], bool]
) -> None:
    """The GPS directory, unless the main reader already found a position."""
    if tags.peek("Exif.GPSInfo.GPSLatitude"):
        return
    add = _adder(tags, wanted)
    for entry in tiff.directory(offset, only=_GPS_READ):
        if entry.tag in GPS_TAGS:
            add(_tag(tiff, GPS_TAGS[entry.tag], entry))


def _adder(tags: TagCollector, wanted: Callable[[str], bool]) -> Callable[[Tag | None], None]:
    def add(tag: Tag | None) -> None:
        if tag is not None and tag.text and wanted(tag.key) and not tags.peek(tag.key):
            tags.add(tag)

    return add


def _text(entries: list[Entry], tag: int) -> str:
    for entry in entries:
        if entry.tag == tag:
            return decode_bytes(entry.value)
    return ""


def _tag(tiff: Tiff, key: str, entry: Entry) -> Tag | None:
    """A value as text in exiv2's style; rationals kept as numbers for the GPS detector."""
    if entry.type in (5, 10):
        rationals = tuple(tiff.rationals(entry))
        text = " ".join(f"{num}/{den}" for num, den in rationals)
        return Tag(key, text, rationals=rationals)
    if entry.type in (2, 7, 1):
        if key.endswith(".UserComment"):
            return Tag(key, decode_user_comment(entry.value))
        if key.endswith("GPSAltitudeRef"):
            return Tag(key, str(entry.value[0]) if entry.value else "")
        return Tag(key, decode_bytes(entry.value))
    numbers = tiff.integers(entry)
    if numbers:
        return Tag(key, clean_text(" ".join(str(n) for n in numbers)))
    return None
