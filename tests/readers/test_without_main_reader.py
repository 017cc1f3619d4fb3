"""When exiv2 cannot read a file, only what no other reader read is named, in plain words.

exiv2 rejects some valid files (newer HEIF index versions, a PNG ``eXIf`` chunk with an
``Exif`` prefix). The other readers then read them whole, and such a photo must not be called
"not fully read"; but IPTC (which only exiv2 reads), an EXIF block cut short, and a block that
runs past the end of the file are named. exiv2's failure is simulated, so each case does not
depend on which files a given exiv2 version accepts. Inputs are built from the specifications.
"""

from __future__ import annotations

import struct
import zlib

import pytest
from exif_bytes import (
    Sub,
    ascii,
    exif_jpeg,
    gps_entries,
    heic_exif_at_end,
    jpeg_with,
    png_with_exif,
    segment,
    small_jpeg,
    tiff,
    webp_with_exif,
)

from audit.inspect import wanted
from audit.readers import exiv2_reader, read_metadata
from audit.readers.exiv2_reader import ReaderError
from audit.readers.tiff import Tiff
from audit.sources.photo import open_photo

LAT, LON = 31.230416, 121.473701


@pytest.fixture
def exiv2_fails(monkeypatch):
    def broken(*_args, **_kwargs):
        raise ReaderError("simulated failure")

    monkeypatch.setattr(exiv2_reader, "read", broken)


def _read(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    with open_photo(str(path)) as opened:
        return read_metadata(opened, wanted)


def _block() -> bytes:
    return tiff([(0x013B, ascii("Lin Xiaoyu")), (0x8825, Sub(gps_entries(LAT, LON)))])


def _notes(result) -> list[str]:
    return [note.code for note in result.notes]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.jpg", exif_jpeg(_block())),
        ("a.png", png_with_exif(_block())),
        ("a.png", png_with_exif(b"Exif\x00\x00" + _block())),
        ("a.webp", webp_with_exif(_block())),
        ("a.heic", heic_exif_at_end(_block())),
    ],
)
def test_a_whole_exif_block_read_by_the_other_readers_gets_no_note(
    tmp_path, exiv2_fails, name, data
):
    result = _read(tmp_path, name, data)
    assert result.metadata.text("Exif.Image.Artist") == "Lin Xiaoyu"
    assert result.metadata.tags["Exif.GPSInfo.GPSLatitude"]
    assert _notes(result) == []


def test_a_jpeg_with_iptc_says_its_iptc_was_not_read(tmp_path, exiv2_fails):
    iptc = b"\x1c\x02\x50" + struct.pack(">H", 10) + b"Lin Xiaoyu"
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    app13 = segment(0xED, b"Photoshop 3.0\x00" + resource)
    data = jpeg_with(segment(0xE1, b"Exif\x00\x00" + _block()), app13)
    result = _read(tmp_path, "a.jpg", data)
    notes = [note for note in result.notes if note.code == "second-reader"]
    assert len(notes) == 1
    assert "IPTC" in notes[0].message.en and "IPTC" in notes[0].message.zh
    assert "reader" not in notes[0].message.en  # said in her terms, not the tool's


@pytest.mark.parametrize(
    ("kind", "block"),
    [
        ("exif", b"Exif\x00\x00" + _block()),
        ("APP1", b"Exif\x00\x00" + _block()),
        ("xmp", b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'),
    ],
)
def test_a_png_with_imagemagick_text_exif_says_it_was_not_read(tmp_path, exiv2_fails, kind, block):
    hexed = block.hex().encode()
    name = kind.encode()
    text = b"Raw profile type " + name + b"\x00\n" + name.lower() + b"\n"
    text += str(len(hexed) // 2).encode() + b"\n" + hexed
    body = png_with_exif(_block())
    chunk = struct.pack(">I", len(text)) + b"tEXt" + text
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + text) & 0xFFFFFFFF)
    at = body.index(b"IDAT") - 4
    result = _read(tmp_path, "a.png", body[:at] + chunk + body[at:])
    assert _notes(result) == ["second-reader"]
    assert "as text" in result.notes[0].message.en


def test_an_exif_block_cut_short_is_named_as_damaged(tmp_path, exiv2_fails):
    block = _block()
    result = _read(tmp_path, "a.png", png_with_exif(block[: len(block) - 20]))
    assert _notes(result) == ["second-reader"]
    assert "damaged" in result.notes[0].message.en
    # The longitude's bytes are gone; the bytes after the block are not read as one.
    assert result.metadata.text("Exif.Image.Artist") == "Lin Xiaoyu"
    assert "Exif.GPSInfo.GPSLongitude" not in result.metadata.tags
    assert result.metadata.tags["Exif.GPSInfo.GPSLatitude"][0].rationals == (
        (31, 1),
        (13, 1),
        (494976, 10000),
    )


def test_a_block_running_past_the_end_of_a_webp_is_named(tmp_path, exiv2_fails):
    body = webp_with_exif(_block())
    junk = b"JUNK" + struct.pack("<I", 0xFFFFFFF0)
    at = body.index(b"EXIF")
    result = _read(tmp_path, "a.webp", body[:at] + junk + body[at:])
    assert _notes(result) == ["second-reader"]
    assert "past the end of the file" in result.notes[0].message.en


def test_a_block_running_past_the_end_of_a_png_is_named(tmp_path, exiv2_fails):
    body = png_with_exif(_block())
    at = body.index(b"IDAT") - 4
    result = _read(tmp_path, "a.png", body[:at] + struct.pack(">I", 1 << 30) + b"zTXt" + b"x" * 64)
    assert _notes(result) == ["second-reader"]
    assert "past the end of the file" in result.notes[0].message.en


def test_a_jpeg_without_exif_that_exiv2_rejects_is_not_called_unread(tmp_path, exiv2_fails):
    result = _read(tmp_path, "a.jpg", small_jpeg())
    assert not hasattr(result, "notes") or _notes(result) == []


@pytest.mark.parametrize(
    "cut",
    [
        lambda block: block[:20],  # the directory's table runs past the block
        lambda block: block[:44],  # the owner's name lies past the block
        lambda block: block[:4] + struct.pack("<I", len(block) + 100) + block[8:],  # IFD0 outside
    ],
)
def test_the_tiff_reader_flags_what_lies_outside_its_block(cut):
    block = _block()
    whole = Tiff.parse(block)
    assert whole is not None
    whole.directory(whole.first)
    assert not whole.damaged
    damaged = Tiff.parse(cut(block))
    assert damaged is not None
    damaged.directory(damaged.first)
    assert damaged.damaged


def test_what_stays_unread_is_named_when_exifread_fails_too(tmp_path, exiv2_fails, monkeypatch):
    from audit.readers import exifread_reader

    def broken(*_args, **_kwargs):
        raise ValueError("simulated failure")

    monkeypatch.setattr(exifread_reader, "read", broken)
    iptc = b"\x1c\x02\x50" + struct.pack(">H", 10) + b"Lin Xiaoyu"
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    app13 = segment(0xED, b"Photoshop 3.0\x00" + resource)
    result = _read(tmp_path, "a.jpg", jpeg_with(segment(0xE1, b"Exif\x00\x00" + _block()), app13))
    assert result.metadata.reader == "exposure"
    assert result.metadata.text("Exif.Image.Artist") == "Lin Xiaoyu"
    assert _notes(result) == ["second-reader"] and "IPTC" in result.notes[0].message.en
