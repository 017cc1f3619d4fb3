"""Walk the structure of JPEG and PNG files for what metadata libraries skip.

exiv2 reads EXIF, IPTC and XMP well, but not JPEG comments beyond the first, Olympus-style
APP12 "picture info" text (which can hold a serial number), Photoshop and JFXX thumbnails,
C2PA manifests, Samsung trailers after the image (motion-photo video, the unedited original
kept for "revert") or PNG text chunks. Each walker reads only headers, never the image data,
and stops after a fixed number of segments so that a hostile file costs bounded time.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from audit import messages
from audit.readers import icc_text, jpeg_segments
from audit.readers.metadata import (
    Preview,
    Tag,
    TagCollector,
    clean_text,
    decode_ascii_field,
    decode_bytes,
)
from audit.readers.tiff import TYPE_SIZES, Tiff
from audit.readers.xmp_text import MAX_SCAN

MAX_PNG_CHUNKS = 10000
MAX_WEBP_CHUNKS = 1000
#: Most text inflated from one compressed PNG chunk.
MAX_INFLATED = 1 << 20
#: Largest thumbnail kept in memory for the pixel comparison.
MAX_PREVIEW_BYTES = 1 << 20

XMP_SIGNATURE = b"http://ns.adobe.com/xap/1.0/\x00"
EXTENDED_XMP_SIGNATURE = b"http://ns.adobe.com/xmp/extension/\x00"
#: The signature some early writers gave XMP in APP1; ExifTool reads it too.
OLD_XMP_SIGNATURE = b"XMP\x00"
#: Most bytes of one XMP packet kept: the forgiving reader searches no more than this.
MAX_PACKET = MAX_SCAN
#: Most extended-XMP parts joined for one JPEG (each part is under 64 KB).
MAX_EXTENDED_PARTS = MAX_PACKET // 65000 + 1


class Packet(bytes):
    """An XMP packet's text (at most MAX_PACKET bytes), with the size its container declared.

    ``extended`` marks JPEG extended XMP, which exiv2 never reads and must always be parsed here.
    """

    size: int
    extended: bool

    def __new__(cls, data: bytes, size: int | None = None, extended: bool = False) -> Packet:
        packet = super().__new__(cls, data[:MAX_PACKET])
        packet.size = len(data) if size is None else size
        packet.extended = extended
        return packet


def declared_size(packet: bytes) -> int:
    """The real size of an XMP packet, which may be more than the bytes kept of it."""
    return packet.size if isinstance(packet, Packet) else len(packet)


def walk(
    data: memoryview, file_format: str, tags: TagCollector
) -> tuple[list[Preview], list[bytes]]:
    """Add what the container holds to ``tags``; return previews and XMP packets found."""
    if file_format == "jpeg":
        previews, packets = _walk_jpeg(data, tags)
        _walk_samsung_trailer(data, tags)
        return previews, packets
    if file_format == "png":
        return [], _walk_png(data, tags)
    if file_format == "webp":
        return [], _walk_webp(data, tags)
    if file_format == "raf":
        jpeg = raf_jpeg(data)
        return _walk_jpeg(jpeg, tags) if jpeg is not None else ([], [])
    return [], []


#: How far into a RAF its embedded JPEG is looked for when the header's offset is wrong.
RAF_SEARCH = 1 << 20


def raf_jpeg(data: memoryview) -> memoryview | None:
    """The JPEG a Fujifilm RAF embeds (offset and length at byte 84, big-endian), which holds
    its EXIF and XMP. As ExifTool does, a wrong offset does not lose it: the JPEG is then looked
    for near the start; a length past the end of the file is cut at the end."""
    if len(data) < 92:
        return None
    start = int.from_bytes(data[84:88], "big")
    length = int.from_bytes(data[88:92], "big")
    if start < 92 or bytes(data[start : start + 3]) != b"\xff\xd8\xff":
        found = bytes(data[92:RAF_SEARCH]).find(b"\xff\xd8\xff")
        if found < 0:
            return None
        start, length = 92 + found, len(data)
    return data[start : min(len(data), start + length)]


# JPEG ---------------------------------------------------------------------------------------


def _walk_jpeg(data: memoryview, tags: TagCollector) -> tuple[list[Preview], list[bytes]]:
    previews: list[Preview] = []
    packets: list[bytes] = []
    extended: dict[bytes, list[tuple[int, int, bytes]]] = {}
    walk = jpeg_segments.segments(data)
    profile: list[tuple[int, bytes]] = []
    for marker, pos, length in walk:
        body = jpeg_segments.body(data, pos, length)
        if (
            marker == 0xE2
            and bytes(body[:12]) == jpeg_segments.ICC_SIGNATURE
            and len(profile) < 256
        ):
            profile.append((body[12] if len(body) > 12 else 0, bytes(body[14:])))
        elif marker == 0xFE:
            text = _decode_comment(bytes(body))
            if text:
                tags.add(Tag("JPEG.Comment", text))
        elif marker == 0xE0 and bytes(body[:5]) == b"JFXX\x00":
            preview = _jfxx_preview(bytes(body))
            if preview:
                previews.append(preview)
        elif marker == 0xE0 and bytes(body[6:14]) == b"HEAPJPGM":
            _ciff(bytes(body), tags)
        elif marker == 0xE1 and bytes(body[: len(XMP_SIGNATURE)]) == XMP_SIGNATURE:
            packets.append(Packet(bytes(body[len(XMP_SIGNATURE) :])))
        elif marker == 0xE1 and bytes(body[:4]) == OLD_XMP_SIGNATURE:
            packets.append(Packet(bytes(body[4:])))
        elif marker == 0xE1 and bytes(body[:35]) == EXTENDED_XMP_SIGNATURE and len(body) > 75:
            guid = bytes(body[35:67])
            full, offset = struct.unpack(">II", body[67:75])
            parts = extended.setdefault(guid, [])
            if len(parts) < MAX_EXTENDED_PARTS:
                parts.append((offset, full, bytes(body[75:])))
        elif marker == 0xE1 and _looks_like_xmp(body):
            # A damaged signature ("xcp" for "xap"): ExifTool reads the packet all the same.
            packet = bytes(body)
            packets.append(Packet(packet[min(_packet_starts(packet)) :]))
        elif marker == 0xEC and bytes(body[:5]) == b"Ducky":
            _ducky(bytes(body), tags)
        elif marker == 0xEC:
            _picture_info(bytes(body), tags)
        elif marker == 0xED:
            previews.extend(_photoshop_resources(bytes(body), tags))
        elif marker == 0xEB and b"c2pa" in bytes(body[:64]):
            tags.add(Tag("JPEG.C2PA", "Content Credentials (C2PA) manifest"))
    packets.extend(_join_extended(parts) for parts in extended.values())
    if profile:
        _profile_words(b"".join(chunk for _, chunk in sorted(profile, key=lambda c: c[0])), tags)
    if walk.cut:
        tags.left_unread(messages.SEGMENTS_CUT.format(count=jpeg_segments.MAX_SEGMENTS))
    return previews, packets


#: How an XMP packet opens, whatever signature its APP1 segment has.
_PACKET_OPENINGS = (b"<?xpacket", b"<x:xmpmeta", b"<rdf:RDF")


def _packet_starts(body: bytes) -> list[int]:
    return [at for at in (body.find(opening) for opening in _PACKET_OPENINGS) if at >= 0]


def _looks_like_xmp(body: memoryview) -> bool:
    """An APP1 segment that is not EXIF and not under an XMP signature, but holds a packet."""
    head = bytes(body[:4096])
    return not head.startswith(b"Exif") and bool(_packet_starts(head))


def _join_extended(parts: list[tuple[int, int, bytes]]) -> Packet:
    """One extended-XMP packet from its parts, in offset order, gaps left out; a part stored
    twice (the same offset) counts once, as ExifTool counts it."""
    declared = max(full for _, full, _ in parts)
    by_offset: dict[int, bytes] = {}
    for offset, _, chunk in parts:
        by_offset.setdefault(offset, chunk)
    joined = b"".join(by_offset[offset] for offset in sorted(by_offset))
    return Packet(joined, size=max(declared, len(joined)), extended=True)


def _decode_comment(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return clean_text(text.replace("\x00", " "))


def jpeg_dimensions(raw: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG's frame header, without decoding it."""
    if not raw.startswith(b"\xff\xd8"):
        return None
    for marker, pos, _length in jpeg_segments.segments(raw):
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if pos + 9 > len(raw):
                return None
            height, width = struct.unpack(">HH", raw[pos + 5 : pos + 9])
            return (width, height) if width and height else None
    return None


