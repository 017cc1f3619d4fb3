"""Rewrite a WebP's RIFF chunks, never its picture.

EXIF and XMP chunks and any chunk exposure does not know are left out, their flags cleared in
the VP8X header, and the RIFF size fixed. The colour profile is checked like a JPEG's; the
orientation, when the original's EXIF had one, is kept in a new minimal EXIF chunk.
"""

from __future__ import annotations

import struct

from audit.clean import icc
from audit.clean.exif import EXIF_HEADER, KeptValues, build_tiff, read_facts
from audit.clean.model import Dropped, Keep, Part, RewriteError, Rewritten

MAX_CHUNKS = 100000
_PICTURE = frozenset({b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF"})
_FLAG_ICC, _FLAG_EXIF, _FLAG_XMP = 0x20, 0x08, 0x04


def _chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")


def _tiff(body: bytes) -> bytes:
    return body[len(EXIF_HEADER) :] if body.startswith(EXIF_HEADER) else body


def rewrite(
    data: bytes,
    position: tuple[float, float] | None = None,
    orientation: int | None = None,
    date: str | None = None,
) -> Rewritten:
    """The copy keeping only what shows the picture; RewriteError if damaged.

    ``orientation`` overrides the one in the file (a covered copy has lost its own).
    """
    if len(data) < 20 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise RewriteError("the file does not start like a WebP")
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = min(len(data), 8 + riff_size)
    dropped: list[Dropped] = []
    kept: list[Keep] = []
    chunks: list[tuple[bytes, bytes]] = []
    found_orientation, has_picture = 1, False
    pos = 12
    for _ in range(MAX_CHUNKS):
        if pos + 8 > end:
            break
        kind = data[pos : pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        if pos + 8 + length > end:
            raise RewriteError("a WebP chunk runs past the end of the file")
        body = data[pos + 8 : pos + 8 + length]
        pos += 8 + length + (length % 2)
        if kind in _PICTURE or kind == b"VP8X":
            has_picture = has_picture or kind in (b"VP8 ", b"VP8L", b"ANMF")
            chunks.append((kind, body))
        elif kind == b"ICCP":
            result = icc.check(body)
            chunks.append((kind, result.profile))
            kept.append(
                {
                    icc.IccAction.KEPT: Keep.COLOUR_PROFILE,
                    icc.IccAction.REPLACED: Keep.STANDARD_PROFILE,
                    icc.IccAction.NEUTRALISED: Keep.NEUTRAL_PROFILE,
                }[result.action]
            )
        elif kind == b"EXIF":
            found_orientation = read_facts(_tiff(body)).orientation
            dropped.append(Dropped(Part.EXIF, length))
        elif kind == b"XMP ":
            dropped.append(Dropped(Part.XMP, length))
        else:
            dropped.append(Dropped(Part.OTHER, length))
    if not has_picture:
        raise RewriteError("the file holds no picture data")
    if end < len(data):
        dropped.append(Dropped(Part.TRAILER, len(data) - end))
    if orientation is not None:
        found_orientation = orientation
    tiff = build_tiff(KeptValues(orientation=found_orientation, date=date, position=position))
    if found_orientation != 1:
        kept.append(Keep.ORIENTATION)
    if date is not None:
        kept.append(Keep.DATE)
    if position is not None:
        kept.append(Keep.COARSE_LOCATION)
    out = []
    for kind, body in chunks:
        if kind == b"VP8X":
            if len(body) < 10:
                raise RewriteError("the WebP extended header is too short")
            flags = body[0] & ~(_FLAG_EXIF | _FLAG_XMP)
            if not any(k == b"ICCP" for k, _ in chunks):
                flags &= ~_FLAG_ICC
            if tiff:
                flags |= _FLAG_EXIF
            body = bytes((flags,)) + body[1:]
        out.append(_chunk(kind, body))
    if tiff:
        if not any(kind == b"VP8X" for kind, _ in chunks):
            # A simple WebP has no place for EXIF; the orientation cannot be kept in it.
            kept = [k for k in kept if k not in (Keep.ORIENTATION, Keep.DATE, Keep.COARSE_LOCATION)]
        else:
            out.append(_chunk(b"EXIF", tiff))
    payload = b"WEBP" + b"".join(out)
    return Rewritten(
        b"RIFF" + struct.pack("<I", len(payload)) + payload,
        tuple(dropped),
        tuple(kept),
        found_orientation,
    )
