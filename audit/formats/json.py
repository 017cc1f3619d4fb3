"""``--format json``: the full manifest, documented in the README and pinned by tests.

Every input appears, audited or skipped; nothing is dropped for brevity. Words (titles, fixes,
reasons) are in the report's language; ids, severities and numbers are language-neutral.
"""

from __future__ import annotations

import json
from typing import Any

from audit import harm, sanitize
from audit.models import (
    AuditReport,
    Evidence,
    Finding,
    Lang,
    Location,
    PhotoResult,
    Score,
    Skip,
    Status,
)

SCHEMA_VERSION = 1


def _evidence(evidence: Evidence, lang: Lang | str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "source": evidence.source,
        "value": evidence.value,
        "kind": str(evidence.kind),
    }
    if evidence.label is not None:
        out["label"] = evidence.label.get(lang)
    if evidence.value_words is not None:
        out["value_words"] = evidence.value_words.get(lang)
    if evidence.box is not None:
        out["box"] = list(evidence.box)
    return out


def finding_dict(finding: Finding, lang: Lang | str) -> dict[str, Any]:
    return {
        "id": finding.id,
        "rule": finding.rule,
        "severity": finding.severity.label,
        "confidence": finding.confidence.label,
        "bits": finding.bits,
        "links": finding.links,
        "title": finding.title.get(lang),
        "why": finding.why.get(lang),
        "fix": finding.fix.get(lang),
        "evidence": [_evidence(e, lang) for e in finding.evidence],
    }


def _score(score: Score | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "bits": score.bits,
        "band": str(score.band),
        "one_in": round(score.one_in),
        "crowd": round(score.crowd),
        "linkers": score.linkers,
        "lead_chance": score.lead_chance,
        "at_home": score.at_home,
        "contributions": [
            {"group": c.group, "id": c.finding_id, "bits": c.bits} for c in score.contributions
        ],
    }


def _location(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "lat": location.lat,
        "lon": location.lon,
        "altitude_m": location.altitude_m,
        "precision_m": location.precision_m,
        "place": location.place.label if location.place else None,
        "country_code": location.place.country_code if location.place else None,
    }


def _skip(skip: Skip, lang: Lang | str) -> dict[str, str]:
    return {"code": skip.code, "message": skip.message.get(lang), "detail": skip.detail}


def _opening(opening: harm.Opening | None) -> dict[str, str] | None:
    """What a stranger can do, and what to do first: the sentences every report opens with."""
    if opening is None:
        return None
    return {"harm": opening.harm, "first_step": opening.first}


def _photo(photo: PhotoResult, lang: Lang | str) -> dict[str, Any]:
    opening = harm.photo_opening(photo, lang) if photo.status is Status.AUDITED else None
    return {
        "path": photo.path,
        "status": str(photo.status),
        "reason": photo.skip.message.get(lang) if photo.skip else None,
        "reason_code": photo.skip.code if photo.skip else None,
        "format": photo.file_format,
        "fully_read": photo.fully_read,
        "taken_at": photo.taken_at,
        "location": _location(photo.location),
        "bits": photo.score.bits if photo.score else None,
        "score": _score(photo.score),
        "opening": _opening(opening),
        "findings": [finding_dict(f, lang) for f in photo.findings],
        "notes": [_skip(note, lang) for note in photo.notes],
        "also_at": list(photo.also_at),
    }


def render(report: AuditReport, lang: Lang | str) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "exposure", "version": report.tool_version},
        "language": str(lang),
        "redacted": report.redacted,
        "metadata_only": report.metadata_only,
        "summary": {
            "inputs": len(report.photos),
            "audited": len(report.audited),
            "skipped": len(report.skipped),
            "findings": len(report.all_findings),
            "not_fully_read": sum(not photo.fully_read for photo in report.audited),
        },
        "opening": _opening(harm.report_opening(report, lang)),
        "photos": [_photo(photo, lang) for photo in report.photos],
        "set_findings": [finding_dict(f, lang) for f in report.set_findings],
        "set_score": _score(report.set_score),
        "profile_findings": [finding_dict(f, lang) for f in report.profile_findings],
    }
    return _layout(document)


def _compact(value: Any) -> str:
    return sanitize.json_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _layout(document: dict[str, Any]) -> str:
    """One top-level key per line and one photo or finding per line: readable, and fast to write.

    (Python's indenting encoder is pure Python and takes most of a scan's time on big libraries.)
    """
    lines = ["{"]
    last = len(document) - 1
    for position, (key, value) in enumerate(document.items()):
        comma = "," if position < last else ""
        if isinstance(value, list) and value:
            lines.append(f"  {_compact(key)}: [")
            lines.extend(f"    {_compact(item)}," for item in value[:-1])
            lines.append(f"    {_compact(value[-1])}")
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {_compact(key)}: {_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
