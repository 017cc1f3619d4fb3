"""A motion photo's video: the place it names is a GPS fix like the photo's own."""

from __future__ import annotations

import time

import pytest
from motion_bytes import (
    android_moov,
    apple_moov,
    box,
    container_directory,
    mp4,
    samsung_trailer,
    with_xmp,
)
from photo_factory import gps, jpeg

from audit.inspect import audit_file, wanted
from audit.readers import read_metadata
from audit.readers.motion_video import LOCATION_KEY, parse_iso6709
from audit.sources.photo import open_photo
from audit.sources.walk import InputFile

PLACE = b"+31.2397+121.4909/"


def _photo(tmp_path, tail=b"", xmp=None, values=None):
    data = jpeg(tmp_path / "base.jpg", values).read_bytes()
    if xmp is not None:
        data = with_xmp(data, *xmp)
    path = tmp_path / "motion.jpg"
    path.write_bytes(data + tail)
    return path


def _location(path):
    with open_photo(str(path)) as opened:
        return read_metadata(opened, wanted).metadata.text(LOCATION_KEY)


def _gps(path):
    result = audit_file(InputFile(str(path), path.name))
    return [f for f in result.findings if f.id == "location.gps"]


def test_a_samsung_motion_photo_video_with_android_user_data(tmp_path):
    path = _photo(tmp_path, samsung_trailer(mp4(android_moov(PLACE))))
    assert _location(path) == PLACE.decode()
    (finding,) = _gps(path)
    assert finding.rule == "location.gps/video"
    assert finding.evidence[0].source_words("en") == "place in the motion photo's video"
    assert (finding.evidence[0].source, finding.evidence[0].value) == (
        LOCATION_KEY,
        "31.239700, 121.490900",
    )


def test_a_google_motion_photo_found_by_its_offset_with_quicktime_metadata(tmp_path):
    video = mp4(apple_moov(b"+31.2397+121.4909+012.345/"))
    path = _photo(
        tmp_path, video, xmp=(f'GCamera:MicroVideo="1" GCamera:MicroVideoOffset="{len(video)}"',)
    )
    assert _location(path) == "+31.2397+121.4909+012.345/"
    assert _gps(path)[0].rule == "location.gps/video"


def test_a_google_motion_photo_found_by_its_container_directory(tmp_path):
    video = mp4(android_moov(PLACE))
    path = _photo(tmp_path, video, xmp=('GCamera:MotionPhoto="1"', container_directory(len(video))))
    assert _location(path) == PLACE.decode()


def test_the_photos_own_gps_comes_first(tmp_path):
    path = _photo(
        tmp_path, samsung_trailer(mp4(android_moov(PLACE))), values=gps(39.9042, 116.4074)
    )
    (finding,) = _gps(path)
    assert finding.evidence[0].source == "Exif.GPSInfo"
    assert finding.rule == "location.gps/exif"


def test_a_video_without_a_place_gives_no_fix(tmp_path):
    moov = box(b"moov", box(b"mvhd", bytes(100)) + box(b"udta", box(b"\xa9too", b"x" * 12)))
    path = _photo(tmp_path, samsung_trailer(mp4(moov)))
    assert _location(path) == ""
    assert _gps(path) == []


def test_bytes_after_a_photo_that_is_not_a_motion_photo_are_not_read(tmp_path):
    """Without a trailer block or XMP naming the video, trailing bytes are not searched."""
    path = _photo(tmp_path, mp4(android_moov(PLACE)))
    assert _location(path) == ""


@pytest.mark.parametrize(
    "text",
    ["hello", "+91.0000+121.4909/", "+31.2397+181.0000/", "+00.0000+000.0000/", "31.2+121.4/", ""],
)
def test_places_that_are_not_points_give_no_fix(tmp_path, text):
    path = _photo(tmp_path, samsung_trailer(mp4(android_moov(text.encode()))))
    assert _gps(path) == []


def test_iso6709_resolution_and_altitude():
    assert parse_iso6709("+31.2397+121.4909/") == (31.2397, 121.4909, None, 1e-4)
    lat, lon, altitude, resolution = parse_iso6709("-33.86-151.2+012.5/")
    assert (lat, lon, altitude, resolution) == (-33.86, -151.2, 12.5, pytest.approx(0.1))
    assert parse_iso6709("+3114.38+12129.45/") is None  # degrees and minutes: not read


@pytest.mark.parametrize(
    "video",
    [
        # a box that says it is larger than the file
        b"\xff\xff\xff\xffmoov" + bytes(64),
        # a 64-bit size running past the end, and a size smaller than its own header
        b"\x00\x00\x00\x01moov" + (2**62).to_bytes(8, "big") + bytes(32),
        b"\x00\x00\x00\x04moov" + bytes(64),
        # a moov of many empty boxes, and one of deeply nested udta boxes
        box(b"moov", box(b"free", b"") * 50_000),
        box(b"moov", box(b"udta", box(b"udta", box(b"udta", box(b"udta", PLACE))))),
        # an ilst entry naming a key that is not there, keys counting more than they hold
        box(b"moov", box(b"meta", box(b"hdlr", bytes(24)) + box(b"keys", bytes(4) + b"\xff" * 4))),
    ],
)
def test_hostile_videos_cost_little_and_give_no_fix(tmp_path, video):
    path = _photo(tmp_path, samsung_trailer(mp4(b"") + video))
    started = time.monotonic()
    assert _gps(path) == []
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("offset", ["999999999", "-5", "12abc", "0"])
def test_an_offset_outside_the_file_is_ignored(tmp_path, offset):
    path = _photo(tmp_path, mp4(android_moov(PLACE)), xmp=(f'GCamera:MicroVideoOffset="{offset}"',))
    assert _location(path) == ""
