"""Serial numbers, owners and GPS wherever EXIF sits, in layouts the libraries do not decode.

Every input is built here from the format's specification (tests/exif_bytes.py); each test
reads it the way a scan does and checks the identifying value came out.
"""

from __future__ import annotations

import struct

import pytest
from exif_bytes import (
    IFD,
    LONG,
    LONG8,
    UNDEFINED,
    Placed,
    Sub,
    ascii,
    box,
    chained,
    cr3_with,
    exif_jpeg,
    flir_segments,
    gps_entries,
    heic_exif_at_end,
    jpeg_with,
    jxl_with_exif,
    layout,
    long,
    png_with_exif,
    raf_with,
    segment,
    tiff,
    undefined,
    webp_with_exif,
)

from audit.inspect import FileOptions, audit_file
from audit.readers import exif_walk, read_metadata
from audit.readers.metadata import TagCollector
from audit.readers.tiff import Tiff
from audit.sources.photo import open_photo
from audit.sources.walk import InputFile

LAT, LON = 31.230416, 121.473701


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _tags(path) -> dict:
    with open_photo(str(path)) as opened:
        result = read_metadata(opened, lambda key: True)
    assert not hasattr(result, "code"), result
    return {key: [t.text for t in found] for key, found in result.metadata.tags.items()}


def _audit(path):
    return audit_file(InputFile(str(path), str(path)), FileOptions(metadata_only=True))


def _serials(photo) -> list[str]:
    return [e.value for f in photo.findings if f.id == "device.serial" for e in f.evidence]


def _walk_only(block: bytes) -> dict:
    """The walker alone, without exiv2: proves the value comes from exposure's own reading."""
    tags = TagCollector()
    parsed = Tiff.parse(block)
    assert parsed is not None
    assert exif_walk.add_block(parsed, tags, lambda key: True)
    return {key: [t.text for t in found] for key, found in tags.freeze().items()}


def _camera(make: str, model: str, note: object, little: bool = True) -> list:
    return [
        (0x010F, ascii(make)),
        (0x0110, ascii(model)),
        (0x8769, Sub([(0x927C, note)])),
    ]


# IFD0 -----------------------------------------------------------------------------------------


def test_ifd0_camera_serial_number_c62f(tmp_path):
    block = tiff([(0x010F, ascii("Canon")), (0xC62F, ascii("083021001234"))])
    assert _walk_only(block)["Exif.Image.CameraSerialNumber"] == ["083021001234"]
    photo = _audit(_write(tmp_path, "dng-converted.jpg", exif_jpeg(block)))
    assert "083021001234" in _serials(photo)


# Canon ----------------------------------------------------------------------------------------


def _canon_note(start: int) -> bytes:
    lens_info = b"\x12\x34\x56\x78\x9a" + b"\x00" * 25
    entries = [
        (0x000C, long(2170012345)),
        (0x0096, ascii("BD0012345")),
        (0x4019, undefined(lens_info)),
    ]
    return layout(entries, start)


def test_canon_internal_and_lens_serials(tmp_path):
    block = tiff(_camera("Canon", "Canon EOS R7", Placed(UNDEFINED, _canon_note)))
    found = _walk_only(block)
    assert found["Exif.Canon.InternalSerialNumber"] == ["BD0012345"]
    assert found["Exif.Canon.LensSerialNumber"] == ["123456789a"]
    assert found["Exif.Canon.SerialNumber"] == ["2170012345"]
    photo = _audit(_write(tmp_path, "canon.jpg", exif_jpeg(block)))
    assert {"BD0012345", "123456789a", "2170012345"} <= set(_serials(photo))


def test_canon_maker_note_moved_by_software_is_read_at_its_new_place():
    def moved(start: int) -> bytes:
        # Written when the note sat 100 bytes later: every offset inside is 100 too high.
        body = layout([(0x0096, ascii("MOVED00042"))], start + 100)
        return body + b"II*\x00" + struct.pack("<I", start + 100)

    found = _walk_only(tiff(_camera("Canon", "Canon EOS 5D", Placed(UNDEFINED, moved))))
    assert found["Exif.Canon.InternalSerialNumber"] == ["MOVED00042"]


# Olympus --------------------------------------------------------------------------------------

EQUIPMENT = [
    (0x0101, ascii("BHP123456")),
    (0x0102, ascii("4100313002000123")),
    (0x0202, ascii("ABG366769")),
]


def _olympus_new(start: int) -> bytes:
    """``OLYMPUS\\0II`` + version: offsets count from the maker note's first byte."""
    return b"OLYMPUS\x00II\x03\x00" + layout([(0x2010, Sub(EQUIPMENT, IFD))], 12)


def _olympus_old_inline(start: int) -> bytes:
    """Old ``OLYMP\\0`` header, the Equipment directory stored inline as data (its offsets,
    like the note's, count from the TIFF header)."""
    inline = Placed(UNDEFINED, lambda at: layout(EQUIPMENT, at))
    return b"OLYMP\x00\x01\x00" + layout([(0x2010, inline)], start + 8)


def _olympus_software(start: int) -> bytes:
    """As Olympus software rewrites it: Equipment as a LONG offset, big-endian note."""
    return b"OLYMPUS\x00MM\x03\x00" + layout([(0x2010, Sub(EQUIPMENT, LONG))], 12, little=False)


