"""JPEGs built the way few programs write them: the copy shows what every viewer shows of the
original, or the file gets no copy; it is never called identical when it is not."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

from audit.clean import identity, jpeg
from audit.clean.model import PixelCheck, RewriteError


def _segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def _entry(tag: int, kind: int, value: bytes) -> bytes:
    return struct.pack("<HHI", tag, kind, 1) + value.ljust(4, b"\x00")


def _exif(*entries: bytes, claimed: int | None = None) -> bytes:
    count = len(entries) if claimed is None else claimed
    tiff = b"II*\x00" + struct.pack("<IH", 8, count) + b"".join(entries) + b"\x00" * 4
    return _segment(0xE1, b"Exif\x00\x00" + tiff)


def _plain(mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (64, 48), (200, 50, 50) if mode == "RGB" else (10, 200, 30, 5)).save(
        buffer, "JPEG"
    )
    return buffer.getvalue()


def _orientation(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as image:
        return int(image.getexif().get(0x0112, 1))


SIX, ONE = struct.pack("<H", 6), struct.pack("<H", 1)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
@pytest.mark.parametrize(
    "exif",
    [
        _exif(_entry(0x0112, 3, ONE), _entry(0x0112, 3, SIX)),  # a tag twice: the first counts
        _exif(_entry(0x0112, 3, SIX), _entry(0x0112, 3, ONE)),
        _exif(_entry(0x0112, 4, struct.pack("<I", 6))),  # LONG
        _exif(_entry(0x0112, 8, SIX)),  # SSHORT
        _exif(_entry(0x0112, 3, SIX), claimed=1001),  # an IFD claiming more than its block
    ],
    ids=["repeated-1-6", "repeated-6-1", "long", "sshort", "cut-short-ifd"],
)
def test_the_copy_shows_the_orientation_viewers_read_from_the_original(exif):
    plain = _plain()
    original = plain[:2] + exif + plain[2:]
    copy = jpeg.rewrite(original).data
    assert _orientation(copy) == _orientation(original)
    assert identity.compare(original, copy, "jpeg") is PixelCheck.IDENTICAL


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:2] + b"\xff\xd8" + data[2:],  # a second start-of-image
        lambda data: data[:2] + b"\xff\x01" + data[2:],  # a TEM marker
        lambda data: data[:-2] + _segment(0xDC, b"Wang Fang 13800138000") + b"\xff\xd9",
        lambda data: data[:2] + _segment(0xDD, b"\x00\x04 and a name") + data[2:],
        # An AC table whose symbols are a name and a phone number: no decoder asks for them.
        lambda data: (
            data[:2]
            + _segment(0xC4, b"\x13" + bytes(15) + bytes([21]) + b"Wang Fang 13800138000")
            + data[2:]
        ),
    ],
    ids=["second-soi", "tem", "long-line-count", "long-restart-interval", "words-as-a-table"],
)
def test_a_file_decoders_refuse_or_with_words_in_its_picture_blocks_gets_no_copy(damage):
    original = damage(_plain())
    with pytest.raises(RewriteError):
        jpeg.rewrite(original)
    assert identity.compare(original, _plain(), "jpeg") is not PixelCheck.IDENTICAL


@pytest.mark.parametrize("where", ["as-written", "after-the-tables", "longer-block"])
def test_the_colour_transform_is_kept_wherever_its_block_lies(where):
    cmyk = _plain("CMYK")
    start = cmyk.index(b"\xff\xee\x00\x0eAdobe")
    end = start + 2 + 14
    block, rest = cmyk[start:end], cmyk[:start] + cmyk[end:]
    scan = rest.index(b"\xff\xda")
    if where == "after-the-tables":
        original = rest[:scan] + block + rest[scan:]
    elif where == "longer-block":
        longer = _segment(0xEE, block[4:] + b"more bytes")
        original = cmyk[:start] + longer + cmyk[end:]
    else:
        original = cmyk
    copy = jpeg.rewrite(original).data
    assert identity.compare(original, copy, "jpeg") is PixelCheck.IDENTICAL
    assert Image.open(io.BytesIO(copy)).tobytes() == Image.open(io.BytesIO(original)).tobytes()
    assert b"more bytes" not in copy


def test_an_orientation_written_after_the_picture_data_is_read_by_no_one():
    plain = _plain()
    end = plain.rindex(b"\xff\xd9")
    original = plain[:end] + _exif(_entry(0x0112, 3, SIX)) + plain[end:]
    copy = jpeg.rewrite(original).data
    assert _orientation(original) == _orientation(copy) == 1
    assert identity.compare(original, copy, "jpeg") is PixelCheck.IDENTICAL


def test_a_colour_profile_readers_refuse_is_not_given_to_the_copy():
    """Two chunks both numbered 1 of 1: libjpeg and Pillow use no profile for the original."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    half = len(profile) // 2
    chunks = [
        _segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + profile[:half]),
        _segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + profile[half:]),
    ]
    plain = _plain()
    original = plain[:2] + b"".join(chunks) + plain[2:]
    copy = jpeg.rewrite(original).data
    with Image.open(io.BytesIO(original)) as shown, Image.open(io.BytesIO(copy)) as made:
        assert shown.info.get("icc_profile") is None
        assert made.info.get("icc_profile") is None
    assert identity.compare(original, copy, "jpeg") is PixelCheck.IDENTICAL
