"""Keep a photo's colour profile, but never one that names a person, a program or a time.

A colour profile is needed for colours to show as they were shot (a Display P3 photo looks dull
without one), so it is kept. Its text fields (description, copyright, maker and model
descriptions) and its header (creation time, creator) can carry a name or the software that
made it. A profile whose texts are all the standard wordings shipped by camera and system
makers is kept byte for byte; any other is replaced by the standard profile of the same colour
space (sRGB, Display P3, Adobe RGB), built here, so the colours stay the same; a profile of
another colour space keeps its colour data with its texts and header stamps cleared.
The derivation of the standard profiles is in docs/cleaning.md.
"""

from __future__ import annotations

import enum
import struct
from dataclasses import dataclass
from functools import cache

from audit.clean.model import Keep
from audit.readers.icc_text import COLOUR_TYPES, is_standard
from audit.readers.icc_text import tag_table as _tags


class IccAction(enum.StrEnum):
    KEPT = "kept"
    REPLACED = "replaced"
    NEUTRALISED = "neutralised"


#: What a receipt says a copy kept, for each way its profile was checked.
KEPT_AS = {
    IccAction.KEPT: Keep.COLOUR_PROFILE,
    IccAction.REPLACED: Keep.STANDARD_PROFILE,
    IccAction.NEUTRALISED: Keep.NEUTRAL_PROFILE,
}


@dataclass(frozen=True)
class IccResult:
    profile: bytes
    action: IccAction
    #: The standard colour space the profile was recognised as ("sRGB", "Display P3", ...).
    space: str | None = None


def _xyz(profile: bytes, signature: bytes) -> tuple[float, float, float] | None:
    for tag, offset, size in _tags(profile):
        if tag == signature and size >= 20 and profile[offset : offset + 4] == b"XYZ ":
            values = struct.unpack(">iii", profile[offset + 8 : offset + 20])
            return (values[0] / 65536, values[1] / 65536, values[2] / 65536)
    return None


def colour_space(profile: bytes) -> str | None:
    """The standard RGB space whose primaries the profile's match, if any."""
    if len(profile) < 128 or profile[16:20] != b"RGB ":
        return None
    measured = [_xyz(profile, tag) for tag in (b"rXYZ", b"gXYZ", b"bXYZ")]
    if any(value is None for value in measured):
        return None
    for name, space in SPACES.items():
        expected = colorants(space)
        if all(
            abs(a - b) < 0.01
            for column, want in zip(measured, expected, strict=True)
            if column is not None
            for a, b in zip(column, want, strict=True)
        ):
            return name
    return None


# Building the standard profiles --------------------------------------------------------------


@dataclass(frozen=True)
class Space:
    """An RGB colour space: its primaries and white point (CIE xy) and its tone curve."""

    red: tuple[float, float]
    green: tuple[float, float]
    blue: tuple[float, float]
    white: tuple[float, float]
    #: None for the sRGB curve; otherwise a pure power (gamma).
    gamma: float | None


_D65 = (0.3127, 0.3290)
SPACES = {
    "sRGB": Space((0.64, 0.33), (0.30, 0.60), (0.15, 0.06), _D65, None),
    "Display P3": Space((0.680, 0.320), (0.265, 0.690), (0.150, 0.060), _D65, None),
    "Adobe RGB (1998)": Space((0.64, 0.33), (0.21, 0.71), (0.15, 0.06), _D65, 563 / 256),
}
_D50_XYZ = (0.9642, 1.0, 0.8249)
_BRADFORD = ((0.8951, 0.2664, -0.1614), (-0.7502, 1.7135, 0.0367), (0.0389, -0.0685, 1.0296))

Matrix = tuple[tuple[float, float, float], ...]


def _mul(a: Matrix, b: Matrix) -> Matrix:
    return tuple(
        (
            sum(a[i][k] * b[k][0] for k in range(3)),
            sum(a[i][k] * b[k][1] for k in range(3)),
            sum(a[i][k] * b[k][2] for k in range(3)),
        )
        for i in range(3)
    )


def _apply(m: Matrix, v: tuple[float, float, float]) -> tuple[float, float, float]:
    return (
        sum(m[0][k] * v[k] for k in range(3)),
        sum(m[1][k] * v[k] for k in range(3)),
        sum(m[2][k] * v[k] for k in range(3)),
    )


