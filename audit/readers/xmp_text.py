"""A forgiving second reading of an XMP packet, for when the strict reader gives up on it.

XMP is text. exiv2 hands a packet to a strict XML parser, which drops the whole packet over one
bare ``&`` or a stray ``<``, so a photo could look clean while the owner's name and GPS position
sit in plain sight. This module first repairs the common damage (bare ampersands, control
characters) and lets exiv2 try again; when that still fails it walks the text with a tokenizer
that never rejects input and names what it finds the way exiv2 does (``Xmp.dc.creator``,
``Xmp.iptc.CreatorContactInfo/Iptc4xmpCore:CiEmailWork``), so the same rules apply.

Everything is bounded: the strict reader only sees packets up to ``MAX_PARSE`` bytes (its
parser needed about 47 bytes of memory per byte of XMP), and the tokenizer searches at most
``MAX_SCAN`` bytes of a packet, which the caller reports when a packet is longer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from audit.readers.metadata import MAX_TAGS, Tag, TagCollector, clean_text

#: Largest packet handed to exiv2's strict parser: real packets, even with a long editing
#: history, stay well under this; a 200 MB one made that parser take 9.5 GB.
MAX_PARSE = 4 << 20
#: Most bytes of one packet the forgiving tokenizer searches.
MAX_SCAN = 16 << 20

_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z][\w.-]{0,31}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});)")
#: Bytes XML 1.0 forbids anywhere (all C0 controls but tab, line feed and carriage return).
_XML_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: A tag's attributes are matched up to this many characters or quoted values, and a quoted value
#: up to this length: without a bound, a tag left open for megabytes made the matcher hold
#: gigabytes. Real packets (a camera-raw Description holds a few hundred attributes) stay far below.
_MAX_TAG_STEPS = 1 << 16
_STEPS = str(_MAX_TAG_STEPS)
_TOKEN = re.compile(
    r"<(/?)([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)"
    r"((?:[^<>\"']|\"[^\"]{0,STEPS}\"|'[^']{0,STEPS}'){0,STEPS}?)(/?)>"
    r"|<[^<>]*>|([^<]+)".replace("STEPS", _STEPS)
)
_ATTRIBUTE = re.compile(r"([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_NAMESPACE = re.compile(r"xmlns:([A-Za-z_][\w.-]*)\s*=\s*[\"']([^\"']*)[\"']")
#: Element prefixes that give the packet its shape, never a property name.
_FRAME = frozenset({"x", "rdf", "xmlns", "xml"})
#: Most levels of nesting followed: real packets use five or six.
_MAX_DEPTH = 64


@dataclass(frozen=True)
class Outcome:
    """How the forgiving pass went: values found, and whether the whole packet was searched."""

    found: int
    complete: bool
    #: Which way the values were read: "transcoded" (exiv2, once a UTF-16 or UTF-32 packet was
    #: written as UTF-8: nothing was wrong with it), "repaired" (exiv2 after repair) or "tokens".
    how: str


def repair(packet: bytes) -> bytes:
    """The packet with bare ampersands escaped and forbidden control characters removed."""
    return _XML_FORBIDDEN.sub(b"", _BARE_AMPERSAND.sub(b"&amp;", packet))


def read(
    packet: bytes | memoryview,
    wanted: Callable[[str], bool],
    tags: TagCollector,
    strict: Callable[[bytes], int] | None = None,
    size: int | None = None,
) -> Outcome:
    """Add the wanted values of a damaged ``packet`` to ``tags``.

    ``strict`` parses a packet the strict way and returns how many values it read (exiv2, in
    the caller); it is tried first on the repaired packet when the packet is small enough.
    ``size`` is the packet's real length when ``packet`` holds only its beginning.
    """
    size = len(packet) if size is None else size
    encoding = wide_encoding(packet)
    if encoding is not None:
        # XMP may be written in UTF-16 or UTF-32 (XMP part 1, 7.3.1); exiv2 reads only UTF-8.
        packet = bytes(packet[:MAX_SCAN]).decode(encoding, errors="replace").encode("utf-8")
        if strict is not None and len(packet) <= MAX_PARSE:
            found = strict(packet)
            if found:
                return Outcome(found, size <= MAX_SCAN, "transcoded")
    if strict is not None and size <= MAX_PARSE:
        found = strict(repair(bytes(packet)))
        if found:
            return Outcome(found, True, "repaired")
    text = bytes(packet[:MAX_SCAN]).decode("utf-8", errors="replace")
    return Outcome(_tokens(text, wanted, tags), size <= MAX_SCAN, "tokens")


#: How a packet in UTF-16 or UTF-32 begins (its byte-order mark, or the ``<`` of its first tag
#: followed by the other bytes of that character), and the codec that reads it.
_WIDE_STARTS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def wide_encoding(packet: bytes | memoryview) -> str | None:
    """The codec of a packet written in UTF-16 or UTF-32, or None for UTF-8 (and anything else)."""
    head = bytes(packet[:4])
    return next((codec for start, codec in _WIDE_STARTS if head.startswith(start)), None)


_FRAMING = re.compile(
    rb"<\?xpacket[^>]*\?>|</?x:xmpmeta[^>]*>|</?rdf:RDF[^>]*>|<rdf:Description[^>]*?/?>"
    rb"|</rdf:Description>|\s+"
)


def looks_empty(packet: bytes) -> bool:
    """True for a packet that is only its frame (a valid packet with no properties)."""
    return not _FRAMING.sub(b"", bytes(packet[:65536])).strip(b"\x00")


def _tokens(text: str, wanted: Callable[[str], bool], tags: TagCollector) -> int:
    """Values found by walking the text as tokens; every property counts, wanted or not."""
    namespaces = {match.group(1): match.group(2) for match in _NAMESPACE.finditer(text)}
    prefixes: dict[str, str] = {}
    values: dict[str, list[str]] = {}
    stack: list[tuple[str, str]] = []
    counters: list[int] = []

    def exiv2_prefix(prefix: str) -> str:
        if prefix not in prefixes:
            prefixes[prefix] = _registered_prefix(namespaces.get(prefix, "")) or prefix
        return prefixes[prefix]

    def key(extra: tuple[str, str] | None = None) -> str | None:
        parts: list[str] = []
        pending_item = 0
        for kind, name in [*stack, extra] if extra else stack:
            if kind == "item":
                pending_item = int(name)
                continue
            if kind != "property":
                continue
            prefix, _, local = name.partition(":")
            if not parts:
                parts.append(f"Xmp.{exiv2_prefix(prefix)}.{local}")
            else:
                if pending_item:
                    parts.append(f"[{pending_item}]")
                parts.append(f"/{name}")
            pending_item = 0
        return "".join(parts) or None

    def add(found: str | None, value: str) -> None:
        value = clean_text(html.unescape(value))
        if found and value and wanted(found):
            values.setdefault(found, []).append(value)

    total = 0
    for match in _TOKEN.finditer(text):
        if total >= MAX_TAGS:
            break
        closing, prefix, local, attributes, empty, content = match.groups()
        if content is not None:
            found = key() if stack and content.strip() else None
            if found:
                add(found, content)
                total += 1
            continue
        if prefix is None:
            continue
        name = f"{prefix}:{local}"
        if closing:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][1] == name or (stack[depth][0] == "item" and name == "rdf:li"):
                    del stack[depth:]
                    del counters[depth:]
                    break
            continue
        if name == "rdf:li":
            if counters:
                counters[-1] += 1
            frame = ("item", str(counters[-1] if counters else 1))
        elif prefix in _FRAME:
            frame = ("frame", name)
        else:
            frame = ("property", name)
        for attribute in _ATTRIBUTE.finditer(attributes or ""):
            attribute_prefix, attribute_local, double, single = attribute.groups()
            if (attribute_prefix, attribute_local) == ("rdf", "resource") and frame[0] != "frame":
                # RDF's other way to write a value: <xmpMM:DocumentID rdf:resource="..."/>.
                stack.append(frame)
                add(key(), double or single or "")
                stack.pop()
                total += 1
                continue
            if attribute_prefix in _FRAME:
                continue
            stack.append(frame)
            add(key(("property", f"{attribute_prefix}:{attribute_local}")), double or single or "")
            stack.pop()
            total += 1
        if not empty and len(stack) < _MAX_DEPTH:
            stack.append(frame)
            counters.append(0)
    for found, texts in values.items():
        tags.add(Tag(found, clean_text(", ".join(dict.fromkeys(texts)))))
    return total


def _registered_prefix(namespace: str) -> str:
    """exiv2's own short prefix for a namespace URI (``dc``, ``exif``, ``iptc``), or ''."""
    if not namespace:
        return ""
    from audit.readers.exiv2_reader import registered_prefix

    return registered_prefix(namespace)
