"""Reading a whole photo: exiv2 first, exifread when exiv2 fails, libheif for HEIF."""

from __future__ import annotations

import struct

import pytest
from photo_factory import jpeg, scene

from audit.inspect import wanted
from audit.models import Skip
from audit.readers import exiv2_reader, makernotes, read_metadata
from audit.readers.exiv2_reader import ReaderError
from audit.readers.metadata import TagCollector, decode_bytes, decode_user_comment
from audit.sources.photo import open_photo


def _read(path):
    with open_photo(str(path)) as opened:
        return read_metadata(opened, wanted)


def test_exif_xmp_and_iptc_are_read(tmp_path):
    path = jpeg(
        tmp_path / "a.jpg",
        {
            "Exif.Image.Artist": "Lin Xiaoyu",
            "Exif.Photo.BodySerialNumber": "0420",
            "Iptc.Application2.City": "Hangzhou",
            "Xmp.photoshop.City": "杭州",
        },
    )
    metadata = _read(path).metadata
    assert metadata.text("Exif.Image.Artist") == "Lin Xiaoyu"
    assert metadata.text("Exif.Photo.BodySerialNumber") == "0420"
    assert metadata.text("Iptc.Application2.City") == "Hangzhou"
    assert metadata.text("Xmp.photoshop.City") == "杭州"
    assert (metadata.width, metadata.height) == (320, 240)
    assert metadata.reader == "exiv2"


def test_unwanted_tags_are_not_kept(tmp_path):
    metadata = _read(jpeg(tmp_path / "a.jpg", {"Exif.Photo.ExposureTime": "1/60"})).metadata
    assert "Exif.Photo.ExposureTime" not in metadata.tags


def test_second_reader_takes_over_when_exiv2_fails(tmp_path, monkeypatch):
    path = jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})

    def broken(*args, **kwargs):
        raise ReaderError("simulated failure")

    monkeypatch.setattr(exiv2_reader, "read", broken)
    result = _read(path)
    assert result.metadata.reader == "exifread"
    assert result.metadata.text("Exif.Image.Artist") == "Lin Xiaoyu"
    # exposure's own walker read the EXIF block whole, and there is no IPTC: nothing unread.
    assert [note.code for note in result.notes] == []


def test_a_heif_exiv2_rejects_is_never_given_to_exifread(tmp_path, monkeypatch):
    """exifread's box parser loops for ever on a HEIF box of size 1; exposure's own box reader
    finds the EXIF item instead."""
    import io

    import pillow_heif
    from PIL import Image

    from audit.readers import exifread_reader

    pillow_heif.register_heif_opener()
    exif = Image.Exif()
    exif[0x013B] = "Lin Xiaoyu"
    out = io.BytesIO()
    scene(1, (64, 48)).save(out, "HEIF", exif=exif.tobytes())
    (tmp_path / "a.heic").write_bytes(out.getvalue())

    def broken(*args, **kwargs):
        raise ReaderError("simulated failure")

    given: list[object] = []
    monkeypatch.setattr(exiv2_reader, "read", broken)
    monkeypatch.setattr(exifread_reader, "read", lambda *args: given.append(args) or [])
    result = _read(tmp_path / "a.heic")
    assert given == []
    assert result.metadata.text("Exif.Image.Artist") == "Lin Xiaoyu"


def test_a_walk_stopped_by_damage_says_so(tmp_path, monkeypatch):
    from audit.readers import containers

    def damaged(data, tags):
        tags.add(containers.Tag("JPEG.Comment", "read before the damage"))
        raise struct.error("a block is cut short")

    monkeypatch.setattr(containers, "_walk_jpeg", damaged)
    result = _read(jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"}))
    assert result.metadata.text("JPEG.Comment") == "read before the damage"
    assert result.metadata.text("Exif.Image.Artist") == "Lin Xiaoyu"
    assert [note.code for note in result.notes] == ["metadata-cut"]
    assert "damaged" in result.notes[0].message.en


def test_file_no_reader_understands_is_skipped_as_corrupt(tmp_path):
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe1\xff\xffExif\x00\x00" + b"\x00" * 64)
    result = _read(path)
    if isinstance(result, Skip):
        assert result.code == "corrupt"
    else:
        assert not result.metadata.tags


def test_heif_xmp_item_and_exif_are_read(tmp_path):
    import pillow_heif
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = "Lin Xiaoyu"
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        b' photoshop:City="Chengdu"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    path = tmp_path / "a.heic"
    pillow_heif.from_pillow(scene(3, (240, 160))).save(
        str(path), quality=50, exif=exif.tobytes(), xmp=xmp
    )
    metadata = _read(path).metadata
    assert metadata.text("Exif.Image.Artist") == "Lin Xiaoyu"
    assert metadata.text("Xmp.photoshop.City") == "Chengdu"
    assert (metadata.width, metadata.height) == (240, 160)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"\x00\x00S010604030293\x00", "S010604030293"),
        (b"B9V508278      ", "B9V508278"),
        (bytes([0x54, 0xE8, 0xB2, 0xB5, 0x53]), "54e8b2b553"),
        (b"", ""),
    ],
)
def test_byte_values_become_text_or_hex(raw, text):
    assert decode_bytes(raw) == text


