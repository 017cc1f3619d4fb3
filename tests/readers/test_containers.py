"""The container walker: what it finds in JPEG, PNG and WebP structure, within bounds."""

from __future__ import annotations

import struct
import zlib

from audit.readers.containers import jpeg_dimensions, walk
from audit.readers.metadata import TagCollector


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def _jpeg(*segments: bytes, trailer: bytes = b"") -> memoryview:
    frame = _segment(0xC0, b"\x08\x00\x78\x00\xa0\x03\x01\x11\x00\x02\x11\x01\x03\x11\x01")
    return memoryview(
        b"\xff\xd8"
        + b"".join(segments)
        + frame
        + _segment(0xDA, b"\x00" * 10)
        + b"\x00" * 20
        + b"\xff\xd9"
        + trailer
    )


def _walk(data: memoryview, file_format: str = "jpeg"):
    tags = TagCollector()
    previews, packets = walk(data, file_format, tags)
    return tags.freeze(), previews, packets


def test_every_jpeg_comment_is_read():
    tags, _, _ = _walk(
        _jpeg(_segment(0xFE, b"first note"), _segment(0xFE, "第二条：林小雨".encode()))
    )
    assert [t.text for t in tags["JPEG.Comment"]] == ["first note", "第二条：林小雨"]


def test_comment_control_characters_are_stripped():
    tags, _, _ = _walk(_jpeg(_segment(0xFE, b"\x1b[31mred\x1b[0m text")))
    assert tags["JPEG.Comment"][0].text == "[31mred[0m text"


def test_app12_picture_info_serial():
    body = (
        b"OLYMPUS OPTICAL CO.,LTD.\x00\r\n[picture info]\r\nTimeDate=909698819\r\n"
        b"[camera info]\r\nType=SR55\r\nSerial#=#00000042\r\n"
    )
    tags, _, _ = _walk(_jpeg(_segment(0xEC, body)))
    assert tags["APP12.SerialNumber"][0].text == "#00000042"
    assert tags["APP12.Type"][0].text == "SR55"


def _ducky_block(tag: int, data: bytes) -> bytes:
    return struct.pack(">HH", tag, len(data)) + data


def _ducky_text(text: str) -> bytes:
    return struct.pack(">I", len(text)) + text.encode("utf-16-be")


def test_photoshop_save_for_web_copyright_and_comment_are_read():
    body = (
        b"Ducky"
        + _ducky_block(1, struct.pack(">I", 80))
        + _ducky_block(2, _ducky_text("给林小雨"))
        + _ducky_block(3, _ducky_text("© Lin Xiaoyu"))
        + b"\x00\x00"
    )
    tags, _, _ = _walk(_jpeg(_segment(0xEC, body)))
    assert tags["Ducky.Comment"][0].text == "给林小雨"
    assert tags["Ducky.Copyright"][0].text == "© Lin Xiaoyu"
    assert "APP12.Quality" not in tags


def test_a_ducky_block_longer_than_its_segment_ends_the_walk():
    body = b"Ducky" + _ducky_block(3, _ducky_text("Lin Xiaoyu")) + struct.pack(">HH", 2, 900)
    tags, _, _ = _walk(_jpeg(_segment(0xEC, body + b"\x00\x05abc")))
    assert [t.text for t in tags["Ducky.Copyright"]] == ["Lin Xiaoyu"]
    assert "Ducky.Comment" not in tags


def _resource(kind: int, data: bytes) -> bytes:
    padding = b"\x00" if len(data) % 2 else b""
    return (
        b"8BIM"
        + struct.pack(">H", kind)
        + b"\x00\x00"
        + struct.pack(">I", len(data))
        + data
        + padding
    )


def test_a_short_photoshop_thumbnail_resource_does_not_stop_the_walk():
    body = b"Photoshop 3.0\x00" + _resource(0x040C, b"\x00" * 30)[:-24]
    ducky = b"Ducky" + _ducky_block(3, _ducky_text("Lin Xiaoyu"))
    tags, previews, _ = _walk(_jpeg(_segment(0xED, body), _segment(0xEC, ducky)))
    assert previews == []
    assert tags["Ducky.Copyright"][0].text == "Lin Xiaoyu"


def _listed(number: int, address: str) -> bytes:
    """One address of a URL list: 8 bytes of ids, a character count, UTF-16BE text."""
    return (
        struct.pack(">II", 1, number)
        + struct.pack(">I", len(address))
        + address.encode("utf-16-be")
    )


