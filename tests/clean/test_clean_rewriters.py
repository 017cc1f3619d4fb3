"""Each container rewriter: what it keeps, what it drops, and that the picture is untouched."""

from __future__ import annotations

import io
import struct

import pytest
from clean_factory import (
    CANARIES,
    jpeg_markers,
    pixels,
    png_chunk,
    png_chunks,
    rich_jpeg,
    rich_png,
    rich_webp,
    riff_chunks,
)
from photo_factory import scene
from PIL import Image

from audit.clean import icc, jpeg, png, webp
from audit.clean.exif import EXIF_HEADER, read_facts
from audit.clean.model import Keep, Part, RewriteError


def _no_canaries(data: bytes) -> None:
    for canary in CANARIES:
        assert canary not in data, canary


# JPEG -----------------------------------------------------------------------------------------


def test_jpeg_keeps_only_the_picture_profile_and_orientation(tmp_path):
    original = rich_jpeg(tmp_path / "a.jpg", orientation=6).read_bytes()
    result = jpeg.rewrite(original)
    _no_canaries(result.data)
    assert result.data.endswith(b"\xff\xd9")
    markers = [marker for marker, _ in jpeg_markers(result.data)]
    assert set(markers) <= {0xE0, 0xE1, 0xE2, 0xDB, 0xC0, 0xC4, 0xDA}
    exif_blocks = [body for marker, body in jpeg_markers(result.data) if marker == 0xE1]
    assert len(exif_blocks) == 1 and exif_blocks[0].startswith(EXIF_HEADER)
    facts = read_facts(exif_blocks[0][len(EXIF_HEADER) :])
    assert facts.orientation == 6 and not facts.has_thumbnail
    with Image.open(io.BytesIO(result.data)) as copy:
        assert dict(copy.getexif()) == {0x0112: 6}
        assert copy.info["icc_profile"] == icc.standard_profile("sRGB")
    assert pixels(result.data) == pixels(original)
    parts = {dropped.part for dropped in result.dropped}
    assert {Part.EXIF, Part.XMP, Part.IPTC, Part.COMMENT, Part.PREVIEW, Part.VIDEO} <= parts
    assert Keep.ORIENTATION in result.kept and Keep.STANDARD_PROFILE in result.kept


def test_jpeg_orientation_after_thousands_of_segments_is_kept(tmp_path):
    from audit.readers import jpeg_segments

    original = rich_jpeg(tmp_path / "a.jpg", orientation=6).read_bytes()
    comments = b"\xff\xfe\x00\x04ab" * (jpeg_segments.MAX_SEGMENTS + 500)
    result = jpeg.rewrite(original[:2] + comments + original[2:])
    assert Keep.ORIENTATION in result.kept
    with Image.open(io.BytesIO(result.data)) as copy:
        assert dict(copy.getexif()) == {0x0112: 6}
    assert pixels(result.data) == pixels(original)


def test_jpeg_upright_photo_gets_no_exif_at_all(tmp_path):
    original = rich_jpeg(tmp_path / "a.jpg", orientation=1).read_bytes()
    result = jpeg.rewrite(original)
    assert 0xE1 not in [marker for marker, _ in jpeg_markers(result.data)]
    assert Keep.ORIENTATION not in result.kept


@pytest.mark.parametrize(
    "options",
    [{"progressive": True}, {"restart_marker_blocks": 1}, {"subsampling": 0}],
    ids=["progressive", "restart-markers", "444"],
)
def test_jpeg_pixels_identical_for_every_coding(tmp_path, options):
    original = rich_jpeg(tmp_path / "a.jpg", size=(123, 77), **options).read_bytes()
    result = jpeg.rewrite(original)
    assert pixels(result.data) == pixels(original)
    _no_canaries(result.data)


def test_jpeg_adobe_block_is_kept_for_cmyk(tmp_path):
    buffer = io.BytesIO()
    scene(1, (40, 30)).convert("CMYK").save(buffer, "JPEG", quality=90)
    original = buffer.getvalue()
    result = jpeg.rewrite(original)
    assert any(m == 0xEE for m, _ in jpeg_markers(result.data))
    assert Keep.COLOUR_TRANSFORM in result.kept
    assert pixels(result.data) == pixels(original)


