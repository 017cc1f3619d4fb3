"""Free text that names a place she returns to: "taken at my flat in Jing'an", 我家, 我们学校.

Captions, descriptions, comments, PNG text and the text read in the picture are searched with
the rules of ``checks/freetext.toml``. Words alone ("at home") make the finding; a place named
beside them (``checks/places.toml``) also sets its bits, log2(8.1e9 / that place's
population), and a GPS fix in the same photo is then scored as that home (audit.score).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from audit import messages, places
from audit.catalog import make_finding
from audit.checkdata import Field, Schema, choice, entries, load, regex, string
from audit.detectors.fields import rules_for
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import (
    WORLD_POPULATION,
    Confidence,
    Evidence,
    EvidenceKind,
    Finding,
    Severity,
)

WHAT = ("home", "school", "work")
#: Longest text searched, so a 1 MB caption costs bounded time.
MAX_TEXT = 4000


@dataclass(frozen=True)
class TextRule:
    name: str
    what: str
    pattern: re.Pattern[str]


RULE = Schema(
    {"name": Field(string), "what": Field(choice(WHAT)), "pattern": Field(regex(re.IGNORECASE))}
)


def parse(data: dict[str, Any]) -> tuple[TextRule, ...]:
    """The rules of the parsed file, validated."""
    return tuple(
        TextRule(values["name"], values["what"], values["pattern"])
        for _, values in entries(data, "rule", RULE, "freetext.toml")
    )


@functools.cache
def rules() -> tuple[TextRule, ...]:
    return parse(load("freetext.toml", tables={"rule"}))


def _quote(text: str, start: int, end: int) -> str:
    left, right = max(0, start - 30), min(len(text), end + 40)
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def detect(texts: Iterable[tuple[str, str]]) -> list[Finding]:
    """One finding per kind of place named, with where the words were and the place named."""
    found: dict[str, list[Evidence]] = {}
    named: dict[str, places.KnownPlace] = {}
    fired: dict[str, str] = {}
    for source, raw in texts:
        text = raw[:MAX_TEXT]
        for rule in rules():
            match = rule.pattern.search(text)
            if match is None:
                continue
            evidence = found.setdefault(rule.what, [])
            fired.setdefault(rule.what, rule.name)
            if len(evidence) < 4:
                evidence.append(
                    Evidence(source, _quote(text, match.start(), match.end()), EvidenceKind.TEXT)
                )
            place = places.find_in_text(text)
            if place is not None and (
                rule.what not in named
                or (place.population or 0) < (named[rule.what].population or 0)
            ):
                named[rule.what] = place
    findings = []
    for what in WHAT:
        if what not in found:
            continue
        evidence = list(found[what])
        place = named.get(what)
        bits = 0.0
        if place is not None and place.population:
            bits = math.log2(WORLD_POPULATION / place.population)
            evidence.append(
                Evidence("place", place.en, EvidenceKind.PLACE, label=messages.PLACE_NAMED)
            )
        severity = Severity.HIGH if place is not None or what == "home" else Severity.MEDIUM
        findings.append(
            make_finding(
                f"location.{what}-named",
                severity,
                Confidence.MEDIUM,
                bits,
                tuple(evidence),
                rule=fired[what],
            )
        )
    return findings


def metadata_text(context: PhotoContext) -> list[tuple[str, str]]:
    """Captions, comments and other free text in the file, with the field each is in."""
    return [
        (tag.key, tag.text)
        for tag in context.metadata.items()
        if tag.text and any(rule.kind is EvidenceKind.TEXT for rule in rules_for(tag.key))
    ]


def free_text(context: PhotoContext) -> list[tuple[str, str]]:
    """Captions, comments and other free text in the file, and the text read in the picture."""
    texts = metadata_text(context)
    return texts + [(seen.source, seen.text) for seen in context.seen if seen.source == "ocr"]


@detector(
    "free-text",
    ids={f"location.{what}-named" for what in WHAT},
    needs={Need.METADATA},
    order=90,
)
def detect_named_places(context: PhotoContext) -> list[Finding]:
    """Metadata text always; text read in the picture when the picture is read for other checks
    (it never asks for the picture itself, so ``--select location`` stays metadata-only)."""
    return detect(free_text(context))
