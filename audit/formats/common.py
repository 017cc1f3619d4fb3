"""Pieces every human-readable format shares: sentences about scores, evidence, fixes."""

from __future__ import annotations

import re

from audit import messages, places
from audit.models import (
    AuditReport,
    Evidence,
    EvidenceKind,
    Finding,
    Lang,
    PhotoResult,
    Score,
    Severity,
    Text,
)
from audit.score import WEIGHTS, band, group_of
from audit.skips import FOLDER_CODES

#: Severity as a mark as well as a word, so that it never rests on colour alone.
SEVERITY_MARKS = {
    Severity.CRITICAL: "!!!",
    Severity.HIGH: "!!",
    Severity.MEDIUM: "!",
    Severity.LOW: "·",
}

_FACE = re.compile(r"^(\d+)×(\d+) px, eyes (\d+) px apart$")
_MASKED_TEXT = re.compile(r"^\[(\d+) characters\]$")
_DISTANCE = re.compile(r"^(< )?(\d+(?:\.\d+)?) (cm|m|km)$")
_UNITS_ZH = {"cm": "厘米", "m": "米", "km": "公里"}


def score_sentence(score: Score, lang: Lang | str) -> str:
    space = messages.SPACE.get(lang)
    values = {
        "bits": score.bits,
        "band": messages.band_word(score.band, lang),
        "one_in": messages.number_words(score.one_in, lang),
        "crowd": messages.number_words(score.crowd, lang),
        "chance": max(1, round(score.lead_chance * 10)),
    }
    if score.lead_chance > 0 and band(score.bits).rank < score.band.rank:
        # The band comes from a lead (a face search), not from how many people match.
        sentence = messages.HOW_IDENTIFIABLE_LEAD.get(lang).format(**values)
    else:
        template = messages.HOW_IDENTIFIABLE_ALONE if score.crowd < 2 else messages.HOW_IDENTIFIABLE
        sentence = template.get(lang).format(**values)
        if score.lead_chance > 0:
            sentence += space + messages.LEAD.get(lang).format(**values)
    if score.linkers:
        sentence += space + messages.LINKERS.get(lang).format(count=score.linkers)
    return sentence


def value_words(evidence: Evidence, lang: Lang | str) -> str:
    """An evidence value in the reader's language where it is made of words, not data."""
    value = evidence.shown_value(lang)
    if str(lang) != "zh":
        return value
    if evidence.kind is EvidenceKind.PLACE:
        return places.localise(value, lang)
    face = _FACE.match(value)
    if face:
        return f"{face[1]}×{face[2]}像素，两眼相距{face[3]}像素"
    masked = _MASKED_TEXT.match(value)
    if masked:
        return f"［{masked[1]}个字符］"
    distance = _DISTANCE.match(value)
    if distance and evidence.kind is EvidenceKind.SIZE:
        less = "不到" if distance[1] else ""
        return f"{less}{distance[2]}{_UNITS_ZH[distance[3]]}"
    if evidence.kind is EvidenceKind.FILE:
        return messages.photo_name(value, lang)
    return value


def evidence_text(evidence: Evidence, lang: Lang | str, limit: int = 60) -> str:
    value = value_words(evidence, lang)
    if evidence.kind is EvidenceKind.FILE:
        value = messages.photo_name(value, lang)
    value = value if len(value) <= limit else value[: limit - 1] + "…"
    source = evidence.source_words(lang)
    source = source if len(source) <= limit else source[: limit - 1] + "…"
    separator = "：" if str(lang) == "zh" else ": "
    return f"{source}{separator}{value}" if source else value


def severity_label(severity: Severity, lang: Lang | str) -> str:
    return f"{SEVERITY_MARKS[severity]} {messages.severity_word(severity, lang)}"


def fixes(report: AuditReport) -> list[tuple[Finding, Text]]:
    """One line per distinct finding and fix, most severe first, with its fix.

    Each line's finding is the most severe of its kind, the first of them on a tie; only those
    are sorted, not every finding of a library."""
    chosen: dict[tuple[str, str], tuple[int, Finding]] = {}
    for index, finding in enumerate(report.all_findings):
        key = (finding.id, finding.fix.en)
        held = chosen.get(key)
        if held is None or finding.severity > held[1].severity:
            chosen[key] = (index, finding)
    ordered = sorted(chosen.values(), key=lambda entry: (-entry[1].severity, entry[1].id, entry[0]))
    return [(finding, finding.fix) for _, finding in ordered]


def ranked_photos(report: AuditReport) -> list[PhotoResult]:
    """Audited photos, the most identifying first."""
    return sorted(report.audited, key=_rank_of_photo)


def _rank_of_photo(photo: PhotoResult) -> tuple[int, float, int]:
    worst = 0
    for finding in photo.findings:
        if finding.severity > worst:
            worst = finding.severity
    score = photo.score
    if score is None:
        return (0, 0.0, -worst)
    return (-score.band.rank, -score.bits, -worst)


def bits_cell(finding: Finding) -> str:
    """A finding's bits; a dash for what is not counted (linkers, settings)."""
    if finding.links or finding.id.startswith("profile."):
        return "—"
    if group_of(finding.id) == "face":
        return f"{min(finding.bits, WEIGHTS['soft_trait_bits'].value):.1f}"
    return f"{finding.bits:.1f}"


def skipped_files(report: AuditReport) -> int:
    """Inputs not audited, counting files only: an empty folder or a folder link is no photo."""
    return sum(1 for p in report.skipped if not (p.skip and p.skip.code in FOLDER_CODES))
