"""Serial numbers in maker notes that exiv2 and exifread do not decode.

Reconyx trail cameras (used by researchers, and sold to the public as security cameras) write a
fixed-layout maker note with the camera's serial number; the offsets below are those published
in ExifTool's Reconyx tables (Reconyx.pm, "RCNX_MN10.pdf courtesy of Reconyx Inc.").
"""

from __future__ import annotations

from audit.readers.metadata import Tag, TagCollector, clean_text

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
        if signature == b"\x01\xf1" and "RECONYX" not in make.upper() and maker_note[2:4] not in (b"\x02\x00", b"\x03\x00"):
            continue
        raw = maker_note[offset : offset + length]
        text = raw.decode("utf-16-le", errors="replace") if utf16 else raw.decode("latin-1")
        return clean_text(text.split("\x00", 1)[0])
    return ""
