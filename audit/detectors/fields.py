"""The generic detector that runs the metadata rules of ``checks/metadata.toml``.

One rule names the fields that carry one kind of identifying value (owner names, serial numbers,
place names...). This module only matches field names, drops empty values, recognises camera
defaults, and turns what it found into findings; what to look for is all in the data file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from audit import messages
from audit.catalog import finding_id, make_finding, variants, words
from audit.checkdata import (
    BITS,
    ChecksError,
    Field,
    Schema,
    boolean,
    confidence,
    entries,
    evidence_kind,
    load,
    optional,
    regexes,
    severity,
    string,
    strings,
    text,
)
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import Confidence, Evidence, EvidenceKind, Finding, Severity, Text
from audit.readers.metadata import Metadata, Tag

FILE = "metadata.toml"

#: Most evidence lines kept per finding; the rest are counted, not listed.
MAX_EVIDENCE = 12


@dataclass(frozen=True)
class FieldRule:
    name: str
    id: str
    kind: EvidenceKind
    severity: Severity
    confidence: Confidence
    bits: float
    keys: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    placeholders: tuple[re.Pattern[str], ...]
    links: bool
    variant: str | None
    title: Text | None
    why: Text | None
    fix: Text | None
    #: Looks only at fields no other rule looks at, and leaves out values that match its
    #: placeholders instead of reporting them as defaults (dates, numbers and ids that fill the
    #: fields of a whole namespace).
    fallback: bool = False

    def applies_to(self, key: str) -> bool:
        return key in self.keys or any(pattern.search(key) for pattern in self.patterns)

    def is_placeholder(self, value: str) -> bool:
        return any(pattern.search(value.strip()) for pattern in self.placeholders)


RULE = Schema(
    {
        "name": Field(string),
        "id": Field(finding_id),
        "kind": optional(evidence_kind, EvidenceKind.TEXT),
        "severity": Field(severity),
        "confidence": Field(confidence),
        **BITS,
        "keys": optional(strings, ()),
        "patterns": optional(regexes(), ()),
        "placeholders": optional(regexes(re.IGNORECASE), ()),
        "links": optional(boolean, False),
        "variant": optional(string),
        "title": optional(text),
        "why": optional(text),
        "fix": optional(text),
        "fallback": optional(boolean, False),
    }
)


def parse_rule(values: dict[str, Any], where: str) -> FieldRule:
    """One rule from its values read with RULE; ChecksError names the rule and the problem."""
    if not values["keys"] and not values["patterns"]:
        raise ChecksError(f"{where}: a rule needs keys or patterns")
    finding, variant = values["id"], values["variant"]
    if variant is not None and (finding, variant) not in variants():
        raise ChecksError(
            f"{where}.variant: {variant!r} is not defined for {finding} in findings.toml"
        )
    return FieldRule(
        name=values["name"],
        id=finding,
        kind=values["kind"],
        severity=values["severity"],
        confidence=values["confidence"],
        bits=values["bits"],
        keys=frozenset(values["keys"]),
        patterns=values["patterns"],
        placeholders=values["placeholders"],
        links=values["links"],
        variant=variant,
        title=values["title"],
        why=values["why"],
        fix=values["fix"],
        fallback=values["fallback"],
    )


def parse(data: dict[str, Any]) -> tuple[FieldRule, ...]:
    """All rules of the parsed file, validated; the order of the file is the order of findings."""
    return tuple(parse_rule(values, where) for where, values in entries(data, "rule", RULE, FILE))


@functools.cache
def field_rules() -> tuple[FieldRule, ...]:
    return parse(load(FILE, tables={"rule"}))


@functools.lru_cache(maxsize=65536)
def rules_for(key: str) -> tuple[FieldRule, ...]:
    """The rules that look at a field name (the fallback rules only where no other rule does);
    memoised, since names repeat across photos."""
    found = tuple(rule for rule in field_rules() if not rule.fallback and rule.applies_to(key))
    return found or tuple(rule for rule in field_rules() if rule.fallback and rule.applies_to(key))


def detect(metadata: Metadata) -> list[Finding]:
    hits: dict[str, list[Tag]] = {}
    for tag in metadata.items():
        if not tag.text:
            continue
        for rule in rules_for(tag.key):
            if rule.fallback and rule.is_placeholder(tag.text):
                continue
            hits.setdefault(rule.name, []).append(tag)
    return [_finding(rule, hits[rule.name]) for rule in field_rules() if rule.name in hits]


def _finding(rule: FieldRule, tags: list[Tag]) -> Finding:
    evidence = tuple(Evidence(tag.key, tag.text, rule.kind) for tag in tags[:MAX_EVIDENCE])
    if len(tags) > MAX_EVIDENCE:
        evidence += (
            Evidence("…", f"+{len(tags) - MAX_EVIDENCE}", EvidenceKind.SIZE, label=messages.MORE),
        )
    if all(rule.is_placeholder(tag.text) for tag in tags):
        return make_finding(
            rule.id, Severity.LOW, Confidence.LOW, 0.0, evidence, rule=rule.name,
            variant=rule.variant, links=False, title=_placeholder_title(rule), why=rule.why,
            fix=rule.fix,
        )  # fmt: skip
    return make_finding(
        rule.id, rule.severity, rule.confidence, rule.bits, evidence, rule=rule.name,
        variant=rule.variant, links=rule.links, title=rule.title, why=rule.why, fix=rule.fix,
    )  # fmt: skip


def _placeholder_title(rule: FieldRule) -> Text:
    base = rule.title or words(rule.id, rule.variant).title
    return Text(base.en + messages.LOOKS_DEFAULT.en, base.zh + messages.LOOKS_DEFAULT.zh)


def _rule_ids() -> frozenset[str]:
    return frozenset(rule.id for rule in field_rules())


@detector("metadata-fields", ids=_rule_ids, needs={Need.METADATA})
def detect_fields(context: PhotoContext) -> list[Finding]:
    """Every rule of ``checks/metadata.toml`` over every tag read."""
    return detect(context.metadata)
