"""Decode a page's bytes: BOM, then the server's header, then the page's own meta tag, then a guess.

Chinese pages are still often GBK or GB2312; GB18030 is a superset of both, so any of those names
decodes as GB18030. Without a declaration that fits the bytes, UTF-8 is tried strictly and
GB18030 is the fallback, since Chinese text in GB18030 is almost never valid UTF-8. Undecodable
bytes become U+FFFD: a broken page is still read, never refused.
"""

from __future__ import annotations

import codecs
import re

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_FAMILY = {"gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "gb18030", "hz-gb-2312"}
#: The meta tag must be near the start (HTML says within the first 1024 bytes; we allow more).
_META_WINDOW = 4096


def _known(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _fits(data: bytes, name: str) -> bool:
    """The bytes decode cleanly (a body cut at the cap may end inside a character)."""
    try:
        data.decode(name)
    except UnicodeDecodeError as error:
        return error.start >= len(data) - 3
    except LookupError:
        return False
    return True


def sniff(data: bytes, declared: str | None = None) -> str:
    """The codec name to decode ``data`` with.

    A declared charset that the bytes contradict (a server saying UTF-8 about a GBK page) is
    passed over for the next clue, so a wrong header does not turn the page into noise.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    match = _META.search(data[:_META_WINDOW])
    from_meta = _known(match.group(1).decode("ascii", "replace")) if match else None
    if from_meta in ("utf-16-le", "utf-16-be", "utf-16"):
        from_meta = None
    for candidate in (_known(declared), from_meta):
        if candidate and _fits(data, candidate):
            return candidate
    return "utf-8" if _fits(data, "utf-8") else "gb18030"


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """The page as text and the codec used."""
    name = sniff(data, declared)
    text = data.decode(name, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, name
