"""The main metadata reader: libexiv2 (through python-exiv2) on the file's bytes in memory.

exiv2 reads EXIF with maker notes, IPTC and XMP from every format exposure accepts, and on this
machine it read 6,000 files a second where exifread read 200 (see ``benchmarks/``). It is native
code parsing untrusted files, so it only ever runs inside a worker process that may die.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from audit import messages
from audit.readers.containers import jpeg_dimensions
from audit.readers.metadata import (
    MAX_TAGS,
    Preview,
    Tag,
    TagCollector,
    clean_text,
    decode_bytes,
    decode_user_comment,
)

#: Largest preview whose bytes are kept for the thumbnail comparison.
MAX_PREVIEW_BYTES = 1 << 20
#: Raw bytes kept for values a detector decodes itself (maker notes).
MAX_RAW = 1 << 16


class ReaderError(Exception):
    """exiv2 could not read the file; the message is exiv2's own."""


@dataclass(frozen=True)
class Exiv2Result:
    width: int | None
    height: int | None
    previews: tuple[Preview, ...]
    xmp_found: bool
    #: The raw XMP packet when exiv2 found one but could not parse it (empty otherwise).
    xmp_given_up: bytes = b""


_exiv2 = None
#: The value types of classic TIFF (TIFF 6.0 section 2, and IFD from the TIFF/EP additions).
_CLASSIC_TYPES: frozenset[Any] = frozenset()
_LANG_PREFIX = re.compile(r'(^|, )lang="[^"]*" ?')


def _library() -> Any:
    """Import exiv2 once per process, with its console logging silenced."""
    global _exiv2, _CLASSIC_TYPES
    if _exiv2 is None:
        import exiv2

        exiv2.LogMsg.setLevel(exiv2.LogMsg.Level.mute)
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="exiv2")
        _CLASSIC_TYPES = _classic_types(exiv2)
        _exiv2 = exiv2
    return _exiv2


def warm_up() -> None:
    """Load libexiv2 now: in a parent process, every forked worker then shares it."""
    _library()


def _classic_types(exiv2: Any) -> frozenset[Any]:
    kinds = exiv2.TypeId
    return frozenset(
        {
            kinds.unsignedByte, kinds.asciiString, kinds.unsignedShort, kinds.unsignedLong,
            kinds.unsignedRational, kinds.signedByte, kinds.undefined, kinds.signedShort,
            kinds.signedLong, kinds.signedRational, kinds.tiffFloat, kinds.tiffDouble,
            kinds.tiffIfd,
        }
    )  # fmt: skip


def read(
    data: memoryview | bytes,
    wanted: Callable[[str], bool],
    tags: TagCollector,
    raw_keys: frozenset[str],
    is_jpeg: bool = False,
) -> Exiv2Result:
    """Add every wanted tag to ``tags``; return size, previews and whether XMP was read.

    For a JPEG whose metadata names no maker-note or sub-image preview, only the EXIF
    thumbnail is taken, which costs a fifth of asking exiv2 to list every preview.
    """
    exiv2 = _library()
    try:
        image = exiv2.ImageFactory.open(data)
        image.readMetadata()
    except exiv2.Exiv2Error as error:
        raise ReaderError(_error_text(error)) from None
    except (OverflowError, MemoryError) as error:
        # A size field at its largest (a WebP claiming 4 GB) overflows inside the library:
        # the file is then read by the other readers, like one exiv2 rejects.
        raise ReaderError(f"{type(error).__name__}: {error}"[:200]) from None
    other_previews = False
    for count, datum in enumerate(image.exifData()):
        if count >= MAX_TAGS:
            break
        key = datum.key()
        if wanted(key):
            if datum.typeId() not in _CLASSIC_TYPES:
                # A type classic TIFF does not define (exiv2 reads no BigTIFF, so its 8-byte
                # types are out of place too): exiv2 shows the bytes as numbers ("0 0 1" for a
                # latitude, a name as a list of codes). ExifTool leaves such an entry out with a
                # warning; so does exposure, and the photo is not called fully read.
                tags.left_unread(messages.EXIF_ENTRY_DAMAGED)
                continue
            tags.add(_exif_tag(exiv2, datum, key, key in raw_keys))
        if not other_previews and (
            "Preview" in key or key.startswith(("Exif.SubImage", "Exif.Image2"))
        ):
            other_previews = True
    for datum in image.iptcData():
        key = datum.key()
        if wanted(key):
            tags.add(Tag(key, clean_text(datum.toString())))
    xmp = image.xmpData()
    xmp_found = xmp.count() > 0
    add_xmp(xmp, wanted, tags)
    given_up = b"" if xmp_found else _raw_packet(image)
    try:
        width, height = image.pixelWidth() or None, image.pixelHeight() or None
    except exiv2.Exiv2Error:
        width = height = None
    previews = (
        _all_previews(exiv2, image)
        if other_previews or not is_jpeg
        else _exif_thumbnail(exiv2, image)
    )
    return Exiv2Result(width, height, previews, xmp_found, given_up)


