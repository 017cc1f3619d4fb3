"""What the checklist prints: the list of what to change (text, Markdown, JSON) and the catalogue.

Renderers only format: the findings come from :func:`audit.checklist.evaluate.evaluate`, the
items from the validated data. Ids read from an answers file never reach these functions
unchecked: unknown ones are kept in the file but never shown.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from audit import messages
from audit.checklist import words
from audit.checklist.answers import Answers
from audit.checklist.describe import path_line
from audit.checklist.evaluate import PREFIX, evaluate, exposures
from audit.checklist.load import load_platforms
from audit.checklist.model import Answer, Item, Platform
from audit.formats.json import finding_dict
from audit.models import Lang, Text

SCHEMA_VERSION = 1


def _pair(text: Text) -> dict[str, str]:
    return {"en": text.en, "zh": text.zh}


def _chosen(answers: Answers) -> tuple[Platform, ...]:
    """The platforms she picked, or (for a file without a choice) those she answered."""
    named = set(answers.platforms) | {r.platform for r in answers.given}
    return tuple(p for p in load_platforms() if p.id in named)


def _tally(answers: Answers) -> tuple[int, int, list[tuple[Platform, Item]]]:
    """(unanswered, skipped, facts read) over the chosen platforms."""
    unanswered = skipped = 0
    facts: list[tuple[Platform, Item]] = []
    for platform in _chosen(answers):
        for item in platform.items:
            answer = answers.get(platform.id, item.id)
            if answer is None:
                unanswered += 1
            elif answer is Answer.SKIP:
                skipped += 1
            elif item.is_fact:
                facts.append((platform, item))
    return unanswered, skipped, facts


def _by_platform(answers: Answers) -> list[tuple[Platform, list[tuple[Item, Answer]]]]:
    """The open exposures grouped by platform, most severe first within each."""
    grouped: dict[str, tuple[Platform, list[tuple[Item, Answer]]]] = {}
    for platform, item, answer in exposures(answers):
        grouped.setdefault(platform.id, (platform, []))[1].append((item, answer))
    return [
        (platform, sorted(found, key=lambda pair: -(pair[0].severity or 0)))
        for platform, found in grouped.values()
    ]


def _colon(lang: Lang) -> str:
    return "：" if lang is Lang.ZH else ": "


def _mark(item: Item, answer: Answer, lang: Lang) -> tuple[str, str]:
    """(what to do with it, severity word) for one open exposure."""
    mark = words.CHECK_THIS if answer is Answer.UNSURE else words.CHANGE_THIS
    return mark.get(lang), messages.severity_word(item.severity, lang) if item.severity else ""


def todo_text(answers: Answers, lang: Lang) -> str:
    """The list of what to change and where, for a person reading a terminal."""
    if not answers.given:
        return words.NO_ANSWERS.get(lang) + "\n"
    open_items = exposures(answers)
    unsure = sum(1 for _, _, answer in open_items if answer is Answer.UNSURE)
    out = [words.CHANGES_HEADING.get(lang), "=" * 20]
    if open_items:
        out.append(
            words.CHANGES_COUNT.get(lang).format(changes=len(open_items) - unsure, unsure=unsure)
        )
    else:
        out.append(words.NOTHING_TO_CHANGE.get(lang))
    colon = _colon(lang)
    for platform, found in _by_platform(answers):
        out += ["", platform.name.get(lang)]
        for item, answer in found:
            mark, severity = _mark(item, answer, lang)
            out.append(f"  [{severity}] {mark}{colon}{item.title.get(lang)}")
            out.append(f"      {words.WHY.get(lang)}{colon}{item.why.get(lang)}")
            out.append(f"      {words.FIX.get(lang)}{colon}{item.fix.get(lang)}")
            out += [f"        {path_line(path, lang)}" for path in item.paths]
    unanswered, skipped, facts = _tally(answers)
    if facts:
        out += ["", words.FACTS_HEADING.get(lang)]
        out += [
            f"  {platform.name.get(lang)}{colon}{item.prompt.get(lang)}" for platform, item in facts
        ]
    if skipped or unanswered:
        out.append("")
    if skipped:
        out.append(words.SKIPPED.get(lang).format(count=skipped))
    if unanswered:
        out.append(words.NOT_ANSWERED.get(lang).format(count=unanswered))
    return "\n".join(out) + "\n"


def todo_markdown(answers: Answers, lang: Lang) -> str:
    """The same list as Markdown, with a box to tick as each change is made."""
    if not answers.given:
        return words.NO_ANSWERS.get(lang) + "\n"
    out = [f"# {words.CHANGES_HEADING.get(lang)}", ""]
    if not exposures(answers):
        out += [words.NOTHING_TO_CHANGE.get(lang), ""]
    colon = _colon(lang)
    for platform, found in _by_platform(answers):
        out += [f"## {platform.name.get(lang)}", ""]
        for item, answer in found:
            mark, severity = _mark(item, answer, lang)
            note = f"（{mark}，{severity}）" if lang is Lang.ZH else f" ({mark}, {severity})"
            out.append(f"- [ ] **{item.title.get(lang)}**{note}")
            out.append(f"  - {words.WHY.get(lang)}{colon}{item.why.get(lang)}")
            out.append(f"  - {words.FIX.get(lang)}{colon}{item.fix.get(lang)}")
            out += [f"  - `{path_line(path, lang)}`" for path in item.paths]
        out.append("")
    unanswered, skipped, facts = _tally(answers)
    if facts:
        out += [f"## {words.FACTS_HEADING.get(lang)}", ""]
        out += [
            f"- {platform.name.get(lang)}{colon}{item.prompt.get(lang)}" for platform, item in facts
        ]
        out.append("")
    if skipped:
        out += [words.SKIPPED.get(lang).format(count=skipped), ""]
    if unanswered:
        out += [words.NOT_ANSWERED.get(lang).format(count=unanswered), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def todo_json(answers: Answers, lang: Lang) -> str:
    """Findings in the scan report's shape, plus what is left to answer."""
    unanswered, skipped, facts = _tally(answers)
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "platforms": [p.id for p in _chosen(answers)],
        "findings": [finding_dict(f, lang) for f in evaluate(answers)],
        "facts_read": [f"{PREFIX}{p.id}.{item.id}" for p, item in facts],
        "skipped": skipped,
        "unanswered": unanswered,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _item_json(platform: Platform, item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "finding_id": f"{PREFIX}{platform.id}.{item.id}",
        "kind": item.kind.value,
        "title": _pair(item.title),
        ("statement" if item.is_fact else "question"): _pair(item.prompt),
        "why": _pair(item.why),
        "fix": _pair(item.fix),
        "paths": [
            {
                "where": p.where,
                "where_words": _pair(p.where_words),
                "path": _pair(p.path),
                "confidence": p.label.value,
            }
            for p in item.paths
        ],
        "severity": item.severity.label if item.severity else None,
        "exposed_if": None if item.is_fact else item.risky_answer.value,
        "worsens": list(item.worsens),
        "route": item.route.id if item.route else None,
        "checked": item.checked.isoformat(),
        "source": item.source,
        "confidence": item.label.value,
    }


def catalogue_json(platforms: tuple[Platform, ...]) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "platforms": [
            {
                "id": p.id,
                "name": _pair(p.name),
                "labels": p.labels_lang,
                "routes": [
                    {
                        "id": r.id,
                        "name": _pair(r.name),
                        "strips": sorted(c.value for c in r.strips),
                        "checked": r.checked.isoformat(),
                        "source": r.source,
                        "confidence": r.label.value,
                    }
                    for r in p.routes
                ],
                "items": [_item_json(p, item) for item in p.items],
            }
            for p in platforms
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _pad(text: str, width: int) -> str:
    """Left-aligned in ``width`` terminal columns, counting a Chinese character as two."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def catalogue_text(platforms: tuple[Platform, ...], lang: Lang) -> str:
    out = []
    for platform in platforms:
        out.append(f"{platform.id}: {platform.name.get(lang)} ({len(platform.items)})")
        for item in platform.items:
            level = (
                messages.severity_word(item.severity, lang)
                if item.severity
                else words.FACT_MARK.get(lang)
            )
            out.append(f"  {_pad(item.id, 26)}{_pad(level, 10)}{item.title.get(lang)}")
    return "\n".join(out) + "\n"