def test_photoshop_url_and_url_list_are_read():
    listed = (
        struct.pack(">I", 3)
        + _listed(0, "https://lin-xiaoyu.example/")
        + _listed(1, "https://例子.example/林")
        + struct.pack(">II", 1, 2)
        + struct.pack(">I", 500)  # a third address longer than the resource: the list ends
    )
    body = (
        b"Photoshop 3.0\x00"
        + _resource(0x040B, "https://林小雨.example".encode())
        + _resource(0x041E, listed)
    )
    tags, _, _ = _walk(_jpeg(_segment(0xED, body)))
    assert tags["Photoshop.URL"][0].text == "https://林小雨.example"
    assert [t.text for t in tags["Photoshop.URL_List"]] == [
        "https://lin-xiaoyu.example/",
        "https://例子.example/林",
    ]


def test_jfxx_thumbnail_is_a_preview():
    thumbnail = (
        b"\xff\xd8"
        + _segment(0xC0, b"\x08\x00\x30\x00\x40\x03\x01\x11\x00\x02\x11\x01\x03\x11\x01")
        + b"\xff\xd9"
    )
    _, previews, _ = _walk(_jpeg(_segment(0xE0, b"JFXX\x00\x10" + thumbnail)))
    assert [(p.source, p.width, p.height) for p in previews] == [("JFXX thumbnail", 64, 48)]


def test_photoshop_thumbnail_is_a_preview():
    resource = struct.pack(">IIIIIIHH", 1, 160, 90, 480, 0, 0, 24, 1) + b"\xff\xd8\xff\xd9"
    body = (
        b"Photoshop 3.0\x00"
        + b"8BIM"
        + struct.pack(">H", 0x040C)
        + b"\x00\x00"
        + struct.pack(">I", len(resource))
        + resource
    )
    _, previews, _ = _walk(_jpeg(_segment(0xED, body)))
    assert [(p.source, p.width, p.height) for p in previews] == [("Photoshop thumbnail", 160, 90)]


def test_xmp_packet_is_collected():
    packet = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>'
    _, _, packets = _walk(_jpeg(_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)))
    assert packets == [packet]


def _samsung_trailer(*names: str) -> bytes:
    blocks, entries = b"", []
    for name in names:
        block = b"\x00\x00\x30\x0a" + struct.pack("<I", len(name)) + name.encode() + b"\x00" * 16
        entries.append((len(blocks), len(block)))
        blocks += block
    directory_start = len(blocks)
    directory = b"SEFH" + struct.pack("<II", 101, len(entries))
    for start, size in entries:
        directory += b"\x00\x00\x30\x0a" + struct.pack("<II", directory_start - start, size)
    return blocks + directory + struct.pack("<I", len(directory)) + b"SEFT"


def test_samsung_trailer_names_its_blocks():
    tags, _, _ = _walk(
        _jpeg(trailer=_samsung_trailer("MotionPhoto_Data", "Photo_Editor_Re_Edit_Data"))
    )
    assert "Trailer.Samsung.MotionPhoto_Data" in tags
    assert "Trailer.Samsung.Photo_Editor_Re_Edit_Data" in tags


def test_hostile_trailer_offsets_are_ignored():
    bad = (
        b"SEFH"
        + struct.pack("<II", 101, 3)
        + b"\x00\x00\x30\x0a"
        + struct.pack("<II", 10**9, 50)
        + struct.pack("<I", 24)
        + b"SEFT"
    )
    tags, _, _ = _walk(_jpeg(trailer=bad))
    assert not [key for key in tags if key.startswith("Trailer.")]


def test_truncated_jpeg_keeps_what_is_there():
    data = bytes(_jpeg(_segment(0xFE, b"note to self")))
    assert "JPEG.Comment" not in _walk(memoryview(data[:5]))[0]
    assert _walk(memoryview(data[:10]))[0]["JPEG.Comment"][0].text == "note"


def test_jpeg_dimensions_from_frame_header():
    assert jpeg_dimensions(bytes(_jpeg())) == (160, 120)
    assert jpeg_dimensions(b"not a jpeg") is None


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(*chunks: bytes) -> memoryview:
    header = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    return memoryview(b"\x89PNG\r\n\x1a\n" + header + b"".join(chunks) + _png_chunk(b"IEND", b""))


def test_png_text_chunks_of_every_kind():
    data = _png(
        _png_chunk(b"tEXt", b"Author\x00Lin Xiaoyu"),
        _png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"compressed words")),
        _png_chunk(b"iTXt", "Description\x00\x00\x00zh\x00说明\x00周末在家".encode()),
        _png_chunk(b"iTXt", b"Title\x00\x01\x00en\x00\x00" + zlib.compress("unicode ✓".encode())),
    )
    tags, _, _ = _walk(data, "png")
    assert tags["PNG.tEXt.Author"][0].text == "Lin Xiaoyu"
    assert tags["PNG.zTXt.Comment"][0].text == "compressed words"
    assert tags["PNG.iTXt.Description"][0].text == "周末在家"
    assert tags["PNG.iTXt.Title"][0].text == "unicode ✓"