@pytest.mark.parametrize("note", [_olympus_new, _olympus_old_inline, _olympus_software])
def test_olympus_equipment_serials(tmp_path, note):
    block = tiff(_camera("OLYMPUS IMAGING CORP.", "E-M5", Placed(UNDEFINED, note)))
    found = _walk_only(block)
    assert found["Exif.OlympusEq.SerialNumber"] == ["BHP123456"]
    assert found["Exif.OlympusEq.InternalSerialNumber"] == ["4100313002000123"]
    assert found["Exif.OlympusEq.LensSerialNumber"] == ["ABG366769"]
    photo = _audit(_write(tmp_path, "olympus.jpg", exif_jpeg(block)))
    assert {"BHP123456", "4100313002000123", "ABG366769"} <= set(_serials(photo))


def test_olympus_old_serial_tag_0404():
    def note(start: int) -> bytes:
        return b"OLYMP\x00\x01\x00" + layout([(0x0404, ascii("C7070WZ-1234"))], start + 8)

    found = _walk_only(tiff(_camera("OLYMPUS OPTICAL CO.,LTD", "C7070WZ", Placed(7, note))))
    assert found["Exif.Olympus.SerialNumber"] == ["C7070WZ-1234"]


# Kodak, Panasonic, Pentax ---------------------------------------------------------------------


def test_kodak_serial_at_the_start_of_the_note(tmp_path):
    note = b"KCXG AB12M5678 \x00" + b"\x00" * 48
    block = tiff(_camera("EASTMAN KODAK COMPANY", "KODAK C340", undefined(note)))
    assert _walk_only(block)["Exif.Kodak.SerialNumber"] == ["KCXG AB12M5678"]
    photo = _audit(_write(tmp_path, "kodak.jpg", exif_jpeg(block)))
    assert "KCXG AB12M5678" in _serials(photo)


def test_kodak_serial_in_sub_directory_0():
    def note(start: int) -> bytes:
        return layout([(0xFC00, Sub([(0xFA19, ascii("KZ712-0042"))], LONG))], start)

    found = _walk_only(tiff(_camera("EASTMAN KODAK COMPANY", "Z712 IS", Placed(7, note))))
    assert found["Exif.Kodak.SerialNumber"] == ["KZ712-0042"]


def test_panasonic_internal_and_lens_serials(tmp_path):
    def note(start: int) -> bytes:
        entries = [
            (0x0025, undefined(b"F540605200076\x00\x00\x00")),
            (0x0052, ascii("XA1234567")),
        ]
        return b"Panasonic\x00\x00\x00" + layout(entries, start + 12)

    block = tiff(_camera("Panasonic", "DMC-GH4", Placed(UNDEFINED, note)))
    found = _walk_only(block)
    assert found["Exif.Panasonic.InternalSerialNumber"] == ["F540605200076"]
    assert found["Exif.Panasonic.LensSerialNumber"] == ["XA1234567"]
    photo = _audit(_write(tmp_path, "panasonic.jpg", exif_jpeg(block)))
    assert {"F540605200076", "XA1234567"} <= set(_serials(photo))


def test_pentax_serial_and_internal_serial(tmp_path):
    def note(start: int) -> bytes:
        entries = [
            (0x0215, long(0x12DB2, 20090304, 0x08, 0x01, 4054321, little=False)),
            (0x0229, ascii("4321234")),
        ]
        return b"AOC\x00MM" + layout(entries, start + 6, little=False)

    block = tiff(_camera("PENTAX", "PENTAX K-7", Placed(UNDEFINED, note)))
    found = _walk_only(block)
    assert found["Exif.Pentax.SerialNumber"] == ["4321234"]
    assert found["Exif.Pentax.InternalSerialNumber"] == ["4054321"]
    photo = _audit(_write(tmp_path, "pentax.jpg", exif_jpeg(block)))
    assert {"4321234", "4054321"} <= set(_serials(photo))


def _nikon_note(start: int) -> bytes:
    """Nikon type 3: ``Nikon\0\2\x10\0\0``, then a TIFF of its own whose offsets count from
    its header (at byte 10 of the note)."""
    entries = [(0x001D, ascii("3105364")), (0x00A0, ascii("NO= 3105364"))]
    return (
        b"Nikon\x00\x02\x10\x00\x00MM\x00*"
        + struct.pack(">I", 8)
        + layout(entries, 8, little=False)
    )


def test_nikon_serials_are_read_by_exposure_itself(tmp_path):
    block = tiff(_camera("NIKON CORPORATION", "NIKON D70", Placed(UNDEFINED, _nikon_note)))
    found = _walk_only(block)
    assert found["Exif.Nikon3.SerialNumber"] == ["3105364"]
    assert found["Exif.Nikon3.SerialNO"] == ["NO= 3105364"]
    photo = _audit(_write(tmp_path, "nikon.jpg", exif_jpeg(block)))
    assert "3105364" in _serials(photo)


