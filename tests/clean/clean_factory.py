"""Generated photos holding every kind of identifying block, for the cleaning tests."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from photo_factory import gps, scene, write_metadata
from PIL import Image, ImageCms, PngImagePlugin

#: Values planted in the generated files; none may survive in a copy.
CANARIES = (b"Li Mei", b"SN8812345", b"a1b2c3d4e5f6", b"limei_1998", b"ftypmp42", b"Jing'an")
LAT, LON = 31.2397, 121.4909


def lcms_srgb() -> bytes:
    """Little CMS's built-in sRGB: its header carries the moment it was made."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def rich_jpeg(path: Path, orientation: int = 6, size: tuple[int, int] = (96, 64), **save) -> Path:
    """A JPEG with EXIF (GPS, serial, owner, unique id, thumbnail), IPTC, XMP, a comment, a
    Photoshop block, an lcms colour profile and a motion-photo video after the end."""
    image = scene(3, size)
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(path, "JPEG", quality=90, exif=exif.tobytes(), icc_profile=lcms_srgb(), **save)
    write_metadata(
        path,
        {
            "Exif.Image.Artist": "Li Mei",
            "Exif.Photo.BodySerialNumber": "SN8812345",
            "Exif.Photo.ImageUniqueID": "a1b2c3d4e5f6",
            "Exif.Photo.DateTimeOriginal": "2024:05:02 18:31:07",
            "Iptc.Application2.Byline": "Li Mei",
            "Iptc.Application2.City": "Jing'an",
            "Xmp.dc.creator": "Li Mei",
            **gps(LAT, LON),
        },
        thumbnail=image.resize((16, 12)),
    )
    data = path.read_bytes()
    comment = segment(0xFE, b"uploaded by limei_1998")
    trailer = struct.pack(">I", 24) + b"ftypmp42" + b"\x00" * 200
    path.write_bytes(data[:2] + comment + data[2:] + trailer)
    return path


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def rich_png(path: Path, orientation: int = 1) -> Path:
    """A PNG with text chunks, a time stamp, EXIF, gamma, a colour profile, a private chunk and
    bytes after the end."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Li Mei")
    info.add_itxt("Comment", "at my flat in Jing'an", lang="en", tkey="Comment")
    info.add_text("Software", "limei_1998 tools", zip=True)
    buffer = io.BytesIO()
    scene(4, (80, 60)).save(buffer, "PNG", pnginfo=info, icc_profile=lcms_srgb())
    data = buffer.getvalue()
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x013B] = "Li Mei"
    extra = (
        png_chunk(b"gAMA", struct.pack(">I", 45455))
        + png_chunk(b"tIME", struct.pack(">HBBBBB", 2024, 5, 2, 10, 31, 7))
        + png_chunk(b"eXIf", exif.tobytes())
        + png_chunk(b"prVt", b"SN8812345")
    )
    header_end = 8 + 25
    end = data.rindex(b"IEND") - 4
    path.write_bytes(
        data[:header_end] + extra + data[header_end:end] + data[end:] + b"a1b2c3d4e5f6"
    )
    return path


def png_chunks(data: bytes) -> list[bytes]:
    kinds, pos = [], 8
    while pos + 12 <= len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0]
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        kinds.append(kind)
        pos += 12 + length
        if kind == b"IEND":
            break
    return kinds


def rich_webp(path: Path, lossless: bool = False, orientation: int = 3) -> Path:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x013B] = "Li Mei"
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Li Mei</dc:creator></x:xmpmeta>'
    scene(5, (64, 48)).save(
        path, "WEBP", lossless=lossless, exif=exif.tobytes(), xmp=xmp, icc_profile=lcms_srgb()
    )
    return path


def riff_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, pos = [], 12
    while pos + 8 <= len(data):
        kind = data[pos : pos + 4]
        length = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunks.append((kind, data[pos + 8 : pos + 8 + length]))
        pos += 8 + length + (length % 2)
    return chunks


def jpeg_markers(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, body) of every segment before the first scan."""
    found, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        found.append((marker, data[pos + 4 : pos + 2 + length]))
        if marker == 0xDA:
            break
        pos += 2 + length
    return found


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as image:
        return image.mode, image.size, image.tobytes()
