"""Capture time and time zone, device classes, and what file names give away."""

from __future__ import annotations

import pytest
from metadata_factory import metadata

from audit.detectors import capture_time, device, filename
from audit.models import Confidence, EvidenceKind, Severity


def test_time_with_offset_tag():
    taken = capture_time.read_time(
        metadata(
            {
                "Exif.Photo.DateTimeOriginal": "2024:05:02 18:31:07",
                "Exif.Photo.OffsetTimeOriginal": "+08:00",
            }
        )
    )
    assert taken.iso() == "2024-05-02T18:31:07+08:00"


def test_time_zone_worked_out_from_the_gps_clock():
    taken = capture_time.read_time(
        metadata(
            {
                "Exif.Photo.DateTimeOriginal": "2015:04:10 20:12:23",
                "Exif.GPSInfo.GPSDateStamp": "2015:04:10",
                "Exif.GPSInfo.GPSTimeStamp": "18/1 12/1 2306/100",
            }
        )
    )
    assert taken.iso() == "2015-04-10T20:12:23+02:00"
    assert taken.offset_source == "GPS clock"


def test_xmp_time_with_zone():
    taken = capture_time.read_time(
        metadata({"Xmp.exif.DateTimeOriginal": "2013-07-05T03:18:27-07:00"})
    )
    assert taken.iso() == "2013-07-05T03:18:27-07:00"


@pytest.mark.parametrize("value", ["", "0000:00:00 00:00:00", "garbage", "2024:13:45 99:00:00"])
def test_unusable_times_are_ignored(value):
    assert capture_time.read_time(metadata({"Exif.Photo.DateTimeOriginal": value})) is None


def test_offset_adds_bits_and_severity():
    without = capture_time.detect(metadata({"Exif.Photo.DateTimeOriginal": "2024:05:02 18:31:07"}))[
        0
    ][0]
    with_zone = capture_time.detect(
        metadata(
            {
                "Exif.Photo.DateTimeOriginal": "2024:05:02 18:31:07",
                "Exif.Photo.OffsetTime": "+08:00",
            }
        )
    )[0][0]
    assert (without.severity, without.bits) == (Severity.LOW, 0.0)
    assert with_zone.severity is Severity.MEDIUM and 1.5 < with_zone.bits < 3


@pytest.mark.parametrize(
    ("make", "model", "expected"),
    [
        ("Apple", "iPhone 14", "bestseller-phone"),
        ("Xiaomi", "23049PCD8G", "phone"),
        ("HUAWEI", "ALN-AL00", "phone"),
        ("Canon", "Canon EOS R6", "camera"),
        ("EASTMAN KODAK COMPANY", "KODAK CX7530 ZOOM DIGITAL CAMERA", "rare-camera"),
        ("Apple", "", "make-only"),
    ],
)
def test_device_classes(make, model, expected):
    assert device.device_class(make, model) == expected


def test_lens_adds_a_little():
    body = device.detect(
        metadata({"Exif.Image.Make": "Canon", "Exif.Image.Model": "Canon EOS R6"})
    )[0]
    lens = device.detect(
        metadata(
            {
                "Exif.Image.Make": "Canon",
                "Exif.Image.Model": "Canon EOS R6",
                "Exif.Photo.LensModel": "RF50mm F1.8 STM",
            }
        )
    )[0]
    assert lens.bits == pytest.approx(body.bits + 2.0)


@pytest.mark.parametrize(
    ("name", "kind", "value"),
    [
        ("IMG_13800138000.jpg", EvidenceKind.CONTACT, "13800138000"),
        ("from lin.xiaoyu@example.com.jpg", EvidenceKind.CONTACT, "lin.xiaoyu@example.com"),
        ("selfie @lin_xy.jpg", EvidenceKind.HANDLE, "@lin_xy"),
        ("wxid_ab12cd34ef.png", EvidenceKind.HANDLE, "wxid_ab12cd34ef"),
        ("QQ号123456789.jpg", EvidenceKind.HANDLE, "123456789"),
        ("Lin_Xiaoyu_beach.jpg", EvidenceKind.NAME, "Lin Xiaoyu"),
        ("林小雨的照片.jpg", EvidenceKind.NAME, "林小雨"),
        ("mmexport1717171717171.jpg", EvidenceKind.TIME, "mmexport1717171717171"),
        ("IMG_20240322_014811.jpg", EvidenceKind.TIME, "IMG_20240322_014811"),
    ],
)
def test_file_name_patterns(name, kind, value):
    (finding,) = filename.detect(f"photos/{name}")
    assert (finding.evidence[0].kind, finding.evidence[0].value) == (kind, value)


@pytest.mark.parametrize(
    "name",
    [
        "IMG_0042.jpg",
        "DSC01234.JPG",
        "photo.jpg",
        "Beach Sunset.jpg",
        "Canon DIGITAL IXUS.jpg",
        "风景.jpg",
    ],
)
def test_ordinary_names_are_clean(name):
    assert filename.detect(name) == []


def test_phone_in_name_is_critical_and_outranks_name_words():
    (finding,) = filename.detect("Lin_Xiaoyu_13800138000.jpg")
    assert finding.severity is Severity.CRITICAL and finding.confidence is Confidence.HIGH
    assert [e.kind for e in finding.evidence] == [EvidenceKind.CONTACT, EvidenceKind.NAME]
