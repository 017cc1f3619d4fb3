"""Hostile files made by code: damaged blocks, decompression bombs, loops. All small on disk.

Each function returns the file's bytes; ``write(folder)`` writes every case. The bombs only
declare huge sizes (or inflate to huge sizes): the files themselves stay a few kilobytes.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

GPS_LAT, GPS_LON = "31,13.7880N", "121,28.4178E"


def xmp(body: str, extra_ns: str = "") -> bytes:
    """An XMP packet around ``body`` (properties of one rdf:Description)."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" '
        f'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" {extra_ns}{body}'
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()


#: GPS, a serial number and the owner's name, with one bare ampersand: exiv2 drops all of it.
BARE_AMPERSAND = xmp(
    f'exif:GPSLatitude="{GPS_LAT}" exif:GPSLongitude="{GPS_LON}" '
    'aux:SerialNumber="SN12345678">'
    "<dc:creator><rdf:Seq><rdf:li>Li Mei & friends</rdf:li></rdf:Seq></dc:creator>"
)
#: The same values with broken nesting and a stray '<': no XML parser accepts it, even repaired.
BROKEN_NESTING = xmp(
    f"><exif:GPSLatitude>{GPS_LAT}</exif:GPSLatitude><exif:GPSLongitude>{GPS_LON}"
    "</exif:GPSLongitude><aux:SerialNumber>SN12345678</aux:SerialNumber>"
    "<dc:creator><rdf:Seq><rdf:li>Li Mei</rdf:li></rdf:Bag></dc:creator>"
    "<Iptc4xmpCore:CreatorContactInfo rdf:parseType='Resource'>"
    "<Iptc4xmpCore:CiEmailWork>limei@example.com</Iptc4xmpCore:CiEmailWork>"
    "</Iptc4xmpCore:CreatorContactInfo><dc:title>a < b</dc:title>"
)
#: Nothing but garbage where the XMP should be.
GARBAGE = b"\x00\x01\x02 this is not xml at all \xff\xfe" * 8


def small_jpeg(size: tuple[int, int] = (64, 48), progressive: bool = False) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 130, 140)).save(
        buffer, "JPEG", quality=80, progressive=progressive
    )
    return buffer.getvalue()


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def jpeg_with_xmp(packet: bytes) -> bytes:
    base = small_jpeg()
    return base[:2] + _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet) + base[2:]


def jpeg_extended_xmp(packet: bytes, part: int = 60000, repeat: int | None = None) -> bytes:
    """A standard packet with no values and the real ones in extended XMP (APP1 parts of
    ``part`` bytes); ``repeat`` stores that part a second time."""
    guid = b"0123456789ABCDEF0123456789ABCDEF"
    main = xmp(
        'xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="'
        + guid.decode()
        + '">'
    )
    parts = []
    for offset in range(0, len(packet), part):
        chunk = packet[offset : offset + part]
        header = b"http://ns.adobe.com/xmp/extension/\x00" + guid
        parts.append(_segment(0xE1, header + struct.pack(">II", len(packet), offset) + chunk))
    if repeat is not None:
        parts.append(parts[repeat])
    base = small_jpeg()
    return (
        base[:2]
        + _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + main)
        + b"".join(parts)
        + base[2:]
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_header(width: int, height: int, colour: int = 2) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + _chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    )


def small_png(extra: bytes = b"") -> bytes:
    rows = b"".join(b"\x00" + b"\x80\x80\x80" * 8 for _ in range(8))
    return _png_header(8, 8) + extra + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")


def png_with_xmp(packet: bytes, compressed: bool = False) -> bytes:
    text = zlib.compress(packet, 9) if compressed else packet
    body = b"XML:com.adobe.xmp\x00" + bytes([int(compressed), 0]) + b"\x00\x00" + text
    return small_png(_chunk(b"iTXt", body))


def _deflate_zeros(count: int, fill: bytes = b"\x00") -> bytes:
    """``count`` bytes of ``fill`` deflated, made in steps so that they never exist at once."""
    compressor = zlib.compressobj(9)
    block = fill * (1 << 20)
    out = [compressor.compress(block) for _ in range(count >> 20)]
    out.append(compressor.compress(fill * (count & ((1 << 20) - 1))))
    out.append(compressor.flush())
    return b"".join(out)


def png_xmp_bomb(megabytes: int = 200) -> bytes:
    """A compressed XMP packet that inflates to ``megabytes`` MB (spaces after a real start)."""
    start = xmp(f'exif:GPSLatitude="{GPS_LAT}" exif:GPSLongitude="{GPS_LON}">')
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(start)]
    block = b" " * (1 << 20)
    parts += [compressor.compress(block) for _ in range(megabytes)]
    parts.append(compressor.flush())
    body = b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + b"".join(parts)
    return small_png(_chunk(b"iTXt", body))


def png_ztxt_bomb(megabytes: int = 1024) -> bytes:
    body = b"Comment\x00\x00" + _deflate_zeros(megabytes << 20, b"A")
    return small_png(_chunk(b"zTXt", body))