def _raw_packet(image: Any) -> bytes:
    """The XMP text exiv2 kept when its parser rejected the packet."""
    try:
        packet = image.xmpPacket()
    except Exception:
        return b""
    if isinstance(packet, str):
        return packet.encode("utf-8", errors="surrogateescape") if packet.strip() else b""
    return bytes(packet) if packet else b""


def registered_prefix(namespace: str) -> str:
    """exiv2's short prefix for an XMP namespace URI, or '' when it knows none."""
    try:
        return str(_library().XmpProperties.prefix(namespace))
    except Exception:
        return ""


def add_xmp(xmp: Any, wanted: Callable[[str], bool], tags: TagCollector) -> None:
    for count, datum in enumerate(xmp):
        if count > MAX_TAGS:
            break
        key = datum.key()
        if wanted(key):
            tags.add(
                Tag(
                    key,
                    clean_text(
                        _LANG_PREFIX.sub(lambda m: "; " if m.group(1) else "", datum.toString())
                    ),
                )
            )


def read_xmp_packet(packet: bytes, wanted: Callable[[str], bool], tags: TagCollector) -> int:
    """Parse an XMP packet found outside exiv2's reach (HEIF item, extra PNG/WebP chunk).

    Returns how many values the packet held: 0 when it holds none or could not be parsed.
    """
    exiv2 = _library()
    start = packet.find(b"<x:xmpmeta")
    if start < 0:
        start = packet.find(b"<rdf:RDF")
    if start < 0:
        return 0
    try:
        image = exiv2.ImageFactory.open(packet[start:])
        image.readMetadata()
    except exiv2.Exiv2Error:
        return 0
    xmp = image.xmpData()
    add_xmp(xmp, wanted, tags)
    return int(xmp.count())


def _error_text(error: Exception) -> str:
    args = getattr(error, "args", ())
    return str(args[-1]) if args else str(error)


def _exif_tag(exiv2: Any, datum: Any, key: str, keep_raw: bool) -> Tag:
    type_id = datum.typeId()
    if type_id in (exiv2.TypeId.undefined, exiv2.TypeId.unsignedByte, exiv2.TypeId.signedByte):
        raw = bytes(datum.getValue().data()) if datum.count() else b""
        if key.endswith(".UserComment"):
            text = decode_user_comment(raw)
        elif key.endswith((".XPAuthor", ".XPComment", ".XPTitle", ".XPSubject", ".XPKeywords")):
            text = clean_text(raw.decode("utf-16-le", errors="replace").rstrip("\x00"))
        else:
            text = decode_bytes(raw)
        return Tag(key, text, raw=raw[:MAX_RAW] if keep_raw else b"")
    if type_id in (exiv2.TypeId.unsignedRational, exiv2.TypeId.signedRational):
        value = datum.getValue()
        rationals = tuple(value.toRational(i) for i in range(min(value.count(), 16)))
        return Tag(key, clean_text(datum.toString()), rationals=rationals)
    return Tag(key, clean_text(datum.toString()))


def _exif_thumbnail(exiv2: Any, image: Any) -> tuple[Preview, ...]:
    try:
        data = bytes(exiv2.ExifThumb(image.exifData()).copy().data())
    except exiv2.Exiv2Error:
        return ()
    dimensions = jpeg_dimensions(data) if data else None
    if dimensions is None:
        return ()
    return (Preview("embedded preview", dimensions[0], dimensions[1], data[:MAX_PREVIEW_BYTES]),)


def _all_previews(exiv2: Any, image: Any) -> tuple[Preview, ...]:
    try:
        manager = exiv2.PreviewManager(image)
        found = []
        for properties in manager.getPreviewProperties():
            data = b""
            if properties.size_ <= MAX_PREVIEW_BYTES:
                data = bytes(manager.getPreviewImage(properties).data())
            found.append(Preview("embedded preview", properties.width_, properties.height_, data))
        return tuple(found)
    except exiv2.Exiv2Error:
        return ()
