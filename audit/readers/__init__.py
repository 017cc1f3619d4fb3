"""Read all of a photo's metadata once, with a second reader when the first fails.

Order: the container walker (always; it finds what libraries skip), exiv2 (the main reader),
exifread when exiv2 gives up, libheif for HEIF sizes and XMP items, exposure's own EXIF walker
on every EXIF block the file holds (it fills in only what the others missed: BigTIFF, maker
notes exiv2 does not decode, FLIR records, EXIF items anywhere in a HEIF), and any XMP packet
the main reader did not parse. A photo is "unreadable" only when every reader failed and nothing
at all was found.
"""

from __future__ import annotations

import contextlib
import functools
import struct
from collections.abc import Callable
from dataclasses import dataclass

from audit import messages
from audit.models import Skip
from audit.readers import (
    bmff,
    containers,
    exif_walk,
    exifread_reader,
    exiv2_reader,
    heif_reader,
    locate,
    makernotes,
    motion_video,
    trailer,
    unread,
    xmp_text,
)
from audit.readers.metadata import Metadata, Preview, TagCollector
from audit.skips import SkipCode, skip
from audit.sources.photo import OpenedPhoto, human_size

MAKER_NOTE_KEY = "Exif.Photo.MakerNote"
#: Where the maker note sits and its byte order: needed to correct moved Canon maker notes.
MAKER_NOTE_PLACE = ("Exif.MakerNote.Offset", "Exif.MakerNote.ByteOrder")


@dataclass(frozen=True)
class ReadResult:
    metadata: Metadata
    notes: tuple[Skip, ...] = ()


def read_metadata(
    photo: OpenedPhoto, wanted: Callable[[str], bool], whole_file: bool = False
) -> ReadResult | Skip:
    """Everything ``wanted`` asks for, or the reason the file could not be read at all.

    ``whole_file``: the caller reads the whole file anyway (the pixel checks), so what follows
    a JPEG's picture is looked for even when the file ends as a JPEG should (audit.readers.trailer).
    """
    tags = TagCollector()
    previews: list[Preview] = []
    try:
        previews, packets = containers.walk(photo.data, photo.format, tags)
    except (IndexError, ValueError, UnicodeError, struct.error):
        # What the walk found before the damage is kept; what lay after it was never seen.
        packets = []
        tags.left_unread(messages.BLOCK_DAMAGED)
    notes: list[Skip] = []
    width = height = None
    reader: str | None = "exiv2"
    xmp_found = False
    error_text = ""
    second: TagCollector | None = None
    given_up: list[bytes] = []
    if photo.format == "tiff":
        packets.extend(containers.tiff_xmp(photo.data))
    # libheif first: its XMP item's size must be known before exiv2 parses the same item.
    heif = heif_reader.read(photo.data) if photo.format in ("heif", "avif") else None
    if heif is not None and heif.xmp:
        packets.append(containers.Packet(heif.xmp))
    try:
        if any(containers.declared_size(packet) > xmp_text.MAX_PARSE for packet in packets):
            # exiv2 would parse the whole oversized packet with its strict parser.
            raise exiv2_reader.ReaderError("XMP packet too large to parse safely")
        if photo.format == "webp" and _exif_chunks(photo.data) > locate.MAX_BLOCKS:
            # exiv2's time grows with the square of their number (37 s for 10,000).
            raise exiv2_reader.ReaderError("more EXIF chunks than exposure reads")
        result = exiv2_reader.read(
            photo.data,
            _wanted_or_maker_note(wanted),
            tags,
            frozenset({MAKER_NOTE_KEY}),
            photo.format == "jpeg",
        )
        width, height, xmp_found = result.width, result.height, result.xmp_found
        previews.extend(result.previews)
        if result.xmp_given_up and not packets:
            given_up.append(result.xmp_given_up)
    except exiv2_reader.ReaderError as error:
        error_text = str(error)
        second = TagCollector()
        reader = _second_reader(photo, wanted, second, previews)
    if heif is not None:
        width, height = heif.width, heif.height
        previews.extend(heif.previews)
        if reader is None and heif.exif:
            reader = _heif_exif(heif.exif, wanted, tags)
    boxed = bmff.find(photo.data, photo.format) if photo.format in locate.BOX_FORMATS else None
    try:
        own = locate.add_all(photo.data, photo.format, tags, wanted, boxed)
    except (IndexError, ValueError, struct.error):
        own = locate.OwnRead(damaged=True)
    if second is not None:
        _merge_second(second, tags, own)
    if reader is None and (own.read or (boxed is not None and boxed.indexed)):
        reader = "exposure"
    if error_text and reader:
        second_found = second is not None and any(key.startswith("Exif.") for key in second.names())
        missed = unread.without_main_reader(photo.data, photo.format, own, second_found)
        if missed:
            notes.append(
                skip(SkipCode.SECOND_READER, what=unread.joined(missed), detail=error_text)
            )
    if boxed is not None:
        # XMP items and boxes of these containers, so a damaged one reaches the forgiving reader
        held = {bytes(packet) for packet in packets}
        for packet in boxed.xmp:
            if packet not in held:
                packets.append(containers.Packet(packet))
    main_packet_read = not xmp_found
    for packet in packets:
        if not main_packet_read and not (isinstance(packet, containers.Packet) and packet.extended):
            main_packet_read = True  # exiv2 read the first packet; ExifTool reads any others too
            continue
        if containers.declared_size(packet) > xmp_text.MAX_PARSE or not (
            exiv2_reader.read_xmp_packet(packet, wanted, tags)
        ):
            given_up.append(packet)
    notes.extend(_forgiving_xmp(_distinct(given_up), wanted, tags))
    _fix_maker_notes(tags, wanted)
    if photo.format == "jpeg":
        with contextlib.suppress(IndexError, ValueError):
            motion_video.add_location(photo.data, tags, wanted)
        with contextlib.suppress(IndexError, ValueError, struct.error):
            trailer.check(photo.data, tags, wanted, whole_file)
    notes.extend(skip(SkipCode.METADATA_CUT, what=what, detail=what.en) for what in tags.unread)
    frozen = tags.freeze()
    if reader is None and not frozen:
        return skip(SkipCode.CORRUPT, detail=error_text)
    if reader is None:
        notes.append(skip(SkipCode.CORRUPT_PARTIAL, detail=error_text))
    metadata = Metadata(frozen, tuple(previews), width, height, reader or "none")
    return ReadResult(metadata, tuple(notes))