def png_iccp_bomb(megabytes: int = 1024) -> bytes:
    body = b"icc\x00\x00" + _deflate_zeros(megabytes << 20)
    return small_png(_chunk(b"iCCP", body))


def png_declared(width: int = 30000, height: int = 30000) -> bytes:
    """A PNG header declaring ``width`` x ``height`` with a few rows of data."""
    rows = zlib.compress(b"\x00" * (width * 3 + 1) * 2)
    return _png_header(width, height) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def webp_with_xmp(packet: bytes) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 20, 30)).save(buffer, "WEBP", lossless=True)
    data = buffer.getvalue()
    bitstream = data[12:]
    vp8x = _riff_chunk(b"VP8X", bytes([0x04, 0, 0, 0]) + (15).to_bytes(3, "little") * 2)
    body = b"WEBP" + vp8x + bitstream + _riff_chunk(b"XMP ", packet)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")


def webp_declared(width: int = 7000, height: int = 7000) -> bytes:
    """A lossless WebP whose header declares ``width`` x ``height``: 49 MP in under 2 KB."""
    bits = (width - 1) | ((height - 1) << 14) | (1 << 28)
    vp8l = b"\x2f" + struct.pack("<I", bits) + b"\x00" * 1900
    body = b"WEBP" + _riff_chunk(b"VP8L", vp8l)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def jpeg_declared(width: int = 60000, height: int = 60000, progressive: bool = False) -> bytes:
    """A small real JPEG whose frame header is rewritten to declare ``width`` x ``height``."""
    data = bytearray(small_jpeg(progressive=progressive))
    marker = b"\xff\xc2" if progressive else b"\xff\xc0"
    position = data.find(marker)
    data[position + 5 : position + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def progressive_jpeg_14000() -> bytes:
    return jpeg_declared(14000, 14000, progressive=True)


def truncated_jpeg() -> bytes:
    data = small_jpeg((256, 256))
    return data[: len(data) // 2]


def tiff(entries: list[tuple[int, int, int, bytes]], next_ifd: int = 0) -> bytes:
    """A little-endian TIFF with one directory of (tag, type, count, value-or-data) entries.

    Values longer than four bytes are placed after the directory.
    """
    directory_at = 8
    data_at = directory_at + 2 + 12 * len(entries) + 4
    directory, extra = b"", b""
    for tag, kind, count, value in sorted(entries):
        if len(value) <= 4:
            directory += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            directory += struct.pack("<HHII", tag, kind, count, data_at + len(extra))
            extra += value + (b"\x00" if len(value) % 2 else b"")
    header = b"II*\x00" + struct.pack("<I", directory_at)
    tail = struct.pack("<I", next_ifd if next_ifd >= 0 else directory_at)
    return header + struct.pack("<H", len(entries)) + directory + tail + extra


def _short(value: int) -> bytes:
    return struct.pack("<H", value)


def _long(value: int) -> bytes:
    return struct.pack("<I", value)


def tiff_declared(width: int = 60000, height: int = 60000) -> bytes:
    """An uncompressed grey TIFF declaring ``width`` x ``height`` with one tiny strip."""
    return tiff(
        [
            (256, 4, 1, _long(width)),
            (257, 4, 1, _long(height)),
            (258, 3, 1, _short(8)),
            (259, 3, 1, _short(1)),
            (262, 3, 1, _short(1)),
            (273, 4, 1, _long(8)),
            (277, 3, 1, _short(1)),
            (278, 4, 1, _long(height)),
            (279, 4, 1, _long(16)),
        ]
    )


def tiff_ifd_loop() -> bytes:
    """A TIFF whose first directory names itself as the next one, and an EXIF pointer to itself."""
    return tiff(
        [
            (256, 4, 1, _long(8)),
            (257, 4, 1, _long(8)),
            (273, 4, 1, _long(8)),
            (279, 4, 1, _long(64)),
            (34665, 4, 1, _long(8)),
        ],
        next_ifd=-1,
    )


def tiff_with_xmp(packet: bytes) -> bytes:
    return tiff(
        [
            (256, 4, 1, _long(4)),
            (257, 4, 1, _long(4)),
            (258, 3, 1, _short(8)),
            (262, 3, 1, _short(1)),
            (273, 4, 1, _long(8)),
            (279, 4, 1, _long(16)),
            (700, 1, len(packet), packet),
        ]
    )


def gif_declared(width: int = 65535, height: int = 65535) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + b",\x00\x00\x00\x00"


def small_heic() -> bytes:
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (100, 110, 120)).save(buffer, "HEIF", quality=50)
    return buffer.getvalue()


def heic_with_xmp(packet: bytes) -> bytes:
    """A small HEIC carrying ``packet`` as its XMP item."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (100, 110, 120)).save(buffer, "HEIF", quality=50, xmp=packet)
    return buffer.getvalue()


def padded_xmp(megabytes: int) -> bytes:
    """GPS first, then a description ``megabytes`` MB long: a packet too large to parse."""
    filler = "x" * (megabytes << 20)
    return xmp(
        f'exif:GPSLatitude="{GPS_LAT}" exif:GPSLongitude="{GPS_LON}">'
        f"<dc:description>{filler}</dc:description>"
    )


def many_elements_xmp(megabytes: int) -> bytes:
    """GPS first, then ``megabytes`` MB of small keyword elements: the costliest XML to parse."""
    item = b"<rdf:li>keyword</rdf:li>"
    count = (megabytes << 20) // len(item)
    head = xmp(
        f'exif:GPSLatitude="{GPS_LAT}" exif:GPSLongitude="{GPS_LON}">'
        "<dc:subject><rdf:Bag>PLACEHOLDER</rdf:Bag></dc:subject>"
    )
    before, _, after = head.partition(b"PLACEHOLDER")
    return before + item * count + after


def heic_declared(width: int = 60000, height: int = 60000) -> bytes:
    """A real small HEIC whose 'ispe' (image size) properties declare ``width`` x ``height``."""
    data = bytearray(small_heic())
    position = 0
    while (position := data.find(b"ispe", position + 1)) > 0:
        data[position + 8 : position + 16] = struct.pack(">II", width, height)
    return bytes(data)


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body) + 8) + kind + body


def heif_deep_boxes(depth: int = 100000) -> bytes:
    """An ftyp, then 'meta' boxes nested ``depth`` deep (and one that claims to hold itself)."""
    inner = _box(b"free", b"")
    header = b"\x00\x00\x00\x00"  # version and flags of a full box
    nested = inner
    for _ in range(min(depth, 20000)):
        nested = _box(b"dinf", nested)
    looping = struct.pack(">I", 8) + b"iloc" + header * 4
    return _box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic") + _box(b"meta", header + nested) + looping


def gps_half_damaged() -> bytes:
    """A JPEG whose EXIF GPS has a valid latitude and a longitude of 200 degrees."""
    import exiv2

    base = small_jpeg()
    image = exiv2.ImageFactory.open(base)
    image.readMetadata()
    exif = image.exifData()
    exif["Exif.GPSInfo.GPSLatitudeRef"] = "N"
    exif["Exif.GPSInfo.GPSLatitude"] = "31/1 13/1 4728/100"
    exif["Exif.GPSInfo.GPSLongitudeRef"] = "E"
    exif["Exif.GPSInfo.GPSLongitude"] = "200/1 28/1 2507/100"
    image.writeMetadata()
    io_ = image.io()
    return bytes(io_.mmap()) if hasattr(io_, "mmap") else bytes(io_.read(io_.size()))


#: Cases too big to write in a test run (hundreds of MB on disk); the benchmark makes them.
LARGE_CASES: dict[str, Callable[[], bytes]] = {
    "xmp-200mb-elements.webp": lambda: webp_with_xmp(many_elements_xmp(200)),
}

#: Every generated case by file name.
CASES: dict[str, Callable[[], bytes]] = {
    "xmp-bare-ampersand.jpg": lambda: jpeg_with_xmp(BARE_AMPERSAND),
    "xmp-broken-nesting.jpg": lambda: jpeg_with_xmp(BROKEN_NESTING),
    "xmp-garbage.jpg": lambda: jpeg_with_xmp(GARBAGE),
    "xmp-extended.jpg": lambda: jpeg_extended_xmp(BARE_AMPERSAND),
    "xmp-bare-ampersand.png": lambda: png_with_xmp(BARE_AMPERSAND, compressed=True),
    "xmp-bare-ampersand.webp": lambda: webp_with_xmp(BARE_AMPERSAND),
    "xmp-bare-ampersand.tif": lambda: tiff_with_xmp(BARE_AMPERSAND),
    "xmp-200mb.png": png_xmp_bomb,
    "xmp-24mb.heic": lambda: heic_with_xmp(padded_xmp(24)),
    "gps-half-damaged.jpg": gps_half_damaged,
    "truncated.jpg": truncated_jpeg,
    "bomb-webp-49mp.webp": webp_declared,
    "bomb-png-900mp.png": png_declared,
    "bomb-jpeg-3600mp.jpg": jpeg_declared,
    "bomb-progressive-14000.jpg": progressive_jpeg_14000,
    "bomb-heic-3600mp.heic": heic_declared,
    "bomb-tiff-3600mp.tif": tiff_declared,
    "bomb-gif-4300mp.gif": gif_declared,
    "bomb-ztxt-1gb.png": png_ztxt_bomb,
    "bomb-iccp-1gb.png": png_iccp_bomb,
    "loop-tiff-ifd.tif": tiff_ifd_loop,
    "loop-heif-boxes.heic": heif_deep_boxes,
}


def write(folder: Path, names: list[str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or list(CASES):
        path = folder / name
        path.write_bytes({**CASES, **LARGE_CASES}[name]())
        written.append(path)
    return written
