"""The checklist as a printable page: A4, one platform per sheet, the risky answer marked.

A class works through its phones with a pen. Each sheet has the same questions, reasons and
menu paths as the interactive run, a box per answer with the risky one marked by a word and a
symbol (not by colour alone, for black-and-white printers), and at the bottom a row of numbered
boxes and the command that types the sheet back in (:mod:`audit.checklist.paper`).

The page is one self-contained file: inline CSS, a Content-Security-Policy that forbids every
request, no script, no web font, so it opens and prints the same on any computer, offline.
"""

from __future__ import annotations

from audit import messages
from audit.checklist import words
from audit.checklist.describe import path_line, source_line
from audit.checklist.model import ANSWER_WORDS, Answer, Item, Platform
from audit.checklist.paper import code_hint
from audit.models import Lang
from audit.sanitize import html_text as esc

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

_STYLE = """
@page { size: A4; margin: 12mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", system-ui, sans-serif; color: #1a1a1a; background: #fff;
  margin: 0 auto; max-width: 190mm; font-size: 10.5pt; line-height: 1.45; padding: 8px; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 4mm 0 1mm; }
.sheet { break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.meta, .how, .small { color: #333; }
.small { font-size: 8.5pt; }
.safety { border-left: 4px solid #1a1a1a; padding: 1mm 3mm; margin: 2mm 0; }
.item { border: 1px solid #767676; border-radius: 2mm; padding: 2mm 3mm; margin: 2.5mm 0;
  break-inside: avoid; page-break-inside: avoid; }
.item h2 .level { font-weight: normal; font-size: 9.5pt; }
.boxes { display: flex; flex-wrap: wrap; gap: 2mm 6mm; margin: 1.5mm 0; padding: 0;
  list-style: none; }
.boxes li { white-space: nowrap; }
.box { display: inline-block; width: 4.2mm; height: 4.2mm; border: 1.4px solid #1a1a1a;
  vertical-align: -0.8mm; margin-right: 1.5mm; }
.risky { font-weight: bold; }
.fact { border-style: dashed; }
.paths { margin: 1mm 0 0 0; padding-left: 5mm; }
.paths li { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: 9pt; }
.code { border: 2px solid #1a1a1a; border-radius: 2mm; padding: 2mm 3mm; margin-top: 3mm;
  break-inside: avoid; page-break-inside: avoid; }
.grid { display: flex; flex-wrap: wrap; gap: 1.5mm; margin: 1.5mm 0; padding: 0;
  list-style: none; }
.grid li { width: 9mm; text-align: center; font-size: 8pt; }
.grid .cell { display: block; height: 8mm; border: 1.4px solid #1a1a1a; margin-bottom: 0.5mm; }
.command { font-family: ui-monospace, monospace; font-size: 10pt; overflow-wrap: anywhere; }
@media screen and (max-width: 600px) { body { font-size: 12pt; } }
"""


def _colon(lang: Lang) -> str:
    return "：" if lang is Lang.ZH else ": "


def _boxes(item: Item, lang: Lang) -> str:
    if item.is_fact:
        read = esc(words.WORKSHEET_READ.get(lang))
        return f'<ul class="boxes"><li><span class="box"></span>{read}</li></ul>'
    cells = []
    for answer in (Answer.YES, Answer.NO, Answer.UNSURE):
        label = esc(ANSWER_WORDS[answer].get(lang))
        if answer is item.risky_answer:
            mark = esc(words.RISKY_MARK.get(lang))
            cells.append(f'<li class="risky"><span class="box"></span>{label} ⚠ {mark}</li>')
        else:
            cells.append(f'<li><span class="box"></span>{label}</li>')
    return '<ul class="boxes">' + "".join(cells) + "</ul>"


def _item(number: int | None, item: Item, lang: Lang) -> str:
    colon = _colon(lang)
    if item.is_fact:
        heading = f"{esc(words.FACT_MARK.get(lang))}{colon}{esc(item.title.get(lang))}"
        first = esc(item.prompt.get(lang))
    else:
        level = messages.severity_word(item.severity, lang) if item.severity else ""
        level_text = f"（{level}）" if lang is Lang.ZH else f" ({level})"
        heading = (
            f'{number}. {esc(item.title.get(lang))}<span class="level">{esc(level_text)}</span>'
        )
        first = (
            f"<strong>{esc(words.QUESTION.get(lang))}{colon}</strong>{esc(item.prompt.get(lang))}"
        )
    parts = [
        f'<div class="item{" fact" if item.is_fact else ""}">',
        f"<h2>{heading}</h2>",
        f"<p>{first}</p>",
        _boxes(item, lang),
        f"<p><strong>{esc(words.WHY.get(lang))}{colon}</strong>{esc(item.why.get(lang))}</p>",
        f"<p><strong>{esc(words.FIX.get(lang))}{colon}</strong>{esc(item.fix.get(lang))}</p>",
    ]
    if item.paths:
        parts.append(
            '<ul class="paths">'
            + "".join(f"<li>{esc(path_line(path, lang))}</li>" for path in item.paths)
            + "</ul>"
        )
    parts.append(f'<p class="small">{esc(source_line(item, lang))}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def _code_box(platform: Platform, lang: Lang) -> str:
    cells = "".join(
        f'<li><span class="cell"></span>{number}</li>'
        for number in range(1, len(platform.questions) + 1)
    )
    return "\n".join(
        [
            '<div class="code">',
            f"<h2>{esc(words.CODE_HEADING.get(lang))}</h2>",
            f"<p>{esc(words.CODE_HOW.get(lang))}</p>",
            f'<ol class="grid">{cells}</ol>',
            f'<p class="command">{esc(code_hint(platform))}</p>',
            "</div>",
        ]
    )


def _sheet(platform: Platform, lang: Lang) -> str:
    title = f"{words.WORKSHEET_TITLE.get(lang)}{_colon(lang)}{platform.name.get(lang)}"
    parts = [
        '<section class="sheet">',
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{esc(words.WORKSHEET_NAME.get(lang))}</p>',
        f'<p class="how">{esc(words.WORKSHEET_HOW.get(lang))}</p>',
        f'<p class="safety">{esc(words.SAFETY.get(lang))}</p>',
        f'<p class="small">{esc(words.LABELS_NOTE[platform.labels_lang].get(lang))}</p>',
    ]
    number = 0
    for item in platform.items:
        if not item.is_fact:
            number += 1
        parts.append(_item(None if item.is_fact else number, item, lang))
    parts.append(_code_box(platform, lang))
    parts.append("</section>")
    return "\n".join(parts)


def worksheet_html(platforms: tuple[Platform, ...], lang: Lang) -> str:
    """A printable page for these platforms, one A4 sheet (or more) per platform."""
    html_lang = "zh-CN" if lang is Lang.ZH else "en"
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{html_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(words.WORKSHEET_TITLE.get(lang))}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
    ]
    body = [_sheet(platform, lang) for platform in platforms]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"