def test_jpeg_kept_values_are_written_into_a_minimal_exif(tmp_path):
    original = rich_jpeg(tmp_path / "a.jpg", orientation=8).read_bytes()
    wanted = jpeg.JpegWanted(date="2024:05:02", position=(31.2, 121.5))
    result = jpeg.rewrite(original, wanted)
    with Image.open(io.BytesIO(result.data)) as copy:
        exif = copy.getexif()
        assert exif[0x0112] == 8
        assert exif.get_ifd(0x8769)[0x9003] == "2024:05:02 00:00:00"
        position = exif.get_ifd(0x8825)
        assert position[1] == "N" and float(position[2][0]) == pytest.approx(31.2)
        assert position[3] == "E" and float(position[4][0]) == pytest.approx(121.5)
    assert b"18:31:07" not in result.data
    assert {Keep.DATE, Keep.COARSE_LOCATION} <= set(result.kept)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[: len(d) // 2],
        lambda d: d[:2] + b"\x00\x00" + d[2:],
        lambda d: d[:-2],
        lambda d: b"\xff\xd8\xff\xe0\x00\x02" + b"\xff\xd9",
    ],
    ids=["cut-in-the-picture", "garbage-between-blocks", "no-end-marker", "no-picture"],
)
def test_jpeg_damaged_files_are_refused(tmp_path, damage):
    original = rich_jpeg(tmp_path / "a.jpg").read_bytes()
    end = original.index(b"\x00\x00\x00\x18ftypmp42")
    with pytest.raises(RewriteError):
        jpeg.rewrite(damage(original[:end]))


# PNG ------------------------------------------------------------------------------------------


def test_png_keeps_display_chunks_and_drops_text_time_exif_and_unknown(tmp_path):
    original = rich_png(tmp_path / "a.png").read_bytes()
    result = png.rewrite(original)
    _no_canaries(result.data)
    assert png_chunks(result.data) == [b"IHDR", b"gAMA", b"iCCP", b"IDAT", b"IEND"]
    assert result.data.endswith(png_chunk(b"IEND", b""))
    assert pixels(result.data) == pixels(original)
    parts = [d.part for d in result.dropped]
    assert parts.count(Part.TEXT) == 3
    assert {Part.TIME, Part.EXIF, Part.OTHER, Part.TRAILER} <= set(parts)
    with Image.open(io.BytesIO(result.data)) as copy:
        copy.verify()


def test_png_orientation_is_kept_in_a_new_exif_chunk(tmp_path):
    original = rich_png(tmp_path / "a.png", orientation=6).read_bytes()
    result = png.rewrite(original)
    kinds = png_chunks(result.data)
    assert kinds[:2] == [b"IHDR", b"eXIf"]
    with Image.open(io.BytesIO(result.data)) as copy:
        assert dict(copy.getexif()) == {0x0112: 6}
    assert b"Li Mei" not in result.data


def test_png_animation_chunks_are_kept(tmp_path):
    frames = [scene(seed, (32, 24)) for seed in (1, 2, 3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:], duration=100)
    original = buffer.getvalue()
    result = png.rewrite(original)
    assert {b"acTL", b"fcTL", b"fdAT"} <= set(png_chunks(result.data))
    with Image.open(io.BytesIO(original)) as a, Image.open(io.BytesIO(result.data)) as b:
        assert a.n_frames == b.n_frames == 3
        for index in range(3):
            a.seek(index)
            b.seek(index)
            assert a.convert("RGBA").tobytes() == b.convert("RGBA").tobytes()


def test_png_with_a_wrong_checksum_is_refused(tmp_path):
    original = bytearray(rich_png(tmp_path / "a.png").read_bytes())
    idat = original.index(b"IDAT")
    original[idat + 10] ^= 0xFF
    with pytest.raises(RewriteError, match="checksum"):
        png.rewrite(bytes(original))


def test_png_without_an_end_is_refused(tmp_path):
    original = rich_png(tmp_path / "a.png").read_bytes()
    with pytest.raises(RewriteError):
        png.rewrite(original[: original.index(b"IEND") - 4])


# WebP -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lossless", [False, True], ids=["lossy", "lossless"])
def test_webp_drops_exif_and_xmp_and_fixes_flags_and_size(tmp_path, lossless):
    original = rich_webp(tmp_path / "a.webp", lossless=lossless, orientation=3).read_bytes()
    result = webp.rewrite(original)
    assert b"Li Mei" not in result.data
    chunks = dict(riff_chunks(result.data))
    assert b"XMP " not in chunks
    assert struct.unpack("<I", result.data[4:8])[0] == len(result.data) - 8
    flags = chunks[b"VP8X"][0]
    assert not flags & 0x04  # XMP
    assert flags & 0x08 and flags & 0x20  # the new EXIF with the orientation, and the profile
    assert read_facts(chunks[b"EXIF"]).orientation == 3
    assert pixels(result.data) == pixels(original)
    assert {Part.EXIF, Part.XMP} <= {d.part for d in result.dropped}


def test_webp_without_picture_is_refused():
    with pytest.raises(RewriteError):
        webp.rewrite(b"RIFF\x0c\x00\x00\x00WEBPXMP \x00\x00\x00\x00")


