"""The second reader: exifread, pure Python, used when exiv2 gives up on a file.

A damaged file that exiv2 rejects outright is often still half readable; exifread takes a
different path through it. Its keys are renamed to exiv2's style so the same rules apply.
It reads no IPTC and no XMP; the container walker covers what it misses.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

from audit.readers.containers import jpeg_dimensions
from audit.readers.metadata import (
    MAX_TAGS,
    Preview,
    Tag,
    TagCollector,
    clean_text,
    decode_bytes,
    decode_user_comment,
)

_GROUPS = {
    "Image": "Exif.Image",
    "EXIF": "Exif.Photo",
    "GPS": "Exif.GPSInfo",
    "MakerNote": "Exif.MakerNote",
    "Thumbnail": "Exif.Thumbnail",
    "Interoperability": "Exif.Iop",
}


def exiv2_style_key(key: str) -> str:
    group, _, name = key.partition(" ")
    if group == "EXIF" and name.startswith("SubIFD"):
        index, _, name = name.partition(" ")
        return f"Exif.SubImage{index[6:] or '1'}.{name}"
    return f"{_GROUPS.get(group, 'Exif.' + group)}.{name.replace(' ', '')}"


def read(
    data: memoryview | bytes, wanted: Callable[[str], bool], tags: TagCollector
) -> list[Preview]:
    """Add every wanted tag exifread finds; return the thumbnail it extracted, if any.

    Raises whatever exifread raises: the caller treats any exception as "this reader failed".
    """
    import exifread

    logging.getLogger("exifread").setLevel(logging.CRITICAL)
    found = exifread.process_file(io.BytesIO(bytes(data)), details=True, extract_thumbnail=True)
    previews = []
    for count, (key, value) in enumerate(found.items()):
        if count > MAX_TAGS:
            break
        if key in ("JPEGThumbnail", "TIFFThumbnail"):
            dims = jpeg_dimensions(value) if key == "JPEGThumbnail" else None
            if dims:
                previews.append(
                    Preview("EXIF thumbnail", dims[0], dims[1], bytes(value[: 1 << 20]))
                )
            continue
        name = exiv2_style_key(key)
        if wanted(name):
            tags.add(_tag(name, value))
    return previews


def _tag(name: str, value: object) -> Tag:
    values = getattr(value, "values", None)
    if isinstance(values, list) and values and hasattr(values[0], "numerator"):
        rationals = tuple((int(v.numerator), int(v.denominator)) for v in values[:16])
        return Tag(name, clean_text(str(getattr(value, "printable", value))), rationals=rationals)
    if (
        isinstance(values, list)
        and values
        and isinstance(values[0], int)
        and getattr(value, "field_type", 0) in (1, 7)
    ):
        raw = bytes(v & 0xFF for v in values[:65536])
        text = decode_user_comment(raw) if name.endswith(".UserComment") else decode_bytes(raw)
        return Tag(name, text)
    if isinstance(values, bytes):
        return Tag(name, decode_bytes(values))
    return Tag(name, clean_text(str(getattr(value, "printable", value))))
