"""The checklist on paper: a Markdown worksheet with boxes to tick, one section per platform.

For a workshop where students work through their phones with a pen: the same questions, the
same reasons and paths as the interactive run, and the source and confidence of each in small
print so that a facilitator can answer "how do we know?".
"""

from __future__ import annotations

from audit import messages
from audit.checklist import words
from audit.checklist.describe import path_line, source_line
from audit.checklist.model import ANSWER_WORDS, Answer, Item, Platform
from audit.checklist.paper import code_hint
from audit.models import Lang


def _boxes(item: Item, lang: Lang) -> list[str]:
    if item.is_fact:
        return [f"- [ ] {words.WORKSHEET_READ.get(lang)}"]
    risky = f" ⚠ {words.RISKY_MARK.get(lang)}"
    return [
        f"- [ ] {ANSWER_WORDS[answer].get(lang)}{risky if answer is item.risky_answer else ''}"
        for answer in (Answer.YES, Answer.NO, Answer.UNSURE)
    ]


def _item(number: int | None, item: Item, lang: Lang) -> list[str]:
    colon = "：" if lang is Lang.ZH else ": "
    if item.is_fact:
        heading = f"### {words.FACT_MARK.get(lang)}{colon}{item.title.get(lang)}"
        first = item.prompt.get(lang)
    else:
        level = messages.severity_word(item.severity, lang) if item.severity else ""
        heading = (
            f"### {number}. {item.title.get(lang)} ({level})"
            if lang is Lang.EN
            else f"### {number}. {item.title.get(lang)}（{level}）"
        )
        first = f"**{words.QUESTION.get(lang)}**{colon}{item.prompt.get(lang)}"
    lines = [heading, "", first, "", *_boxes(item, lang), ""]
    lines.append(f"**{words.WHY.get(lang)}**{colon}{item.why.get(lang)}")
    lines.append("")
    lines.append(f"**{words.FIX.get(lang)}**{colon}{item.fix.get(lang)}")
    lines.append("")
    if item.paths:
        lines += [f"- `{path_line(path, lang)}`" for path in item.paths] + [""]
    lines += [f"*{source_line(item, lang)}*", ""]
    return lines


def worksheet(platforms: tuple[Platform, ...], lang: Lang) -> str:
    """A printable worksheet for these platforms, in one language."""
    lines = [
        f"# {words.WORKSHEET_TITLE.get(lang)}",
        "",
        words.WORKSHEET_NAME.get(lang),
        "",
        words.WORKSHEET_HOW.get(lang),
        "",
    ]
    lines += [f"> {words.SAFETY.get(lang)}", ""]
    colon = "：" if lang is Lang.ZH else ": "
    for platform in platforms:
        lines += [
            f"## {platform.name.get(lang)}",
            "",
            f"*{words.LABELS_NOTE[platform.labels_lang].get(lang)}*",
            "",
        ]
        number = 0
        for item in platform.items:
            number += 0 if item.is_fact else 1
            lines += _item(None if item.is_fact else number, item, lang)
        lines += [
            f"**{words.CODE_HEADING.get(lang)}**{colon}{words.CODE_HOW.get(lang)}",
            "",
            f"    {code_hint(platform)}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