def test_exifreads_maker_note_reading_gives_way_to_exposures_own():
    """exifread misreads some maker notes (a Nikon serial as "00STANDA"); where exposure read
    the maker note itself, exifread's reading of it is left out."""
    from audit.readers import _merge_second, locate
    from audit.readers.metadata import Tag

    tags, second = TagCollector(), TagCollector()
    tags.add(Tag("Exif.Nikon3.SerialNumber", "3105364"))
    second.add(Tag("Exif.MakerNote.SerialNumber", "00STANDA"))
    second.add(Tag("Exif.Image.Artist", "Ilya Kurikhin"))
    _merge_second(second, tags, locate.OwnRead())
    assert sorted(tags.names()) == ["Exif.Image.Artist", "Exif.Nikon3.SerialNumber"]


def test_a_reconyx_serial_is_read_by_exposure_itself():
    def note(start: int) -> bytes:
        body = bytearray(b"RECONYXUF\x00" + b"\x00" * 0x60)
        body[0x4B : 0x4B + 14] = b"H500EE06130468"
        return bytes(body)

    block = tiff(_camera("RECONYX", "UltraFire", Placed(UNDEFINED, note)))
    assert _walk_only(block)["Exif.Reconyx.SerialNumber"] == ["H500EE06130468"]


# FLIR -----------------------------------------------------------------------------------------


def _flir_jpeg(valid: int = 1) -> bytes:
    camera = bytearray(0x240)
    camera[0:2] = b"\x00\x02"
    camera[0x104 : 0x104 + 9] = b"T12345678"
    camera[0x1A0 : 0x1A0 + 8] = b"L9876543"
    gps = bytearray(0x48)
    gps[0:4] = struct.pack("<I", valid)  # the GPS record is little-endian in any FFF block
    gps[8:10], gps[10:12] = b"N\x00", b"E\x00"
    gps[0x10:0x20] = struct.pack("<dd", LAT, LON)
    app1 = tiff([(0x010F, ascii("FLIR Systems AB")), (0x0110, ascii("FLIR E8"))])
    return jpeg_with(
        segment(0xE1, b"Exif\x00\x00" + app1),
        *flir_segments({0x20: bytes(camera), 0x2B: bytes(gps)}),
    )


def test_flir_lens_serial_and_the_cameras_own_gps(tmp_path):
    photo = _audit(_write(tmp_path, "thermal.jpg", _flir_jpeg()))
    assert {"T12345678", "L9876543"} <= set(_serials(photo))
    assert photo.location is not None
    assert abs(photo.location.lat - LAT) < 1e-6 and abs(photo.location.lon - LON) < 1e-6


def test_flir_gps_record_marked_invalid_is_ignored(tmp_path):
    photo = _audit(_write(tmp_path, "thermal-nofix.jpg", _flir_jpeg(valid=0)))
    assert photo.location is None


# Containers -----------------------------------------------------------------------------------


def _gps_block() -> bytes:
    return tiff(
        [
            (0x010F, ascii("Apple")),
            (0x8769, Sub([(0xA431, ascii("SN-CONTAINER-1"))])),
            (0x8825, Sub(gps_entries(LAT, LON))),
        ]
    )


CONTAINERS = {
    "end.heic": lambda: heic_exif_at_end(_gps_block()),
    "photo.jxl": lambda: jxl_with_exif(_gps_block()),
    "photo.png": lambda: png_with_exif(_gps_block()),
    "photo.webp": lambda: webp_with_exif(b"Exif\x00\x00" + _gps_block()),
    "photo.raf": lambda: raf_with(exif_jpeg(_gps_block())),
    "big.tif": lambda: tiff(
        [
            (0x010F, ascii("Converter")),
            (0x8769, Sub([(0xA431, ascii("SN-CONTAINER-1"))], 16)),
            (0x8825, Sub(gps_entries(LAT, LON), 16)),
        ],
        big=True,
    ),
}


@pytest.mark.parametrize("name", sorted(CONTAINERS))
def test_gps_and_serial_in_every_container(tmp_path, name):
    photo = _audit(_write(tmp_path, name, CONTAINERS[name]()))
    assert photo.skip is None, photo.skip
    assert photo.location is not None, name
    assert abs(photo.location.lat - LAT) < 1e-5 and abs(photo.location.lon - LON) < 1e-5
    assert "SN-CONTAINER-1" in _serials(photo)


def test_cr3_directories_in_cmt_boxes(tmp_path):
    cmt1 = tiff([(0x010F, ascii("Canon")), (0x0110, ascii("Canon EOS R5"))])
    cmt2 = tiff([(0xA431, ascii("SN-CR3-0007")), (0xA430, ascii("Lin Xiaoyu"))])
    cmt3 = tiff([(0x0096, ascii("INT-CR3-42"))])
    cmt4 = tiff(gps_entries(LAT, LON))
    photo = _audit(_write(tmp_path, "raw.cr3", cr3_with(cmt1, cmt2, cmt3, cmt4)))
    assert photo.skip is None, photo.skip
    assert {"SN-CR3-0007", "INT-CR3-42"} <= set(_serials(photo))
    owners = [e.value for f in photo.findings if f.id == "identity.owner" for e in f.evidence]
    assert "Lin Xiaoyu" in owners
    assert photo.location is not None and abs(photo.location.lat - LAT) < 1e-5


# Directories wherever they are pointed to -----------------------------------------------------

