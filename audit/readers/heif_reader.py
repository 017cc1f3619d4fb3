"""HEIF and AVIF through libheif (pillow-heif): the real picture size, XMP items, thumbnails.

exiv2 reads EXIF from HEIF but can miss an XMP item, and reports the size of a tile or of the
uncropped grid rather than of the picture shown; libheif knows both. Only the container is
parsed here: no pixel is decoded.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.readers.metadata import Preview


@dataclass(frozen=True)
class HeifInfo:
    width: int
    height: int
    exif: bytes
    xmp: bytes
    previews: tuple[Preview, ...]


def read(data: memoryview | bytes) -> HeifInfo | None:
    """The primary image's size and metadata blocks, or None if libheif cannot parse it."""
    try:
        import pillow_heif

        heif = pillow_heif.open_heif(data, convert_hdr_to_8bit=False)
        width, height = heif.size
        info = heif.info
        # libheif reports a thumbnail only by its longest side, so its shape is unknown (0 x 0).
        previews = tuple(Preview("HEIF thumbnail", 0, 0) for _ in info.get("thumbnails", ()))
        return HeifInfo(
            width, height, bytes(info.get("exif") or b""), bytes(info.get("xmp") or b""), previews
        )
    except Exception:
        return None


def exif_as_tiff(exif: bytes) -> bytes | None:
    """HEIF stores EXIF as an offset then a TIFF header; exiv2 can read that TIFF on its own."""
    for marker in (b"II*\x00", b"MM\x00*"):
        start = exif.find(marker, 0, 64)
        if start >= 0:
            return exif[start:]
    return None