def _jfxx_preview(body: bytes) -> Preview | None:
    if len(body) < 7 or body[5] != 0x10:
        return None
    thumbnail = body[6:]
    dims = jpeg_dimensions(thumbnail)
    if not dims:
        return None
    return Preview("JFXX thumbnail", dims[0], dims[1], thumbnail[:MAX_PREVIEW_BYTES])


_PICTURE_INFO_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9_#]{0,40})=([^\r\n\x00]{1,200})\r?$", re.M)


def _picture_info(body: bytes, tags: TagCollector) -> None:
    """Olympus, Agfa and Toshiba APP12: ``[camera info]`` lines such as ``Serial#=...``."""
    if b"[picture info]" not in body and b"[camera info]" not in body:
        return
    for match in _PICTURE_INFO_LINE.finditer(body[:8192]):
        name = match.group(1).decode("ascii").replace("#", "Number")
        value = clean_text(match.group(2).decode("latin-1"))
        if value:
            tags.add(Tag(f"APP12.{name}", value))


#: Photoshop's "Save for Web" APP12 blocks that hold words: a 4-byte count, then UTF-16BE text.
_DUCKY_TEXT = {2: "Ducky.Comment", 3: "Ducky.Copyright"}


def _ducky(body: bytes, tags: TagCollector) -> None:
    """Photoshop's APP12 "Ducky" segment: blocks of a 2-byte tag, a 2-byte length and data."""
    pos = 5
    while pos + 4 <= len(body):
        tag, length = struct.unpack(">HH", body[pos : pos + 4])
        pos += 4
        if tag == 0 or pos + length > len(body):
            break
        name = _DUCKY_TEXT.get(tag)
        if name and length > 4:
            text = clean_text(_utf16be(body[pos + 4 : pos + length]))
            if text:
                tags.add(Tag(name, text))
        pos += length