_CAMERA = [(0x010F, ascii("Canon")), (0x0110, ascii("Canon EOS 5D"))]
_OWNED = [(0xA431, ascii("SN-PAGE-0042")), (0xA430, ascii("Lin Xiaoyu"))]
PLACES = {
    # ExifTool reads each of these; a GPS pointer outside IFD0 was once not followed at all.
    "in the thumbnail's IFD1": lambda: chained(_CAMERA, [(0x8825, Sub(gps_entries(LAT, LON)))]),
    "inside the Exif directory": lambda: tiff(
        [*_CAMERA, (0x8769, Sub([(0x8825, Sub(gps_entries(LAT, LON)))]))]
    ),
    "in a SubIFD": lambda: tiff([*_CAMERA, (0x014A, Sub([(0x8825, Sub(gps_entries(LAT, LON)))]))]),
    "written as UNDEFINED": lambda: tiff(
        [*_CAMERA, (0x8825, Sub(gps_entries(LAT, LON), UNDEFINED))]
    ),
}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("name", ["photo.jpg", "photo.tif"])
def test_a_gps_directory_is_read_wherever_it_is_pointed_to(tmp_path, place, name):
    block = PLACES[place]()
    data = exif_jpeg(block) if name.endswith(".jpg") else block
    photo = _audit(_write(tmp_path, name, data))
    assert photo.location is not None, place
    assert abs(photo.location.lat - LAT) < 1e-5 and abs(photo.location.lon - LON) < 1e-5


def test_an_exif_directory_pointed_to_by_the_subifd_tag_is_read(tmp_path):
    """ExifTool reads a SubIFD (0x014A) whatever it holds: here the Exif directory's own
    fields, a pointer written under the wrong tag."""
    block = tiff([*_CAMERA, (0x014A, Sub(_OWNED))])
    found = _walk_only(block)
    assert found["Exif.Photo.BodySerialNumber"] == ["SN-PAGE-0042"]
    assert found["Exif.Photo.CameraOwnerName"] == ["Lin Xiaoyu"]
    photo = _audit(_write(tmp_path, "subifd.jpg", exif_jpeg(block)))
    assert "SN-PAGE-0042" in _serials(photo)


def test_the_second_page_of_a_multi_page_tiff_is_read(tmp_path):
    page_two = [(0x8769, Sub(_OWNED)), (0x8825, Sub(gps_entries(LAT, LON)))]
    photo = _audit(_write(tmp_path, "scan.tif", chained(_CAMERA, page_two)))
    assert photo.location is not None
    assert "SN-PAGE-0042" in _serials(photo)
    owners = [e.value for f in photo.findings if f.id == "identity.owner" for e in f.evidence]
    assert "Lin Xiaoyu" in owners


def test_xmp_of_any_page_and_any_type_of_a_tiff_is_read(tmp_path):
    packet = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b"<dc:creator><rdf:Seq><rdf:li>Lin Xiaoyu</rdf:li></rdf:Seq></dc:creator>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    packet += b" " * (-len(packet) % 4)
    page_two = [(0x0100, long(1)), (700, (LONG, packet))]  # XMP written as 32-bit numbers
    photo = _audit(_write(tmp_path, "scan.tif", chained(_CAMERA, page_two)))
    owners = [e.value for f in photo.findings if f.id == "identity.owner" for e in f.evidence]
    assert "Lin Xiaoyu" in owners


def test_a_tiff_whose_first_directory_starts_in_its_last_byte_is_audited(tmp_path):
    data = bytearray(tiff(_CAMERA))
    data[4:8] = struct.pack("<I", len(data) - 1)
    photo = _audit(_write(tmp_path, "cut.tif", bytes(data)))
    assert photo.skip is None or photo.skip.code != "internal-error"


def test_an_exif_pointer_written_as_undefined_is_followed():
    block = tiff([*_CAMERA, (0x8769, Sub(_OWNED, UNDEFINED))])
    assert _walk_only(block)["Exif.Photo.BodySerialNumber"] == ["SN-PAGE-0042"]


def test_every_owner_and_serial_of_two_exif_blocks_is_reported(tmp_path):
    first = tiff([*_CAMERA, (0x8769, Sub([(0xA431, ascii("A")), (0xA430, ascii("B"))]))])
    second = tiff([*_CAMERA, (0x8769, Sub(_OWNED))])
    data = jpeg_with(
        segment(0xE1, b"Exif\x00\x00" + first), segment(0xE1, b"Exif\x00\x00" + second)
    )
    photo = _audit(_write(tmp_path, "two.jpg", data))
    assert {"A", "SN-PAGE-0042"} <= set(_serials(photo))
    owners = [e.value for f in photo.findings if f.id == "identity.owner" for e in f.evidence]
    assert {"B", "Lin Xiaoyu"} <= set(owners)


def test_an_exif_header_with_another_sixth_byte_is_read(tmp_path):
    block = tiff([*_CAMERA, (0x8825, Sub(gps_entries(LAT, LON)))])
    photo = _audit(_write(tmp_path, "odd.jpg", jpeg_with(segment(0xE1, b"Exif\x00\xff" + block))))
    assert photo.location is not None


def test_exif_blocks_beyond_the_limit_are_said_not_read(tmp_path):
    from audit.readers import locate

    filler = segment(0xE1, b"Exif\x00\x00" + tiff(_CAMERA))
    located = segment(0xE1, b"Exif\x00\x00" + tiff([(0x8825, Sub(gps_entries(LAT, LON)))]))
    read = _audit(_write(tmp_path, "fifth.jpg", jpeg_with(*[filler] * 4, located)))
    assert read.location is not None and read.fully_read
    beyond = [filler] * locate.MAX_BLOCKS + [located]
    cut = _audit(_write(tmp_path, "beyond.jpg", jpeg_with(*beyond)))
    assert not cut.fully_read
    assert [note.code for note in cut.notes] == ["metadata-cut"]


