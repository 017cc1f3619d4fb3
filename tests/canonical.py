"""One canonical report that the format and redaction tests render."""

from __future__ import annotations

from audit.catalog import make_finding
from audit.models import (
    AuditReport,
    Confidence,
    Evidence,
    EvidenceKind,
    Location,
    PhotoResult,
    Place,
    Status,
)
from audit.models import Severity as S
from audit.score import score
from audit.skips import SkipCode, skip


def canonical_report() -> AuditReport:
    gps = make_finding(
        "location.gps",
        S.CRITICAL,
        Confidence.HIGH,
        31.6,
        (
            Evidence("Exif.GPSInfo", "31.239700, 121.490900", EvidenceKind.COORDINATES),
            Evidence("near", "Hongkou, Shanghai, China", EvidenceKind.PLACE),
        ),
        variant="precise",
        rule="exif",
    )
    owner = make_finding(
        "identity.owner",
        S.HIGH,
        Confidence.HIGH,
        22.0,
        (Evidence("Exif.Image.Artist", "Lin | *Xiaoyu*", EvidenceKind.NAME),),
        rule="copyright",
    )
    serial = make_finding(
        "device.serial",
        S.HIGH,
        Confidence.HIGH,
        32.9,
        (Evidence("Exif.Photo.BodySerialNumber", "082021004417", EvidenceKind.SERIAL),),
        links=True,
        rule="serial",
    )
    photo = PhotoResult(
        path="photos/bund\x1b[31m.jpg",
        status=Status.AUDITED,
        findings=(gps, owner, serial),
        location=Location(
            31.2397, 121.4909, 12.0, 5.0, Place("Hongkou", "Shanghai", "China", "CN", 3.1)
        ),
        taken_at="2024-05-02T18:31:07+08:00",
        file_format="jpeg",
    )
    photo = PhotoResult(**{**photo.__dict__, "score": score(photo.findings)})
    skipped = PhotoResult.skipped(
        "photos/broken.jpg", skip(SkipCode.CORRUPT, detail="JPEG format error")
    )
    return AuditReport(
        tool_version="0.1.0", photos=(photo, skipped), set_score=score(photo.findings)
    )
