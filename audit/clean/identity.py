"""Prove that a rewritten copy shows exactly the original's picture, without decoding either.

A decoder turns a file's picture-defining bytes into pixels and ignores everything else. If
the copy's picture-defining bytes are identical to the original's, in the same order, every
decoder (not just the one exposure ships) gets the same input and so draws the same pixels,
on every platform and in every version. That is a stronger statement than "one decoder gave
equal output", and it needs no decoding. What is compared, per format:

* JPEG: every frame header, Huffman, quantisation, arithmetic-coding and restart-interval
  segment, every scan header with all of its entropy-coded data (restart markers included), in
  order; whether a JFIF header is present and the Adobe colour-transform block (both decide how
  the colours are converted); the colour profile; and the EXIF orientation.
* PNG: IHDR, PLTE, tRNS, gAMA, cHRM, sRGB, sBIT, the concatenated IDAT stream and the animation
  chunks (acTL, fcTL, fdAT), in order, each with a correct checksum in the copy; the colour
  profile; and the EXIF orientation.
* WebP: the VP8, VP8L, ALPH, ANIM and ANMF payloads in order, the canvas size and the alpha and
  animation flags of the extended header; the colour profile; and the EXIF orientation.

The colour profile must be the original's, or, where the original's names a person or
software (audit.clean.icc), exactly the standard profile that replaces it. These walkers are
written apart from the rewriters on purpose: a mistake in a rewriter is not repeated here. They
share only the search for the end of a JPEG scan (audit.clean.entropy), which is tested against
the format's definition on its own.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Sequence

from audit.clean import entropy, icc
from audit.clean.exif import EXIF_HEADER, read_facts
from audit.clean.model import PixelCheck
from audit.clean.png import LONGEST_BODIES
from audit.readers.jpeg_segments import ICC_SIGNATURE

#: SOF0-SOF15 (except JPG, C8) and the table segments DHT, DAC, DQT, DRI, DNL.
_JPEG_PICTURE = frozenset(set(range(0xC0, 0xD0)) - {0xC8} | {0xDB, 0xDD, 0xDC})
_MAX_PARTS = 100000


class NotAPicture(Exception):
    """The file's structure cannot be walked: its picture cannot be proven identical."""


#: A part of a file by where it starts and ends: compared in place, never copied.
Span = tuple[int, int]
#: The picture-defining parts of a file, its colour profile (or None) and its orientation.
Picture = tuple[list[bytes | Span], bytes | None, int]


def _jpeg(data: bytes, known: Sequence[memoryview] = ()) -> Picture:
    """Walk a JPEG. ``known`` are the original's scans (header and entropy-coded data), in
    order, when ``data`` is its copy: a scan of the copy that is byte for byte the original's,
    followed by a marker, ends there, since a marker is told by the bytes alone and the
    original's scan has none inside it. That spares searching every scan twice; any other scan
    is searched."""
    if not data.startswith(b"\xff\xd8"):
        raise NotAPicture("no start-of-image marker")
    view = memoryview(data)
    parts: list[bytes | Span] = []
    profile: list[tuple[int, int, bytes]] = []
    jfif = False
    adobe = b""
    orientation: int | None = None
    pos, ended, scans = 2, False, 0
    for _ in range(_MAX_PARTS):
        if pos + 2 > len(data) or data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xD9:
            ended = True
            break
        if 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker in (0x01, 0xD8):
            raise NotAPicture("a second start-of-image marker")
        if pos + 4 > len(data):
            break
        (length,) = struct.unpack_from(">H", data, pos + 2)
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise NotAPicture("a segment runs past the end")
        body = view[pos + 4 : end]
        if marker == 0xDA:
            expected = known[scans] if scans < len(known) else None
            if (
                expected is not None
                and data.startswith(expected, pos)
                and entropy.starts_marker(data, pos + len(expected))
            ):
                scan_end: int | None = pos + len(expected)
            else:
                scan_end = entropy.end(data, end)
            if scan_end is None:
                raise NotAPicture("the picture data does not end")
            parts.append((pos, scan_end))
            scans += 1
            pos = scan_end
            continue
        if marker in _JPEG_PICTURE:
            parts.append((pos, end))
        elif marker == 0xE0 and bytes(body[:5]) == b"JFIF\x00" and not scans:
            jfif = True
        elif marker == 0xE2 and bytes(body[:12]) == ICC_SIGNATURE and length > 16:
            profile.append((body[12], body[13], bytes(body[14:])))
        elif marker == 0xEE and bytes(body[:5]) == b"Adobe" and length >= 14 and not scans:
            # Readers take the colour transform from the first 12 bytes of the last Adobe block
            # before the picture data, wherever it lies among the tables.
            adobe = bytes(body[:12])
        elif (
            marker == 0xE1 and orientation is None and not scans and bytes(body[:6]) == EXIF_HEADER
        ):
            orientation = read_facts(bytes(body[6:])).orientation
        pos = end
    if not ended or not scans:
        raise NotAPicture("the picture does not end")
    parts += [b"JFIF" if jfif else b"", b"Adobe" + adobe]
    # Readers use a profile whose chunks are numbered 1 to their total, each once, or none.
    numbered = sorted(profile)
    whole = [number for number, _, _ in numbered] == list(range(1, len(numbered) + 1)) and all(
        total == len(numbered) for _, total, _ in numbered
    )
    joined = b"".join(piece for _, _, piece in numbered) if profile and whole else None
    return parts, joined, orientation or 1


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_PICTURE = frozenset(
    {b"IHDR", b"PLTE", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"acTL", b"fcTL", b"fdAT"}
)


