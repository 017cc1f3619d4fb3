"""Find every EXIF block a file holds, and read each with exposure's own walker.

Where EXIF sits, by format: JPEG APP1 ``Exif\\0\\0`` (and FLIR's APP1 ``FLIR\\0`` records),
TIFF and BigTIFF (the file itself), HEIF/AVIF (the ``Exif`` item, wherever ``iloc`` puts it),
JPEG XL (``Exif`` boxes), CR3 (``CMT1``-``CMT4`` boxes), Fujifilm RAF (the JPEG it embeds),
PNG (``eXIf`` chunk) and WebP (``EXIF`` chunk). Only headers and those blocks are read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from audit import messages
from audit.readers import bmff, containers, exif_walk, flir, jpeg_segments, makernotes
from audit.readers.metadata import Tag, TagCollector
from audit.readers.tiff import Entry, Tiff, tiff_start

#: Most EXIF blocks read from one file; cameras write one, editors sometimes two.
MAX_BLOCKS = 16


#: Formats whose EXIF and XMP sit in ISO base media boxes (audit.readers.bmff).
BOX_FORMATS = frozenset({"heif", "avif", "jxl", "cr3"})


@dataclass(frozen=True)
class OwnRead:
    """What exposure's own walker made of a file's EXIF blocks."""

    #: Blocks found where EXIF sits in this format.
    blocks: int = 0
    #: At least one block had a readable first directory.
    read: bool = False
    #: A block was cut short, or a directory or identifying value lay outside it.
    damaged: bool = False


def add_all(
    data: memoryview,
    file_format: str,
    tags: TagCollector,
    wanted: Callable[[str], bool],
    boxed: bmff.Blocks | None = None,
) -> OwnRead:
    """Fill in what the main reader missed, and say what was found and whether it was whole.
    ``boxed``: the blocks of a BOX_FORMATS file, when the caller has already found them."""
    if file_format in BOX_FORMATS and boxed is None:
        boxed = bmff.find(data, file_format)
    if file_format == "cr3" and boxed is not None:
        return _cr3(boxed, tags, wanted)
    damaged = False
    if file_format == "jpeg":
        blocks, flir_segments = jpeg_blocks(data)
        if flir_segments:
            flir.add_fff(flir.join_chunks(flir_segments), tags, wanted)
    elif file_format == "raf":
        blocks = _raf(data)
    elif file_format == "tiff":
        blocks = [data]
    elif boxed is not None:
        if boxed.cut:
            tags.left_unread(messages.EXIF_ITEM_CUT)
        if boxed.xmp_cut:
            tags.left_unread(messages.XMP_ITEM_CUT)
        blocks = [memoryview(block) for block in boxed.exif]
    elif file_format == "png":
        blocks = _png(data)
    elif file_format == "webp":
        blocks = _webp(data)
    else:
        return OwnRead()
    if len(blocks) > MAX_BLOCKS:
        tags.left_unread(messages.BLOCKS_CUT.format(count=len(blocks), limit=MAX_BLOCKS))
    read = False
    for block in blocks[:MAX_BLOCKS]:
        start = tiff_start(block)
        tiff = Tiff.parse(block[start:]) if start >= 0 else None
        if tiff is None:
            damaged = True
            continue
        read = exif_walk.add_block(tiff, tags, wanted) or read
        damaged = damaged or tiff.damaged
        if tiff.cut:
            tags.left_unread(messages.DIRECTORIES_CUT)
    return OwnRead(len(blocks), read, damaged)


def _cr3(found: bmff.Blocks, tags: TagCollector, wanted: Callable[[str], bool]) -> OwnRead:
    """CR3 keeps each directory as a TIFF of its own: IFD0, Exif, maker note, GPS."""
    parts = {name: Tiff.parse(block) for name, block in found.canon}
    make = ""
    read = False
    if parts.get("CMT1") is not None:
        tiff = parts["CMT1"]
        assert tiff is not None
        read = exif_walk.add_block(tiff, tags, wanted)
        make = next((t.text for t in tags.peek("Exif.Image.Make")), "")
    exif = parts.get("CMT2")
    if exif is not None:
        exif_walk.add_exif_directory(exif, exif.first, tags, wanted, make or "Canon")
        read = True
    notes = parts.get("CMT3")
    if notes is not None:
        for tag in makernotes_from_tiff(notes):
            if wanted(tag.key) and tag.text and not tags.peek(tag.key):
                tags.add(tag)
        read = True
    gps = parts.get("CMT4")
    if gps is not None:
        exif_walk.add_gps_directory(gps, gps.first, tags, wanted)
        read = True
    if any(part is not None and part.cut for part in parts.values()):
        tags.left_unread(messages.DIRECTORIES_CUT)
    damaged = any(part is None or part.damaged for part in parts.values())
    return OwnRead(len(parts), read, damaged)


def makernotes_from_tiff(tiff: Tiff) -> list[Tag]:
    """A Canon maker note stored as a TIFF of its own (CR3 ``CMT3``)."""
    note = bytes(tiff.data[tiff.first :])
    return makernotes.vendor_values(tiff, Entry(0x927C, 7, len(note), note, tiff.first), "Canon")


def jpeg_blocks(data: memoryview) -> tuple[list[memoryview], list[bytes]]:
    """APP1 EXIF bodies and FLIR chunks of a JPEG, from its segment headers only."""
    exif: list[memoryview] = []
    flir_segments: list[bytes] = []
    for marker, pos, length in jpeg_segments.segments(data):
        if marker == 0xE1:
            head = bytes(data[pos + 4 : pos + 10])
            body = jpeg_segments.body(data, pos, length)
            if head[:5] == b"Exif\x00":  # the sixth byte is not checked, as ExifTool does not
                exif.append(body)
            elif head.startswith(b"FLIR\x00"):
                flir_segments.append(bytes(body))
    return exif, flir_segments


def _raf(data: memoryview) -> list[memoryview]:
    """A Fujifilm RAF embeds a JPEG (containers.raf_jpeg) that holds the EXIF."""
    jpeg = containers.raf_jpeg(data)
    return [] if jpeg is None else jpeg_blocks(jpeg)[0]


def _png(data: memoryview) -> list[memoryview]:
    return [
        data[start : start + length]
        for kind, start, length in containers.png_chunks(data)
        if containers.is_png_exif(kind)
    ]


def _webp(data: memoryview) -> list[memoryview]:
    return [
        data[start : min(len(data), start + length)]
        for kind, start, length in containers.webp_chunks(data)
        if kind == b"EXIF"
    ]
