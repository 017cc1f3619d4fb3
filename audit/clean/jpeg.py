"""Rewrite a JPEG's container, never its picture.

The marker segments are walked and copied or left out one by one; the compressed picture (the
tables, the frame header and every scan with its entropy-coded data) is copied byte for byte,
so the copy decodes to exactly the original's pixels. Everything that is not needed to show the
picture is left out: EXIF (with maker notes and the thumbnail), XMP, IPTC and Photoshop blocks,
comments, every other application block, and whatever follows the end-of-image marker (motion
photo videos, extra pictures). What is needed to show it as before is kept: the colour profile
(checked by audit.clean.icc) and Adobe's colour-transform block, and the orientation, written
into a new EXIF block of its own.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from audit.clean import entropy, icc
from audit.clean.exif import EXIF_HEADER, ExifFacts, KeptValues, build_tiff, read_facts
from audit.clean.model import Dropped, Keep, Part, RewriteError, Rewritten
from audit.readers import jpeg_segments
from audit.readers.jpeg_segments import ICC_SIGNATURE

XMP_SIGNATURE = b"http://ns.adobe.com/xap/1.0/\x00"
EXTENDED_XMP_SIGNATURE = b"http://ns.adobe.com/xmp/extension/\x00"
MAX_SEGMENTS = 10000
_ICC_CHUNK = 65535 - 2 - len(ICC_SIGNATURE) - 2
#: The restart interval (DRI) and line count (DNL): two bytes of value, four with the length.
_FOUR_BYTES = frozenset({0xDD, 0xDC})
#: Table segments: Huffman (DHT), arithmetic-coding (DAC), quantisation (DQT), restart interval
#: (DRI) and line count (DNL).
_TABLES = frozenset({0xC4, 0xCC, 0xDB, 0xDD, 0xDC})
#: Markers whose segments describe the compressed picture and are copied unchanged: the tables
#: and the frame headers.
_PICTURE_MARKERS = _TABLES | frozenset(range(0xC0, 0xD0)) - {0xC8}


@dataclass(frozen=True)
class JpegWanted:
    """What the person asked a JPEG copy to keep besides the picture."""

    date: str | None = None
    position: tuple[float, float] | None = None
    #: The orientation to write; None takes the one in ``data`` (a covered copy has none left).
    orientation: int | None = None


def facts(data: bytes) -> ExifFacts:
    """The original's EXIF facts (orientation, thumbnail), read from its first EXIF block
    among the segments the rewriter walks (more than a reader does: a copy made without the
    orientation of an EXIF block found late would show sideways)."""
    for marker, pos, length in jpeg_segments.segments(data, MAX_SEGMENTS):
        body = data[pos + 4 : pos + 2 + length]
        if marker == 0xE1 and body.startswith(EXIF_HEADER):
            return read_facts(body[len(EXIF_HEADER) :])
    return ExifFacts()


def _segment(marker: int, body: bytes) -> bytes:
    if len(body) + 2 > 0xFFFF:
        raise RewriteError("a block is too long for a JPEG segment")
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def _trailer(trailer: bytes) -> Dropped:
    head = trailer[: 1 << 16]
    if b"ftyp" in head or b"MotionPhoto_Data" in head:
        return Dropped(Part.VIDEO, len(trailer))
    if trailer.startswith(b"\xff\xd8"):
        return Dropped(Part.PREVIEW, len(trailer), max(1, trailer.count(b"\xff\xd8\xff")))
    return Dropped(Part.TRAILER, len(trailer))


def _scan_end(data: bytes, start: int) -> int:
    """Where the entropy-coded data that starts at ``start`` ends (the next real marker)."""
    found = entropy.end(data, start)
    if found is None:
        raise RewriteError("the picture data ends before the end-of-image marker")
    return found


#: Frame types whose scans code runs of empty blocks (EOBn) in their AC tables.
_PROGRESSIVE_FRAMES = frozenset({0xC2, 0xC6, 0xCA, 0xCE})


def _huffman_tables_valid(body: bytes, progressive: bool) -> bool:
    """Every table in a DHT block is whole and codes only what a decoder can be asked for.

    A DC table codes bit lengths (0-16, lossless JPEG included) and an AC table run/size pairs:
    the size 1-14 (12-bit pictures included), or 0 with a run of 0 (end of block) or 15
    (sixteen zeros), any run in a progressive picture (a run of empty blocks). The block is
    copied as it is, so this is what keeps most text out of it: a space, ``0``, ``@`` or ``p``
    (size 0) has no place in a sequential picture's table, nor ``/``, ``_`` or ``o`` (size
    15) in any."""
    pos = 0
    while pos < len(body):
        if pos + 17 > len(body):
            return False
        kind, number = body[pos] >> 4, body[pos] & 0x0F
        count = sum(body[pos + 1 : pos + 17])
        symbols = body[pos + 17 : pos + 17 + count]
        if kind > 1 or number > 3 or count > 256 or len(symbols) < count:
            return False
        if kind == 0 and any(symbol > 16 for symbol in symbols):
            return False
        if kind == 1 and any(
            symbol & 0x0F == 0x0F
            or (symbol & 0x0F == 0 and symbol not in (0x00, 0xF0) and not progressive)
            for symbol in symbols
        ):
            return False
        pos += 17 + count
    return pos == len(body) and pos > 0


def _icc_segments(
    chunks: list[tuple[int, int, bytes]],
) -> tuple[list[bytes], icc.IccResult | None]:
    """The copy's colour-profile segments from the original's (number, total, piece) chunks.

    Readers use a profile only when its chunks are numbered 1 to their total, each once (a
    repeated or missing number and libjpeg and Pillow use none): the copy keeps it only then,
    so both show the same colours."""
    numbers = sorted(number for number, _, _ in chunks)
    if not chunks or numbers != list(range(1, len(chunks) + 1)):
        return [], None
    if any(total != len(chunks) for _, total, _ in chunks):
        return [], None
    profile = b"".join(piece for _, _, piece in sorted(chunks))
    result = icc.check(profile)
    pieces = [result.profile[i : i + _ICC_CHUNK] for i in range(0, len(result.profile), _ICC_CHUNK)]
    total = len(pieces)
    segments = [
        _segment(0xE2, ICC_SIGNATURE + bytes((number, total)) + piece)
        for number, piece in enumerate(pieces, start=1)
    ]
    return segments, result


def _profile_keep(result: icc.IccResult | None) -> list[Keep]:
    if result is None:
        return []
    return [icc.KEPT_AS[result.action]]


def _jfif(body: bytes, dropped: list[Dropped]) -> bytes:
    if len(body) < 14:
        raise RewriteError("a JFIF header is too short")
    if body[12] * body[13]:
        dropped.append(Dropped(Part.PREVIEW, len(body) - 14))
    return body[:12] + b"\x00\x00"


def _application(marker: int, body: bytes, dropped: list[Dropped]) -> None:
    """Account for a dropped application segment."""
    if marker == 0xE1 and body.startswith(EXIF_HEADER):
        dropped.append(Dropped(Part.EXIF, len(body)))
        if read_facts(body[len(EXIF_HEADER) :]).has_thumbnail:
            dropped.append(Dropped(Part.PREVIEW, 0))
    elif marker == 0xE1 and (
        body.startswith(XMP_SIGNATURE) or body.startswith(EXTENDED_XMP_SIGNATURE)
    ):
        dropped.append(Dropped(Part.XMP, len(body)))
    elif marker == 0xED:
        dropped.append(Dropped(Part.IPTC, len(body)))
    elif marker == 0xE0 and body.startswith(b"JFXX\x00"):
        dropped.append(Dropped(Part.PREVIEW, len(body)))
    else:
        dropped.append(Dropped(Part.OTHER, len(body)))


def rewrite(data: bytes, wanted: JpegWanted = JpegWanted()) -> Rewritten:
    """The copy of JPEG ``data`` with only what shows the picture; raises RewriteError if broken."""
    if not data.startswith(b"\xff\xd8\xff"):
        raise RewriteError("the file does not start like a JPEG")
    dropped: list[Dropped] = []
    jfif: bytes | None = None
    adobe = b""  # the Adobe block the copy keeps: the last one before the picture data
    icc_chunks: list[tuple[int, int, bytes]] = []
    picture: list[bytes | memoryview] = []
    huffman: list[bytes] = []
    frame = 0  # the frame header's marker (SOF0-SOF15), once seen
    orientation = facts(data).orientation
    pos, end, seen_scan = 2, -1, False
    for _ in range(MAX_SEGMENTS):
        if pos + 2 > len(data):
            break
        if data[pos] != 0xFF:
            raise RewriteError("a JPEG block is damaged (no marker where one should be)")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xD9:
            end = pos + 2
            break
        if 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker in (0x01, 0xD8):
            # Decoders refuse a second start-of-image (or a TEM) marker: there is no picture
            # they show to keep.
            raise RewriteError("a JPEG block is damaged (a second start-of-image marker)")
        if pos + 4 > len(data):
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2 or pos + 2 + length > len(data):
            raise RewriteError("a JPEG block runs past the end of the file")
        if marker in _FOUR_BYTES and length != 4:
            # A restart interval or a line count is one number: more is not the picture's.
            raise RewriteError("a JPEG block is damaged (a table of the wrong length)")
        body = data[pos + 4 : pos + 2 + length]
        segment_end = pos + 2 + length
        if marker == 0xDA:
            if not frame:
                raise RewriteError("the picture data comes before the frame header")
            seen_scan = True
            scan_end = _scan_end(data, segment_end)
            # A view, not a slice: the scan is most of the file and is copied once, by the join.
            picture.append(memoryview(data)[pos:scan_end])
            pos = scan_end
            continue
        if marker in _PICTURE_MARKERS:
            if marker == 0xC4:
                huffman.append(body)
            elif marker not in _TABLES:
                frame = marker
            picture.append(data[pos:segment_end])
        elif marker == 0xE0 and body.startswith(b"JFIF\x00") and jfif is None and not seen_scan:
            jfif = _segment(0xE0, _jfif(body, dropped))
        elif marker == 0xE2 and body.startswith(ICC_SIGNATURE) and len(body) > 14:
            icc_chunks.append((body[12], body[13], body[14:]))
        elif marker == 0xEE and body.startswith(b"Adobe") and len(body) >= 12 and not seen_scan:
            # Decoders read the colour transform from the first 12 bytes of the last Adobe block
            # before the picture data; the rest is not theirs to read.
            adobe = _segment(0xEE, body[:12])
            if len(body) > 12:
                dropped.append(Dropped(Part.OTHER, len(body) - 12))
        elif marker == 0xFE:
            dropped.append(Dropped(Part.COMMENT, len(body)))
        elif 0xE0 <= marker <= 0xEF:
            _application(marker, body, dropped)
        else:
            dropped.append(Dropped(Part.OTHER, len(body)))
        pos = segment_end
    if end < 0 or not seen_scan:
        raise RewriteError("the file ends before the picture does")
    progressive = frame in _PROGRESSIVE_FRAMES
    if not all(_huffman_tables_valid(body, progressive) for body in huffman):
        raise RewriteError("a JPEG block is damaged (a Huffman table no decoder can use)")
    if end < len(data):
        dropped.append(_trailer(data[end:]))
    kept_values = KeptValues(
        orientation=orientation if wanted.orientation is None else wanted.orientation,
        date=wanted.date,
        position=wanted.position,
    )
    tiff = build_tiff(kept_values)
    icc_segments, icc_result = _icc_segments(icc_chunks)
    kept = _profile_keep(icc_result)
    if kept_values.orientation != 1:
        kept.append(Keep.ORIENTATION)
    if wanted.date is not None:
        kept.append(Keep.DATE)
    if wanted.position is not None:
        kept.append(Keep.COARSE_LOCATION)
    if adobe:
        kept.append(Keep.COLOUR_TRANSFORM)
    parts: list[bytes | memoryview] = [b"\xff\xd8", jfif or b""]
    if tiff:
        parts.append(_segment(0xE1, EXIF_HEADER + tiff))
    parts += [*icc_segments, adobe, *picture, b"\xff\xd9"]
    return Rewritten(b"".join(parts), tuple(dropped), tuple(kept), orientation)
