"""Pieces every human-readable format shares: sentences about scores, evidence, fixes."""

from __future__ import annotations

from audit import messages
from audit.models import AuditReport, Evidence, Finding, Lang, Score, Severity, Text


def score_sentence(score: Score, lang: Lang | str) -> str:
    template = messages.HOW_IDENTIFIABLE_ALONE if score.crowd < 2 else messages.HOW_IDENTIFIABLE
    sentence = template.get(lang).format(
        bits=score.bits,
        band=messages.band_word(score.band, lang),
        one_in=messages.number_words(score.one_in, lang),
        crowd=messages.number_words(score.crowd, lang),
    )
    if score.linkers:
        sentence += " " + messages.LINKERS.get(lang).format(count=score.linkers)
    return sentence


def evidence_text(evidence: Evidence, lang: Lang | str, limit: int = 60) -> str:
    shown = evidence.shown_value(lang)
    value = shown if len(shown) <= limit else shown[: limit - 1] + "…"
    source = evidence.source_words(lang)
    separator = "：" if str(lang) == "zh" and evidence.label is not None else ": "
    return f"{source}{separator}{value}" if source else value


def severity_counts(report: AuditReport) -> dict[Severity, int]:
    counts = {severity: 0 for severity in sorted(Severity, reverse=True)}
    for finding in report.all_findings:
        counts[finding.severity] += 1
    return counts


def fixes(report: AuditReport) -> list[tuple[Finding, Text]]:
    """One line per distinct finding title, most severe first, with its fix."""
    seen: dict[tuple[str, str], tuple[Finding, Text]] = {}
    for finding in sorted(report.all_findings, key=lambda f: (-f.severity, f.id)):
        key = (finding.id, finding.fix.en)
        if key not in seen:
            seen[key] = (finding, finding.fix)
    return list(seen.values())
