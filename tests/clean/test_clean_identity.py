"""The pixel proof without decoding: identical picture-defining bytes, and any change caught."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from clean_factory import pixels, png_chunk, rich_jpeg, rich_png, rich_webp
from click.testing import CliRunner
from photo_factory import scene
from PIL import Image

from audit.clean import identity, jpeg, png, webp
from audit.clean.model import PixelCheck
from audit.cli import main


def _scan_data(data: bytes) -> tuple[int, int]:
    """Where the first scan's entropy-coded data starts and ends."""
    sos = data.index(b"\xff\xda")
    start = sos + 2 + struct.unpack(">H", data[sos + 2 : sos + 4])[0]
    end = data.index(b"\xff\xd9", start)
    return start, end


def _flip_scan_byte(data: bytes, where: float = 0.5) -> bytes:
    """``data`` with one byte of the compressed picture changed (no marker created or broken)."""
    start, end = _scan_data(data)
    changed = bytearray(data)
    position = start + int((end - start) * where)
    while changed[position] >= 0xF0 or changed[position - 1] == 0xFF:
        position += 1
    changed[position] ^= 0x01
    return bytes(changed)


def _jpegs(tmp_path):
    cmyk = io.BytesIO()
    scene(1, (40, 30)).convert("CMYK").save(cmyk, "JPEG", quality=90)
    return {
        "baseline": rich_jpeg(tmp_path / "a.jpg").read_bytes(),
        "progressive": rich_jpeg(tmp_path / "p.jpg", progressive=True).read_bytes(),
        "restarts": rich_jpeg(tmp_path / "r.jpg", restart_marker_blocks=1).read_bytes(),
        "cmyk": cmyk.getvalue(),
    }


@pytest.mark.parametrize("kind", ["baseline", "progressive", "restarts", "cmyk"])
def test_jpeg_rewrite_is_proven_identical_and_decoding_agrees(tmp_path, kind):
    original = _jpegs(tmp_path)[kind]
    copy = jpeg.rewrite(original).data
    assert identity.compare(original, copy, "jpeg") is PixelCheck.IDENTICAL
    assert pixels(copy) == pixels(original)


@pytest.mark.parametrize("where", [0.05, 0.5, 0.95])
def test_one_changed_byte_in_the_scan_data_is_caught(tmp_path, where):
    original = rich_jpeg(tmp_path / "a.jpg", size=(160, 120)).read_bytes()
    copy = _flip_scan_byte(jpeg.rewrite(original).data, where)
    assert identity.compare(original, copy, "jpeg") is PixelCheck.DIFFERENT


def test_a_changed_quantisation_table_is_caught(tmp_path):
    original = rich_jpeg(tmp_path / "a.jpg").read_bytes()
    copy = bytearray(jpeg.rewrite(original).data)
    dqt = copy.index(b"\xff\xdb")
    copy[dqt + 10] ^= 0x01
    assert identity.compare(original, bytes(copy), "jpeg") is PixelCheck.DIFFERENT


def test_a_lost_orientation_or_colour_profile_is_caught(tmp_path):
    original = rich_jpeg(tmp_path / "a.jpg", orientation=6).read_bytes()
    upright = jpeg.rewrite(original, jpeg.JpegWanted(orientation=1)).data
    assert identity.compare(original, upright, "jpeg") is PixelCheck.DIFFERENT
    copy = jpeg.rewrite(original).data
    app2 = copy.index(b"\xff\xe2")
    length = struct.unpack(">H", copy[app2 + 2 : app2 + 4])[0]
    no_profile = copy[:app2] + copy[app2 + 2 + length :]
    assert b"ICC_PROFILE" not in no_profile
    assert identity.compare(original, no_profile, "jpeg") is PixelCheck.DIFFERENT


def _profile(data: bytes) -> bytes | None:
    return Image.open(io.BytesIO(data)).info.get("icc_profile")


def test_only_the_checked_replacement_counts_as_the_original_profile(tmp_path):
    from PIL import ImageCms

    original = rich_jpeg(tmp_path / "a.jpg").read_bytes()
    result = jpeg.rewrite(original)
    # The planted lcms profile carries a date: the copy holds the checked replacement instead.
    assert _profile(result.data) != _profile(original)
    assert identity.compare(original, result.data, "jpeg") is PixelCheck.IDENTICAL
    other = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    swapped = jpeg.rewrite(original).data.replace(
        _profile(result.data),
        other[: len(_profile(result.data))].ljust(len(_profile(result.data)), b"\0"),
    )
    assert identity.compare(original, swapped, "jpeg") is PixelCheck.DIFFERENT


