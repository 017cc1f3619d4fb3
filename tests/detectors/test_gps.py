"""GPS: signed decimal degrees, precision, place names, bits."""

from __future__ import annotations

import pytest
from metadata_factory import metadata

from audit.detectors import gps
from audit.models import Severity


def _fix(values):
    return gps.read_fix(metadata(values))


def test_degrees_minutes_seconds_with_references():
    fix = _fix(
        {
            "Exif.GPSInfo.GPSLatitude": "31/1 14/1 2292/100",
            "Exif.GPSInfo.GPSLatitudeRef": "S",
            "Exif.GPSInfo.GPSLongitude": "121/1 29/1 2724/100",
            "Exif.GPSInfo.GPSLongitudeRef": "W",
        }
    )
    assert fix.lat == pytest.approx(-(31 + 14 / 60 + 22.92 / 3600), abs=1e-9)
    assert fix.lon == pytest.approx(-(121 + 29 / 60 + 27.24 / 3600), abs=1e-9)


def test_decimal_minutes_and_resolution():
    fix = _fix(
        {
            "Exif.GPSInfo.GPSLatitude": "0/1 22278/1000 0/1",
            "Exif.GPSInfo.GPSLongitude": "36/1 3385/1000 0/1",
        }
    )
    assert fix.lat == pytest.approx(0.3713, abs=1e-9)
    assert fix.resolution_m == pytest.approx(111_320 / 60_000, rel=1e-6)


def test_whole_degrees_only_is_coarse():
    fix = _fix(
        {"Exif.GPSInfo.GPSLatitude": "40/1 0/1 0/1", "Exif.GPSInfo.GPSLongitude": "3/1 0/1 0/1"}
    )
    assert gps.precision_m(fix) == pytest.approx(111_320)


def test_positioning_error_widens_precision():
    fix = _fix(
        {
            "Exif.GPSInfo.GPSLatitude": "40/1 26/1 4910/100",
            "Exif.GPSInfo.GPSLongitude": "3/1 43/1 2911/100",
            "Exif.GPSInfo.GPSHPositioningError": "65/1",
        }
    )
    assert gps.precision_m(fix) == 65


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"Exif.GPSInfo.GPSLatitude": "0/1 0/1 0/1", "Exif.GPSInfo.GPSLongitude": "0/1 0/1 0/1"},
        {"Exif.GPSInfo.GPSLatitude": "95/1 0/1 0/1", "Exif.GPSInfo.GPSLongitude": "3/1 0/1 0/1"},
        {"Exif.GPSInfo.GPSLatitude": "40/0 0/1 0/1", "Exif.GPSInfo.GPSLongitude": "3/1 0/1 0/1"},
        {"Exif.GPSInfo.GPSLatitude": "40/1 0/1 0/1"},
    ],
)
def test_absent_placeholder_and_impossible_fixes_are_ignored(values):
    assert _fix(values) is None


def test_xmp_coordinates():
    fix = _fix({"Xmp.exif.GPSLatitude": "43,28.0469N", "Xmp.exif.GPSLongitude": "11,53.1076E"})
    assert fix.lat == pytest.approx(43 + 28.0469 / 60)
    assert fix.lon == pytest.approx(11 + 53.1076 / 60)
    assert fix.resolution_m == pytest.approx(111_320 / 60 / 10_000, rel=1e-6)


def test_finding_names_the_place_and_scores_where_it_was_taken():
    findings, location = gps.detect(
        metadata(
            {
                "Exif.GPSInfo.GPSLatitude": "31/1 14/1 2292/100",
                "Exif.GPSInfo.GPSLongitude": "121/1 29/1 2724/100",
            }
        )
    )
    (finding,) = findings
    assert finding.id == "location.gps" and finding.severity is Severity.CRITICAL
    assert location.place.country == "China"
    assert "Shanghai" in location.place.label
    # Where it was taken, not a home: the people within 2 km of a dense city centre.
    assert finding.bits == pytest.approx(15.0, abs=0.1)


def test_coarse_fix_is_less_severe_and_scores_fewer_bits():
    findings, _ = gps.detect(
        metadata(
            {
                "Exif.GPSInfo.GPSLatitude": "31/1 0/1 0/1",
                "Exif.GPSInfo.GPSLongitude": "121/1 0/1 0/1",
            }
        )
    )
    assert findings[0].severity is Severity.MEDIUM
    assert findings[0].bits < 20
