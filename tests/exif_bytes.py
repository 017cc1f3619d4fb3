"""Build EXIF structures byte by byte from the specifications, for reader tests.

TIFF 6.0 directories (classic and BigTIFF), maker notes in each vendor's layout, and the
containers that carry EXIF: JPEG APP1, HEIF items, JPEG XL boxes, CR3 boxes, RAF, PNG, WebP,
FLIR APP1 records. Nothing here comes from a real file.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

#: TIFF field types used here and their unit sizes.
ASCII, SHORT, LONG, RATIONAL, UNDEFINED, IFD, LONG8 = 2, 3, 4, 5, 7, 13, 16
UNIT = {1: 1, ASCII: 1, SHORT: 2, LONG: 4, RATIONAL: 8, UNDEFINED: 1, IFD: 4, LONG8: 8}


@dataclass
class Sub:
    """A pointer entry whose value is another directory laid out after this one."""

    entries: list
    kind: int = LONG


@dataclass
class Placed:
    """A value whose bytes depend on where it lands (maker notes with their own offsets)."""

    kind: int
    make: Callable[[int], bytes]
    extra: dict = field(default_factory=dict)


def ascii(text: str) -> tuple[int, bytes]:
    return ASCII, text.encode("latin-1") + b"\x00"


def undefined(raw: bytes) -> tuple[int, bytes]:
    return UNDEFINED, raw


def long(*values: int, little: bool = True) -> tuple[int, bytes]:
    return LONG, struct.pack(("<" if little else ">") + "I" * len(values), *values)


def rationals(*pairs: tuple[int, int], little: bool = True) -> tuple[int, bytes]:
    flat = [n for pair in pairs for n in pair]
    return RATIONAL, struct.pack(("<" if little else ">") + "I" * len(flat), *flat)


def degrees(value: float) -> tuple[tuple[int, int], ...]:
    whole = int(value)
    minutes = int((value - whole) * 60)
    seconds = round(((value - whole) * 60 - minutes) * 60 * 10000)
    return ((whole, 1), (minutes, 1), (seconds, 10000))


def layout(entries: list, at: int, little: bool = True, big: bool = False) -> bytes:
    """A directory placed at offset ``at`` (offsets count from 0), its values after it."""
    order = "<" if little else ">"
    entry_size, count_size, next_size, field_size = (20, 8, 8, 8) if big else (12, 2, 4, 4)
    header = count_size + len(entries) * entry_size + next_size
    area = bytearray()
    records = []
    for tag, value in sorted(entries, key=lambda e: e[0]):
        start = at + header + len(area)
        if isinstance(value, Sub):
            child = layout(value.entries, start, little, big)
            area += child
            kind, count = value.kind, 1
            width = "H" if kind == SHORT else "Q" if big else "I"
            raw = struct.pack(order + width, start)
        else:
            if isinstance(value, Placed):
                kind, raw = value.kind, value.make(start)
            else:
                kind, raw = value
            count = len(raw) // UNIT[kind]
            if len(raw) > field_size:
                area += raw + (b"\x00" if len(raw) % 2 else b"")
                raw = struct.pack(order + ("Q" if big else "I"), start)
        raw = raw.ljust(field_size, b"\x00")
        if big:
            records.append(struct.pack(order + "HHQ", tag, kind, count) + raw)
        else:
            records.append(struct.pack(order + "HHI", tag, kind, count) + raw)
    counted = struct.pack(order + ("Q" if big else "H"), len(entries))
    return counted + b"".join(records) + b"\x00" * next_size + bytes(area)


def tiff(ifd0: list, little: bool = True, big: bool = False) -> bytes:
    """A TIFF (or BigTIFF) block whose first directory holds ``ifd0``."""
    if big:
        head = (b"II+\x00" if little else b"MM\x00+") + struct.pack(
            "<HHQ" if little else ">HHQ", 8, 0, 16
        )
    else:
        head = (b"II*\x00" if little else b"MM\x00*") + struct.pack("<I" if little else ">I", 8)
    return head + layout(ifd0, len(head), little, big)


def chained(*directories: list, little: bool = True) -> bytes:
    """A TIFF block whose directories follow one another through their next-directory pointers:
    IFD0, then the thumbnail's IFD1 or a multi-page TIFF's next page."""
    order = "<" if little else ">"
    data = bytearray((b"II*\x00" if little else b"MM\x00*") + struct.pack(order + "I", 8))
    link = None
    for entries in directories:
        at = len(data)
        if link is not None:
            struct.pack_into(order + "I", data, link, at)
        data += layout(entries, at, little)
        link = at + 2 + 12 * len(entries)
    return bytes(data)


def gps_entries(lat: float, lon: float, little: bool = True) -> list:
    return [
        (1, ascii("N" if lat >= 0 else "S")),
        (2, rationals(*degrees(abs(lat)), little=little)),
        (3, ascii("E" if lon >= 0 else "W")),
        (4, rationals(*degrees(abs(lon)), little=little)),
    ]


# Containers ------------------------------------------------------------------------------------


def small_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 12), (90, 120, 160)).save(out, "JPEG", quality=80)
    return out.getvalue()


def segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def jpeg_with(*segments: bytes) -> bytes:
    picture = small_jpeg()
    return picture[:2] + b"".join(segments) + picture[2:]


def exif_jpeg(block: bytes) -> bytes:
    return jpeg_with(segment(0xE1, b"Exif\x00\x00" + block))


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def full_box(kind: bytes, version: int, payload: bytes) -> bytes:
    return box(kind, bytes([version, 0, 0, 0]) + payload)


def heic_exif_at_end(block: bytes) -> bytes:
    """A HEIF whose EXIF item is stored after the picture data, at the very end of the file."""
    ftyp = box(b"ftyp", b"heic" + b"\x00\x00\x00\x00" + b"mif1heic")
    infe_image = full_box(b"infe", 2, struct.pack(">HH", 1, 0) + b"hvc1" + b"\x00")
    infe_exif = full_box(b"infe", 2, struct.pack(">HH", 2, 0) + b"Exif" + b"\x00")
    iinf = full_box(b"iinf", 0, struct.pack(">H", 2) + infe_image + infe_exif)
    pitm = full_box(b"pitm", 0, struct.pack(">H", 1))
    hdlr = full_box(b"hdlr", 0, b"\x00" * 4 + b"pict" + b"\x00" * 12 + b"\x00")
    payload = struct.pack(">I", 6) + b"Exif\x00\x00" + block
    picture = b"\x00\x00\x00\x10" + bytes(range(256)) * 64

    def build(mdat_start: int, exif_start: int) -> bytes:
        iloc = full_box(
            b"iloc",
            0,
            struct.pack(">BBH", 0x44, 0x00, 2)
            + struct.pack(">HHHII", 1, 0, 1, mdat_start + 8, len(picture))
            + struct.pack(">HHHII", 2, 0, 1, exif_start, len(payload)),
        )
        meta = full_box(b"meta", 0, hdlr + pitm + iinf + iloc)
        return ftyp + meta

    head = build(0, 0)
    mdat_start = len(head)
    exif_start = mdat_start + 8 + len(picture) + 8
    head = build(mdat_start, exif_start)
    return head + box(b"mdat", picture) + box(b"free", b"") + payload


def jxl_with_exif(block: bytes) -> bytes:
    signature = box(b"JXL ", b"\r\n\x87\n")
    ftyp = box(b"ftyp", b"jxl " + b"\x00\x00\x00\x00" + b"jxl ")
    return signature + ftyp + box(b"Exif", struct.pack(">I", 0) + block) + box(b"jxlc", b"\xff\x0a")


def cr3_with(cmt1: bytes, cmt2: bytes, cmt3: bytes, cmt4: bytes) -> bytes:
    ftyp = box(b"ftyp", b"crx " + b"\x00\x00\x00\x01" + b"crx isom")
    canon = bytes.fromhex("85c0b687820f11e08111f4ce462b6a48")
    inner = box(b"CMT1", cmt1) + box(b"CMT2", cmt2) + box(b"CMT3", cmt3) + box(b"CMT4", cmt4)
    moov = box(b"moov", box(b"uuid", canon + inner))
    return ftyp + moov + box(b"mdat", b"\x00" * 64)


def raf_with(jpeg: bytes) -> bytes:
    header = bytearray(b"FUJIFILMCCD-RAW 0201FF383501".ljust(0x5C, b"\x00"))
    start = len(header) + 36
    header[84:92] = struct.pack(">II", start, len(jpeg))
    return bytes(header) + b"\x00" * 36 + jpeg


def png_with_exif(block: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"eXIf", block)
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


def webp_with_exif(block: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")

    vp8x = chunk(b"VP8X", bytes([0x08, 0, 0, 0]) + (0).to_bytes(3, "little") * 2)
    body = b"WEBP" + vp8x + chunk(b"EXIF", block)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def flir_segments(records: dict[int, bytes], chunk_size: int = 200) -> list[bytes]:
    """APP1 ``FLIR\\0`` segments carrying an FFF block (big-endian, version 100)."""
    directory_at = 0x40
    data_at = directory_at + 32 * len(records)
    directory, data = b"", b""
    for kind, record in records.items():
        directory += struct.pack(">HHIIII", kind, 1, 0x64, 1, data_at + len(data), len(record))
        directory += b"\x00" * 12
        data += record
    header = b"FFF\x00" + b"\x00" * 16 + struct.pack(">III", 100, directory_at, len(records))
    block = header.ljust(0x40, b"\x00") + directory + data
    chunks = [block[i : i + chunk_size] for i in range(0, len(block), chunk_size)]
    return [
        segment(0xE1, b"FLIR\x00\x01" + bytes([index, len(chunks) - 1]) + chunk)
        for index, chunk in enumerate(chunks)
    ]
