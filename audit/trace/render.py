"""What a trace prints: a plain report for a person, or JSON for a program.

Every string that came from a found file or an export (names, chat titles, message text) is
hostile: the terminal report strips control characters and bounds its length.
"""

from __future__ import annotations

import json

from audit.models import Lang
from audit.sanitize import terminal
from audit.trace import words as w
from audit.trace.model import Match, TraceReport
from audit.trace.words import EDIT_WORDS, METHOD_WORDS, SCORE_WORDS

SCHEMA_VERSION = 1


def _short(text: str, limit: int = 160) -> str:
    clean = terminal(text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def how(match: Match, lang: Lang) -> str:
    method = METHOD_WORDS[match.method].get(lang)
    score = SCORE_WORDS[match.method].get(lang).format(score=match.score)
    edits = ", ".join(EDIT_WORDS[edit].get(lang) for edit in match.edits)
    separator = "；" if lang is Lang.ZH else "; "
    return f"{method} ({score}){separator}{edits}" if edits else f"{method} ({score})"


def posting_lines(match: Match, lang: Lang) -> list[str]:
    posting = match.posting
    if posting.kind == "chat-export":
        lines = [
            w.CHAT_LINE.get(lang).format(
                chat=_short(posting.chat or "?", 80),
                date=_short(posting.date or "?", 60),
                sender=_short(posting.sender or "?", 80),
            )
        ]
        if posting.text:
            lines.append(w.MESSAGE_LINE.get(lang).format(text=_short(posting.text)))
        return lines
    return [w.FILE_TIME_LINE.get(lang).format(date=posting.date or "?")]


def text_report(report: TraceReport, lang: Lang) -> str:
    lines = [
        w.HEADLINE.get(lang).format(
            matched=report.matched_own,
            own=report.own_count,
            pictures=len(report.matches),
            found=report.found_count,
        ),
        "",
    ]
    for number, match in enumerate(report.matches, start=1):
        region = match.region
        lines += [
            f"{number}. {_short(match.found_path, 200)}",
            *(f"   {line}" for line in posting_lines(match, lang)),
            "   " + w.YOUR_PHOTO_LINE.get(lang).format(path=_short(match.own.path, 200)),
            "   " + w.HOW_LINE.get(lang).format(how=how(match, lang)),
            "   "
            + w.REGION_LINE.get(lang).format(
                x=region.x, y=region.y, width=region.width, height=region.height
            ),
            "",
        ]
    if not report.matches:
        lines += [w.NO_MATCH.get(lang), ""]
    if report.skipped:
        lines.append(w.SKIPPED_HEADING.get(lang).format(count=len(report.skipped)))
        for item in report.skipped:
            lines.append(f"  {_short(item.path, 200)}: {item.reason.get(lang)}")
        lines.append("")
    lines.append(w.NOT_CERTIFIED.get(lang))
    return "\n".join(lines) + "\n"


def match_record(match: Match, report: TraceReport) -> dict[str, object]:
    """One match as a flat record: the evidence log's row and the JSON report's entry."""
    posting = match.posting
    return {
        "found_path": match.found_path,
        "found_size": match.found_size,
        "found_sha256": match.found_sha256,
        "found_md5": match.found_md5,
        "found_format": match.found_format,
        "found_width": match.found_full_size[0],
        "found_height": match.found_full_size[1],
        "found_metadata": dict(match.found_metadata),
        "source": posting.source,
        "source_kind": posting.kind,
        "chat": posting.chat,
        "message_id": posting.message_id,
        "message_date": posting.date,
        "sender": posting.sender,
        "message_text": posting.text,
        "own_path": match.own.path,
        "own_sha256": match.own.sha256,
        "method": match.method.value,
        "score": match.score,
        "region": {
            "x": match.region.x,
            "y": match.region.y,
            "width": match.region.width,
            "height": match.region.height,
        },
        "edits": [edit.value for edit in match.edits],
        "rotation_degrees": match.rotation,
        "scale": match.scale,
        "analysed_at_utc": report.analysed_at,
        "tool_version": str(report.parameters.get("version", "")),
        "parameters": dict(report.parameters),
    }


def json_report(report: TraceReport, lang: Lang) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "analysed_at_utc": report.analysed_at,
        "parameters": report.parameters,
        "summary": {
            "own_photos": report.own_count,
            "found_pictures": report.found_count,
            "matches": len(report.matches),
            "own_photos_found": report.matched_own,
            "skipped": len(report.skipped),
        },
        "chats": list(report.chats),
        "matches": [match_record(match, report) for match in report.matches],
        "skipped": [
            {"path": item.path, "reason": item.reason.get(lang), "detail": item.detail}
            for item in report.skipped
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