def _png(data: bytes) -> Picture:
    if not data.startswith(_PNG_SIGNATURE):
        raise NotAPicture("no PNG signature")
    view = memoryview(data)
    parts: list[bytes | Span] = []
    stream: list[memoryview] = []
    profile: bytes | None = None
    orientation = 1
    pos, ended = len(_PNG_SIGNATURE), False
    for _ in range(_MAX_PARTS):
        if pos + 12 > len(data):
            break
        (length,) = struct.unpack_from(">I", data, pos)
        kind = bytes(view[pos + 4 : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise NotAPicture("a chunk runs past the end")
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(view[pos + 4 : end - 4]) != crc:
            raise NotAPicture("a chunk's checksum is wrong")
        body = view[pos + 8 : end - 4]
        pos = end
        if kind == b"IEND":
            ended = True
            break
        if kind == b"IDAT":
            stream.append(body)
            continue
        if stream:
            # One run of IDAT chunks is one stream: how it is split into chunks does not matter.
            parts += [b"IDAT", b"".join(stream)]
            stream = []
        if kind in _PNG_PICTURE:
            # By its specified length only: what follows a value no viewer reads (png.py).
            start = pos - length - 4
            parts += [kind, (start, start + min(length, LONGEST_BODIES.get(kind, length)))]
        elif kind == b"iCCP" and profile is None:
            _, _, rest = bytes(body).partition(b"\x00")
            try:
                profile = zlib.decompressobj().decompress(rest[1:], 16 << 20)
            except zlib.error as error:
                raise NotAPicture("the colour profile is damaged") from error
        elif kind == b"eXIf":
            orientation = read_facts(bytes(body).removeprefix(EXIF_HEADER)).orientation
    if not ended:
        raise NotAPicture("no IEND chunk")
    if stream:
        parts += [b"IDAT", b"".join(stream)]
    return parts, profile, orientation


_WEBP_PICTURE = frozenset({b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF"})
_FLAG_ALPHA, _FLAG_ANIMATION = 0x10, 0x02


def _webp(data: bytes) -> Picture:
    if len(data) < 20 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise NotAPicture("no WebP header")
    view = memoryview(data)
    (size,) = struct.unpack_from("<I", data, 4)
    limit = min(len(data), 8 + size)
    parts: list[bytes | Span] = []
    profile: bytes | None = None
    orientation = 1
    extended = has_picture = False
    pos = 12
    for _ in range(_MAX_PARTS):
        if pos + 8 > limit:
            break
        kind = bytes(view[pos : pos + 4])
        (length,) = struct.unpack_from("<I", data, pos + 4)
        if pos + 8 + length > limit:
            raise NotAPicture("a chunk runs past the end")
        start = pos + 8
        body = view[start : start + length]
        pos += 8 + length + (length % 2)
        if kind in _WEBP_PICTURE:
            has_picture = has_picture or kind != b"ALPH" and kind != b"ANIM"
            parts += [kind, (start, start + length)]
        elif kind == b"VP8X" and length >= 10:
            extended = True
            parts += [kind, bytes((body[0] & (_FLAG_ALPHA | _FLAG_ANIMATION),)), bytes(body[4:10])]
        elif kind == b"ICCP" and profile is None:
            profile = bytes(body)
        elif kind == b"EXIF":
            tiff = bytes(body).removeprefix(EXIF_HEADER)
            orientation = read_facts(tiff).orientation
    if not has_picture:
        raise NotAPicture("no picture data")
    # Without an extended header no reader applies an EXIF orientation (there is no place for it).
    return parts, profile, orientation if extended else 1


_WALKERS: dict[str, Callable[[bytes], Picture]] = {"jpeg": _jpeg, "png": _png, "webp": _webp}


def _same_profile(original: bytes | None, copy: bytes | None) -> bool:
    if original == copy:
        return True
    if original is None or copy is None:
        return False
    return icc.check(original).profile == copy


def _same_part(first: bytes, a: bytes | Span, second: bytes, b: bytes | Span) -> bool:
    """Equal parts; two spans are compared where they lie (a memoryview's own == goes byte by
    byte and a copy of megabytes of picture data costs as much as the comparison)."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return a[1] - a[0] == b[1] - b[0] and second.startswith(
            memoryview(first)[a[0] : a[1]], b[0]
        )
    left = first[a[0] : a[1]] if isinstance(a, tuple) else a
    right = second[b[0] : b[1]] if isinstance(b, tuple) else b
    return left == right


def _scans(data: bytes, parts: list[bytes | Span]) -> list[memoryview]:
    """The scans among a JPEG's parts (the spans that start with a start-of-scan marker)."""
    view = memoryview(data)
    return [view[a:b] for a, b in (p for p in parts if isinstance(p, tuple)) if data[a + 1] == 0xDA]


def compare(original: bytes, copy: bytes, file_format: str) -> PixelCheck:
    """IDENTICAL if the copy's picture-defining bytes equal the original's; DIFFERENT if not;
    UNREADABLE if either file cannot be walked."""
    walk = _WALKERS[file_format]
    try:
        first_parts, first_profile, first_turn = walk(original)
        if file_format == "jpeg":
            second_parts, second_profile, second_turn = _jpeg(copy, _scans(original, first_parts))
        else:
            second_parts, second_profile, second_turn = walk(copy)
    except (NotAPicture, struct.error, ValueError):
        return PixelCheck.UNREADABLE
    same = (
        len(first_parts) == len(second_parts)
        and all(
            _same_part(original, a, copy, b) for a, b in zip(first_parts, second_parts, strict=True)
        )
        and first_turn == second_turn
        and _same_profile(first_profile, second_profile)
    )
    return PixelCheck.IDENTICAL if same else PixelCheck.DIFFERENT
