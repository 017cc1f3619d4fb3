"""``--format table`` (the default): what a person reads in a terminal.

The whole set opens with what a stranger can do with it and what to do first; then one block
per photo, most identifying first, each opening the same way, with a table of findings that
says why each matters. Everything is laid out for the terminal's width (down to 60 columns
without losing a column; Chinese wraps between characters, never before closing punctuation).
Beyond PHOTOS_SHOWN photos only the most identifying are shown in full; ``summary`` keeps only
the totals, the worst photos and what to do first. Colour only when asked for, and never alone:
severity is also a word and a mark.
"""

from __future__ import annotations

from typing import Any

import click

from audit import harm, messages, sanitize
from audit.catalog import known_ids, words
from audit.formats.common import (
    bits_cell,
    evidence_text,
    fixes,
    ranked_photos,
    score_sentence,
    severity_label,
    skipped_files,
)
from audit.formats.layout import grid, indented
from audit.models import AuditReport, Finding, Lang, PhotoResult, Severity, Text

_COLOURS: dict[Severity, dict[str, Any]] = {
    Severity.CRITICAL: {"fg": "red", "bold": True},
    Severity.HIGH: {"fg": "red"},
    Severity.MEDIUM: {"fg": "yellow"},
    Severity.LOW: {"dim": True},
}
_EVIDENCE_SHOWN = 4
PHOTOS_SHOWN = 30
SKIPS_SHOWN = 30
SUMMARY_PHOTOS = 5
SUMMARY_FIXES = 3
DEFAULT_WIDTH = 100
MIN_WIDTH = 60

_t = sanitize.terminal


def _heading(text: str, color: bool) -> str:
    return click.style(text, bold=True) if color else text


def _para(text: str, width: int, indent: str = "  ") -> list[str]:
    return indented(_t(text), width, indent, indent + "  ")


def _severity(severity: Severity, lang: Lang | str, color: bool) -> str:
    label = severity_label(severity, lang)
    return click.style(label, **_COLOURS[severity]) if color else label


def _rows(findings: tuple[Finding, ...], lang: Lang | str, color: bool) -> list[list[str]]:
    rows = []
    for finding in findings:
        shown = [_t(evidence_text(e, lang)) for e in finding.evidence[:_EVIDENCE_SHOWN]]
        if len(finding.evidence) > _EVIDENCE_SHOWN:
            more = len(finding.evidence) - _EVIDENCE_SHOWN
            shown.append(messages.MORE_EVIDENCE.get(lang).format(count=more))
        rows.append(
            [
                _severity(finding.severity, lang, color),
                _t(finding.title.get(lang)) + "\n" + _t(finding.why.get(lang)),
                "\n".join(shown),
                bits_cell(finding),
            ]
        )
    return rows


def _findings_table(
    findings: tuple[Finding, ...], lang: Lang | str, width: int, color: bool
) -> list[str]:
    headers = [column.get(lang) for column in messages.COLUMNS]
    return grid(
        _rows(findings, lang, color),
        headers,
        width,
        minimum=[12, 18, 16, 4],
        maximum=[12, 48, 60, 6],
    )


def _opening(opening: harm.Opening, width: int) -> list[str]:
    lines = _para(opening.harm, width)
    if opening.first:
        lines += _para(opening.first, width)
    return lines


def _photo(photo: PhotoResult, lang: Lang | str, color: bool, width: int) -> list[str]:
    lines = [_heading(_t(messages.photo_name(photo.path, lang)), color)]
    lines += _opening(harm.photo_opening(photo, lang), width)
    if photo.score is not None and photo.findings:
        lines += _para(score_sentence(photo.score, lang), width)
    if photo.findings:
        lines += _findings_table(photo.findings, lang, width, color)
    colon = messages.COLON.get(lang)
    for note in photo.notes:
        lines += _para(f"{messages.NOTE.get(lang)}{colon}{note.message.get(lang)}", width)
    return lines


def _kind_title(finding: Finding) -> Text:
    """The general title of a finding's kind (not the variant one photo got)."""
    return words(finding.id).title if finding.id in known_ids() else finding.title


def _counts_table(report: AuditReport, lang: Lang | str, width: int, color: bool) -> list[str]:
    """Each kind of finding once: how many photos have it, and its worst severity."""
    counts: dict[str, tuple[Finding, int]] = {}
    for photo in report.audited:
        in_photo: dict[str, Finding] = {}  # per kind, the last of its most severe
        for finding in photo.findings:
            held = in_photo.get(finding.id)
            if held is None or finding.severity >= held.severity:
                in_photo[finding.id] = finding
        for finding in in_photo.values():
            worst, count = counts.get(finding.id, (finding, 0))
            counts[finding.id] = (
                finding if finding.severity > worst.severity else worst,
                count + 1,
            )
    rows = [
        [_severity(f.severity, lang, color), _t(_kind_title(f).get(lang)), f.id, str(n)]
        for f, n in sorted(counts.values(), key=lambda e: (-e[0].severity, -e[1], e[0].id))
    ]
    headers = [column.get(lang) for column in messages.COUNT_COLUMNS]
    return grid(rows, headers, width, minimum=[12, 16, 12, 4], maximum=[12, 40, 24, 6])