def test_covering_regions_in_an_animation_is_refused():
    from audit.clean import picture

    frames = [scene(seed, (32, 24)) for seed in (1, 2)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
    with pytest.raises(picture.CoverError):
        picture.cover(buffer.getvalue(), "png", [(0, 0, 8, 8)], 1)


def test_covered_regions_land_where_the_upright_picture_shows_them():
    from audit.clean import picture

    upright = Image.new("RGB", (60, 40), (255, 255, 255))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # orientation 6 turns it back
    buffer = io.BytesIO()
    stored.save(buffer, "PNG")
    covered = Image.open(io.BytesIO(picture.cover(buffer.getvalue(), "png", [(0, 0, 10, 5)], 6)))
    shown = covered.transpose(Image.Transpose.ROTATE_270)
    assert shown.getpixel((2, 2)) == (picture.COVER,) * 3
    assert shown.getpixel((30, 20)) == (255, 255, 255)


@pytest.mark.parametrize("lossless", [False, True])
def test_a_covered_webp_keeps_its_orientation(lossless):
    """A WebP with EXIF but no colour profile: Pillow's re-encoding alone is a simple WebP,
    which has no room for EXIF, and the copy showed sideways."""
    from audit.clean import picture

    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    scene(3, (64, 48)).save(buffer, "WEBP", lossless=lossless, exif=exif.tobytes())
    covered = picture.cover(buffer.getvalue(), "webp", [(0, 0, 8, 8)], 6)
    rewritten = webp.rewrite(covered, orientation=6)
    assert Keep.ORIENTATION in rewritten.kept
    assert Image.open(io.BytesIO(rewritten.data)).getexif().get(0x0112) == 6


def test_a_16_bit_scan_converts_to_its_grey_not_to_white():
    from audit.clean import picture

    buffer = io.BytesIO()
    Image.new("I;16", (40, 30), 30000).save(buffer, "TIFF")
    copy = picture.to_jpeg(buffer.getvalue())
    converted = Image.open(io.BytesIO(copy))
    assert abs(converted.convert("L").getpixel((5, 5)) - 30000 // 256) <= 1
    check, psnr = picture.compare(buffer.getvalue(), copy, False)
    assert psnr is not None and psnr > 40


def test_a_picture_claiming_a_huge_size_is_refused_before_it_is_decoded():
    import tracemalloc
    import zlib

    from audit.clean import picture

    width = height = 30000  # 900 megapixels: gigabytes once decoded
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    row = b"\x00" + b"\x00" * width
    bomb = zlib.compress(row * 64, 9)
    data = (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", bomb) + chunk(b"IEND", b"")
    )
    tracemalloc.start()
    with pytest.raises(picture.TooLarge) as refused:
        picture.to_jpeg(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert refused.value.megapixels == 900 and peak < 64 << 20
    assert picture.compare(data, data, True)[0].value == "unreadable"


@pytest.mark.parametrize(
    ("psnr", "said"),
    [(float("inf"), "the same pixels"), (47.3, "cannot tell"), (33.0, "faint"), (0.0, "visibly")],
)
def test_the_likeness_of_a_re_encoded_copy_is_said_in_words(psnr, said):
    from audit.clean import words

    text = words.likeness(psnr)
    assert said in text.en and "dB" not in text.en[:20] and text.zh


def test_a_png_profile_named_after_a_person_is_renamed_and_kept():
    import zlib

    profile = icc.standard_profile("sRGB")
    buffer = io.BytesIO()
    scene(2, (32, 24)).save(buffer, "PNG")
    plain = buffer.getvalue()
    body = b"Lin Xiaoyu\x00\x00" + zlib.compress(profile)
    iccp = struct.pack(">I", len(body)) + b"iCCP" + body
    iccp += struct.pack(">I", zlib.crc32(b"iCCP" + body) & 0xFFFFFFFF)
    data = plain[:33] + iccp + plain[33:]  # after the signature and IHDR
    rewritten = png.rewrite(data)
    assert b"Lin Xiaoyu" not in rewritten.data and Keep.COLOUR_PROFILE in rewritten.kept
    copy = Image.open(io.BytesIO(rewritten.data))
    assert copy.info["icc_profile"] == profile
    assert copy.tobytes() == Image.open(io.BytesIO(data)).tobytes()


def test_text_hidden_after_a_display_chunks_value_is_cut():
    import zlib

    buffer = io.BytesIO()
    scene(2, (32, 24)).save(buffer, "PNG")
    plain = buffer.getvalue()
    body = struct.pack(">I", 45455) + b"Lin Xiaoyu 13800138000"
    gama = struct.pack(">I", len(body)) + b"gAMA" + body
    gama += struct.pack(">I", zlib.crc32(b"gAMA" + body) & 0xFFFFFFFF)
    data = plain[:33] + gama + plain[33:]
    rewritten = png.rewrite(data)
    assert b"Lin Xiaoyu" not in rewritten.data
    assert Image.open(io.BytesIO(rewritten.data)).info["gamma"] == pytest.approx(0.45455)
    assert (
        Image.open(io.BytesIO(rewritten.data)).tobytes() == Image.open(io.BytesIO(data)).tobytes()
    )