def test_user_comment_character_sets():
    assert decode_user_comment(b"ASCII\x00\x00\x00wechat id: alice123") == "wechat id: alice123"
    assert decode_user_comment(b"UNICODE\x00" + "林小雨".encode("utf-16-le")) == "林小雨"
    assert decode_user_comment(b"\x00" * 8 + b"plain") == "plain"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text", ["lin.xiaoyu@example.com", "联系我 lin.xiaoyu@example.com", "林小雨"]
)
def test_a_unicode_user_comment_is_read_whole_in_either_byte_order(codec, text):
    """EXIF writes UCS-2 in the file's own byte order, usually ended by a zero character."""
    for ending in (b"", b"\x00\x00", b"\x00\x00\x00\x00"):
        raw = b"UNICODE\x00" + text.encode(codec) + ending
        assert decode_user_comment(raw) == text


def test_an_ascii_field_holding_utf8_is_read_as_text_once(tmp_path):
    from exif_bytes import ASCII, exif_jpeg, tiff

    name = "林小雨".encode() + b"\x00"
    path = tmp_path / "a.jpg"
    path.write_bytes(exif_jpeg(tiff([(0x013B, (ASCII, name))])))
    assert [tag.text for tag in _read(path).metadata.tags["Exif.Image.Artist"]] == ["林小雨"]


def test_reconyx_serial_from_maker_note():
    note = bytearray(200)
    note[0:4] = b"\x01\xf1\x03\x00"
    note[42 : 42 + 28] = "H500EE06130468".encode("utf-16-le")
    tags = TagCollector()
    makernotes.add_maker_note_serials(bytes(note), "RECONYX", tags)
    assert tags.freeze()["Exif.Reconyx.SerialNumber"][0].text == "H500EE06130468"


def test_moved_canon_maker_note_is_read_at_the_real_offset():
    uid = bytes.fromhex("54e8b2b5539347478841864f8be0dcc5")
    original, moved = 914, 786
    entries = struct.pack("<H", 1) + struct.pack("<HHII", 0x0028, 1, 16, original + 40)
    body = bytearray(entries + b"\x00" * (40 - len(entries)) + uid + b"\x00" * 20)
    body += b"II*\x00" + struct.pack("<I", original)
    found = makernotes.canon_moved_values(bytes(body), moved, "II")
    assert found == {"Exif.Canon.ImageUniqueID": uid.hex()}
    assert makernotes.canon_moved_values(bytes(body), original, "II") == {}


def test_a_tag_left_open_for_megabytes_costs_little_memory_to_read_around():
    import tracemalloc

    from audit.readers import xmp_text
    from audit.readers.metadata import TagCollector

    packet = b"<x:xmpmeta><a:b " + b"x" * 2_000_000
    tracemalloc.start()
    try:
        xmp_text.read(packet, lambda key: True, TagCollector(), lambda text: 0, len(packet))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Unbounded, the tag's matcher held about 190 bytes a character (375 MB here).
    assert peak < 64 << 20


def test_a_text_longer_than_what_is_searched_is_named(tmp_path):
    description = "a" * 2500 + " call 13812345678"
    result = _read(jpeg(tmp_path / "a.jpg", {"Exif.Image.ImageDescription": description}))
    cut = [note for note in result.notes if note.code == "metadata-cut"]
    assert len(cut) == 1
    assert "2,000 characters" in cut[0].message.en


def test_a_long_list_of_photoshop_ancestors_is_not_called_unread(tmp_path):
    ancestors = ", ".join(f"xmp.did:{index:032X}" for index in range(200))
    result = _read(jpeg(tmp_path / "a.jpg", {"Xmp.photoshop.DocumentAncestors": ancestors}))
    assert [note.code for note in result.notes] == []


_XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
    ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:creator><rdf:Seq><rdf:li>林小雨 AMP</rdf:li></rdf:Seq></dc:creator>"
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("damaged", [False, True])
def test_xmp_in_utf16_or_utf32_is_read_and_only_damage_is_noted(tmp_path, codec, damaged):
    from exif_bytes import jpeg_with, segment

    text = _XMP.replace("AMP", "& co" if damaged else "and co")
    body = b"http://ns.adobe.com/xap/1.0/\x00" + text.encode(codec)
    path = tmp_path / "a.jpg"
    path.write_bytes(jpeg_with(segment(0xE1, body)))
    result = _read(path)
    creator = "林小雨 & co" if damaged else "林小雨 and co"
    assert [tag.text for tag in result.metadata.tags["Xmp.dc.creator"]] == [creator]
    assert [note.code for note in result.notes] == (["xmp-repaired"] if damaged else [])


def test_an_ai_pictures_node_graph_is_not_called_unread(tmp_path):
    import json

    from PIL import Image, PngImagePlugin

    graph = json.dumps(
        {str(n): {"class_type": "KSampler", "inputs": {"steps": 20}} for n in range(200)}
    )
    info = PngImagePlugin.PngInfo()
    info.add_text("workflow", graph)
    info.add_text("prompt", graph)
    path = tmp_path / "comfy.png"
    Image.new("RGB", (8, 8)).save(path, pnginfo=info)
    assert len(graph) > 5000
    assert [note.code for note in _read(path).notes] == []
