"""``--format markdown``: a report to keep, print or paste into a workshop handout.

Everything taken from a file is escaped, so a hostile tag value cannot inject links, images or
HTML into the rendered page.
"""

from __future__ import annotations

from audit import messages, sanitize
from audit.formats.common import evidence_text, fixes, score_sentence
from audit.models import AuditReport, Finding, Lang

_md = sanitize.markdown


def _table(findings: tuple[Finding, ...], lang: Lang | str) -> list[str]:
    headers = [column.get(lang) for column in messages.COLUMNS]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for finding in findings:
        seen = "<br>".join(_md(evidence_text(e, lang, limit=80)) for e in finding.evidence[:6])
        bits = "—" if finding.links else f"{finding.bits:.1f}"
        lines.append(
            f"| {messages.severity_word(finding.severity, lang)} | {_md(finding.title.get(lang))} "
            f"| {seen} | {bits} |"
        )
    return lines


def render(report: AuditReport, lang: Lang | str) -> str:
    out = [
        f"# {messages.TITLE.get(lang)}",
        "",
        messages.SUMMARY.get(lang).format(
            audited=len(report.audited),
            skipped=len(report.skipped),
            findings=len(report.all_findings),
        ),
    ]
    if report.metadata_only:
        out += ["", f"> {messages.METADATA_ONLY.get(lang)}"]
    if report.redacted:
        out += ["", f"> {messages.REDACTED.get(lang)}"]
    for photo in sorted(report.audited, key=lambda p: -(p.score.bits if p.score else 0)):
        out += ["", f"## {_md(photo.path)}", ""]
        if photo.findings and photo.score is not None:
            out += [f"**{score_sentence(photo.score, lang)}**", ""]
            out += _table(photo.findings, lang)
        else:
            out.append(messages.NOTHING_FOUND.get(lang))
        for note in photo.notes:
            out += ["", f"*{messages.NOTE.get(lang)}:* {note.message.get(lang)}"]
    if report.set_findings or (report.set_score and len(report.audited) > 1):
        out += ["", f"## {messages.SET_HEADING.get(lang)}", ""]
        if report.set_score is not None:
            out += [f"**{score_sentence(report.set_score, lang)}**", ""]
        if report.set_findings:
            out += _table(report.set_findings, lang)
    if report.profile_findings:
        out += ["", f"## {messages.PROFILE_HEADING.get(lang)}", ""] + _table(
            report.profile_findings, lang
        )
    if report.skipped:
        out += ["", f"## {messages.SKIPPED_HEADING.get(lang)}", ""]
        for photo in report.skipped:
            reason = photo.skip.message.get(lang) if photo.skip else ""
            out.append(f"- {_md(photo.path)}: {reason}")
    advice = fixes(report)
    if advice:
        out += ["", f"## {messages.FIX_HEADING.get(lang)}", ""]
        out += [
            f"- **{_md(finding.title.get(lang))}**: {_md(fix.get(lang))}" for finding, fix in advice
        ]
    if report.all_findings:
        out += ["", f"_{messages.BITS_EXPLAINED.get(lang)}_"]
    return "\n".join(out) + "\n"