def _utf16be(raw: bytes) -> str:
    return raw[: len(raw) & ~1].decode("utf-16-be", errors="replace").replace("\x00", " ")


#: CIFF (Canon's pre-EXIF format, kept in APP0 by early PowerShots) text tags worth reading.
_CIFF_TEXT = {
    0x0810: "OwnerName",
    0x0805: "UserComment",
    0x0816: "OriginalFileName",
    0x080B: "FirmwareVersion",
}


def _ciff(body: bytes, tags: TagCollector) -> None:
    """Walk a CIFF heap: each block ends with the offset of its directory of 10-byte entries."""
    order: Literal["little", "big"] = "little" if body[:2] == b"II" else "big"
    header = int.from_bytes(body[2:6], order)
    budget = [500]

    def block(start: int, size: int, depth: int) -> None:
        end = start + size
        if depth > 4 or size < 6 or end > len(body) or budget[0] <= 0:
            return
        directory = start + int.from_bytes(body[end - 4 : end], order)
        if not start <= directory < end - 2:
            return
        count = int.from_bytes(body[directory : directory + 2], order)
        for index in range(min(count, 200)):
            budget[0] -= 1
            entry = directory + 2 + 10 * index
            if entry + 10 > end or budget[0] <= 0:
                return
            tag = int.from_bytes(body[entry : entry + 2], order)
            length = int.from_bytes(body[entry + 2 : entry + 6], order)
            offset = int.from_bytes(body[entry + 6 : entry + 10], order)
            kind, tag_id, in_directory = (tag >> 8) & 0x38, tag & 0x3FFF, tag & 0x4000
            if kind in (0x28, 0x30) and not in_directory:
                block(start + offset, length, depth + 1)
            elif tag_id in _CIFF_TEXT and not in_directory and start + offset + length <= end:
                text = decode_bytes(body[start + offset : start + offset + min(length, 512)])
                if text:
                    tags.add(Tag(f"CIFF.{_CIFF_TEXT[tag_id]}", text))

    block(header, len(body) - header, 0)


