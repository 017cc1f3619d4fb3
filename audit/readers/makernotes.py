"""Maker-note values that exiv2 and exifread miss or misread.

Reconyx trail cameras (used by researchers, and sold to the public as security cameras) write a
fixed-layout maker note with the camera's serial number; the offsets below are those published
in ExifTool's Reconyx tables (Reconyx.pm, "RCNX_MN10.pdf courtesy of Reconyx Inc.").

Canon maker notes end with a TIFF-style footer holding the offset the maker note had when the
camera wrote it. Software that moves the maker note without rewriting it leaves every value
offset inside pointing at the old place; exiv2 then reads the wrong bytes (ExifTool corrects
this the same way, "Adjusted MakerNotes base"). The values that identify are re-read here.
"""

from __future__ import annotations

import re
import struct
from typing import Literal

from audit.readers.metadata import Tag, TagCollector, clean_text, decode_bytes
from audit.readers.tiff import Entry, Tiff

#: The groups of the values decoded here: where one of them was read, exposure read the maker
#: note itself, and exifread's reading of it (which misreads some, a Nikon serial as
#: "00STANDA") is not needed.
VENDOR_GROUPS = (
    "Exif.Canon.",
    "Exif.Kodak.",
    "Exif.Nikon3.",
    "Exif.Olympus.",
    "Exif.OlympusEq.",
    "Exif.Panasonic.",
    "Exif.Pentax.",
    "Exif.Reconyx.",
)

#: Where each Reconyx maker-note layout keeps the serial number: (signature, offset, bytes, UTF-16).
_RECONYX_LAYOUTS = (
    (b"RECONYXUF\x00", 0x4B, 15, False),
    (b"RECONYXH2\x00", 0x7E, 30, True),
    (b"\x01\xf1", 0x15 * 2, 30, True),
)


def add_maker_note_serials(maker_note: bytes, make: str, tags: TagCollector) -> None:
    """Decode the serial number of maker-note layouts the main readers leave as raw bytes."""
    serial = _reconyx_serial(maker_note, make)
    if serial:
        tags.add(Tag("Exif.Reconyx.SerialNumber", serial))


def _reconyx_serial(maker_note: bytes, make: str) -> str:
    for signature, offset, length, utf16 in _RECONYX_LAYOUTS:
        if not maker_note.startswith(signature):
            continue
        if (
            signature == b"\x01\xf1"
            and "RECONYX" not in make.upper()
            and maker_note[2:4] not in (b"\x02\x00", b"\x03\x00")
        ):
            continue
        raw = maker_note[offset : offset + length]
        text = raw.decode("utf-16-le", errors="replace") if utf16 else raw.decode("latin-1")
        return clean_text(text.split("\x00", 1)[0])
    return ""


#: Canon maker-note tags re-read when the maker note has moved: id -> (exiv2 key, is text).
_CANON_TAGS = {
    0x0028: ("Exif.Canon.ImageUniqueID", False),
    0x0009: ("Exif.Canon.OwnerName", True),
    0x0096: ("Exif.Canon.InternalSerialNumber", True),
}


def canon_moved_values(maker_note: bytes, actual_offset: int, byte_order: str) -> dict[str, str]:
    """Values of identifying Canon tags, read at their real place when the maker note moved."""
    order: Literal["little", "big"] = "little" if byte_order.strip().upper() == "II" else "big"
    footer = maker_note[-8:]
    if len(maker_note) < 14 or footer[:4] not in (b"II*\x00", b"MM\x00*"):
        return {}
    original = int.from_bytes(footer[4:8], order)
    if original == actual_offset:
        return {}
    count = int.from_bytes(maker_note[0:2], order)
    found = {}
    for index in range(min(count, 500)):
        entry = 2 + 12 * index
        if entry + 12 > len(maker_note):
            break
        tag = int.from_bytes(maker_note[entry : entry + 2], order)
        if tag not in _CANON_TAGS:
            continue
        size = int.from_bytes(maker_note[entry + 4 : entry + 8], order)
        if size <= 4 or size > 4096:
            continue
        start = int.from_bytes(maker_note[entry + 8 : entry + 12], order) - original
        raw = maker_note[start : start + size] if 0 <= start <= len(maker_note) - size else b""
        if not raw:
            continue
        key, is_text = _CANON_TAGS[tag]
        found[key] = decode_bytes(raw) if is_text else raw.hex()
    return found


# Maker-note serial numbers read by exposure's own walker --------------------------------------
#
# Layouts follow ExifTool's tag tables (Canon.pm, Olympus.pm, Kodak.pm, Panasonic.pm, Pentax.pm
# and the header rules in MakerNotes.pm); docs/metadata-readers.md lists them with each source.