def test_a_header_longer_than_the_segment_limit_is_said_not_read(tmp_path):
    from audit.readers import jpeg_segments

    padding = [segment(0xEF, b"x")] * (jpeg_segments.MAX_SEGMENTS + 1)
    data = jpeg_with(*padding, segment(0xFE, b"Photo by Lin Xiaoyu"))
    photo = _audit(_write(tmp_path, "long.jpg", data))
    assert not photo.fully_read
    assert "metadata-cut" in [note.code for note in photo.notes]


# Bounds ---------------------------------------------------------------------------------------


def test_a_name_in_an_eight_byte_type_of_a_classic_tiff_is_not_shown_as_numbers(tmp_path):
    """Types 16-18 exist only in BigTIFF: ExifTool reads nothing from them in a classic TIFF
    ("Bad format (16)"), and neither does exposure, which says a field was damaged."""
    block = tiff([(0x010F, ascii("Canon")), (0x013B, (LONG8, b"Russell Lea\x00\x00\x00\x00\x00"))])
    assert "Exif.Image.Artist" not in _walk_only(block)
    photo = _audit(_write(tmp_path, "long8.jpg", exif_jpeg(block)))
    assert "identity.owner" not in {finding.id for finding in photo.findings}
    assert not photo.fully_read


def test_directory_loops_and_huge_counts_end():
    # IFD0's Exif pointer points back at IFD0; a second entry claims a billion values.
    head = b"II*\x00" + struct.pack("<I", 8)
    entries = struct.pack("<HHII", 0x8769, LONG, 1, 8) + struct.pack("<HHII", 0x9286, 7, 10**9, 8)
    block = head + struct.pack("<H", 2) + entries + b"\x00" * 4
    tags = TagCollector()
    parsed = Tiff.parse(block)
    assert parsed is not None
    exif_walk.add_block(parsed, tags, lambda key: True)
    assert tags.freeze() == {}


def test_truncated_blocks_never_raise():
    block = _gps_block()
    for cut in range(0, len(block), 7):
        parsed = Tiff.parse(block[:cut])
        if parsed is not None:
            exif_walk.add_block(parsed, TagCollector(), lambda key: True)
    for data in (heic_exif_at_end(block), jxl_with_exif(block)):
        for cut in range(0, len(data), 97):
            from audit.readers import bmff

            bmff.find(data[:cut], "heif")
            bmff.find(data[:cut], "jxl")


def test_walker_does_not_repeat_what_exiv2_read(tmp_path):
    block = tiff([(0x010F, ascii("Canon")), (0xC62F, ascii("083021001234"))])
    found = _tags(_write(tmp_path, "once.jpg", exif_jpeg(block)))
    assert found["Exif.Image.CameraSerialNumber"] == ["083021001234"]


# GPS written in other places and forms ---------------------------------------------------------

_RDF = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">%s'
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)
_IPTC_CREATED = (
    b'<Iptc4xmpExt:LocationCreated><rdf:Bag><rdf:li rdf:parseType="Resource">'
    b"<Iptc4xmpExt:City>Shanghai</Iptc4xmpExt:City>"
    b"<Iptc4xmpExt:GPSLatitude>31,13.82496N</Iptc4xmpExt:GPSLatitude>"
    b"<Iptc4xmpExt:GPSLongitude>121,28.42206E</Iptc4xmpExt:GPSLongitude>"
    b"</rdf:li></rdf:Bag></Iptc4xmpExt:LocationCreated>"
)
_XMP_DECIMAL = (
    b"<exif:GPSLatitude>31.230416</exif:GPSLatitude>"
    b"<exif:GPSLongitude>121.473701</exif:GPSLongitude>"
)
XMP_PLACES = {
    "IPTC Extension LocationCreated": (b"http://ns.adobe.com/xap/1.0/\x00", _IPTC_CREATED, "iptc"),
    "XMP decimal degrees": (b"http://ns.adobe.com/xap/1.0/\x00", _XMP_DECIMAL, "xmp"),
    "the old XMP\\0 signature": (b"XMP\x00", _XMP_DECIMAL, "xmp"),
}


@pytest.mark.parametrize("case", sorted(XMP_PLACES))
def test_gps_written_in_xmp_is_read(tmp_path, case):
    signature, body, rule = XMP_PLACES[case]
    data = jpeg_with(segment(0xE1, signature + _RDF % body))
    photo = _audit(_write(tmp_path, "xmp.jpg", data))
    assert photo.location is not None, case
    assert abs(photo.location.lat - LAT) < 1e-4 and abs(photo.location.lon - LON) < 1e-4
    assert [f.rule for f in photo.findings if f.id == "location.gps"] == [f"location.gps/{rule}"]


def test_exif_gps_written_as_decimal_text_is_read(tmp_path):
    entries = [
        (1, ascii("N")),
        (2, ascii("31.230416")),
        (3, ascii("E")),
        (4, ascii("121.473701")),
    ]
    photo = _audit(_write(tmp_path, "text.jpg", exif_jpeg(tiff([(0x8825, Sub(entries))]))))
    assert photo.location is not None and abs(photo.location.lat - LAT) < 1e-5
    assert photo.fully_read