def _photoshop_resources(body: bytes, tags: TagCollector) -> list[Preview]:
    """Photoshop image resources: thumbnails (0x0409/0x040C, which editors often leave stale)
    and the addresses a photo was given, such as the author's own site (URL 0x040B and the
    URL list 0x041E)."""
    if not body.startswith(b"Photoshop 3.0\x00"):
        return []
    previews = []
    pos = 14
    for _ in range(1000):
        if pos + 12 > len(body) or body[pos : pos + 4] != b"8BIM":
            break
        resource = int.from_bytes(body[pos + 4 : pos + 6], "big")
        name_field = (1 + body[pos + 6] + 1) & ~1
        name_end = pos + 6 + name_field
        if name_end + 4 > len(body):
            break
        length = int.from_bytes(body[name_end : name_end + 4], "big")
        start = name_end + 4
        if resource in (0x0409, 0x040C) and length >= 28 and start + 12 <= len(body):
            width, height = struct.unpack(">II", body[start + 4 : start + 12])
            jpeg = body[start + 28 : start + length]
            if 0 < width < 65536 and 0 < height < 65536:
                previews.append(
                    Preview("Photoshop thumbnail", width, height, jpeg[:MAX_PREVIEW_BYTES])
                )
        elif resource == 0x040B:
            address = decode_ascii_field(body[start : start + length])
            if address:
                tags.add(Tag("Photoshop.URL", address))
        elif resource == 0x041E:
            for address in _url_list(body[start : start + length]):
                tags.add(Tag("Photoshop.URL_List", address))
        pos = start + length + (length % 2)
    return previews


def _url_list(data: bytes) -> list[str]:
    """A URL list resource: a count, then per address 8 bytes of ids and a counted UTF-16BE
    string."""
    if len(data) < 4:
        return []
    addresses, pos = [], 4
    for _ in range(min(int.from_bytes(data[:4], "big"), 100)):
        pos += 8
        if pos + 4 > len(data):
            break
        size = int.from_bytes(data[pos : pos + 4], "big") * 2
        if pos + 4 + size > len(data):
            break
        address = clean_text(_utf16be(data[pos + 4 : pos + 4 + size]))
        if address:
            addresses.append(address)
        pos += 4 + size
    return addresses


def _walk_samsung_trailer(data: memoryview, tags: TagCollector) -> None:
    """Samsung phones append named blocks after the image: motion video, re-edit data."""
    for block in samsung_blocks(data):
        tags.add(Tag(f"Trailer.Samsung.{clean_text(block.name, 100)}", f"{block.size} bytes"))


@dataclass(frozen=True)
class SamsungBlock:
    """One named block of a Samsung trailer: its name and where its contents lie."""

    name: str
    start: int
    end: int
    #: Where the block's own header (its marker, name length and name) begins.
    header: int = -1

    @property
    def size(self) -> int:
        return self.end - self.start


def samsung_blocks(data: memoryview) -> list[SamsungBlock]:
    """The blocks a Samsung trailer's directory (SEFH ... SEFT, at the very end) names."""
    size = len(data)
    if size < 24 or bytes(data[size - 4 :]) != b"SEFT":
        return []
    length = int.from_bytes(data[size - 8 : size - 4], "little")
    directory_pos = size - 8 - length
    if (
        length < 12
        or directory_pos < 0
        or bytes(data[directory_pos : directory_pos + 4]) != b"SEFH"
    ):
        return []
    directory = bytes(data[directory_pos : directory_pos + length])
    count = int.from_bytes(directory[8:12], "little")
    blocks = []
    for index in range(min(count, 256)):
        entry = 12 + 12 * index
        if entry + 12 > len(directory):
            break
        back, block_size = struct.unpack("<II", directory[entry + 4 : entry + 12])
        start = directory_pos - back
        if back > directory_pos or block_size < 8 or start < 0:
            break
        name_length = int.from_bytes(data[start + 4 : start + 8], "little")
        if not 0 < name_length <= 100 or name_length + 8 > block_size:
            continue
        name = bytes(data[start + 8 : start + 8 + name_length]).decode("ascii", errors="replace")
        end = min(start + block_size, directory_pos)
        blocks.append(SamsungBlock(name, min(start + 8 + name_length, end), end, start))
    return blocks


# PNG ----------------------------------------------------------------------------------------


