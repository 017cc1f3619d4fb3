"""The library benchmark's copies: each its own moment and place, with the file's structure kept."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import library  # noqa: E402


def _photo() -> bytes:
    exif = Image.Exif()
    exif[0x0132] = "2021:06:05 18:31:07"  # DateTime
    exif.get_ifd(0x8769)[0x9003] = "2021:06:05 18:31:07"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 13.0, 52.5), "E", (121.0, 28.0, 7.25)
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "teal").save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_copy_gets_its_own_time_and_a_nearby_position():
    original = _photo()
    copy = library.moved_in_time_and_place(original, 3725)  # 01:02:05, moved by 8.25 s
    assert len(copy) == len(original)
    with Image.open(io.BytesIO(copy)) as opened:
        opened.load()
        exif = opened.getexif()
    assert exif[0x0132] == "2021:06:05 01:02:05"
    assert exif.get_ifd(0x8769)[0x9003] == "2021:06:05 01:02:05"
    gps = exif.get_ifd(0x8825)
    assert [float(v) for v in gps[2]] == [31.0, 13.0, 44.25]  # 52.5 + 8.25 passes 60: back
    assert [float(v) for v in gps[4]] == [121.0, 28.0, 15.5]


@pytest.mark.parametrize(
    ("seconds", "scale", "signed", "moved"),
    [
        (15, 10**7, False, (15 + 82_500_000, 10**7)),  # a phone's 10^7 denominator
        (1, 1, False, (925, 100)),
        (2**31 - 10, 2**31, True, None),  # a signed rational that would not fit
        (5, 0, False, None),
    ],
)
def test_seconds_are_moved_within_the_field(seconds, scale, signed, moved):
    assert library._seconds_moved(seconds, scale, 825, signed) == moved


def test_copies_differ_from_each_other():
    original = _photo()
    assert len({library.moved_in_time_and_place(original, index) for index in range(50)}) == 50