def vendor_values(tiff: Tiff, entry: Entry, make: str, model: str = "") -> list[Tag]:
    """Identifying values of the maker note in ``entry``, for the vendors decoded here."""
    note, start = entry.value, entry.offset
    upper = make.upper()
    try:
        serial = _reconyx_serial(note, make)
        if serial:
            return [Tag("Exif.Reconyx.SerialNumber", serial)]
        if upper.startswith("CANON"):
            return _canon(tiff, note, start)
        if note.startswith((b"OLYMP\x00", b"EPSON\x00", b"OLYMPUS\x00", b"OM SYSTEM\x00")):
            return _olympus(tiff, note, start)
        if "KODAK" in upper:
            return _kodak(tiff, note, start)
        if note.startswith((b"Panasonic\x00", b"LEICA\x00\x00\x00")):
            return _panasonic(tiff, note, start)
        if note.startswith((b"AOC\x00", b"PENTAX \x00")):
            return _pentax(tiff, note, start)
        if note.startswith(b"Nikon\x00\x02"):
            return _nikon(tiff, note, start)
    except (struct.error, IndexError, ValueError):
        return []
    return []


#: Longest value copied out of a maker note's own directories: serials, names and the small
#: blocks they sit in are far shorter; a hostile note may point many entries at one huge value.
MAX_NOTE_VALUE = 64 << 10


def _view(tiff: Tiff, little: bool) -> Tiff:
    """The same bytes read in ``little``-endian order or not, with its own visited set."""
    return Tiff(tiff.data, little, False, 0, longest=MAX_NOTE_VALUE)


def _order_at(data: memoryview | bytes, offset: int, default: bool) -> bool:
    """Byte order of the directory at ``offset``: the one giving a plausible entry count."""
    if offset + 2 > len(data):
        return default
    little = int.from_bytes(data[offset : offset + 2], "little")
    big = int.from_bytes(data[offset : offset + 2], "big")
    if 0 < little <= 512 and not 0 < big <= 512:
        return True
    if 0 < big <= 512 and not 0 < little <= 512:
        return False
    return default


def _marked_order(mark: bytes, default: bool) -> bool:
    return {b"II": True, b"MM": False}.get(mark, default)


def _string(raw: bytes) -> str:
    return decode_bytes(raw.rstrip(b"\xff"))


def _printable(text: str) -> bool:
    return bool(text) and all(32 <= ord(ch) < 127 for ch in text)


_CANON_READ = frozenset({0x000C, 0x0096, 0x0009, 0x4019, 0x0028})


def _canon(tiff: Tiff, note: bytes, start: int) -> list[Tag]:
    base = 0
    footer = note[-8:]
    if len(note) > 14 and footer[:4] in (b"II*\x00", b"MM\x00*"):
        base = start - int.from_bytes(footer[4:8], "little" if footer[0] == 0x49 else "big")
    view = _view(tiff, tiff.little)
    found = []
    seen: set[int] = set()
    for entry in view.directory(start, base, _CANON_READ):
        if entry.tag in seen:
            continue  # a tag written twice: the first is the camera's
        seen.add(entry.tag)
        if entry.tag == 0x000C and entry.type == 4:
            found.append(Tag("Exif.Canon.SerialNumber", str(view.integers(entry)[0])))
        elif entry.tag == 0x0096 and entry.type in (2, 7):
            found.append(Tag("Exif.Canon.InternalSerialNumber", _string(entry.value)))
        elif entry.tag == 0x0009 and entry.type == 2:
            found.append(Tag("Exif.Canon.OwnerName", _string(entry.value)))
        elif entry.tag == 0x4019 and len(entry.value) >= 5 and entry.value[:4] != b"\x00" * 4:
            found.append(Tag("Exif.Canon.LensSerialNumber", entry.value[:5].hex()))
        elif entry.tag == 0x0028 and len(entry.value) == 16 and entry.value.strip(b"\x00"):
            found.append(Tag("Exif.Canon.ImageUniqueID", entry.value.hex()))
    return found


_OLYMPUS_EQUIPMENT = {
    0x0101: "SerialNumber",
    0x0102: "InternalSerialNumber",
    0x0202: "LensSerialNumber",
    0x0302: "ExtenderSerialNumber",
    0x1003: "FlashSerialNumber",
}
_OLYMPUS_READ = frozenset({0x0404, 0x2010})
_EQUIPMENT_READ = frozenset(_OLYMPUS_EQUIPMENT)


def _olympus(tiff: Tiff, note: bytes, start: int) -> list[Tag]:
    """Three headers: old ``OLYMP\\0`` (offsets from the TIFF), ``OLYMPUS\\0II`` and
    ``OM SYSTEM\\0`` (offsets from the maker note itself)."""
    if note.startswith(b"OLYMPUS\x00"):
        first, base, little = start + 12, start, _marked_order(note[8:10], tiff.little)
    elif note.startswith(b"OM SYSTEM\x00"):
        first, base, little = start + 16, start, _marked_order(note[12:14], tiff.little)
    else:
        first, base = start + 8, 0
        little = _order_at(tiff.data, first, tiff.little)
    view = _view(tiff, little)
    found = []
    for entry in view.directory(first, base, _OLYMPUS_READ):
        if entry.tag == 0x0404 and entry.type == 2:
            found.append(Tag("Exif.Olympus.SerialNumber", _string(entry.value)))
        elif entry.tag == 0x2010:
            found.extend(_olympus_equipment(view, entry, base))
    return found


