"""``--redact``: a copy of a report that can be shown to a room or shared.

Coordinates are rounded to a tenth of a degree (about 11 km), place names kept to region and
country, serial numbers and ids masked but for their last two characters, names and contacts
reduced to initials, free text replaced by its length. The same masks apply to file paths, so a
phone number in a file name is not shown by the name of the file.
"""

from __future__ import annotations

import dataclasses
import re

from audit.models import AuditReport, Evidence, EvidenceKind, Finding, Location, PhotoResult, Place

MASK = "*"
COARSE_DEGREES = 1
COARSE_PRECISION_M = 11_000.0


def mask_identifier(value: str) -> str:
    keep = 2 if len(value) > 4 else 0
    return MASK * max(3, len(value) - keep) + (value[-keep:] if keep else "")


def mask_name(value: str) -> str:
    words = re.split(r"(\s+|@|\.)", value)
    return "".join(
        word if not word.strip() or word in "@." else word[0] + MASK * 3 for word in words
    )


def coarse_coordinates(value: str) -> str:
    numbers = re.findall(r"-?\d+(?:\.\d+)?", value)
    if len(numbers) < 2:
        return MASK * 3
    return ", ".join(f"{float(n):.{COARSE_DEGREES}f}" for n in numbers[:2])


def coarse_place(value: str) -> str:
    parts = [part.strip() for part in value.split(",")]
    return ", ".join(parts[1:]) if len(parts) > 1 else MASK * 3


def _masked(evidence: Evidence) -> str:
    kind, value = evidence.kind, evidence.value
    if kind is EvidenceKind.COORDINATES:
        return coarse_coordinates(value)
    if kind is EvidenceKind.PLACE:
        return coarse_place(value)
    if kind in (EvidenceKind.SERIAL, EvidenceKind.IDENTIFIER):
        return mask_identifier(value)
    if kind in (EvidenceKind.NAME, EvidenceKind.CONTACT, EvidenceKind.HANDLE):
        return mask_name(value)
    if kind is EvidenceKind.TEXT:
        return f"[{len(value)} characters]"
    return value


def _secrets(findings: tuple[Finding, ...]) -> dict[str, str]:
    """Values worth hiding wherever they appear (in a path), with their masked form."""
    sensitive = (
        EvidenceKind.SERIAL,
        EvidenceKind.IDENTIFIER,
        EvidenceKind.NAME,
        EvidenceKind.CONTACT,
        EvidenceKind.HANDLE,
    )
    return {
        e.value: _masked(e)
        for f in findings
        for e in f.evidence
        if e.kind in sensitive and len(e.value) >= 3
    }


def redact_path(path: str, secrets: dict[str, str]) -> str:
    for value in sorted(secrets, key=len, reverse=True):
        path = path.replace(value, secrets[value])
    return path


def _finding(finding: Finding, secrets: dict[str, str]) -> Finding:
    evidence = tuple(
        dataclasses.replace(
            e, value=redact_path(e.value, secrets) if e.kind is EvidenceKind.FILE else _masked(e)
        )
        for e in finding.evidence
    )
    return dataclasses.replace(finding, evidence=evidence)


def _location(location: Location | None) -> Location | None:
    if location is None:
        return None
    place = location.place
    if place is not None:
        place = Place("", place.region, place.country, place.country_code, 0.0)
    return Location(
        round(location.lat, COARSE_DEGREES),
        round(location.lon, COARSE_DEGREES),
        None,
        max(location.precision_m, COARSE_PRECISION_M),
        place,
    )


def redact_report(report: AuditReport) -> AuditReport:
    secrets: dict[str, str] = {}
    for photo in report.photos:
        secrets.update(_secrets(photo.findings))
    secrets.update(_secrets(report.profile_findings))
    photos: list[PhotoResult] = []
    for photo in report.photos:
        photos.append(
            dataclasses.replace(
                photo,
                path=redact_path(photo.path, secrets),
                findings=tuple(_finding(f, secrets) for f in photo.findings),
                location=_location(photo.location),
            )
        )
    return dataclasses.replace(
        report,
        photos=tuple(photos),
        set_findings=tuple(_finding(f, secrets) for f in report.set_findings),
        profile_findings=tuple(_finding(f, secrets) for f in report.profile_findings),
        redacted=True,
    )
