"""The conformance benchmark's comparison: which ExifTool values count, and what agrees."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import conformance  # noqa: E402


def _report(path: str, location, findings: dict[str, list[str]]) -> dict:
    return {
        "photos": [
            {
                "path": path,
                "location": location,
                "findings": [
                    {"id": finding, "evidence": [{"value": v} for v in values]}
                    for finding, values in findings.items()
                ],
            }
        ]
    }


def test_every_kind_is_counted_and_misses_are_listed():
    row = {
        "SourceFile": "/photos/a.jpg",
        "Composite:GPSLatitude": 31.2304,
        "Composite:GPSLongitude": -121.4737,
        "ExifIFD:SerialNumber": "BHP123456",
        "Olympus:LensSerialNumber": "ABG366769",
        "Canon:SerialNumberFormat": "Format 2",
        "IFD0:Copyright": "Ilya K (Photographer) - [None] (Editor)",
        "ExifIFD:ImageUniqueID": "0123abcd",
    }
    report = _report(
        "/photos/a.jpg",
        {"lat": 31.2304, "lon": -121.4737},
        {"device.serial": ["BHP123456"], "identity.owner": ["Ilya K"]},
    )
    counts, disagreements = conformance.compare([row], report)
    assert counts == {"gps": [1, 1], "serial": [1, 2], "owner": [1, 1], "unique-id": [0, 1]}
    assert {(d.field, d.expected) for d in disagreements} == {
        ("serial", "ABG366769"),
        ("unique-id", "0123abcd"),
    }


def test_a_position_too_far_away_disagrees():
    row = {"SourceFile": "/p/b.jpg", "FLIR:GPSLatitude": 10.0, "FLIR:GPSLongitude": 20.0}
    counts, disagreements = conformance.compare(
        [row], _report("/p/b.jpg", {"lat": 10.001, "lon": 20.0}, {})
    )
    assert counts["gps"] == [0, 1]
    assert disagreements[0].field == "gps"