def _olympus_equipment(view: Tiff, entry: Entry, base: int) -> list[Tag]:
    """The Equipment directory: a sub-IFD pointer, or the directory stored inline."""
    if entry.type in (4, 13):
        places = [(base + view.pointer(entry), base)]
    else:
        # Stored as data: its offsets count from the maker note's base or from itself.
        places = [(entry.offset, base), (entry.offset, entry.offset)]
    for offset, value_base in places:
        sub = _view(view, _order_at(view.data, offset, view.little))
        found = [
            Tag(f"Exif.OlympusEq.{_OLYMPUS_EQUIPMENT[e.tag]}", _string(e.value))
            for e in sub.directory(offset, value_base, _EQUIPMENT_READ)
            if e.tag in _OLYMPUS_EQUIPMENT and e.type in (2, 7)
        ]
        if found and all(_printable(tag.text) or not tag.text for tag in found):
            return found
    return []


_KODAK_SERIAL_FIRST = re.compile(rb"^[CK][A-Z\d]{3} ?[A-Z\d]{1,2}\d{2}[A-Z\d]\d{4}[ \x00]")


def _kodak(tiff: Tiff, note: bytes, start: int) -> list[Tag]:
    """Kodak "type 7" notes start with the serial; "type 8" keep it in sub-IFD 0 (0xfa19)."""
    if _KODAK_SERIAL_FIRST.match(note):
        return [Tag("Exif.Kodak.SerialNumber", _string(note[:16]))]
    if note.startswith((b"MM\x00*\x00\x00\x00\x08", b"II*\x00\x08\x00\x00\x00")):
        first, base, little = start + 8, start, note[0] == 0x49
    else:
        first, base, little = start, 0, _order_at(tiff.data, start, tiff.little)
    view = _view(tiff, little)
    for entry in view.directory(first, base, frozenset({0xFC00})):
        if entry.tag != 0xFC00:
            continue
        offset = base + view.pointer(entry) if entry.type in (4, 13) else entry.offset
        for sub in view.directory(offset, base, frozenset({0xFA19})):
            if sub.tag == 0xFA19 and sub.type == 2:
                return [Tag("Exif.Kodak.SerialNumber", _string(sub.value))]
    return []


_PANASONIC = {
    0x0025: "InternalSerialNumber",
    0x0052: "LensSerialNumber",
    0x0054: "AccessorySerialNumber",
}


def _panasonic(tiff: Tiff, note: bytes, start: int) -> list[Tag]:
    first = start + (12 if note.startswith(b"Panasonic") else 8)
    view = _view(tiff, _order_at(tiff.data, first, tiff.little))
    return [
        Tag(f"Exif.Panasonic.{_PANASONIC[entry.tag]}", _string(entry.value))
        for entry in view.directory(first, 0, frozenset(_PANASONIC))
        if entry.tag in _PANASONIC and entry.type in (2, 7)
    ]


#: Nikon's serial-number tags, under exiv2's names.
_NIKON = {0x001D: "Exif.Nikon3.SerialNumber", 0x00A0: "Exif.Nikon3.SerialNO"}


def _nikon(tiff: Tiff, note: bytes, start: int) -> list[Tag]:
    """``Nikon\0\2``, a version, then a TIFF header of its own at byte 10: its directory
    starts at byte 18 and its offsets count from that header (ExifTool MakerNotes.pm)."""
    if note[10:14] not in (b"II*\x00", b"MM\x00*"):
        return []
    view = _view(tiff, note[10:12] == b"II")
    return [
        Tag(_NIKON[entry.tag], _string(entry.value))
        for entry in view.directory(start + 18, start + 10, frozenset(_NIKON))
        if entry.tag in _NIKON and entry.type in (2, 7)
    ]


def _pentax(tiff: Tiff, note: bytes, start: int) -> list[Tag]:
    """``AOC\\0`` + byte order (offsets from the TIFF), or ``PENTAX \\0`` + byte order
    (offsets from the maker note); 0x0229 is the serial, CameraInfo (0x0215) item 4 the
    internal serial number."""
    if note.startswith(b"PENTAX \x00"):
        first, bases, mark = start + 10, (start, 0), note[8:10]
    else:
        first, bases, mark = start + 6, (0, start), note[4:6]
    little = _marked_order(mark, _order_at(tiff.data, first, tiff.little))
    for base in bases:
        view = _view(tiff, little)
        found = []
        for entry in view.directory(first, base, frozenset({0x0229, 0x0215})):
            if entry.tag == 0x0229 and entry.type == 2:
                found.append(Tag("Exif.Pentax.SerialNumber", _string(entry.value)))
            elif entry.tag == 0x0215 and entry.type == 4 and entry.count >= 5:
                found.append(Tag("Exif.Pentax.InternalSerialNumber", str(view.integers(entry)[4])))
        if found and all(_printable(tag.text) for tag in found):
            return found
    return []
