"""The generic metadata rules: the data file loads, rules fire, camera defaults are recognised."""

from __future__ import annotations

import pytest
from metadata_factory import metadata

from audit.checkdata import ChecksError
from audit.detectors import fields
from audit.models import Confidence, Severity


def _ids(values):
    return [f.id for f in fields.detect(metadata(values))]


def test_rules_load_and_every_rule_has_a_unique_name():
    rules = fields.field_rules()
    assert len({rule.name for rule in rules}) == len(rules) > 10


@pytest.mark.parametrize(
    ("key", "value", "finding_id"),
    [
        ("Exif.Image.Artist", "Lin Xiaoyu", "identity.owner"),
        ("Exif.Canon.OwnerName", "Lin Xiaoyu", "identity.owner"),
        ("Xmp.dc.creator", "林小雨", "identity.owner"),
        ("PNG.tEXt.Author", "Lin", "identity.owner"),
        ("Exif.Image.Copyright", "© Lin Xiaoyu", "identity.owner"),
        (
            "Xmp.iptc.CreatorContactInfo/Iptc4xmpCore:CiEmailWork",
            "lin@example.com",
            "identity.owner",
        ),
        ("Exif.Photo.BodySerialNumber", "082021004417", "device.serial"),
        ("Exif.OlympusEq.InternalSerialNumber", "4124207000283102", "device.serial"),
        ("Exif.Nikon3.SerialNO", "NO= 3105364", "device.serial"),
        ("Exif.Image.CameraSerialNumber", "DNG0001", "device.serial"),
        ("APP12.SerialNumber", "#00000042", "device.serial"),
        ("Exif.Photo.ImageUniqueID", "77c6274bd589ad50395891e84a8b673b", "device.unique-id"),
        ("Xmp.xmpMM.DocumentID", "xmp.did:146E0D5C4520681181ACE0A302384436", "device.unique-id"),
        ("Iptc.Application2.City", "Hangzhou", "location.place"),
        ("Iptc.Application2.SubLocation", "West Lake", "location.place"),
        ("Xmp.xmpMM.History[1]/stEvt:action", "saved", "content.history"),
        ("JPEG.Comment", "for Mei, from my balcony", "content.history"),
        ("Ducky.Copyright", "© Lin Xiaoyu", "identity.owner"),
        ("Xmp.exif.Artist", "Lin Xiaoyu", "identity.owner"),
        ("Xmp.exif.Copyright", "Lin Xiaoyu (Photographer)", "identity.owner"),
        ("Xmp.exif.BodySerialNumber", "082021004417", "device.serial"),
        ("Ducky.Comment", "for Mei", "content.description"),
        ("Photoshop.URL", "https://lin-xiaoyu.example", "content.description"),
        ("Exif.Image.CameraLabel", "Lin's X-T3", "content.description"),
        ("Exif.Photo.0x9213", "retouched for Lin Xiaoyu", "content.description"),
        ("Iptc.Envelope.UNO", "Lin Xiaoyu", "content.description"),
        ("Xmp.xmp.BaseURL", "https://lin-xiaoyu.example/", "content.description"),
        ("Trailer.Samsung.MotionPhoto_Data", "2000000 bytes", "content.history"),
        ("PNG.tEXt.parameters", "a prompt", "content.history"),
        (
            "Exif.Image.ImageDescription",
            "Birthday at Grandma's, Xihu district",
            "content.description",
        ),
        (
            "Xmp.mwg-rs.Regions/mwg-rs:RegionList[1]/mwg-rs:Name",
            "Lin Xiaoyu",
            "content.description",
        ),
    ],
)
def test_rule_fires_on_its_field(key, value, finding_id):
    assert _ids({key: value}) == [finding_id]


def test_serial_finding_is_a_linker_with_evidence():
    (finding,) = fields.detect(
        metadata(
            {"Exif.Photo.BodySerialNumber": "082021004417", "Exif.Photo.LensSerialNumber": "9312"}
        )
    )
    assert finding.links
    assert [(e.source, e.value) for e in finding.evidence] == [
        ("Exif.Photo.BodySerialNumber", "082021004417"),
        ("Exif.Photo.LensSerialNumber", "9312"),
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("Exif.Image.Copyright", "KODAK DC240 ZOOM DIGITAL CAMERA"),
        ("Exif.Image.Copyright", "COPYRIGHT, 2005"),
        ("Exif.Image.Copyright", "(C) by RDC-5300 User"),
        ("Exif.Image.ImageDescription", "OLYMPUS DIGITAL CAMERA"),
        ("Exif.Photo.ImageUniqueID", "00000000000000000000000000000111"),
        ("APP12.SerialNumber", "#00000001"),
    ],
)
def test_camera_defaults_are_kept_but_lowered(key, value):
    (finding,) = fields.detect(metadata({key: value}))
    assert (finding.severity, finding.confidence, finding.bits, finding.links) == (
        Severity.LOW,
        Confidence.LOW,
        0.0,
        False,
    )
    assert "camera default" in finding.title.en


def test_empty_values_fire_nothing():
    assert _ids({"Exif.Image.Artist": "", "Exif.Image.Copyright": ""}) == []


def test_unrelated_fields_fire_nothing():
    assert _ids({"Exif.Photo.ExposureTime": "1/60", "Exif.Photo.FNumber": "28/10"}) == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "identity.owner"}, r"rule 1\.name: missing"),
        ({"name": "x", "id": "nope.nope"}, "not an id in findings.toml"),
        (
            {
                "name": "x",
                "id": "identity.owner",
                "kind": "weird",
                "bits": 1,
                "bits_source": "s",
                "keys": ["a"],
            },
            "kind: must be one of",
        ),
        (
            {"name": "x", "id": "identity.owner", "bits": 99, "bits_source": "s", "keys": ["a"]},
            "bits must be",
        ),
        ({"name": "x", "id": "identity.owner", "bits": 1, "keys": ["a"]}, "bits_source"),
        ({"name": "x", "id": "identity.owner", "bits": 1, "bits_source": "s"}, "keys or patterns"),
        (
            {"name": "x", "id": "identity.owner", "bits": 1, "bits_source": "s", "patterns": ["("]},
            "bad regular expression",
        ),
        (
            {
                "name": "x",
                "id": "identity.owner",
                "bits": 1,
                "bits_source": "s",
                "keys": ["a"],
                "severity": "huge",
            },
            "severity",
        ),
        (
            {
                "name": "x",
                "id": "identity.owner",
                "bits": 1,
                "bits_source": "s",
                "keys": ["a"],
                "severity": "low",
                "confidence": "high",
                "title": {"en": "only english"},
            },
            "Chinese",
        ),
    ],
)
def test_malformed_rules_are_refused_with_a_clear_message(entry, message):
    with pytest.raises(ChecksError, match=message):
        fields.parse({"schema": 1, "rule": [{"severity": "low", "confidence": "high", **entry}]})
