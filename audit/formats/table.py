"""``--format table`` (the default): what a person reads in a terminal.

One block per photo, most identifying first, then a count of each kind of finding across the
photos, what holds across photos, what could not be audited and why, and one line of advice
per kind of finding. A whole library would print thousands of blocks no one reads, so beyond
PHOTOS_SHOWN photos only the most identifying are shown in full, and the counts speak for the
rest (JSON and Markdown list every photo). Colour only when asked for (the CLI asks when stdout
is a terminal and NO_COLOR is not set).
"""

from __future__ import annotations

import click
from tabulate import tabulate

from audit import messages, sanitize
from audit.catalog import known_ids, words
from audit.formats.common import evidence_text, fixes, score_sentence
from audit.models import AuditReport, Finding, Lang, PhotoResult, Severity, Text

_COLOURS = {
    Severity.CRITICAL: {"fg": "red", "bold": True},
    Severity.HIGH: {"fg": "red"},
    Severity.MEDIUM: {"fg": "yellow"},
    Severity.LOW: {"dim": True},
}
_EVIDENCE_SHOWN = 4
PHOTOS_SHOWN = 30
SKIPS_SHOWN = 30


def _severity(severity: Severity, lang: Lang | str, color: bool) -> str:
    word = messages.severity_word(severity, lang)
    return click.style(word, **_COLOURS[severity]) if color else word


def _heading(text: str, color: bool) -> str:
    return click.style(text, bold=True) if color else text


def _rows(findings: tuple[Finding, ...], lang: Lang | str, color: bool) -> list[list[str]]:
    rows = []
    for finding in findings:
        shown = [
            sanitize.terminal(evidence_text(e, lang)) for e in finding.evidence[:_EVIDENCE_SHOWN]
        ]
        if len(finding.evidence) > _EVIDENCE_SHOWN:
            shown.append(f"(+{len(finding.evidence) - _EVIDENCE_SHOWN})")
        bits = "—" if finding.links else f"{finding.bits:.1f}"
        rows.append(
            [
                _severity(finding.severity, lang, color),
                finding.title.get(lang),
                "\n".join(shown),
                bits,
            ]
        )
    return rows


def _findings_table(findings: tuple[Finding, ...], lang: Lang | str, color: bool) -> str:
    headers = [column.get(lang) for column in messages.COLUMNS]
    table = tabulate(
        _rows(findings, lang, color),
        headers=headers,
        tablefmt="simple",
        maxcolwidths=[None, 36, 60, None],
        disable_numparse=True,
    )
    return "\n".join("  " + line for line in table.splitlines())


def _photo(photo: PhotoResult, lang: Lang | str, color: bool) -> list[str]:
    lines = [_heading(sanitize.terminal(photo.path), color)]
    if photo.score is not None and photo.findings:
        lines.append("  " + score_sentence(photo.score, lang))
    if photo.findings:
        lines.append(_findings_table(photo.findings, lang, color))
    else:
        lines.append("  " + messages.NOTHING_FOUND.get(lang))
    for note in photo.notes:
        separator = "：" if str(lang) == "zh" else ": "
        lines.append(f"  {messages.NOTE.get(lang)}{separator}{note.message.get(lang)}")
    return lines


def _worst(photo: PhotoResult) -> int:
    return max((f.severity for f in photo.findings), default=0)


def _kind_title(finding: Finding) -> Text:
    """The general title of a finding's kind (not the variant one photo got)."""
    return words(finding.id).title if finding.id in known_ids() else finding.title


def _counts_table(report: AuditReport, lang: Lang | str, color: bool) -> str:
    """Each kind of finding once: how many photos have it, and its worst severity."""
    counts: dict[str, list] = {}
    for photo in report.audited:
        for finding in {f.id: f for f in sorted(photo.findings, key=lambda f: f.severity)}.values():
            entry = counts.setdefault(finding.id, [finding, 0])
            entry[1] += 1
            if finding.severity > entry[0].severity:
                entry[0] = finding
    rows = [
        [
            _severity(finding.severity, lang, color),
            _kind_title(finding).get(lang),
            finding.id,
            str(count),
        ]
        for finding, count in sorted(
            counts.values(), key=lambda e: (-e[0].severity, -e[1], e[0].id)
        )
    ]
    headers = [column.get(lang) for column in messages.COUNT_COLUMNS]
    table = tabulate(
        rows,
        headers=headers,
        tablefmt="simple",
        maxcolwidths=[None, 40, None, None],
        disable_numparse=True,
    )
    return "\n".join("  " + line for line in table.splitlines())


def render(report: AuditReport, lang: Lang | str, color: bool = False) -> str:
    findings_total = len(report.all_findings)
    out = [
        _heading(messages.TITLE.get(lang), color),
        messages.SUMMARY.get(lang).format(
            audited=len(report.audited), skipped=len(report.skipped), findings=findings_total
        ),
    ]
    if report.metadata_only:
        out.append(messages.METADATA_ONLY.get(lang))
    if report.redacted:
        out.append(messages.REDACTED.get(lang))
    ranked = sorted(report.audited, key=lambda p: (-(p.score.bits if p.score else 0), -_worst(p)))
    if len(ranked) > PHOTOS_SHOWN:
        ranked = [p for p in ranked if p.findings][:PHOTOS_SHOWN]
    for photo in ranked:
        out.append("")
        out.extend(_photo(photo, lang, color))
    hidden = len(report.audited) - len(ranked)
    if hidden:
        out += ["", messages.MORE_PHOTOS.get(lang).format(count=hidden, shown=len(ranked))]
    if len(report.audited) > 1:
        out += [
            "",
            _heading(messages.COUNTS_HEADING.get(lang), color),
            _counts_table(report, lang, color),
        ]
    if report.set_findings or (report.set_score and len(report.audited) > 1):
        out += ["", _heading(messages.SET_HEADING.get(lang), color)]
        if report.set_score is not None:
            out.append("  " + score_sentence(report.set_score, lang))
        if report.set_findings:
            out.append(_findings_table(report.set_findings, lang, color))
    if report.profile_findings:
        out += [
            "",
            _heading(messages.PROFILE_HEADING.get(lang), color),
            _findings_table(report.profile_findings, lang, color),
        ]
    if report.skipped:
        out += ["", _heading(messages.SKIPPED_HEADING.get(lang), color)]
        for photo in report.skipped[:SKIPS_SHOWN]:
            reason = photo.skip.message.get(lang) if photo.skip else ""
            out.append(f"  {sanitize.terminal(photo.path)}\n    {reason}")
        if len(report.skipped) > SKIPS_SHOWN:
            out.append(
                "  "
                + messages.MORE_SKIPPED.get(lang).format(count=len(report.skipped) - SKIPS_SHOWN)
            )
    advice = fixes(report)
    if advice:
        out += ["", _heading(messages.FIX_HEADING.get(lang), color)]
        for finding, fix in advice:
            out.append(f"  • {finding.title.get(lang)}: {fix.get(lang)}")
    if findings_total:
        out += ["", messages.BITS_EXPLAINED.get(lang)]
    return "\n".join(out) + "\n"
