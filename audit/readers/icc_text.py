"""The words inside a colour (ICC) profile, and whether they are only a standard maker's.

A profile's description, copyright and device descriptions are free text (ICC.1:2022, tag types
``desc``, ``text`` and ``mluc``). Camera and system makers ship a few standard profiles whose
wordings millions of files share; any other wording may name the person, the computer or the
program that made the profile. The scan reports such words (checks/metadata.toml, ``ICC.Text``),
and ``exposure clean`` replaces such a profile (audit.clean.icc).
"""

from __future__ import annotations

import functools
import re
import struct

_MAX_TAGS = 200
#: Most bytes read of one text, and of all the texts of one profile.
MAX_TEXT_BYTES = 4096
MAX_TEXTS_BYTES = 64 << 10

#: Wordings of the widely shipped standard profiles (lower case): shared by millions of files.
_STANDARD_TEXTS = frozenset(
    {
        "srgb", "srgb iec61966-2.1", "srgb iec61966-2-1 black scaled", "srgb built-in",
        "display p3", "adobe rgb (1998)", "iec http://www.iec.ch",
        "iec 61966-2.1 default rgb colour space - srgb",
        "reference viewing condition in iec61966-2.1", "no copyright, use freely",
        "copyright (c) 1998 hewlett-packard company", "copyright 2000 adobe systems incorporated",
        "copyright 1999 adobe systems incorporated", "public domain", "cc0", "google inc. 2016",
        "copyright international color consortium, 2015", "copyright (c) 2016 google inc.",
        "copyright apple inc.", "p3 d65", "srgb (standard)", "srgb (generic)",
        "generic rgb profile", "generic gray profile", "generic gray gamma 2.2 profile",
        "generic cmyk profile", "color lcd", "display", "built-in retina display",
    }
)  # fmt: skip
_STANDARD_PATTERN = re.compile(
    r"copyright apple inc\.?,? \d{4}|copyright \d{4} apple inc\.?(,? all rights reserved\.?)?"
)


def tag_table(profile: bytes) -> list[tuple[bytes, int, int]]:
    """(signature, offset, size) of each tag whose data lies inside the profile."""
    if len(profile) < 132:
        return []
    (count,) = struct.unpack(">I", profile[128:132])
    tags = []
    for index in range(min(count, _MAX_TAGS)):
        start = 132 + 12 * index
        if start + 12 > len(profile):
            break
        signature = profile[start : start + 4]
        offset, size = struct.unpack(">II", profile[start + 4 : start + 12])
        if offset + size <= len(profile):
            tags.append((signature, offset, size))
    return tags


def _text_of(body: bytes) -> list[str]:
    kind = body[:4]
    if kind == b"text":
        return [body[8 : 8 + MAX_TEXT_BYTES].split(b"\x00")[0].decode("latin-1")]
    if kind == b"desc" and len(body) >= 12:
        (length,) = struct.unpack(">I", body[8:12])
        end = 12 + min(length, len(body) - 12, MAX_TEXT_BYTES)
        return [body[12:end].split(b"\x00")[0].decode("latin-1")]
    if kind == b"mluc" and len(body) >= 16:
        count, record = struct.unpack(">II", body[8:16])
        texts = []
        seen: set[tuple[int, int]] = set()
        for index in range(min(count, 100)):
            start = 16 + record * index
            if start + 12 > len(body):
                break
            length, offset = struct.unpack(">II", body[start + 4 : start + 12])
            if (offset, length) not in seen:
                seen.add((offset, length))
                text = body[offset : offset + min(length, MAX_TEXT_BYTES)]
                texts.append(text.decode("utf-16-be", errors="replace"))
        return texts
    return []


def _texts_by_tag(profile: bytes) -> tuple[list[tuple[bytes, str]], bool]:
    """Each text with its tag's signature, and whether a bound stopped the reading (more tags
    or more text than read: a profile of a camera or a system holds a few short texts)."""
    table = tag_table(profile)
    cut = len(profile) >= 132 and struct.unpack(">I", profile[128:132])[0] > _MAX_TAGS
    found: list[tuple[bytes, str]] = []
    budget = MAX_TEXTS_BYTES
    for signature, offset, size in dict.fromkeys(table):
        if profile[offset : offset + 4] not in (b"desc", b"text", b"mluc"):
            continue
        for text in _text_of(profile[offset : offset + size]):
            budget -= len(text)
            if budget < 0:
                return found, True
            if text.strip("\x00 "):
                found.append((signature, text.strip("\x00 ")))
    return found, cut


#: Profiles up to this size are remembered (a camera or phone puts the same one in every photo).
_REMEMBERED_SIZE = 64 << 10


def unusual_texts(profile: bytes) -> tuple[tuple[str, ...], bool]:
    """The texts no standard profile holds, each once, and whether some text was left unread.
    Apple's ``dscm`` tag, the description in some thirty languages, counts as standard when the
    description itself is."""
    if len(profile) <= _REMEMBERED_SIZE:
        return _remembered(profile)
    return _unusual_texts(profile)


@functools.lru_cache(maxsize=64)
def _remembered(profile: bytes) -> tuple[tuple[str, ...], bool]:
    return _unusual_texts(profile)


def _unusual_texts(profile: bytes) -> tuple[tuple[str, ...], bool]:
    found, cut = _texts_by_tag(profile)
    described = any(sig == b"desc" and standard_text(text) for sig, text in found)
    unusual = [
        text
        for sig, text in found
        if not standard_text(text) and not (sig == b"dscm" and described)
    ]
    return tuple(dict.fromkeys(unusual)), cut


def standard_text(text: str) -> bool:
    """A wording of one of the widely shipped standard profiles."""
    lowered = text.strip().lower()
    return lowered in _STANDARD_TEXTS or _STANDARD_PATTERN.fullmatch(lowered) is not None


def is_standard(profile: bytes) -> bool:
    """True when every text in the profile is a standard maker's wording (and all were read)."""
    pairs, cut = _texts_by_tag(profile)
    found = [text for _signature, text in pairs]
    if cut or profile[80:84] == b"lcms":  # Little CMS stamps the moment it built the profile
        return False
    return bool(found) and all(standard_text(text) for text in found)
