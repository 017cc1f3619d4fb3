"""Damaged structure around the metadata: what ExifTool still reads, exposure reads too."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from audit.models import Status


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = "Lin Xiaoyu"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 13.0, 52.92), "E", (121.0, 29.0, 27.24)
    return exif


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "teal").save(out, "JPEG", exif=_exif())
    return out.getvalue()


def _ids(result) -> set[str]:
    return {finding.id for finding in result.findings}


def _with_junk_before_exif(junk: bytes) -> bytes:
    data = _jpeg()
    at = data.index(b"\xff\xe1")
    return data[:at] + junk + data[at:]


@pytest.mark.parametrize(
    "junk",
    [b"\x00\x13stray bytes", b"\xff\x00", b"\xff\xff\xff\x00\x00", b"\x00" * 3000],
    ids=["text", "stuffed-zero", "fill-then-zero", "long-run"],
)
def test_stray_bytes_between_jpeg_segments_do_not_hide_the_exif(audit_bytes, junk):
    result = audit_bytes("stray.jpg", _with_junk_before_exif(junk))
    assert result.status is Status.AUDITED
    assert {"location.gps", "identity.owner"} <= _ids(result)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_with_exif(kind: bytes, after_end: bool) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "teal").save(out, "PNG")
    plain = out.getvalue()
    tiff = _exif().tobytes()[6:]  # without the Exif\0\0 of a JPEG
    if after_end:
        return plain + _png_chunk(kind, tiff)
    end = plain.index(b"IEND") - 4
    return plain[:end] + _png_chunk(kind, tiff) + plain[end:]


@pytest.mark.parametrize(
    ("kind", "after_end"), [(b"eXIf", True), (b"EXIf", False), (b"EXIF", True)]
)
def test_a_png_exif_chunk_after_the_end_or_in_other_case_is_read(audit_bytes, kind, after_end):
    result = audit_bytes("moved.png", _png_with_exif(kind, after_end))
    assert {"location.gps", "identity.owner"} <= _ids(result)


def test_a_heic_cut_inside_its_xmp_item_is_read_as_far_as_it_goes(audit_bytes):
    from hostile import generators

    packet = generators.xmp(
        f'exif:GPSLatitude="{generators.GPS_LAT}" exif:GPSLongitude="{generators.GPS_LON}">'
        "<dc:creator><rdf:Seq><rdf:li>Li Mei</rdf:li></rdf:Seq></dc:creator>"
    )
    end = packet.rindex(b"<?xpacket end")
    packet = packet[:end] + b" " * 2000 + packet[end:]  # the padding XMP writers leave
    data = generators.heic_with_xmp(packet)
    cut = data[: data.index(b"</x:xmpmeta>") + 500]  # inside the padding: every value is there
    result = audit_bytes("cut.heic", cut)
    assert {"location.gps", "identity.owner"} <= _ids(result)
    assert not result.fully_read
    assert [note.code for note in result.unread_notes] == ["metadata-cut"]


def test_a_webp_claiming_the_largest_size_is_read_by_the_other_readers(audit_bytes):
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "teal").save(out, "WEBP", exif=_exif())
    data = bytearray(out.getvalue())
    data[4:8] = b"\xff\xff\xff\xff"  # RIFF size: 4 GB
    result = audit_bytes("huge.webp", bytes(data))
    assert result.status is Status.AUDITED
    assert {"location.gps", "identity.owner"} <= _ids(result)


def test_an_xmp_segment_with_a_damaged_signature_is_still_read(audit_bytes):
    from hostile import generators

    packet = generators.xmp(
        f'exif:GPSLatitude="{generators.GPS_LAT}" exif:GPSLongitude="{generators.GPS_LON}">'
        "<dc:creator><rdf:Seq><rdf:li>Li Mei</rdf:li></rdf:Seq></dc:creator>"
    )
    body = b"http://ns.adobe.com/xcp/1.0/\x00" + packet  # one letter wrong
    plain = generators.small_jpeg()
    segment = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    result = audit_bytes("xcp.jpg", plain[:2] + segment + plain[2:])
    assert {"location.gps", "identity.owner"} <= _ids(result)


def test_a_webp_with_thousands_of_exif_chunks_is_read_without_exiv2(audit_bytes, monkeypatch):
    """exiv2's time grows with the square of the number of EXIF chunks (37 s for 10,000)."""
    from audit.readers import exiv2_reader

    out = io.BytesIO()
    Image.new("RGB", (32, 24), "teal").save(out, "WEBP", exif=_exif())
    data = out.getvalue()
    at = data.index(b"EXIF")
    size = int.from_bytes(data[at + 4 : at + 8], "little")
    chunk = data[at : at + 8 + size + size % 2]
    body = data[12:at] + chunk * 3000 + data[at + len(chunk) :]
    many = b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body
    given: list[object] = []
    monkeypatch.setattr(exiv2_reader, "read", lambda *args: given.append(args))
    result = audit_bytes("many.webp", many)
    assert given == []
    assert {"location.gps", "identity.owner"} <= _ids(result)
    assert not result.fully_read