def test_a_gps_block_with_nothing_readable_says_so_plainly(tmp_path):
    entries = [(1, ascii("N")), (2, ascii("far north")), (3, ascii("E")), (4, ascii("east"))]
    photo = _audit(_write(tmp_path, "broken.jpg", exif_jpeg(tiff([(0x8825, Sub(entries))]))))
    assert photo.location is None and not photo.fully_read
    (note,) = [note for note in photo.notes if note.code == "gps-damaged"]
    assert "neither its latitude nor its longitude could be read" in note.message.en
    assert "out of range" not in note.message.en
    assert "纬度和经度都无法读取" in note.message.zh


# After the picture ----------------------------------------------------------------------------


def _after_picture(tmp_path, trailer: bytes, whole_file: bool):
    from audit.inspect import wanted

    path = _write(tmp_path, "after.jpg", exif_jpeg(tiff(_CAMERA)) + trailer)
    with open_photo(str(path)) as opened:
        result = read_metadata(opened, wanted, whole_file=whole_file)
    assert not hasattr(result, "code"), result
    return result


@pytest.mark.parametrize("whole_file", [False, True])
def test_text_after_the_picture_is_said_not_read(tmp_path, whole_file):
    text = b"Photo by Lin Xiaoyu, 13800138000\n"
    (note,) = _after_picture(tmp_path, text, whole_file).notes
    assert note.code == "metadata-cut"
    assert f"{len(text)} B of data after the end of the picture" in note.message.en


def test_a_photo_appended_after_the_picture_is_read_when_the_whole_file_is(tmp_path):
    second = exif_jpeg(
        tiff([*_CAMERA, (0x8825, Sub(gps_entries(LAT, LON))), (0x8769, Sub(_OWNED))])
    )
    found = _after_picture(tmp_path, second, whole_file=True)
    assert found.notes == ()
    assert "Exif.GPSInfo.GPSLatitude" in found.metadata.tags
    assert [t.text for t in found.metadata.tags["Exif.Photo.BodySerialNumber"]] == ["SN-PAGE-0042"]


@pytest.mark.parametrize("trailer", [b"", b"\x00" * 4096, b"\x14"], ids=["none", "zeros", "stray"])
@pytest.mark.parametrize("whole_file", [False, True])
def test_padding_or_a_stray_byte_after_the_picture_is_no_trailer(tmp_path, trailer, whole_file):
    assert _after_picture(tmp_path, trailer, whole_file).notes == ()


def test_a_placeholder_fix_does_not_hide_a_real_one(tmp_path):
    zero = [(1, ascii("N")), (2, ascii("0")), (3, ascii("E")), (4, ascii("0"))]
    exif = segment(0xE1, b"Exif\x00\x00" + tiff([(0x8825, Sub(zero))]))
    xmp_zero = segment(
        0xE1,
        XMP_PLACES["XMP decimal degrees"][0]
        + _RDF
        % (
            b"<exif:GPSLatitude>0,0.0N</exif:GPSLatitude><exif:GPSLongitude>0,0.0E</exif:GPSLongitude>"
        ),
    )
    iptc = segment(0xE1, XMP_PLACES["XMP decimal degrees"][0] + _RDF % _IPTC_CREATED)
    # EXIF 0,0, then a first XMP packet at 0,0, then a second packet with the real place.
    photo = _audit(_write(tmp_path, "zeros.jpg", jpeg_with(exif, xmp_zero, iptc)))
    assert photo.location is not None
    assert abs(photo.location.lat - LAT) < 1e-4 and abs(photo.location.lon - LON) < 1e-4


def _gps_photo() -> bytes:
    return exif_jpeg(tiff([*_CAMERA, (0x8825, Sub(gps_entries(LAT, LON))), (0x8769, Sub(_OWNED))]))


def _progressive() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 160)).save(out, "JPEG", progressive=True)
    return out.getvalue()


def test_an_end_marker_inside_a_table_between_scans_is_not_the_end(tmp_path):
    from audit.readers import trailer

    picture = _progressive()
    second_scan = picture.index(b"\xff\xda", picture.index(b"\xff\xda") + 2)
    table = segment(0xDB, b"\x00" + b"\x10" * 30 + b"\xff\xd9" + b"\x10" * 32)
    tricky = picture[:second_scan] + table + picture[second_scan:]
    view = memoryview(tricky)
    assert trailer.picture_end(view, 0, len(view)) == len(tricky)
    found = _after_picture(tmp_path, tricky[2:] + _gps_photo(), whole_file=True)
    assert "Exif.GPSInfo.GPSLatitude" in found.metadata.tags


def test_the_images_a_multi_picture_file_lists_are_read_in_a_metadata_scan(tmp_path):
    import io

    from PIL import Image

    second = Image.new("RGB", (64, 48), (200, 0, 0))
    block = tiff([*_CAMERA, (0x8825, Sub(gps_entries(LAT, LON)))])
    second.encoderinfo = {"exif": b"Exif\x00\x00" + block}
    out = io.BytesIO()
    Image.new("RGB", (64, 48)).save(out, "MPO", save_all=True, append_images=[second])
    photo = _audit(_write(tmp_path, "pair.jpg", out.getvalue()))
    assert photo.location is not None and photo.fully_read