def test_png_compression_bomb_is_bounded():
    bomb = zlib.compress(b"A" * (64 * 1024 * 1024), 9)
    tags, _, _ = _walk(_png(_png_chunk(b"zTXt", b"Comment\x00\x00" + bomb)), "png")
    assert len(tags["PNG.zTXt.Comment"][0].text) <= 2000


def test_png_xmp_chunk_is_a_packet():
    packet = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'></x:xmpmeta>"
    _, _, packets = _walk(
        _png(_png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet)), "png"
    )
    assert packets == [packet]


def test_webp_xmp_chunk_is_a_packet():
    packet = b"<x:xmpmeta/>"
    chunk = b"XMP " + struct.pack("<I", len(packet)) + packet
    data = memoryview(b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk)
    _, _, packets = _walk(data, "webp")
    assert packets == [packet]


def _ciff_app0(owner: bytes) -> bytes:
    """A minimal CIFF heap: a root directory holding one sub-heap with the OwnerName tag."""
    order = "little"
    value = owner + b"\x00" * (32 - len(owner))
    sub_dir = struct.pack("<H", 1) + struct.pack("<HII", 0x0810, 32, 0)
    sub_heap = value + sub_dir + struct.pack("<I", len(value))
    root_dir = struct.pack("<H", 1) + struct.pack("<HII", 0x2807, len(sub_heap), 0)
    heap = sub_heap + root_dir + len(sub_heap).to_bytes(4, order)
    return b"II" + struct.pack("<I", 26) + b"HEAPJPGM" + b"\x00" * 12 + heap


def test_ciff_owner_name():
    tags, _, _ = _walk(_jpeg(_segment(0xE0, _ciff_app0(b"Chris Example"))))
    assert tags["CIFF.OwnerName"][0].text == "Chris Example"


# Colour profiles ---------------------------------------------------------------------------------


def _profile(description: str = "sRGB built-in") -> bytes:
    """Little CMS's sRGB profile with its description (stored as UTF-16) replaced in place."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    standard = "sRGB built-in".encode("utf-16-be")
    assert len(description) == len("sRGB built-in") and standard in profile
    return profile.replace(standard, description.encode("utf-16-be"))


def _icc_segment(profile: bytes) -> bytes:
    return _segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + profile)


def test_a_standard_colour_profile_has_no_words_to_report():
    tags, _, _ = _walk(_jpeg(_icc_segment(_profile())))
    assert "ICC.Text" not in tags


def test_words_of_a_colour_profile_that_is_not_standard_are_read():
    tags, _, _ = _walk(_jpeg(_icc_segment(_profile("Lin's MacBook"))))
    assert [t.text for t in tags["ICC.Text"]] == ["Lin's MacBook"]


def test_a_png_colour_profile_name_and_words_are_read():
    body = b"Lin Xiaoyu home\x00\x00" + zlib.compress(_profile("Lin's MacBook"))
    chunk = struct.pack(">I", len(body)) + b"iCCP" + body + b"\x00" * 4
    head = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + b"\x00" * 17
    tags, _, _ = _walk(memoryview(head + chunk + b"\x00\x00\x00\x00IEND\x00\x00\x00\x00"), "png")
    assert [t.text for t in tags["ICC.Name"]] == ["Lin Xiaoyu home"]
    assert [t.text for t in tags["ICC.Text"]] == ["Lin's MacBook"]


def test_a_photo_with_a_profile_naming_someone_gets_a_finding(tmp_path):
    from exif_bytes import jpeg_with

    from audit.inspect import FileOptions, audit_file
    from audit.sources.walk import InputFile

    path = tmp_path / "named.jpg"
    path.write_bytes(jpeg_with(_icc_segment(_profile("Lin's MacBook"))))
    photo = audit_file(InputFile(str(path), str(path)), FileOptions(metadata_only=True))
    (finding,) = photo.findings
    assert finding.rule == "content.history/colour-profile-words"
    assert [e.value for e in finding.evidence] == ["Lin's MacBook"]


def test_an_imagemagick_raw_profile_is_named_not_shown_as_hex():
    body = b"Raw profile type exif\x00\nexif\n     318\n45786966000049492a00080000000500\n"
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + b"\x00" * 4
    head = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + b"\x00" * 17
    tags, _, _ = _walk(memoryview(head + chunk + b"\x00\x00\x00\x00IEND\x00\x00\x00\x00"), "png")
    (tag,) = tags["PNG.tEXt.Raw profile type exif"]
    assert tag.text == "ImageMagick raw exif profile (318 bytes)"
