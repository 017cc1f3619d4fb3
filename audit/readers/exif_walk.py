"""EXIF read by exposure's own walker: the fields that identify, wherever the libraries stop.

This pass runs after exiv2 on every EXIF block a file holds (see ``audit.readers.locate``) and
only fills in what the main reader left out: a field exiv2 already reported is not added again
(an owner or serial with another value is: a second block may name someone else). It reads
every directory of a block (IFD0 and those chained after it, SubIFDs, the Exif and GPS
directories wherever they are pointed to) and the maker note, whose serial numbers are decoded
by ``audit.readers.makernotes`` for the vendors whose layouts exiv2 does not know.
Keys use exiv2's names so that the same rules in ``checks/metadata.toml`` apply.
"""

from __future__ import annotations

from collections.abc import Callable

from audit import messages
from audit.readers import makernotes
from audit.readers.metadata import (
    MAX_TEXT,
    Tag,
    TagCollector,
    clean_text,
    decode_ascii_field,
    decode_bytes,
    decode_user_comment,
)
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
#: Every field this walker reads, by its exiv2 name.
WALKED_KEYS = frozenset({*IMAGE_TAGS.values(), *PHOTO_TAGS.values(), *GPS_TAGS.values()})
_IMAGE_FIELDS = frozenset(key.rpartition(".")[2] for key in IMAGE_TAGS.values())
EXIF_POINTER, GPS_POINTER, MAKER_NOTE, SUB_IFDS = 0x8769, 0x8825, 0x927C, 0x014A
_POINTERS = frozenset({EXIF_POINTER, GPS_POINTER, SUB_IFDS})
_IFD_READ = frozenset(IMAGE_TAGS) | _POINTERS
_EXIF_READ = frozenset(PHOTO_TAGS) | {MAKER_NOTE, GPS_POINTER}
_GPS_READ = frozenset(GPS_TAGS)
#: GPSLatitude and GPSLongitude.
_COORDINATES = frozenset({0x02, 0x04})
#: Longest value read for a field here: more than any text kept (audit.readers.metadata.MAX_TEXT,
#: in characters, each at most four bytes), far less than a hostile entry may claim.
MAX_TEXT_VALUE = 4 * MAX_TEXT
#: Text fields whose every distinct value is kept: two EXIF blocks, or two pages, may name two
#: owners or two cameras, and the second is as much a lead as the first.
_EVERY_VALUE = frozenset(
    {
        "Exif.Image.Artist",
        "Exif.Image.Copyright",
        "Exif.Image.CameraSerialNumber",
        "Exif.Image.BodySerialNumber",
        "Exif.Photo.ImageUniqueID",
        "Exif.Photo.CameraOwnerName",
        "Exif.Photo.BodySerialNumber",
        "Exif.Photo.LensSerialNumber",
    }
)


def add_block(
    tiff: Tiff,
    tags: TagCollector,
    wanted: Callable[[str], bool],
    make: str = "",
) -> bool:
    """Add the identifying fields of one EXIF block; True if it had a readable IFD0.

    Every directory of the block is read, as ExifTool reads them: IFD0 and the directories
    chained after it (the thumbnail's IFD1, the other pages of a multi-page TIFF), their
    SubIFDs, and the Exif and GPS directories any of them points to, wherever the pointer sits.
    """
    if not 0 < tiff.first < len(tiff.data):
        return False
    first = tiff.directory(tiff.first, only=_IFD_READ, longest=MAX_TEXT_VALUE)
    make = make or _text(first, 0x010F)
    model = _text(first, 0x0110)
    _add_image_directory(tiff, first, tags, wanted, make, model)
    for offset in tiff.chain(tiff.first)[1:]:
        found = tiff.directory(offset, only=_IFD_READ, longest=MAX_TEXT_VALUE)
        _add_image_directory(tiff, found, tags, wanted, make, model)
    return True


