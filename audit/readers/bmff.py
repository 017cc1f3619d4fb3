"""EXIF inside ISO base media files: HEIF/AVIF items, JPEG XL boxes, Canon CR3 boxes.

Only the box index is read: box headers, then the few bytes each EXIF block occupies, wherever
the file puts them. A HEIF ``iloc`` may point anywhere, including after the picture data at the
end of the file (as some phones and converters write it); the extent is read straight from its
offset. Box layouts follow ISO/IEC 14496-12 (boxes, ``meta``, ``iinf``/``infe``, ``iloc``),
ISO/IEC 23008-12 (HEIF: the EXIF item begins with a 4-byte offset to its TIFF header),
ISO/IEC 18181-2 (JPEG XL ``Exif`` box, same 4-byte offset) and the CR3 layout ExifTool documents
(Canon.pm: a ``uuid`` box in ``moov`` holding ``CMT1`` IFD0, ``CMT2`` Exif, ``CMT3`` maker note
and ``CMT4`` GPS, each a TIFF of its own).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_BOXES = 4096
MAX_ITEMS = 4096
MAX_EXTENTS = 64
#: Largest EXIF block read from one item or box.
MAX_EXIF = 4 << 20
CANON_UUID = bytes.fromhex("85c0b687820f11e08111f4ce462b6a48")
#: The ``uuid`` box Adobe's XMP specification (part 3) gives XMP in ISO base media files.
XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")
#: Most bytes of an XMP item or box read: one more than the forgiving reader searches
#: (xmp_text.MAX_SCAN), so that a packet too large to read whole is known to be one.
MAX_XMP = (16 << 20) + 1


@dataclass(frozen=True)
class Blocks:
    """EXIF found in the file: TIFF blocks, and for CR3 which directory each one holds."""

    exif: tuple[bytes, ...] = ()
    #: CR3: ``CMT1``..``CMT4`` contents by name.
    canon: tuple[tuple[str, bytes], ...] = ()
    #: An EXIF item or box was declared but not read whole (damaged index, a bound reached).
    cut: bool = False
    #: XMP packets: HEIF/AVIF ``mime`` items of type application/rdf+xml, JPEG XL ``xml ``
    #: boxes, CR3's XMP ``uuid`` box. exiv2 reads the well-formed ones; a damaged one is given
    #: to the forgiving reader like any other packet.
    xmp: tuple[bytes, ...] = ()
    #: An XMP item runs past the end of the file (a copy or download cut short): what the file
    #: holds of it is in ``xmp``, the rest is lost.
    xmp_cut: bool = False
    #: A HEIF/AVIF index of items (``meta``/``iinf``) was read: what the file declares is known,
    #: even when it declares no EXIF.
    indexed: bool = False


@dataclass
class _Items:
    """What the walk of a HEIF ``meta`` box gathers, as it goes."""

    exif: list[bytes] = field(default_factory=list)
    cut: bool = False
    xmp: list[bytes] = field(default_factory=list)
    xmp_cut: bool = False
    indexed: bool = False


def boxes(data: memoryview | bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of each box between ``start`` and ``end``."""
    pos = start
    for _ in range(MAX_BOXES):
        if pos + 8 > end:
            return
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind = bytes(data[pos + 4 : pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > end:
                return
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            return
        if kind == b"uuid":
            header += 16
            if header > size:
                return
            kind = b"uuid" + bytes(data[pos + 8 : pos + 24])
        yield kind, pos + header, pos + size
        pos += size


def find(data: memoryview | bytes, file_format: str) -> Blocks:
    """The EXIF blocks of a HEIF/AVIF, JPEG XL container or CR3 file."""
    try:
        if file_format == "cr3":
            return Blocks(canon=tuple(_cr3(data)), xmp=tuple(_uuid_xmp(data)))
        if file_format == "jxl":
            return Blocks(exif=tuple(_jxl(data)), xmp=tuple(_jxl_xmp(data)))
        found = _Items()
        for kind, start, end in boxes(data, 0, len(data)):
            if kind == b"meta":
                _meta(data, start + 4, end, found)
                break
        return Blocks(
            exif=tuple(found.exif),
            cut=found.cut,
            xmp=tuple(found.xmp),
            xmp_cut=found.xmp_cut,
            indexed=found.indexed,
        )
    except (struct.error, IndexError, ValueError):
        return Blocks(cut=True)


def _jxl_xmp(data: memoryview | bytes) -> Iterator[bytes]:
    for kind, start, end in boxes(data, 0, len(data)):
        if kind == b"xml ":
            yield bytes(data[start : min(end, start + MAX_XMP)])


def _uuid_xmp(data: memoryview | bytes) -> Iterator[bytes]:
    """CR3 keeps XMP in a ``uuid`` box inside ``moov`` (and some files at the top level)."""
    for kind, start, end in boxes(data, 0, len(data)):
        if kind == b"uuid" + XMP_UUID:
            yield bytes(data[start : min(end, start + MAX_XMP)])
        elif kind == b"moov":
            for inner, inner_start, inner_end in boxes(data, start, end):
                if inner == b"uuid" + XMP_UUID:
                    yield bytes(data[inner_start : min(inner_end, inner_start + MAX_XMP)])


def _jxl(data: memoryview | bytes) -> Iterator[bytes]:
    for kind, start, end in boxes(data, 0, len(data)):
        if kind == b"Exif" and end - start > 4:
            yield _after_offset(data, start, end)


def _after_offset(data: memoryview | bytes, start: int, end: int) -> bytes:
    """An EXIF payload that starts with the 4-byte offset of its TIFF header."""
    skip = int.from_bytes(data[start : start + 4], "big")
    begin = start + 4 + skip if skip < end - start - 4 else start + 4
    return bytes(data[begin : min(end, begin + MAX_EXIF)])


def _cr3(data: memoryview | bytes) -> Iterator[tuple[str, bytes]]:
    for kind, start, end in boxes(data, 0, len(data)):
        if kind != b"moov":
            continue
        for inner, inner_start, inner_end in boxes(data, start, end):
            if inner != b"uuid" + CANON_UUID:
                continue
            for box, box_start, box_end in boxes(data, inner_start, inner_end):
                if box in (b"CMT1", b"CMT2", b"CMT3", b"CMT4"):
                    length = min(box_end - box_start, MAX_EXIF)
                    yield box.decode("ascii"), bytes(data[box_start : box_start + length])


def _meta(data: memoryview | bytes, start: int, end: int, found: _Items) -> None:
    """Each ``Exif`` item's payload, and ``cut`` when one was declared but could not be read
    whole (the photo is then not called fully read); each XMP item, with what the file holds of
    one that runs past its end (``xmp_cut``), as ExifTool reads it."""
    exif_items: set[int] = set()
    xmp_items: set[int] = set()
    locations: dict[int, tuple[int, list[tuple[int, int]]]] = {}
    idat = (0, 0)
    for kind, box_start, box_end in boxes(data, start, end):
        if kind == b"iinf":
            exif_items, xmp_items = _items(data, box_start, box_end)
            found.indexed = True
        elif kind == b"iloc":
            locations = _locations(data, box_start, box_end)
        elif kind == b"idat":
            idat = (box_start, box_end)
    for item in sorted(exif_items):
        method, extents = locations.get(item, (0, []))
        parts = []
        size = 0
        for offset, length in extents:
            if method == 1:
                offset += idat[0]
                if offset + length > idat[1]:
                    break
            elif method != 0:
                break
            if offset < 0 or length <= 0 or offset + length > len(data):
                found.cut = True
                break
            if size + length > MAX_EXIF:
                length = MAX_EXIF - size
                found.cut = True
            parts.append(bytes(data[offset : offset + length]))
            size += length
            if size >= MAX_EXIF:
                break
        payload = b"".join(parts)
        if len(payload) > 4:
            found.exif.append(_after_offset(payload, 0, len(payload)))
        else:
            found.cut = True  # declared, but where it is could not be read
    for item in sorted(xmp_items):
        method, extents = locations.get(item, (0, []))
        if method == 0 and extents:
            usable = [(o, n) for o, n in extents[:MAX_EXTENTS] if o >= 0 and n > 0]
            if any(o + n > len(data) for o, n in usable):
                found.xmp_cut = True
            packet = b"".join(bytes(data[o : o + min(n, MAX_XMP)]) for o, n in usable)
            if packet:
                found.xmp.append(packet[:MAX_XMP])


def _full_box(data: memoryview | bytes, start: int) -> tuple[int, int]:
    return data[start], start + 4


def _items(data: memoryview | bytes, start: int, end: int) -> tuple[set[int], set[int]]:
    """The ids of the ``Exif`` items and of the XMP items (``mime``, application/rdf+xml)."""
    version, pos = _full_box(data, start)
    pos += 2 if version == 0 else 4
    exif: set[int] = set()
    xmp: set[int] = set()
    for kind, box_start, box_end in boxes(data, pos, end):
        if kind != b"infe" or len(exif) + len(xmp) >= MAX_ITEMS:
            continue
        infe_version, body = _full_box(data, box_start)
        if infe_version < 2:
            continue
        if infe_version == 2:
            item = int.from_bytes(data[body : body + 2], "big")
            type_at = body + 4
        else:
            item = int.from_bytes(data[body : body + 4], "big")
            type_at = body + 6
        item_type = bytes(data[type_at : type_at + 4]) if type_at + 4 <= box_end else b""
        if item_type == b"Exif":
            exif.add(item)
        elif item_type == b"mime":
            # item name, then content type, each ending with a zero byte
            rest = bytes(data[type_at + 4 : min(box_end, type_at + 4 + 512)])
            _name, _, rest = rest.partition(b"\x00")
            if rest.partition(b"\x00")[0].strip().lower() == b"application/rdf+xml":
                xmp.add(item)
    return exif, xmp


def _locations(
    data: memoryview | bytes, start: int, end: int
) -> dict[int, tuple[int, list[tuple[int, int]]]]:
    """``iloc``: item id -> (construction method, [(offset, length)]). A damaged entry ends the
    index there, keeping the items read before it; an item with more extents than are kept
    ends with the extent (-1, 0), which the reader of the item notes as cut."""
    version, pos = _full_box(data, start)
    sizes = data[pos] << 8 | data[pos + 1]
    offset_size, length_size = sizes >> 12, (sizes >> 8) & 0xF
    base_size, index_size = (sizes >> 4) & 0xF, sizes & 0xF if version in (1, 2) else 0
    pos += 2
    count_size = 2 if version < 2 else 4
    count = int.from_bytes(data[pos : pos + count_size], "big")
    pos += count_size

    def number(size: int) -> int:
        nonlocal pos
        if pos + size > end:
            raise ValueError("iloc runs past its box")
        value = int.from_bytes(data[pos : pos + size], "big")
        pos += size
        return value

    found: dict[int, tuple[int, list[tuple[int, int]]]] = {}
    try:
        for _ in range(min(count, MAX_ITEMS)):
            item = number(2 if version < 2 else 4)
            method = number(2) & 0xF if version in (1, 2) else 0
            number(2)  # data reference index
            base = number(base_size)
            extents = []
            for index in range(number(2)):  # each costs bytes of the box: bounded by its size
                number(index_size)
                offset = number(offset_size)
                length = number(length_size)
                if index < MAX_EXTENTS:
                    extents.append((base + offset, length))
                elif index == MAX_EXTENTS:
                    extents.append((-1, 0))  # more than are kept: marks the item as cut
            found[item] = (method, extents)
    except ValueError:
        pass  # an Exif item not reached has no location, and is noted as not read
    return found
