"""Across photos: recurring places (and likely home), and shared serial numbers or ids."""

from __future__ import annotations

from audit.catalog import make_finding
from audit.detectors import sets
from audit.models import Confidence, Evidence, EvidenceKind, Location, PhotoResult, Severity, Status


def _photo(name, lat=None, lon=None, taken=None, serial=None):
    location = Location(lat, lon, None, 5.0, None) if lat is not None else None
    findings = ()
    if serial:
        evidence = (Evidence("Exif.Photo.BodySerialNumber", serial, EvidenceKind.SERIAL),)
        findings = (
            make_finding(
                "device.serial",
                Severity.HIGH,
                Confidence.HIGH,
                32.9,
                evidence,
                links=True,
                rule="serial",
            ),
        )
    return PhotoResult(
        path=name, status=Status.AUDITED, findings=findings, location=location, taken_at=taken
    )


PARK = (31.2317, 121.4726)


def test_place_seen_on_several_nights_is_likely_home():
    photos = [
        _photo("a.jpg", PARK[0], PARK[1], "2024-06-01T22:41:10+08:00"),
        _photo("b.jpg", PARK[0] + 0.0003, PARK[1], "2024-06-09T23:05:55+08:00"),
        _photo("c.jpg", PARK[0], PARK[1] + 0.0004, "2024-06-15T21:58:02+08:00"),
        _photo("work.jpg", 31.20, 121.40, "2024-06-03T10:00:00+08:00"),
        _photo("work2.jpg", 31.2001, 121.4001, "2024-06-04T11:00:00+08:00"),
    ]
    findings, places = sets.location_clusters(photos)
    assert places == 2
    home, other = findings
    assert home.severity is Severity.CRITICAL and "home" in home.title.en.lower()
    assert [e.value for e in home.evidence if e.kind is EvidenceKind.FILE] == [
        "a.jpg",
        "b.jpg",
        "c.jpg",
    ]
    assert other.severity is Severity.HIGH and "home" not in other.title.en.lower()


def test_one_day_is_not_a_recurring_place():
    photos = [_photo(f"{i}.jpg", PARK[0], PARK[1], f"2024-06-01T2{i}:00:00") for i in range(3)]
    assert sets.location_clusters(photos) == ([], 1)


def test_places_farther_apart_than_150_m_are_separate():
    photos = [
        _photo("a.jpg", PARK[0], PARK[1], "2024-06-01T12:00:00"),
        _photo("b.jpg", PARK[0] + 0.002, PARK[1], "2024-06-02T12:00:00"),
    ]
    assert sets.location_clusters(photos) == ([], 2)


def test_shared_serial_links_photos():
    photos = [
        _photo("named.jpg", serial="082021004417"),
        _photo("anon.jpg", serial="082021004417"),
        _photo("other.jpg", serial="1"),
    ]
    (link,) = sets.device_links(photos)
    assert link.id == "set.device-link" and link.links
    assert [e.value for e in link.evidence] == ["082021004417", "named.jpg", "anon.jpg"]


def test_serial_forms_are_normalised_before_comparing():
    photos = [_photo("a.jpg", serial="NO= -1000f46"), _photo("b.jpg", serial="-1000F46")]
    assert len(sets.device_links(photos)) == 1