def test_a_video_offset_that_leads_to_no_video_hides_nothing(tmp_path):
    from audit.inspect import wanted

    picture = exif_jpeg(tiff(_CAMERA))
    hidden = _gps_photo()
    rdf = _RDF % (
        b'<GCamera:MicroVideoOffset xmlns:GCamera="http://ns.google.com/photos/1.0/camera/">'
        + str(len(hidden)).encode()
        + b"</GCamera:MicroVideoOffset>"
    )
    xmp = segment(0xE1, XMP_PLACES["XMP decimal degrees"][0] + rdf)
    data = picture[:2] + xmp + picture[2:] + hidden
    path = _write(tmp_path, "video.jpg", data)
    with open_photo(str(path)) as opened:
        found = read_metadata(opened, wanted, whole_file=True)
    assert "Exif.GPSInfo.GPSLatitude" in found.metadata.tags


def test_bytes_before_a_samsung_trailer_are_looked_at(tmp_path):
    block = b"\x00\x00\x01\x0a" + struct.pack("<I", 10) + b"Image_UTC_" + b"1700000000000"
    body = exif_jpeg(tiff(_CAMERA)) + b"Owner: Lin Xiaoyu, 13800138000 "
    start = len(body)
    body += block
    directory = b"SEFH" + struct.pack("<II", 106, 1)
    directory += struct.pack("<HHII", 0, 0x0A01, len(body) - start, len(block))
    data = body + directory + struct.pack("<I", len(directory)) + b"SEFT"
    from audit.inspect import wanted

    path = _write(tmp_path, "samsung.jpg", data)
    for whole_file in (False, True):
        with open_photo(str(path)) as opened:
            found = read_metadata(opened, wanted, whole_file=whole_file)
        # The bytes before the trailer do not end as a picture does: looked at in both scans.
        assert [note.code for note in found.notes] == ["metadata-cut"], whole_file


def test_a_directory_longer_than_the_walk_reads_is_said_not_read(tmp_path):
    from audit.readers import tiff as tiff_module

    filler = [(0x9000 + index, ascii("x")) for index in range(tiff_module.MAX_ENTRIES + 10)]
    block = tiff([*_CAMERA, *filler])
    photo = _audit(_write(tmp_path, "long.jpg", exif_jpeg(block)))
    assert "metadata-cut" in [note.code for note in photo.notes] and not photo.fully_read


def test_the_gps_directory_is_read_before_a_raw_files_many_sub_images():
    from audit.readers import tiff as tiff_module

    # A SubIFDs entry (0x014A, sorted before the GPS pointer) listing as many directories as
    # the walk reads: the GPS directory must not go unread for want of budget.
    offsets = [10 + 2 * index for index in range(tiff_module.MAX_DIRECTORIES)]
    block = tiff([*_CAMERA, (0x014A, long(*offsets)), (0x8825, Sub(gps_entries(LAT, LON)))])
    assert "Exif.GPSInfo.GPSLatitude" in _walk_only(block)


def test_a_colour_profile_with_more_tags_than_read_is_said_not_read():
    from audit.readers import icc_text

    profile = bytearray(132 + 12 * 300)
    profile[128:132] = struct.pack(">I", 300)
    found, cut = icc_text.unusual_texts(bytes(profile))
    assert found == () and cut
    assert not icc_text.is_standard(bytes(profile))


def test_more_values_than_kept_say_the_file_was_not_fully_read():
    from audit.readers.metadata import MAX_TAGS, Tag

    tags = TagCollector()
    for index in range(MAX_TAGS + 1):
        tags.add(Tag("Exif.Image.Artist", f"name {index}"))
    assert len(tags.peek("Exif.Image.Artist")) == MAX_TAGS
    assert len(tags.unread) == 1


@pytest.mark.parametrize(
    ("lat", "lon"),
    [("31 13 49.4976", "121 28 25.3236"), ("31,13,49.4976", "121,28,25.3236")],
    ids=["spaces", "commas"],
)
def test_exif_gps_written_as_degrees_minutes_seconds_text_is_read(tmp_path, lat, lon):
    entries = [(1, ascii("N")), (2, ascii(lat)), (3, ascii("E")), (4, ascii(lon))]
    photo = _audit(_write(tmp_path, "dms.jpg", exif_jpeg(tiff([(0x8825, Sub(entries))]))))
    assert photo.location is not None and abs(photo.location.lat - LAT) < 1e-5


def test_xmp_gps_in_decimal_degrees_with_a_hemisphere_letter_is_read(tmp_path):
    body = (
        b"<exif:GPSLatitude>31.230416N</exif:GPSLatitude>"
        b"<exif:GPSLongitude>121.473701E</exif:GPSLongitude>"
    )
    data = jpeg_with(segment(0xE1, XMP_PLACES["XMP decimal degrees"][0] + _RDF % body))
    photo = _audit(_write(tmp_path, "lettered.jpg", data))
    assert photo.location is not None and abs(photo.location.lon - LON) < 1e-5


