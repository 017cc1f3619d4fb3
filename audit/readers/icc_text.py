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
        "colour profile", "no copyright", "lab identity built-in", "xyz identity built-in",
    }
)  # fmt: skip
_STANDARD_PATTERN = re.compile(
    r"copyright apple,? inc\.?,? \d{4}|copyright \d{4} apple,? inc\.?(,? all rights reserved\.?)?"
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


#: Tag types that hold colour data only (numbers: curves, tables, matrices, measurements), by
#: ICC.1:2022 section 10, plus Apple's video-card gamma and its display's native response and
#: make-and-model numbers (``vcgt``, ``ndin``, ``mmod``, all binary). Any other type (``data``,
#: ``dict``, a private one) may hold text, so its printable runs are read as text.
COLOUR_TYPES = frozenset(
    {
        b"XYZ ", b"curv", b"para", b"sf32", b"mft1", b"mft2", b"mAB ", b"mBA ", b"mpet",
        b"chrm", b"meas", b"view", b"sig ", b"cicp", b"vcgt", b"uf32", b"ui16", b"ui32",
        b"ui64", b"ui08", b"dtim", b"ndin", b"mmod",
    }
)  # fmt: skip
_PRINTABLE = re.compile(rb"[\x20-\x7e]{4,}")
_PRINTABLE_UTF16 = re.compile(rb"(?:\x00[\x20-\x7e]){4,}")
_WORD = re.compile(r"[A-Za-z]{4}")
#: Two or more CJK ideographs in UTF-8 (a Chinese or Japanese name), and in UTF-16 after its
#: byte-order mark; without the mark, binary numbers too often read as UTF-16 ideographs.
_IDEOGRAPHS_UTF8 = re.compile(rb"(?:[\xe4-\xe9][\x80-\xbf]{2}){2,}")
_IDEOGRAPHS_UTF16 = re.compile(rb"\xfe\xff((?:[\x4e-\x9f][\x00-\xff]){2,})")
#: A payload that is UTF-16 text alone: printable ASCII and CJK ideographs, two or more.
_UTF16_TEXT = re.compile(rb"(?:\x00[\x20-\x7e]|[\x4e-\x9f][\x00-\xff]){2,}", re.DOTALL)


def _segments(raw: bytes) -> list[str]:
    """Every piece of text between zero bytes: text after a terminating zero is text too."""
    return [part.decode("latin-1") for part in raw.split(b"\x00") if part.strip()]


def _runs(raw: bytes) -> list[str]:
    """Printable runs in bytes of no known text layout, written in ASCII or in UTF-16, that
    hold a word (four letters in a row): binary numbers often read as a few printable bytes."""
    raw = raw[:MAX_TEXT_BYTES]
    found = [run.decode("ascii") for run in _PRINTABLE.findall(raw)]
    for run in _PRINTABLE_UTF16.findall(raw):
        found.append(run.decode("utf-16-be", errors="replace"))
    words = [run for run in found if _WORD.search(run)]
    words += [run.decode("utf-8", errors="replace") for run in _IDEOGRAPHS_UTF8.findall(raw)]
    words += [run.decode("utf-16-be", errors="replace") for run in _IDEOGRAPHS_UTF16.findall(raw)]
    return words


def _desc_texts(body: bytes) -> list[str]:
    """A v2 ``desc``: its ASCII text, then its Unicode and ScriptCode versions (ICC.1:2001-04,
    6.5.17), each of which may say something else."""
    (length,) = struct.unpack(">I", body[8:12])
    end = 12 + min(length, len(body) - 12, MAX_TEXT_BYTES)
    texts = _segments(body[12:end])
    if end + 8 <= len(body):
        (count,) = struct.unpack(">I", body[end + 4 : end + 8])
        unicode_end = end + 8 + 2 * min(count, MAX_TEXT_BYTES)
        texts += [
            part
            for part in body[end + 8 : unicode_end].decode("utf-16-be", "replace").split("\x00")
            if part.strip()
        ]
        if unicode_end + 3 <= len(body):
            script_count = body[unicode_end + 2]
            texts += _segments(body[unicode_end + 3 : unicode_end + 3 + min(script_count, 67)])
    return texts


def _dict_texts(body: bytes) -> list[str]:
    """A ``dict`` (ICC.1:2022, 10.8): names and values, each UTF-16 at an offset in the tag."""
    if len(body) < 16:
        return []
    count, record = struct.unpack(">II", body[8:16])
    if record not in (16, 24, 32):
        return _runs(body[8:])
    texts = []
    for index in range(min(count, 100)):
        start = 16 + record * index
        if start + record > len(body):
            break
        fields = struct.unpack(f">{record // 4}I", body[start : start + record])
        for offset, size in zip(fields[0::2], fields[1::2], strict=True):
            if size and offset + size <= len(body):
                text = body[offset : offset + min(size, MAX_TEXT_BYTES)]
                texts.append(text.decode("utf-16-be", errors="replace"))
    return texts


def _mluc_texts(body: bytes) -> list[str]:
    """An ``mluc``: one UTF-16 text per language, each at an offset in the tag."""
    if len(body) < 16:
        return []
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


def _text_of(body: bytes) -> list[str]:
    kind = body[:4]
    if kind == b"text":
        return _segments(body[8 : 8 + MAX_TEXT_BYTES])
    if kind == b"desc":
        return _desc_texts(body) if len(body) >= 12 else []
    if kind == b"mluc":
        return _mluc_texts(body)
    if kind == b"dict":
        return _dict_texts(body)
    if kind == b"data" and len(body) >= 12 and body[8:12] == b"\x00\x00\x00\x00":
        return _segments(body[12 : 12 + MAX_TEXT_BYTES])  # ASCII data; binary data below
    if kind in COLOUR_TYPES:
        return _runs(body[_colour_length(body) :])
    payload = body[12:] if kind == b"data" else body[8:]
    if _UTF16_TEXT.fullmatch(payload[:MAX_TEXT_BYTES].rstrip(b"\x00")):
        # Binary data that is nothing but UTF-16 text: a name in any script, no BOM needed.
        return [payload[:MAX_TEXT_BYTES].decode("utf-16-be", errors="replace").strip("\x00")]
    return _runs(body[4:])


def _colour_length(body: bytes) -> int:
    """How many bytes a colour tag's own data takes, for the types whose length its header
    gives (ICC.1:2022 section 10): what a writer put after it is data no colour reader uses.
    The others are taken as long as the tag."""
    kind, count = body[:4], int.from_bytes(body[8:12], "big") if len(body) >= 12 else 0
    if kind == b"curv":
        return 12 + 2 * count
    if kind == b"sig ":
        return 12
    if kind == b"XYZ ":
        return len(body) - (len(body) - 8) % 12
    if kind == b"para" and len(body) >= 10:
        return 12 + 4 * _PARAMETERS.get(int.from_bytes(body[8:10], "big"), 0)
    return len(body)


#: Parameters of each parametric curve function (``para``), by its function type.
_PARAMETERS = {0: 1, 1: 3, 2: 4, 3: 5, 4: 7}


def _texts_by_tag(profile: bytes) -> tuple[list[tuple[bytes, str]], bool]:
    """Each text with its tag's signature, and whether a bound stopped the reading (more tags
    or more text than read: a profile of a camera or a system holds a few short texts)."""
    table = tag_table(profile)
    cut = len(profile) >= 132 and struct.unpack(">I", profile[128:132])[0] > _MAX_TAGS
    found: list[tuple[bytes, str]] = []
    budget = MAX_TEXTS_BYTES
    for text in _runs(_outside_tags(profile, table)):
        found.append((b"", text))
    for signature, offset, size in dict.fromkeys(table):
        for text in _text_of(profile[offset : offset + size]):
            budget -= len(text)
            if budget < 0:
                return found, True
            if text.strip("\x00 "):
                found.append((signature, text.strip("\x00 ")))
    return found, cut


def _outside_tags(profile: bytes, table: list[tuple[bytes, int, int]]) -> bytes:
    """The bytes no tag claims: the header's reserved end (bytes 100-127, zero by the
    standard), gaps between tags and anything after the last one. Writers leave zeros there;
    anything else is data hidden from every reader of the profile."""
    claimed = sorted(
        [(0, 100), (128, 132 + 12 * len(table))]
        + [(offset, offset + size) for _signature, offset, size in table]
    )
    loose = []
    reached = 0
    for start, end in claimed:
        if start > reached:
            loose.append(profile[reached:start])
        reached = max(reached, end)
    loose.append(profile[reached:])
    return b"\x00".join(loose)[: 4 * MAX_TEXT_BYTES]


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
    """True when every text in the profile is a standard maker's wording (and all were read),
    by the same reading the scan reports from (Apple's translations of a standard description
    included)."""
    pairs, cut = _texts_by_tag(profile)
    if cut or not pairs or profile[80:84] == b"lcms":  # Little CMS stamps when it built it
        return False
    unusual, _ = unusual_texts(profile)
    return not unusual
