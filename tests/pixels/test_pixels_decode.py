"""Decoding for the pixel checks: bounded before decoding, every pixel format, never a crash."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from PIL import Image

from audit.inspect import analyse_pixels as analyse
from audit.models import Skip
from audit.pixels import DEFAULT_MAX_PIXELS, WORK_SIDE
from audit.pixels.decode import decode, working_side


def _encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims an enormous picture: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG with its frame header rewritten to claim ``width`` x ``height``."""
    data = bytearray(_encoded(Image.new("RGB", (16, 16), (90, 120, 150)), "JPEG"))
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _photo(size=(1200, 900)) -> Image.Image:
    image = Image.effect_mandelbrot(size, (-2.0, -1.2, 1.0, 1.2), 60).convert("RGB")
    return image


def test_a_decompression_bomb_is_refused_from_its_header_before_decoding():
    started = time.perf_counter()
    result = analyse(_png_claiming(100_000, 100_000), "png")
    assert time.perf_counter() - started < 2.0
    assert result.picture is None and result.findings == ()
    assert [note.code for note in result.notes] == ["pixels-too-large"]
    assert "10000" in result.notes[0].message.en
    assert "百万像素" in result.notes[0].message.zh


def test_enormous_jpeg_dimensions_are_refused():
    result = analyse(_jpeg_claiming(65_000, 65_000), "jpeg")
    assert [note.code for note in result.notes] == ["pixels-too-large"]


def test_the_limit_can_be_lowered():
    data = _encoded(_photo((800, 600)), "JPEG")
    assert [n.code for n in analyse(data, "jpeg", max_pixels=100_000).notes] == ["pixels-too-large"]
    assert DEFAULT_MAX_PIXELS >= 200_000_000


def test_a_large_jpeg_is_decoded_small_in_draft_mode():
    decoded = decode(_encoded(_photo((4000, 3000)), "JPEG"), "jpeg")
    assert max(decoded.stored.size) == WORK_SIDE
    assert decoded.full_size == (4000, 3000)
    assert decoded.scale == pytest.approx(4000 / WORK_SIDE, rel=0.01)


@pytest.mark.parametrize(
    ("make", "fmt", "name"),
    [
        (lambda p: p.convert("CMYK"), "JPEG", "jpeg"),
        (lambda p: p.convert("L"), "JPEG", "jpeg"),
        (lambda p: p.convert("P"), "PNG", "png"),
        (lambda p: p.convert("RGBA"), "PNG", "png"),
        (lambda p: p.convert("LA"), "PNG", "png"),
        (lambda p: p.convert("I;16"), "PNG", "png"),
        (lambda p: p.convert("I"), "TIFF", "tiff"),
        (lambda p: p.convert("1"), "TIFF", "tiff"),
        (lambda p: p, "WEBP", "webp"),
        (lambda p: p, "AVIF", "avif"),
    ],
)
def test_unusual_pixel_formats_become_plain_rgb(make, fmt, name):
    data = _encoded(make(_photo((640, 480))), fmt)
    decoded = decode(data, name)
    assert not isinstance(decoded, Skip), decoded
    assert decoded.stored.mode == "RGB" and decoded.stored.size == (640, 480)


def test_sixteen_bit_grey_keeps_its_contrast():
    ramp = Image.linear_gradient("L").resize((256, 256)).convert("I")
    wide = ramp.point(lambda v: v * 256)
    decoded = decode(_encoded(wide.convert("I;16"), "PNG"), "png")
    low, high = decoded.stored.convert("L").getextrema()
    assert high - low > 200


def test_heif_is_decoded_through_pillow_heif():
    import pillow_heif

    pillow_heif.register_heif_opener()
    data = _encoded(_photo((640, 480)), "HEIF")
    decoded = decode(data, "heif")
    assert not isinstance(decoded, Skip), decoded
    assert decoded.stored.size == (640, 480)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_an_animation_is_checked_on_its_first_frame_with_a_note(fmt):
    frames = [_photo((320, 240)), _photo((320, 240)).rotate(180)]
    data = _encoded(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100)
    result = analyse(data, fmt.lower())
    assert result.picture is not None
    assert [note.code for note in result.notes] == ["pixels-first-frame"]
    assert "2" in result.notes[0].message.en


def test_a_truncated_file_is_skipped_with_a_reason():
    data = _encoded(_photo((1200, 900)), "JPEG")
    result = analyse(data[: len(data) // 3], "jpeg")
    assert result.picture is None and result.findings == ()
    assert [note.code for note in result.notes] == ["pixels-unreadable"]
    assert result.notes[0].detail


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"", "jpeg"),
        (b"\xff\xd8\xff" + b"\x00" * 50, "jpeg"),
        (b"not a picture", "png"),
        (b"\x00" * 100, "cr3"),
        (memoryview(b"RIFF0000WEBPVP8 "), "webp"),
    ],
)
def test_garbage_never_raises(data, fmt):
    result = analyse(data, fmt)
    assert result.findings == () and result.picture is None
    assert [note.code for note in result.notes] == ["pixels-unreadable"]


def test_the_picture_stays_in_stored_orientation_and_boxes_are_upright():
    image = _photo((1200, 800))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to view
    decoded = decode(_encoded(image, "JPEG", exif=exif), "jpeg")
    assert decoded.stored.size == (WORK_SIDE, 640)
    assert decoded.upright.size == (640, WORK_SIDE)
    assert decoded.full_size == (800, 1200)


def test_a_memoryview_of_a_file_is_accepted():
    data = memoryview(_encoded(_photo((640, 480)), "JPEG"))
    assert not isinstance(decode(data, "jpeg"), Skip)


def test_a_mapped_file_is_read_in_place(tmp_path):
    import mmap

    path = tmp_path / "photo.jpg"
    path.write_bytes(_encoded(_photo((2000, 1500)), "JPEG"))
    with (
        path.open("rb") as handle,
        mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped,
    ):
        view = memoryview(mapped)
        decoded = decode(view, "jpeg")
        assert decoded.full_size == (2000, 1500)
        view.release()


@pytest.mark.parametrize(
    ("size", "fmt"), [((320, 240), "JPEG"), ((2000, 1500), "JPEG"), ((320, 240), "PNG")]
)
def test_nothing_keeps_the_mapped_file_open(tmp_path, size, fmt):
    import mmap

    path = tmp_path / "photo"
    path.write_bytes(_encoded(_photo(size), fmt))
    with path.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(mapped)
        result = analyse(view, fmt.lower())
        view.release()
        mapped.close()  # raises BufferError if any part of the result still points into the file
    assert result.notes == () and max(result.picture.size) == min(max(size), WORK_SIDE)


@pytest.mark.parametrize(
    ("size", "side"),
    [
        ((4000, 3000), 960),  # 4:3, the usual
        ((3000, 4000), 960),
        ((6000, 4000), 960),  # 3:2
        ((1920, 1080), 960),  # 16:9 keeps 540 px of height
        ((1080, 2340), 1170),  # a phone's screenshot
        ((6000, 1500), 2160),  # a 4:1 panorama
        ((1200, 300), 1200),  # never more than the picture has
        ((40000, 1000), 4096),  # never beyond the sharper copy's size
        ((500, 400), 960),  # a small picture is not enlarged later either
    ],
)
def test_the_working_copy_of_a_long_narrow_picture_is_made_longer(size, side):
    assert working_side(*size) == side