def _header(report: AuditReport, lang: Lang | str, color: bool, width: int) -> list[str]:
    out = [_heading(messages.TITLE.get(lang), color)]
    out += _para(
        messages.summary_line(
            len(report.audited), skipped_files(report), len(report.all_findings), lang
        ),
        width,
        "",
    )
    if report.metadata_only:
        out += _para(messages.METADATA_ONLY.get(lang), width, "")
    if report.redacted:
        out += _para(messages.REDACTED.get(lang), width, "")
    opening = harm.report_opening(report, lang)
    if opening is not None:
        out += ["", _heading(messages.SUMMARY_HEADING.get(lang), color)]
        out += _opening(opening, width)
    return out


def _summary(report: AuditReport, lang: Lang | str, color: bool, width: int) -> list[str]:
    out = _header(report, lang, color, width)
    worst = [p for p in ranked_photos(report) if p.findings][:SUMMARY_PHOTOS]
    if worst:
        out += ["", _heading(messages.WORST_HEADING.get(lang), color)]
        for photo in worst:
            out += _para(_t(messages.photo_name(photo.path, lang)), width)
            out += _para(harm.photo_opening(photo, lang).harm, width, "    ")
            if photo.score is not None:
                out += _para(score_sentence(photo.score, lang), width, "    ")
    advice = fixes(report)[:SUMMARY_FIXES]
    if advice:
        out += ["", _heading(messages.FIX_HEADING.get(lang), color)]
        colon = messages.COLON.get(lang)
        for finding, fix in advice:
            out += _para(f"• {finding.title.get(lang)}{colon}{fix.get(lang)}", width)
    return out


def render(
    report: AuditReport,
    lang: Lang | str,
    color: bool = False,
    width: int = DEFAULT_WIDTH,
    summary: bool = False,
) -> str:
    width = max(MIN_WIDTH, width)
    if summary:
        return "\n".join(_summary(report, lang, color, width)) + "\n"
    out = _header(report, lang, color, width)
    ranked = ranked_photos(report)
    if len(ranked) > PHOTOS_SHOWN:
        ranked = [p for p in ranked if p.findings or not p.fully_read][:PHOTOS_SHOWN]
    for photo in ranked:
        out.append("")
        out.extend(_photo(photo, lang, color, width))
    hidden = len(report.audited) - len(ranked)
    if hidden:
        more = messages.MORE_PHOTOS.get(lang).format(count=hidden, shown=len(ranked))
        out += [""] + _para(more, width, "")
    if len(report.audited) > 1:
        out += ["", _heading(messages.COUNTS_HEADING.get(lang), color)]
        out += _counts_table(report, lang, width, color)
    if report.set_findings or (report.set_score and len(report.audited) > 1):
        out += ["", _heading(messages.SET_HEADING.get(lang), color)]
        if report.set_findings:
            top = harm.worst(report.set_findings)
            if top is not None:
                out += _para(harm.finding_sentence(top, lang), width)
        if report.set_score is not None:
            out += _para(score_sentence(report.set_score, lang), width)
        if report.set_findings:
            out += _findings_table(report.set_findings, lang, width, color)
    if report.profile_findings:
        out += ["", _heading(messages.PROFILE_HEADING.get(lang), color)]
        out += _findings_table(report.profile_findings, lang, width, color)
    if report.skipped:
        out += ["", _heading(messages.SKIPPED_HEADING.get(lang), color)]
        for photo in report.skipped[:SKIPS_SHOWN]:
            reason = photo.skip.message.get(lang) if photo.skip else ""
            out += _para(messages.photo_name(photo.path, lang), width)
            out += _para(reason, width, "    ")
        if len(report.skipped) > SKIPS_SHOWN:
            more = messages.MORE_SKIPPED.get(lang).format(count=len(report.skipped) - SKIPS_SHOWN)
            out += _para(more, width)
    advice = fixes(report)
    if advice:
        out += ["", _heading(messages.FIX_HEADING.get(lang), color)]
        colon = messages.COLON.get(lang)
        for finding, fix in advice:
            out += _para(f"• {finding.title.get(lang)}{colon}{fix.get(lang)}", width)
    if report.all_findings:
        out += [""] + _para(messages.BITS_EXPLAINED.get(lang), width, "")
    return "\n".join(out) + "\n"