def test_a_truncated_copy_cannot_be_proven(tmp_path):
    original = rich_jpeg(tmp_path / "a.jpg").read_bytes()
    copy = jpeg.rewrite(original).data
    assert identity.compare(original, copy[: len(copy) // 2], "jpeg") is PixelCheck.UNREADABLE


def _set_chunk(data: bytes, kind: bytes, change) -> bytes:
    """``data`` with the first ``kind`` chunk's body changed and its checksum made right."""
    at = data.index(kind) - 4
    length = struct.unpack(">I", data[at : at + 4])[0]
    body = change(data[at + 8 : at + 8 + length])
    return data[:at] + png_chunk(kind, body) + data[at + 12 + length :]


def test_png_rewrite_is_proven_identical_and_a_changed_idat_is_caught(tmp_path):
    original = rich_png(tmp_path / "a.png", orientation=6).read_bytes()
    copy = png.rewrite(original).data
    assert identity.compare(original, copy, "png") is PixelCheck.IDENTICAL
    stream = zlib.decompress(b"".join(_idat(copy)))
    changed_stream = zlib.compress(stream[:-1] + bytes((stream[-1] ^ 1,)))
    changed = _set_chunk(copy, b"IDAT", lambda _: changed_stream)
    assert identity.compare(original, changed, "png") is PixelCheck.DIFFERENT
    header = _set_chunk(copy, b"IHDR", lambda body: body[:12] + bytes((body[12] ^ 1,)))
    assert identity.compare(original, header, "png") is PixelCheck.DIFFERENT


def _idat(data: bytes) -> list[bytes]:
    bodies, pos = [], 8
    while pos + 12 <= len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        if data[pos + 4 : pos + 8] == b"IDAT":
            bodies.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return bodies


def test_png_idat_split_differently_is_the_same_stream_but_a_bad_checksum_is_not(tmp_path):
    original = rich_png(tmp_path / "a.png").read_bytes()
    copy = png.rewrite(original).data
    stream = b"".join(_idat(copy))
    first = copy.index(b"IDAT") - 4
    end = copy.index(b"IEND") - 4
    resplit = (
        copy[:first]
        + png_chunk(b"IDAT", stream[:10])
        + png_chunk(b"IDAT", stream[10:])
        + copy[end:]
    )
    assert identity.compare(original, resplit, "png") is PixelCheck.IDENTICAL
    broken = bytearray(copy)
    broken[copy.index(b"IDAT") + 6] ^= 0x01
    assert identity.compare(original, bytes(broken), "png") is PixelCheck.UNREADABLE


def test_png_lost_orientation_is_caught(tmp_path):
    original = rich_png(tmp_path / "a.png", orientation=6).read_bytes()
    upright = png.rewrite(original, orientation=1).data
    assert identity.compare(original, upright, "png") is PixelCheck.DIFFERENT


@pytest.mark.parametrize("lossless", [False, True], ids=["lossy", "lossless"])
def test_webp_rewrite_is_proven_identical_and_a_changed_payload_is_caught(tmp_path, lossless):
    original = rich_webp(tmp_path / "a.webp", lossless=lossless).read_bytes()
    copy = webp.rewrite(original).data
    assert identity.compare(original, copy, "webp") is PixelCheck.IDENTICAL
    kind = b"VP8L" if lossless else b"VP8 "
    changed = bytearray(copy)
    changed[copy.index(kind) + 8 + 40] ^= 0x01
    assert identity.compare(original, bytes(changed), "webp") is PixelCheck.DIFFERENT


def test_the_report_says_how_the_pixels_were_proven(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    rich_jpeg(folder / "a.jpg")
    rich_png(folder / "b.png")
    base = ["clean", str(folder), "--jobs", "1", "--metadata-only", "--format", "json"]
    for option, proof in (([], "same-picture-data"), (["--verify-pixels", "decode"], "decoded")):
        out = tmp_path / f"out-{proof}"
        result = CliRunner().invoke(main, [*base, "--out", str(out), *option])
        assert result.exit_code == 0, result.output
        files = json.loads(result.output)["files"]
        assert {f["checks"]["pixel_proof"] for f in files} == {proof}
        assert {f["checks"]["pixels"] for f in files} == {"identical"}
    table = CliRunner().invoke(
        main, ["clean", str(folder), "--out", str(tmp_path / "t"), "-j1", "--metadata-only"]
    )
    assert "the bytes that define the picture are the same" in table.output


def test_a_copy_walked_with_the_originals_scans_as_a_guide_is_walked_as_without(tmp_path):
    for kind, original in _jpegs(tmp_path).items():
        copy = jpeg.rewrite(original).data
        parts, _, _ = identity._jpeg(original)
        guide = identity._scans(original, parts)
        assert len(guide) >= (2 if kind == "progressive" else 1), kind
        assert identity._jpeg(copy, guide) == identity._jpeg(copy), kind


@pytest.mark.parametrize("change", ["longer", "shorter", "marker-inside"])
def test_a_copy_whose_scan_differs_in_length_is_caught(tmp_path, change):
    original = _jpegs(tmp_path)["baseline"]
    copy = jpeg.rewrite(original).data
    start, end = _scan_data(copy)
    if change == "longer":
        changed = copy[:end] + b"\x12\x34" + copy[end:]
    elif change == "shorter":
        changed = copy[: end - 2] + copy[end:]
    else:
        middle = (start + end) // 2
        changed = copy[:middle] + b"\xff\xfe\x00\x04ab" + copy[middle:]
    assert identity.compare(original, changed, "jpeg") in (
        PixelCheck.DIFFERENT,
        PixelCheck.UNREADABLE,
    )


@pytest.mark.parametrize(
    "boxes", [(), ((10, 200, 100, 400),), ((500, 290, 100, 100), (3, 5, 7, 9))]
)
def test_psnr_in_bands_of_rows_is_the_psnr_of_the_whole_picture(boxes):
    import math

    import numpy as np

    from audit.clean import picture

    rng = np.random.default_rng(7)
    first = rng.integers(0, 256, (700, 530, 3), dtype=np.uint8)
    second = np.clip(first.astype(int) + rng.integers(-9, 10, first.shape), 0, 255)
    a, b = first.astype(np.float64), second.astype(np.float64)
    for left, top, width, height in boxes:
        a[top : top + height, left : left + width] = 0
        b[top : top + height, left : left + width] = 0
    whole = 10 * math.log10(255**2 / float(np.mean((a - b) ** 2)))
    banded = picture._psnr(
        Image.fromarray(first), Image.fromarray(second.astype(np.uint8)), list(boxes)
    )
    assert banded == pytest.approx(whole, abs=1e-9)