@pytest.mark.parametrize("little", [True, False], ids=["II", "MM"])
def test_a_gps_pointer_written_as_short_is_followed_in_either_byte_order(little):
    from exif_bytes import SHORT

    block = tiff(
        [
            (0x010F, ascii("Canon")),
            (0x8825, Sub(gps_entries(LAT, LON, little=little), SHORT)),
        ],
        little=little,
    )
    assert "Exif.GPSInfo.GPSLatitude" in _walk_only(block)


def _heic_with_gps() -> bytearray:
    return bytearray(heic_exif_at_end(tiff([*_CAMERA, (0x8825, Sub(gps_entries(LAT, LON)))])))


def test_a_damaged_item_count_keeps_the_items_read_before_it(tmp_path):
    data = _heic_with_gps()
    count_at = data.index(b"iloc") + 4 + 4 + 2  # box type, version and flags, field sizes
    assert data[count_at : count_at + 2] == b"\x00\x02"
    data[count_at : count_at + 2] = b"\xea\x02"  # one byte damaged: 59,906 items claimed
    photo = _audit(_write(tmp_path, "damaged.heic", bytes(data)))
    assert photo.location is not None and abs(photo.location.lat - LAT) < 1e-5


def test_an_exif_item_that_cannot_be_located_is_said_not_read(tmp_path):
    data = _heic_with_gps()
    exif_entry = data.index(b"iloc") + 4 + 4 + 2 + 2 + 14  # after the picture item's entry
    offset_at = exif_entry + 6
    data[offset_at : offset_at + 4] = (len(data) + 1000).to_bytes(4, "big")
    from audit.readers import bmff

    found = bmff.find(bytes(data), "heif")
    assert found.exif == () and found.cut
    photo = _audit(_write(tmp_path, "lost.heic", bytes(data)))
    assert photo.location is None and not photo.fully_read


@pytest.mark.parametrize("damage", ["offset", "length"])
def test_a_raf_whose_header_misplaces_its_jpeg_is_still_read(tmp_path, damage):
    data = bytearray(raf_with(exif_jpeg(_gps_block())))
    if damage == "offset":
        data[84:88] = struct.pack(">I", 7)
    else:
        data[88:92] = struct.pack(">I", len(data) * 4)
    photo = _audit(_write(tmp_path, "shifted.raf", bytes(data)))
    assert photo.location is not None and "SN-CONTAINER-1" in _serials(photo)


def test_xmp_kept_by_imagemagick_as_a_raw_app1_profile_is_read(tmp_path):
    import zlib

    packet = _RDF % _XMP_DECIMAL
    block = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    hexed = "\n".join(block.hex()[i : i + 72] for i in range(0, len(block.hex()), 72))
    text = b"Raw profile type APP1\x00\nAPP1\n" + f"{len(block):8d}\n{hexed}\n".encode()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    png = png_with_exif(tiff(_CAMERA))
    data = png[:-12] + chunk(b"tEXt", text) + png[-12:]
    photo = _audit(_write(tmp_path, "magick.png", data))
    assert photo.location is not None and abs(photo.location.lat - LAT) < 1e-5


def test_a_maker_note_repeated_many_times_is_read_once(monkeypatch):
    from audit.readers import makernotes

    decoded = []
    real = makernotes._string
    monkeypatch.setattr(makernotes, "_string", lambda raw: decoded.append(raw) or real(raw))

    def crowded_note(start: int) -> bytes:
        # Many entries of one tag, each pointing at the same long value.
        long_value = b"BD0012345" + b"x" * 40_000 + b"\x00"
        header = 2 + 12 * 200 + 4
        entries = b"".join(
            struct.pack("<HHII", 0x0096, 2, len(long_value), start + header) for _ in range(200)
        )
        return struct.pack("<H", 200) + entries + b"\x00" * 4 + long_value

    notes = [(0x927C, Placed(UNDEFINED, crowded_note))] + [
        (0x927C, undefined(b"\x00" * 8)) for _ in range(50)
    ]
    block = tiff([(0x010F, ascii("Canon")), (0x8769, Sub(notes))])
    found = _walk_only(block)
    assert found["Exif.Canon.InternalSerialNumber"][0].startswith("BD0012345")
    assert len(decoded) == 1


_BROKEN_XMP = _RDF % (_XMP_DECIMAL + b"<dc:note>Tom & Jerry</dc:note>")
BROKEN_XMP_HOLDERS = {
    "photo.jxl": lambda: (
        jxl_with_exif(tiff(_CAMERA))[:-10]
        + box(b"xml ", _BROKEN_XMP)
        + jxl_with_exif(tiff(_CAMERA))[-10:]
    ),
    "photo.cr3": lambda: (
        cr3_with(tiff(_CAMERA), tiff([]), tiff([]), tiff([]))
        + box(b"uuid", bytes.fromhex("be7acfcb97a942e89c71999491e3afac") + _BROKEN_XMP)
    ),
    "photo.raf": lambda: raf_with(
        jpeg_with(segment(0xE1, XMP_PLACES["XMP decimal degrees"][0] + _BROKEN_XMP))
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN_XMP_HOLDERS))
def test_a_damaged_xmp_packet_in_any_container_reaches_the_forgiving_reader(tmp_path, name):
    photo = _audit(_write(tmp_path, name, BROKEN_XMP_HOLDERS[name]()))
    assert photo.location is not None, [note.code for note in photo.notes]
    assert abs(photo.location.lat - LAT) < 1e-5