def _with_gps_latitude(kind: int | None = None, into_own_directory: bool = False) -> bytes:
    """The photo with its GPS latitude entry given another type, or its value offset pointed
    into the GPS directory's own entries (as an overwritten offset does)."""
    data = bytearray(_jpeg())
    tiff = data.index(b"Exif\x00\x00") + 6
    order = "<" if data[tiff : tiff + 2] == b"II" else ">"

    def entries(ifd: int):
        count = struct.unpack_from(order + "H", data, tiff + ifd)[0]
        for n in range(count):
            at = tiff + ifd + 2 + 12 * n
            yield at, struct.unpack_from(order + "HHII", data, at)

    first = struct.unpack_from(order + "I", data, tiff + 4)[0]
    gps = next(value for _, (tag, _, _, value) in entries(first) if tag == 0x8825)
    latitude = next(at for at, (tag, *_) in entries(gps) if tag == 2)
    if kind is not None:
        struct.pack_into(order + "H", data, latitude + 2, kind)
    if into_own_directory:
        struct.pack_into(order + "I", data, latitude + 8, gps + 2)
    return bytes(data)


def test_a_gps_field_of_a_type_exif_does_not_have_is_not_taken_for_a_place(audit_bytes):
    result = audit_bytes("badtype.jpg", _with_gps_latitude(kind=14))
    assert "location.gps" not in _ids(result)
    assert "identity.owner" in _ids(result)
    assert {note.code for note in result.notes} >= {"metadata-cut", "gps-damaged"}
    assert not result.fully_read


def test_an_extended_xmp_part_stored_twice_counts_once(audit_bytes):
    from hostile import generators

    packet = generators.xmp(
        f'exif:GPSLatitude="{generators.GPS_LAT}" exif:GPSLongitude="{generators.GPS_LON}">'
        "<dc:creator><rdf:Seq><rdf:li>Li Mei</rdf:li></rdf:Seq></dc:creator>"
    )
    data = generators.jpeg_extended_xmp(packet, part=200, repeat=0)
    result = audit_bytes("twice.jpg", data)
    assert {"location.gps", "identity.owner"} <= _ids(result)
    assert result.notes == ()  # joined whole, not repaired: nothing was lost


def test_a_gps_value_read_from_its_own_directory_is_no_place(audit_bytes):
    """ExifTool: "Suspicious GPS offset", and no position: the bytes there are the directory's
    own entries, which exiv2 reads as a latitude (one fuzzed file gave a place 2,000 km off)."""
    from audit.readers import exif_walk
    from audit.readers.metadata import Tag, TagCollector
    from audit.readers.tiff import Tiff

    data = _with_gps_latitude(into_own_directory=True)
    block = data[data.index(b"Exif\x00\x00") + 6 :]
    tiff = Tiff.parse(block)
    assert tiff is not None
    gps = next(e for e in tiff.directory(tiff.first) if e.tag == 0x8825)
    tags = TagCollector()
    tags.add(Tag("Exif.GPSInfo.GPSLatitude", "12 50 0.1"))  # what exiv2 made of those bytes
    exif_walk.add_gps_directory(tiff, tiff.pointer(gps), tags, lambda key: True)
    assert not tags.peek("Exif.GPSInfo.GPSLatitude")
    assert tags.unread
    result = audit_bytes("overwritten.jpg", data)
    assert "location.gps" not in _ids(result)
    assert "identity.owner" in _ids(result)
    assert not result.fully_read
