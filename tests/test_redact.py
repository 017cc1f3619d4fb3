"""--redact: coarse places, masked ids and names, also inside file paths."""

from __future__ import annotations

import dataclasses

from canonical import canonical_report

from audit.catalog import make_finding
from audit.models import Confidence, Evidence, EvidenceKind, Severity
from audit.redact import coarse_coordinates, mask_identifier, mask_name, redact_report


def test_masks():
    assert mask_identifier("082021004417") == "**********17"
    assert mask_identifier("abc") == "***"
    assert mask_name("Lin Xiaoyu") == "L*** X***"
    assert mask_name("lin.xiaoyu@example.com") == "l***.x***@e***.c***"
    assert coarse_coordinates("31.239700, 121.490900") == "31.2, 121.5"


def test_report_is_redacted_throughout():
    report = canonical_report()
    name = make_finding(
        "file.name",
        Severity.CRITICAL,
        Confidence.HIGH,
        32.9,
        (Evidence("file name", "13800138000", EvidenceKind.CONTACT),),
        rule="example",
    )
    photo = dataclasses.replace(
        report.photos[0],
        path="photos/13800138000.jpg",
        findings=report.photos[0].findings + (name,),
    )
    redacted = redact_report(dataclasses.replace(report, photos=(photo, report.photos[1])))
    first = redacted.photos[0]
    values = {e.value for f in first.findings for e in f.evidence}
    assert "31.2, 121.5" in values and "Shanghai, China" in values
    assert "**********17" in values
    assert not any("13800138000" in v or "Xiaoyu" in v for v in values)
    assert "13800138000" not in first.path
    assert (first.location.lat, first.location.lon, first.location.altitude_m) == (
        31.2,
        121.5,
        None,
    )
    assert first.location.precision_m >= 11_000 and first.location.place.name == ""
    assert redacted.redacted
