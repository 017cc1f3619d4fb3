"""``--format markdown``: a report to keep, print or paste into a workshop handout.

It opens, for the set and for each photo, with what a stranger can do and what to do first;
each finding says why it matters. Everything taken from a file is escaped, so a hostile tag
value cannot inject links, images or HTML into the rendered page.
"""

from __future__ import annotations

from audit import harm, messages, sanitize
from audit.formats.common import (
    bits_cell,
    evidence_text,
    fixes,
    ranked_photos,
    score_sentence,
    severity_label,
    skipped_files,
)
from audit.models import AuditReport, Finding, Lang, PhotoResult

_md = sanitize.markdown
SUMMARY_PHOTOS = 5
SUMMARY_FIXES = 3


def _table(findings: tuple[Finding, ...], lang: Lang | str) -> list[str]:
    headers = [column.get(lang) for column in messages.COLUMNS]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for finding in findings:
        seen = "<br>".join(_md(evidence_text(e, lang, limit=80)) for e in finding.evidence[:6])
        title = f"**{_md(finding.title.get(lang))}**<br>{_md(finding.why.get(lang))}"
        label = severity_label(finding.severity, lang)
        lines.append(f"| {_md(label)} | {title} | {seen} | {bits_cell(finding)} |")
    return lines


def _opening(opening: harm.Opening) -> list[str]:
    lines = [f"**{_md(opening.harm)}**"]
    if opening.first:
        lines += ["", _md(opening.first)]
    return lines


def _photo(photo: PhotoResult, lang: Lang | str) -> list[str]:
    out = ["", f"## {_md(messages.photo_name(photo.path, lang))}", ""]
    out += _opening(harm.photo_opening(photo, lang))
    if photo.findings and photo.score is not None:
        out += ["", _md(score_sentence(photo.score, lang)), ""]
        out += _table(photo.findings, lang)
    colon = messages.COLON.get(lang)
    for note in photo.notes:
        out += ["", f"*{messages.NOTE.get(lang)}*{colon}{_md(note.message.get(lang))}"]
    return out


def _header(report: AuditReport, lang: Lang | str) -> list[str]:
    out = [
        f"# {_md(messages.TITLE.get(lang))}",
        "",
        messages.summary_line(
            len(report.audited), skipped_files(report), len(report.all_findings), lang
        ),
    ]
    if report.metadata_only:
        out += ["", f"> {messages.METADATA_ONLY.get(lang)}"]
    if report.redacted:
        out += ["", f"> {messages.REDACTED.get(lang)}"]
    opening = harm.report_opening(report, lang)
    if opening is not None:
        out += ["", f"## {messages.SUMMARY_HEADING.get(lang)}", ""] + _opening(opening)
    return out


def _advice(report: AuditReport, lang: Lang | str, limit: int | None = None) -> list[str]:
    advice = fixes(report)[:limit]
    if not advice:
        return []
    colon = messages.COLON.get(lang)
    return ["", f"## {messages.FIX_HEADING.get(lang)}", ""] + [
        f"- **{_md(finding.title.get(lang))}**{colon}{_md(fix.get(lang))}"
        for finding, fix in advice
    ]


def _summary(report: AuditReport, lang: Lang | str) -> str:
    out = _header(report, lang)
    worst = [p for p in ranked_photos(report) if p.findings][:SUMMARY_PHOTOS]
    if worst:
        out += ["", f"## {messages.WORST_HEADING.get(lang)}", ""]
        for photo in worst:
            sentence = harm.photo_opening(photo, lang).harm
            out.append(f"- **{_md(messages.photo_name(photo.path, lang))}**: {_md(sentence)}")
    out += _advice(report, lang, SUMMARY_FIXES)
    return "\n".join(out) + "\n"


def render(report: AuditReport, lang: Lang | str, summary: bool = False) -> str:
    if summary:
        return _summary(report, lang)
    out = _header(report, lang)
    for photo in ranked_photos(report):
        out += _photo(photo, lang)
    if report.set_findings or (report.set_score and len(report.audited) > 1):
        out += ["", f"## {messages.SET_HEADING.get(lang)}", ""]
        top = harm.worst(report.set_findings)
        if top is not None:
            out += [f"**{_md(harm.finding_sentence(top, lang))}**", ""]
        if report.set_score is not None:
            out += [_md(score_sentence(report.set_score, lang)), ""]
        if report.set_findings:
            out += _table(report.set_findings, lang)
    if report.profile_findings:
        out += ["", f"## {messages.PROFILE_HEADING.get(lang)}", ""]
        out += _table(report.profile_findings, lang)
    if report.skipped:
        out += ["", f"## {messages.SKIPPED_HEADING.get(lang)}", ""]
        colon = messages.COLON.get(lang)
        for photo in report.skipped:
            reason = photo.skip.message.get(lang) if photo.skip else ""
            out.append(f"- {_md(messages.photo_name(photo.path, lang))}{colon}{_md(reason)}")
    out += _advice(report, lang)
    if report.all_findings:
        out += ["", f"_{_md(messages.BITS_EXPLAINED.get(lang))}_"]
    return "\n".join(out) + "\n"
