"""What stays unread of a file when the main reader (exiv2) cannot read it.

The other readers cover most of what exiv2 reads: exifread and exposure's own walker read every
EXIF block, the container walkers read comments, text chunks and colour profiles, and each XMP
packet has a reader of its own. Left over are the blocks only exiv2 reads (IPTC, and EXIF kept
as hex text in a PNG by ImageMagick) and an EXIF block the own walker found damaged or could not
find. Only this is named, so that a valid file exiv2 happens not to accept is not called unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from audit import messages
from audit.models import Text
from audit.readers import containers, jpeg_segments
from audit.readers.locate import OwnRead
from audit.readers.tiff import Tiff

#: IFD0 tags of a TIFF that hold IPTC (IPTC-NAA, and Photoshop's resources around it).
_TIFF_IPTC_TAGS = frozenset({0x83BB, 0x8649})
_PHOTOSHOP = b"Photoshop 3.0\x00"
#: ImageMagick's raw profiles in PNG text chunks that exiv2 alone decodes.
_RAW_PROFILE = re.compile(rb"^Raw profile type (iptc|8bim|exif|xmp|app1)$", re.IGNORECASE)
#: How an APP1 block holding EXIF starts, as ImageMagick's hex digits ("Exif\0\0").
_HEX_EXIF = b"457869660000"


def without_main_reader(
    data: memoryview, file_format: str, own: OwnRead, second_found: bool
) -> list[Text]:
    """What part of the file no reader read, in words, when exiv2 failed on it.

    ``second_found``: exifread read EXIF values; if exposure's walker found no block to read
    itself, those values came from a block it cannot vouch for.
    """
    unread: list[Text] = []
    if _chunk_past_end(data, file_format):
        unread.append(messages.BLOCK_PAST_END)
    if own.damaged:
        unread.append(messages.EXIF_DAMAGED)
    elif (own.blocks and not own.read) or (second_found and not own.blocks):
        unread.append(messages.EXIF_ONLY_IN_PART)
    if _holds_iptc(data, file_format):
        unread.append(messages.IPTC_UNREAD)
    if file_format == "png" and _png_raw_exif(data):
        unread.append(messages.TEXT_EXIF_UNREAD)
    return unread


def joined(parts: list[Text]) -> Text:
    return Text("; ".join(part.en for part in parts), "；".join(part.zh for part in parts))


def _chunk_past_end(data: memoryview, file_format: str) -> bool:
    """A PNG or WebP block that runs past the end of the file: the walk over the file's blocks
    stops there, and whatever the file holds after it is not seen."""
    if file_format == "webp":
        return any(start + length > len(data) for _, start, length in containers.webp_chunks(data))
    if file_format == "png":
        end = 8
        for _, start, length in containers.png_chunks(data, after_end=False):
            end = start + length + 4
        if end + 8 > len(data) or bytes(data[end + 4 : end + 8]) == b"IEND":
            return False
        return end + 12 + int.from_bytes(data[end : end + 4], "big") > len(data)
    return False


def _holds_iptc(data: memoryview, file_format: str) -> bool:
    if file_format == "raf":
        embedded = containers.raf_jpeg(data)
        return embedded is not None and _jpeg_iptc(embedded)
    if file_format == "jpeg":
        return _jpeg_iptc(data)
    if file_format == "tiff":
        tiff = Tiff.parse(data)
        return tiff is not None and bool(tiff.directory(tiff.first, only=_TIFF_IPTC_TAGS))
    if file_format == "png":
        return any(name in (b"iptc", b"8bim") for name, *_ in _png_raw_profiles(data))
    return False


def _jpeg_iptc(data: memoryview) -> bool:
    return any(
        marker == 0xED and bytes(data[pos + 4 : pos + 4 + len(_PHOTOSHOP)]) == _PHOTOSHOP
        for marker, pos, _ in jpeg_segments.segments(data)
    )


def _png_raw_exif(data: memoryview) -> bool:
    """An EXIF or XMP block kept as hex text: exiv2 decodes them, the other readers do not (an
    APP1 block holding XMP is decoded by the container walker, one holding EXIF is not)."""
    for name, kind, start, length in _png_raw_profiles(data):
        if name in (b"exif", b"xmp"):
            return True
        if name == b"app1":
            parsed = containers.png_text(kind, bytes(data[start : start + min(length, 1 << 16)]))
            parts = parsed[1].split(None, 2) if parsed else []
            hex_digits = "".join(parts[2].split())[:12].lower() if len(parts) == 3 else ""
            if hex_digits.encode() == _HEX_EXIF:
                return True
    return False


def _png_raw_profiles(data: memoryview) -> Iterator[tuple[bytes, bytes, int, int]]:
    """Each ImageMagick raw profile of a PNG: its name (lower case), chunk type, start, length."""
    for kind, start, length in containers.png_chunks(data):
        if kind in (b"tEXt", b"zTXt", b"iTXt"):
            keyword = bytes(data[start : start + 80]).partition(b"\x00")[0]
            match = _RAW_PROFILE.match(keyword)
            if match:
                yield match.group(1).lower(), kind, start, length