def png_chunks(data: memoryview, after_end: bool = True) -> Iterator[tuple[bytes, int, int]]:
    """Each chunk of a PNG but IEND: its type, where its data starts and its length. Chunks
    after IEND are walked too (unless ``after_end`` is False), as ExifTool reads them: an eXIf
    chunk moved there still carries the GPS. The walk ends at a chunk that runs past the file,
    and after MAX_PNG_CHUNKS."""
    pos, size = 8, len(data)
    for _ in range(MAX_PNG_CHUNKS):
        if pos + 8 > size:
            return
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = bytes(data[pos + 4 : pos + 8])
        if pos + 12 + length > size or (kind == b"IEND" and not after_end):
            return
        if kind != b"IEND":
            yield kind, pos + 8, length
        pos += 12 + length


def is_png_exif(kind: bytes) -> bool:
    """The PNG chunk holding EXIF: ``eXIf``, whatever the case of its letters (ExifTool reads an
    ``EXIf`` chunk as one)."""
    return kind.lower() == b"exif"


def _walk_png(data: memoryview, tags: TagCollector) -> list[bytes]:
    packets: list[bytes] = []
    for kind, start, length in png_chunks(data):
        if kind == b"iTXt" and bytes(data[start : start + 18]) == b"XML:com.adobe.xmp\x00":
            packets.append(_png_xmp(data[start + 18 : start + length], length - 18))
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            parsed = png_text(kind, bytes(data[start : start + min(length, MAX_INFLATED)]))
            if parsed:
                keyword, text = parsed
                raw = _RAW_PROFILE.match(keyword)
                if raw and text:
                    # ImageMagick's hex-encoded copy of a block (EXIF, XMP, IPTC): exiv2 reads
                    # the EXIF, XMP and IPTC ones; XMP kept as an APP1 block it does not, so
                    # that one is decoded here. The chunk is named, not shown as hex digits.
                    parts = text.split(maxsplit=2)
                    if raw.group(1).lower() == "app1" and len(parts) == 3:
                        block = _from_hex(parts[2])
                        if block.startswith(XMP_SIGNATURE):
                            packets.append(Packet(block[len(XMP_SIGNATURE) :]))
                    size = parts[1] if len(parts) > 1 else "?"
                    text = f"ImageMagick raw {raw.group(1)} profile ({size} bytes)"
                if text:
                    tags.add(Tag(f"PNG.{kind.decode()}.{keyword}", clean_text(text)))
        elif kind == b"tIME":
            tags.add(Tag("PNG.tIME", _png_time(bytes(data[start : start + length]))))
        elif kind == b"iCCP":
            name, _, rest = bytes(data[start : start + min(length, MAX_INFLATED)]).partition(
                b"\x00"
            )
            if name and name.decode("latin-1").strip().lower() not in STANDARD_PROFILE_NAMES:
                tags.add(Tag("ICC.Name", clean_text(name.decode("latin-1"), 80)))
            _profile_words(_inflate(rest[1:]), tags)
    return packets


#: ImageMagick keeps whole metadata blocks, hex-encoded, in text chunks with these keywords.
_RAW_PROFILE = re.compile(r"^Raw profile type (\w{1,20})$")
_NOT_HEX = re.compile(r"[^0-9a-fA-F]")