def _distinct(packets: list[bytes]) -> list[bytes]:
    """Each packet once: exiv2's copy and the container walker's are often the same text."""
    seen: dict[bytes, bytes] = {}
    for packet in packets:
        seen.setdefault(packet.strip(b"\x00 \t\r\n")[:4096] + len(packet).to_bytes(8), packet)
    return list(seen.values())


def _forgiving_xmp(
    packets: list[bytes], wanted: Callable[[str], bool], tags: TagCollector
) -> list[Skip]:
    """Read each XMP packet the strict reader gave up on; say plainly what stayed unread."""
    notes = []
    for packet in packets:
        if not packet.strip(b"\x00 \t\r\n"):
            continue
        outcome = xmp_text.read(
            packet,
            wanted,
            tags,
            lambda text: exiv2_reader.read_xmp_packet(text, wanted, tags),
            containers.declared_size(packet),
        )
        if not outcome.complete:
            notes.append(
                skip(
                    SkipCode.XMP_TOO_LARGE,
                    size=human_size(containers.declared_size(packet)),
                    limit=human_size(xmp_text.MAX_SCAN),
                    detail=f"XMP packet of {containers.declared_size(packet)} bytes",
                )
            )
        elif outcome.found:
            if outcome.how != "transcoded":  # a UTF-16 or UTF-32 packet is not damaged
                notes.append(skip(SkipCode.XMP_REPAIRED, detail=f"read by {outcome.how}"))
        elif not xmp_text.looks_empty(packet):
            notes.append(
                skip(
                    SkipCode.XMP_UNREADABLE,
                    why=messages.NO_VALUES_READ,
                    detail="no value found in the XMP packet",
                )
            )
    return notes


class _KeyMemo(dict[str, bool]):
    """Remembers, per field name, whether anyone wants it: names repeat across every photo."""

    def __init__(self, wanted: Callable[[str], bool]) -> None:
        super().__init__()
        self.wanted = wanted

    def __missing__(self, key: str) -> bool:
        decision = self[key] = key == MAKER_NOTE_KEY or key in MAKER_NOTE_PLACE or self.wanted(key)
        return decision


@functools.cache
def _wanted_or_maker_note(wanted: Callable[[str], bool]) -> Callable[[str], bool]:
    return _KeyMemo(wanted).__getitem__


def _fix_maker_notes(tags: TagCollector, wanted: Callable[[str], bool]) -> None:
    """Decode what the readers left raw, correct what they misread, then drop the raw bytes."""
    maker_note = tags.peek(MAKER_NOTE_KEY)
    place = [tags.peek(key) for key in MAKER_NOTE_PLACE]
    for key in (MAKER_NOTE_KEY, *MAKER_NOTE_PLACE):
        if not wanted(key):
            tags.pop(key)
    if not maker_note:
        return
    raw, make = maker_note[0].raw, _make(tags)
    makernotes.add_maker_note_serials(raw, make, tags)
    if make.upper().startswith("CANON") and all(place):
        try:
            offset = int(place[0][0].text)
        except ValueError:
            return
        for key, value in makernotes.canon_moved_values(raw, offset, place[1][0].text).items():
            if value:
                tags.replace(key, value)


def _make(tags: TagCollector) -> str:
    found = tags.peek("Exif.Image.Make")
    return found[0].text if found else ""


def _exif_chunks(data: memoryview) -> int:
    return sum(1 for kind, _, _ in containers.webp_chunks(data) if kind == b"EXIF")


def _second_reader(
    photo: OpenedPhoto, wanted: Callable[[str], bool], tags: TagCollector, previews: list[Preview]
) -> str | None:
    if photo.format in locate.BOX_FORMATS:
        # exifread's own box parser loops for ever on a box of size 1; the EXIF items of these
        # containers are found by exposure's bounded box reader and read by its EXIF walker.
        return None
    try:
        previews.extend(exifread_reader.read(photo.data, wanted, tags))
        return "exifread"
    except Exception:
        return None


def _merge_second(second: TagCollector, tags: TagCollector, own: locate.OwnRead) -> None:
    """Add what exifread read, but not the fields exposure's walker reads itself from a block
    it could read: exifread follows offsets past the end of a block that is cut short, and
    then reports whatever bytes lie there as a place or a serial number."""
    own_maker_note = any(key.startswith(makernotes.VENDOR_GROUPS) for key in tags.names())
    for key in second.names():
        if own.read and exif_walk.walks(key):
            continue
        if own_maker_note and key.startswith("Exif.MakerNote."):
            continue
        for tag in second.peek(key):
            tags.add(tag)


def _heif_exif(exif: bytes, wanted: Callable[[str], bool], tags: TagCollector) -> str | None:
    tiff = heif_reader.exif_as_tiff(exif)
    if tiff is None:
        return None
    try:
        exiv2_reader.read(tiff, wanted, tags, frozenset())
        return "libheif+exiv2"
    except exiv2_reader.ReaderError:
        return None
