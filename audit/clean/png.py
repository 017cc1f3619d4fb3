"""Rewrite a PNG's chunks, never its picture.

Critical chunks and the ancillary chunks that change how the picture looks (gamma, primaries,
sRGB intent, colour profile, pixel size, transparency, significant bits, animation) are copied;
text chunks, EXIF, modification time and every chunk exposure does not know are left out, as is
anything after IEND. Every chunk's checksum is verified first: a damaged file gets no copy.
"""

from __future__ import annotations

import struct
import zlib

from audit.clean import icc
from audit.clean.exif import EXIF_HEADER, KeptValues, build_tiff, read_facts
from audit.clean.model import Dropped, Keep, Part, RewriteError, Rewritten
from audit.readers.containers import STANDARD_PROFILE_NAMES

SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CHUNKS = 100000
MAX_PROFILE = 16 << 20
_CRITICAL = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND"})
_DISPLAY = frozenset({b"gAMA", b"cHRM", b"sRGB", b"pHYs", b"tRNS", b"sBIT", b"bKGD"})
_ANIMATION = frozenset({b"acTL", b"fcTL", b"fdAT"})
#: The longest body each display chunk has by the PNG specification (sBIT and bKGD by colour
#: type, at most). Bytes after it are read by no viewer and could hide anything: they are cut.
LONGEST_BODIES = {
    b"gAMA": 4, b"cHRM": 32, b"sRGB": 1, b"pHYs": 9, b"sBIT": 4, b"bKGD": 6, b"acTL": 8,
    b"fcTL": 26,
}  # fmt: skip
_DROPPED = {
    b"tEXt": Part.TEXT,
    b"zTXt": Part.TEXT,
    b"iTXt": Part.TEXT,
    b"eXIf": Part.EXIF,
    b"tIME": Part.TIME,
}


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _orientation(body: bytes) -> int:
    # Some writers put JPEG's "Exif\0\0" header in front of the TIFF structure; readers accept it.
    return read_facts(body.removeprefix(EXIF_HEADER)).orientation


def _iccp(body: bytes) -> tuple[bytes, icc.IccResult]:
    name, separator, rest = body.partition(b"\x00")
    if not separator or len(rest) < 1 or rest[0] != 0:
        raise RewriteError("the colour profile chunk is damaged")
    inflater = zlib.decompressobj()
    try:
        profile = inflater.decompress(rest[1:], MAX_PROFILE)
    except zlib.error as error:
        raise RewriteError("the colour profile chunk is damaged") from error
    result = icc.check(profile)
    if result.action is icc.IccAction.KEPT:
        if name.decode("latin-1").strip().lower() in STANDARD_PROFILE_NAMES:
            return body, result
        # The chunk's own name for the profile may be a person's: renamed, the profile unchanged.
        return b"ICC profile\x00" + rest, result
    return b"ICC profile\x00\x00" + zlib.compress(result.profile, 9), result


def rewrite(
    data: bytes,
    position: tuple[float, float] | None = None,
    orientation: int | None = None,
    date: str | None = None,
) -> Rewritten:
    """The copy keeping only what shows the picture; RewriteError if damaged.

    ``orientation`` overrides the one in the file (a covered copy has lost its own).
    """
    if not data.startswith(SIGNATURE):
        raise RewriteError("the file does not start like a PNG")
    out = [SIGNATURE]
    dropped: list[Dropped] = []
    kept: list[Keep] = []
    found_orientation = 1
    pos, ended = len(SIGNATURE), False
    for _ in range(MAX_CHUNKS):
        if pos + 12 > len(data):
            break
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if length > 0x7FFFFFFF or pos + 12 + length > len(data):
            raise RewriteError("a PNG chunk runs past the end of the file")
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise RewriteError(f"the checksum of a {kind.decode('latin-1')!r} chunk is wrong")
        whole = data[pos : pos + 12 + length]
        pos += 12 + length
        if kind == b"IEND":
            ended = True
            break
        longest = LONGEST_BODIES.get(kind)
        if longest is not None and length > longest:
            whole = chunk(kind, body[:longest])
        if kind in _CRITICAL or kind in _DISPLAY:
            if (kind == b"IHDR") != (len(out) == 1):
                raise RewriteError("the PNG header chunk is missing or out of place")
            out.append(whole)
        elif kind in _ANIMATION:
            out.append(whole)
            if kind == b"acTL":
                kept.append(Keep.ANIMATION)
        elif kind == b"iCCP":
            new_body, result = _iccp(body)
            out.append(whole if new_body is body else chunk(b"iCCP", new_body))
            kept.append(icc.KEPT_AS[result.action])
        else:
            if kind.lower() == b"exif":
                found_orientation = _orientation(body)
            dropped.append(Dropped(_DROPPED.get(kind, Part.OTHER), length))
    if not ended:
        raise RewriteError("the file ends before the picture does (no IEND chunk)")
    if pos < len(data):
        dropped.append(Dropped(Part.TRAILER, len(data) - pos))
    if orientation is not None:
        found_orientation = orientation
    tiff = build_tiff(KeptValues(orientation=found_orientation, date=date, position=position))
    if found_orientation != 1:
        kept.append(Keep.ORIENTATION)
    if date is not None:
        kept.append(Keep.DATE)
    if position is not None:
        kept.append(Keep.COARSE_LOCATION)
    if tiff:
        # eXIf must come before the first IDAT; right after IHDR is always valid.
        out.insert(2, chunk(b"eXIf", tiff))
    out.append(chunk(b"IEND", b""))
    return Rewritten(b"".join(out), tuple(dropped), tuple(kept), found_orientation)
