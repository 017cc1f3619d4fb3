"""The one view of a photo's metadata that every detector reads, whichever reader filled it.

Keys follow exiv2's names (``Exif.Photo.BodySerialNumber``, ``Xmp.dc.creator``,
``Iptc.Application2.City``); what exiv2 does not read gets names in the same style from the
container walker (``PNG.tEXt.Author``, ``JPEG.Comment``, ``APP12.SerialNumber``) so that one
rule table can match all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from audit import messages, sanitize
from audit.models import Text

#: Longest text kept from one value: metadata is hostile and may be megabytes long.
MAX_TEXT = 2000
#: Most values kept for one photo, whatever the file claims to hold; beyond it the photo is not
#: called fully read.
MAX_TAGS = 5000


def valid_unicode(value: str) -> str:
    """Undo the lone surrogates some readers leave for bytes that are not UTF-8."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode(
            "utf-8", "surrogateescape" if _escaped_only(value) else "replace"
        ).decode("utf-8", "replace")


def _escaped_only(value: str) -> bool:
    return all(not 0xD800 <= ord(ch) <= 0xDFFF or 0xDC80 <= ord(ch) <= 0xDCFF for ch in value)


def clean_text(value: str, limit: int = MAX_TEXT) -> str:
    """Strip control and direction-override characters, repair text, and bound the length."""
    text = sanitize.strip(valid_unicode(value)).strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def decode_bytes(raw: bytes) -> str:
    """Text from an 'undefined' or byte-array value if it is printable ASCII, hex otherwise.

    Maker-note strings are ASCII padded with NULs or spaces; binary ids (Canon's 16-byte image
    id) must come out as hex, even when their bytes happen to form valid UTF-8.
    """
    stripped = raw.strip(b"\x00 \t\r\n")
    if not stripped:
        return ""
    if all(32 <= byte < 127 or byte == 0 for byte in stripped):
        return clean_text(stripped.decode("ascii").replace("\x00", " "))
    return raw[:64].hex()


def decode_ascii_field(raw: bytes) -> str:
    """A TIFF ASCII value as text. Writers put UTF-8 there (a Chinese artist's name), which
    exiv2 and ExifTool show as text; read as bytes, the same name came out a second time in hex."""
    text = raw.split(b"\x00", 1)[0].strip()
    try:
        return clean_text(text.decode("utf-8"))
    except UnicodeDecodeError:
        return clean_text(text.decode("latin-1"))


def decode_user_comment(raw: bytes) -> str:
    """An EXIF UserComment: an 8-byte character-set code, then the text."""
    code, body = raw[:8], raw[8:]
    if code.startswith(b"UNICODE"):
        # Trailing zeros are cut by whole characters: cutting single bytes took the last
        # letter of little-endian text with it (``example.com`` read ``example.co``).
        while body.endswith(b"\x00\x00"):
            body = body[:-2]
        if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = body.decode("utf-16", errors="replace")
        else:
            text = body.decode(_utf16_order(body), errors="replace")
        return clean_text(text.replace("\x00", ""))
    if code.startswith((b"ASCII", b"JIS", b"\x00\x00\x00\x00")) or (
        len(raw) >= 8 and not code.strip(b"\x00 ")
    ):
        return decode_bytes(body)
    return decode_bytes(raw)


def _utf16_order(body: bytes) -> str:
    """The byte order of UTF-16 text written without a byte-order mark. Latin text has a zero
    in every character's high byte, which tells; otherwise the order whose characters are more
    often printable wins (EXIF asks for the file's own order, which this reader does not see)."""
    sample = body[:4096]
    high_last, high_first = sample[1::2].count(0), sample[0::2].count(0)
    if high_last != high_first:
        return "utf-16-le" if high_last > high_first else "utf-16-be"
    little = sample.decode("utf-16-le", errors="replace")
    big = sample.decode("utf-16-be", errors="replace")
    printable = sum(c.isprintable() for c in little) >= sum(c.isprintable() for c in big)
    return "utf-16-le" if printable else "utf-16-be"


@dataclass(frozen=True)
class Tag:
    """One metadata value, as text, with its numbers kept where a detector needs them."""

    key: str
    text: str
    rationals: tuple[tuple[int, int], ...] = ()
    #: Raw bytes of 'undefined' values a detector decodes itself (maker notes), bounded.
    raw: bytes = b""


@dataclass(frozen=True)
class Preview:
    """An embedded smaller copy of the picture: EXIF thumbnail, maker-note preview, JFXX..."""

    source: str
    width: int
    height: int
    data: bytes = b""


@dataclass(frozen=True)
class Metadata:
    """All the metadata of one photo that any rule or detector asked for."""

    tags: Mapping[str, tuple[Tag, ...]]
    previews: tuple[Preview, ...] = ()
    width: int | None = None
    height: int | None = None
    reader: str = "exiv2"

    def first(self, *keys: str) -> Tag | None:
        for key in keys:
            found = self.tags.get(key)
            if found:
                return found[0]
        return None

    def text(self, *keys: str) -> str:
        tag = self.first(*keys)
        return tag.text if tag else ""

    def items(self) -> Iterable[Tag]:
        for tags in self.tags.values():
            yield from tags


#: Values programs write and let grow long: Photoshop's list of a document's ancestors (more
#: ids of the same kind), and ComfyUI's node graph of an AI picture (``workflow``, ``prompt``:
#: JSON, always longer than MAX_TEXT). Cut at MAX_TEXT, what is left unread is more of the same.
_ID_LISTS = frozenset(
    {"Xmp.photoshop.DocumentAncestors"}
    | {f"PNG.{kind}.{key}" for kind in ("tEXt", "zTXt", "iTXt") for key in ("workflow", "prompt")}
)


class TagCollector:
    """Gathers tags from several readers, dropping exact repeats and bounding the count."""

    def __init__(self) -> None:
        self._tags: dict[str, list[Tag]] = {}
        self._texts: dict[str, set[str]] = {}
        self._count = 0
        #: What a walker found but did not read (a bound reached, data of an unknown kind), in
        #: words for the person: the photo is then not called fully read.
        self.unread: list[Text] = []

    def left_unread(self, what: Text) -> None:
        if what not in self.unread:
            self.unread.append(what)

    def add(self, tag: Tag) -> None:
        if self._count >= MAX_TAGS:
            self.left_unread(messages.VALUES_CUT.format(count=MAX_TAGS))
            return
        if len(tag.text) == MAX_TEXT and tag.text.endswith("…") and tag.key not in _ID_LISTS:
            self.left_unread(messages.TEXT_CUT.format(count=f"{MAX_TEXT:,}"))
        texts = self._texts.setdefault(tag.key, set())
        if tag.text in texts:
            return
        texts.add(tag.text)
        self._tags.setdefault(tag.key, []).append(tag)
        self._count += 1

    def peek(self, key: str) -> list[Tag]:
        return self._tags.get(key, [])

    def names(self) -> list[str]:
        """The keys collected so far."""
        return list(self._tags)

    def replace(self, key: str, text: str) -> None:
        """Put a corrected value in place of what a reader found under ``key``."""
        self.pop(key)
        self.add(Tag(key, text))

    def pop(self, key: str) -> list[Tag]:
        found = self._tags.pop(key, [])
        self._texts.pop(key, None)
        self._count -= len(found)
        return found

    def freeze(self) -> dict[str, tuple[Tag, ...]]:
        return {key: tuple(tags) for key, tags in self._tags.items()}