def _from_hex(text: str) -> bytes:
    """The bytes of an ImageMagick raw profile's hex digits (line breaks between them), bounded."""
    digits = _NOT_HEX.sub("", text[: 2 * MAX_PACKET + MAX_PACKET // 32])
    return bytes.fromhex(digits[: len(digits) // 2 * 2])


def _png_xmp(rest: memoryview, length: int) -> Packet:
    """The XMP of an iTXt chunk: bounded before it is copied or inflated."""
    if len(rest) < 2:
        return Packet(b"")
    compressed = rest[0]
    end = 2
    for _ in range(2):  # language tag, translated keyword
        found = bytes(rest[end : end + 256]).find(b"\x00")
        if found < 0:
            return Packet(b"")
        end += found + 1
    body = rest[end:]
    if not compressed:
        return Packet(bytes(body[: MAX_PACKET + 1]), size=len(body))
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(bytes(body[:MAX_PACKET]), MAX_PACKET + 1)
    except zlib.error:
        return Packet(b"")
    unread = bool(inflater.unconsumed_tail) or len(body) > MAX_PACKET
    return Packet(text, size=len(text) + (1 if unread else 0))


def _inflate(compressed: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        return inflater.decompress(compressed, MAX_INFLATED)
    except zlib.error:
        return b""


def png_text(kind: bytes, body: bytes) -> tuple[str, str] | None:
    keyword, sep, rest = body.partition(b"\x00")
    if not sep or not keyword:
        return None
    name = clean_text(keyword.decode("latin-1"), 80)
    if kind == b"tEXt":
        return name, rest.decode("latin-1")
    if kind == b"zTXt":
        return name, _inflate(rest[1:]).decode("latin-1")
    if len(rest) < 2:
        return None
    compressed, rest = rest[0], rest[2:]
    _language, _, rest = rest.partition(b"\x00")
    _translated, _, text = rest.partition(b"\x00")
    raw = _inflate(text) if compressed else text
    return name, raw.decode("utf-8", errors="replace")


def _png_time(body: bytes) -> str:
    if len(body) != 7:
        return decode_bytes(body)
    year, month, day, hour, minute, second = struct.unpack(">HBBBBB", body)
    return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d} UTC"


# WebP ---------------------------------------------------------------------------------------


def webp_chunks(data: memoryview) -> Iterator[tuple[bytes, int, int]]:
    """Each chunk of a WebP file: its type, where its data starts and its declared length (which
    may run past the file's end); at most MAX_WEBP_CHUNKS."""
    pos, size = 12, len(data)
    for _ in range(MAX_WEBP_CHUNKS):
        if pos + 8 > size:
            return
        kind = bytes(data[pos : pos + 4])
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        yield kind, pos + 8, length
        pos += 8 + length + (length % 2)


def _walk_webp(data: memoryview, tags: TagCollector) -> list[bytes]:
    packets: list[bytes] = []
    for kind, start, length in webp_chunks(data):
        if kind == b"XMP ":
            packets.append(Packet(bytes(data[start : start + min(length, MAX_PACKET)]), length))
        elif kind == b"ICCP":
            _profile_words(bytes(data[start : start + min(length, MAX_INFLATED)]), tags)
    return packets


# Colour profiles -----------------------------------------------------------------------------

#: Names PNG writers give an embedded profile by default (lower case); any other may be a person's.
STANDARD_PROFILE_NAMES = frozenset(
    {"icc profile", "icc", "icc_profile", "photoshop icc profile", "srgb", "embedded profile",
     "display p3", "adobe rgb (1998)", "srgb iec61966-2.1", "displayp3"}
)  # fmt: skip


def _profile_words(profile: bytes, tags: TagCollector) -> None:
    """The words of a colour profile that is not a standard maker's (audit.readers.icc_text)."""
    if len(profile) < 132:
        return
    found, cut = icc_text.unusual_texts(profile)
    if cut:
        tags.left_unread(messages.ICC_CUT)
    unusual = [text for text in (clean_text(text, 200) for text in found) if text]
    if unusual:
        tags.add(Tag("ICC.Text", " · ".join(dict.fromkeys(unusual))[:600]))


# TIFF ---------------------------------------------------------------------------------------

#: TIFF tag 700 (XMLPacket): where TIFF and most raw formats keep XMP.
_TIFF_XMP_TAG = 700


def tiff_xmp(data: memoryview) -> list[Packet]:
    """The XMP packets the directories of a TIFF file name (tag 700, whatever type it was
    written with, as ExifTool reads it), each bounded; a packet that runs past the end of a
    cut-short file is read as far as the file goes, with the size it declared."""
    tiff = Tiff.parse(data)
    if tiff is None or tiff.big:
        return []
    packets = []
    for offset in tiff.chain(tiff.first):
        if offset + 2 > len(data):
            break
        count = struct.unpack_from(tiff.order + "H", data, offset)[0]
        for index in range(min(count, 1000)):
            entry = offset + 2 + 12 * index
            if entry + 12 > len(data):
                break
            tag, kind, number, value = struct.unpack_from(tiff.order + "HHII", data, entry)
            size = number * TYPE_SIZES.get(kind, 0)
            if tag != _TIFF_XMP_TAG or size == 0:
                continue
            start = entry + 8 if size <= 4 else value
            if start < len(data):
                packets.append(Packet(bytes(data[start : start + min(size, MAX_PACKET)]), size))
    return packets