def _inverse(m: Matrix) -> Matrix:
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return (
        ((e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det),
        ((f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det),
        ((d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det),
    )


def _xy_to_xyz(xy: tuple[float, float]) -> tuple[float, float, float]:
    x, y = xy
    return (x / y, 1.0, (1 - x - y) / y)


def _rows(columns: list[tuple[float, float, float]]) -> Matrix:
    return tuple((columns[0][row], columns[1][row], columns[2][row]) for row in range(3))


def colorants(space: Space) -> tuple[tuple[float, float, float], ...]:
    """The red, green and blue columns (XYZ, adapted to D50 with Bradford) of the space."""
    columns = [_xy_to_xyz(p) for p in (space.red, space.green, space.blue)]
    primaries = _rows(columns)
    scale = _apply(_inverse(primaries), _xy_to_xyz(space.white))
    rgb_to_xyz: Matrix = tuple(
        (row[0] * scale[0], row[1] * scale[1], row[2] * scale[2]) for row in primaries
    )
    source = _apply(_BRADFORD, _xy_to_xyz(space.white))
    target = _apply(_BRADFORD, _D50_XYZ)
    gain: Matrix = (
        (target[0] / source[0], 0.0, 0.0),
        (0.0, target[1] / source[1], 0.0),
        (0.0, 0.0, target[2] / source[2]),
    )
    adapt = _mul(_mul(_inverse(_BRADFORD), gain), _BRADFORD)
    adapted = _mul(adapt, rgb_to_xyz)
    return tuple((adapted[0][c], adapted[1][c], adapted[2][c]) for c in range(3))


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(value: tuple[float, float, float]) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + b"".join(_s15(v) for v in value)


def _desc_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\x00"
    body = b"desc\x00\x00\x00\x00" + struct.pack(">I", len(ascii_text)) + ascii_text
    # Unicode and ScriptCode parts left empty, as the v2 format allows.
    return body + b"\x00" * 8 + b"\x00" * 3 + b"\x00" * 67


def _text_tag(text: str) -> bytes:
    return b"text\x00\x00\x00\x00" + text.encode("ascii") + b"\x00"


def _curve_tag(gamma: float | None) -> bytes:
    if gamma is not None:
        return b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(gamma * 256)) + b"\x00\x00"
    points = 1024
    values = []
    for index in range(points):
        v = index / (points - 1)
        linear = v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        values.append(round(linear * 65535))
    return b"curv\x00\x00\x00\x00" + struct.pack(f">I{points}H", points, *values)


def _assemble(header: bytes, tags: list[tuple[bytes, bytes]]) -> bytes:
    """A profile from a 128-byte header and (signature, body) tags; equal bodies are shared."""
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    offset += (-offset) % 4
    placed: dict[bytes, int] = {}
    table = [struct.pack(">I", len(tags))]
    data = bytearray()
    for signature, body in tags:
        if body not in placed:
            placed[body] = offset + len(data)
            data += body + b"\x00" * ((-len(body)) % 4)
        table.append(signature + struct.pack(">II", placed[body], len(body)))
    head = b"".join(table)
    head += b"\x00" * ((-(128 + len(head))) % 4)
    profile = bytearray(header) + head + data
    profile[0:4] = struct.pack(">I", len(profile))
    return bytes(profile)


def _standard_header() -> bytes:
    header = bytearray(128)
    header[8:12] = bytes((2, 0x10, 0, 0))
    header[12:16] = b"mntr"
    header[16:20] = b"RGB "
    header[20:24] = b"XYZ "
    header[24:36] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
    header[36:40] = b"acsp"
    header[68:80] = b"".join(_s15(v) for v in _D50_XYZ)
    return bytes(header)


@cache
def standard_profile(name: str) -> bytes:
    """The standard profile of one of SPACES, the same bytes on every run and every machine."""
    space = SPACES[name]
    red, green, blue = colorants(space)
    curve = _curve_tag(space.gamma)
    return _assemble(
        _standard_header(),
        [
            (b"desc", _desc_tag(name)),
            (b"cprt", _text_tag("No copyright, use freely")),
            (b"wtpt", _xyz_tag(_D50_XYZ)),
            (b"rXYZ", _xyz_tag(red)),
            (b"gXYZ", _xyz_tag(green)),
            (b"bXYZ", _xyz_tag(blue)),
            (b"rTRC", curve),
            (b"gTRC", curve),
            (b"bTRC", curve),
        ],
    )


def _neutralised(profile: bytes) -> bytes:
    """The profile's colour data with its texts replaced and its header stamps cleared."""
    version = profile[8]
    tags: list[tuple[bytes, bytes]] = []
    for signature, offset, size in _tags(profile):
        body = profile[offset : offset + size]
        if signature == b"desc":
            tags.append(
                (signature, _desc_tag("Colour profile") if version < 4 else _mluc("Colour profile"))
            )
        elif signature == b"cprt":
            tags.append(
                (signature, _text_tag("No copyright") if version < 4 else _mluc("No copyright"))
            )
        elif body[:4] in COLOUR_TYPES:
            tags.append((signature, body))
        # Every other tag is left out: texts, and types that may hold any data (``data``,
        # ``dict``, a maker's own), none of which the colours need.
    header = bytearray(profile[:128])
    header[100:128] = bytes(28)  # reserved: zero by the standard
    header[4:8] = bytes(4)  # preferred colour engine
    header[24:36] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)  # creation time
    header[40:44] = bytes(4)  # platform
    header[48:56] = bytes(8)  # device maker and model
    header[80:84] = bytes(4)  # creator
    header[84:100] = bytes(16)  # profile id (a checksum of the old contents)
    return _assemble(bytes(header), tags)


def _mluc(text: str) -> bytes:
    encoded = text.encode("utf-16-be")
    return (
        b"mluc\x00\x00\x00\x00"
        + struct.pack(">II2s2sII", 1, 12, b"en", b"US", len(encoded), 28)
        + encoded
    )


def check(profile: bytes) -> IccResult:
    """The profile to write into a copy, and what was done to it."""
    space = colour_space(profile)
    if is_standard(profile):
        return IccResult(profile, IccAction.KEPT, space)
    if space is not None:
        return IccResult(standard_profile(space), IccAction.REPLACED, space)
    return IccResult(_neutralised(profile), IccAction.NEUTRALISED, None)