def _add_image_directory(
    tiff: Tiff,
    found: list[Entry],
    tags: TagCollector,
    wanted: Callable[[str], bool],
    make: str,
    model: str,
) -> None:
    add = _adder(tags, wanted)
    for entry in found:
        if entry.tag in IMAGE_TAGS:
            add(_tag(tiff, IMAGE_TAGS[entry.tag], entry))
    # The Exif and GPS directories first: a RAW file's SubIFDs (its images) must not use up the
    # budget of directories before them.
    for entry in found:
        if entry.tag == EXIF_POINTER:
            add_exif_directory(tiff, tiff.pointer(entry), tags, wanted, make, model)
        elif entry.tag == GPS_POINTER:
            add_gps_directory(tiff, tiff.pointer(entry), tags, wanted)
    for entry in found:
        if entry.tag == SUB_IFDS:
            for offset in tiff.pointers(entry):
                # Read as ExifTool reads a SubIFD, whatever it holds: an image's fields, or the
                # Exif directory's own (a pointer written under the SubIFD tag, 0x014A).
                sub = tiff.directory(
                    offset,
                    only=_IFD_READ | _EXIF_READ,
                    longest=MAX_TEXT_VALUE,
                    large=frozenset({MAKER_NOTE}),
                )
                _add_image_directory(tiff, sub, tags, wanted, make, model)
                _add_exif_entries(tiff, sub, tags, wanted, make, model)


def add_exif_directory(
    tiff: Tiff,
    offset: int,
    tags: TagCollector,
    wanted: Callable[[str], bool],
    make: str,
    model: str = "",
) -> None:
    """The Exif directory at ``offset``: its identifying tags and the maker note."""
    found = tiff.directory(
        offset, only=_EXIF_READ, longest=MAX_TEXT_VALUE, large=frozenset({MAKER_NOTE})
    )
    _add_exif_entries(tiff, found, tags, wanted, make, model)


def _add_exif_entries(
    tiff: Tiff,
    found: list[Entry],
    tags: TagCollector,
    wanted: Callable[[str], bool],
    make: str,
    model: str,
) -> None:
    add = _adder(tags, wanted)
    noted = False
    for entry in found:
        if entry.tag in PHOTO_TAGS:
            add(_tag(tiff, PHOTO_TAGS[entry.tag], entry))
        elif entry.tag == MAKER_NOTE and not noted:
            noted = True  # one maker note per directory: further copies are not the camera's
            for tag in makernotes.vendor_values(tiff, entry, make, model):
                add(tag)
        elif entry.tag == GPS_POINTER:  # misplaced, but ExifTool follows it and so do we
            add_gps_directory(tiff, tiff.pointer(entry), tags, wanted)


def add_gps_directory(
    tiff: Tiff, offset: int, tags: TagCollector, wanted: Callable[[str], bool]
) -> None:
    """The GPS directory, unless the main reader already found a position. A coordinate
    whose offset points into the directory itself is no position at all (ExifTool gives none):
    the main reader's reading of it is taken back, and the photo is not called fully read."""
    found = tiff.directory(offset, only=_GPS_READ, longest=MAX_TEXT_VALUE)
    overwritten = tiff.suspicious & _COORDINATES
    if overwritten:
        for tag in overwritten:
            tags.pop(GPS_TAGS[tag])
        tags.left_unread(messages.EXIF_ENTRY_DAMAGED)
    if tags.peek("Exif.GPSInfo.GPSLatitude"):
        return
    add = _adder(tags, wanted)
    for entry in found:
        if entry.tag in GPS_TAGS:
            add(_tag(tiff, GPS_TAGS[entry.tag], entry))


def walks(key: str) -> bool:
    """Whether this walker reads the field ``key`` (a SubIFD's fields are read under IFD0's
    names, so ``Exif.SubImage2.BodySerialNumber`` counts as read)."""
    if key in WALKED_KEYS:
        return True
    group, _, field = key.rpartition(".")
    return group.startswith("Exif.SubImage") and field in _IMAGE_FIELDS


def _adder(tags: TagCollector, wanted: Callable[[str], bool]) -> Callable[[Tag | None], None]:
    def add(tag: Tag | None) -> None:
        if tag is None or not tag.text or not wanted(tag.key):
            return
        if not tags.peek(tag.key) or tag.key in _EVERY_VALUE:
            tags.add(tag)  # the collector drops a value it already holds

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
        if entry.type == 2:
            return Tag(key, decode_ascii_field(entry.value))
        return Tag(key, decode_bytes(entry.value))
    numbers = tiff.integers(entry)
    if numbers:
        return Tag(key, clean_text(" ".join(str(n) for n in numbers)))
    return None
