"""The generic detector that runs the metadata rules of ``checks/metadata.toml``.

One rule names the fields that carry one kind of identifying value (owner names, serial numbers,
place names...). This module only matches field names, drops empty values, recognises camera
defaults, and turns what it found into findings; what to look for is all in the data file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from audit import labels
from audit.catalog import known_ids, make_finding, variants, words
from audit.checkdata import ChecksError, confidence, load, optional_text, severity, string_list
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import MAX_BITS, Confidence, Evidence, EvidenceKind, Finding, Severity, Text
from audit.readers.metadata import Metadata, Tag

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
    bits_source: str
    keys: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    placeholders: tuple[re.Pattern[str], ...]
    links: bool
    variant: str | None
    title: Text | None
    why: Text | None
    fix: Text | None

    def applies_to(self, key: str) -> bool:
        return key in self.keys or any(pattern.search(key) for pattern in self.patterns)

    def is_placeholder(self, value: str) -> bool:
        return any(pattern.search(value.strip()) for pattern in self.placeholders)


def _compile(
    expressions: tuple[str, ...], where: str, flags: int = 0
) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for expression in expressions:
        try:
            compiled.append(re.compile(expression, flags))
        except re.error as error:
            raise ChecksError(f"{where}: bad regular expression {expression!r} ({error})") from None
    return tuple(compiled)


def parse_rule(entry: dict, index: int) -> FieldRule:
    """One rule from its TOML table, validated; ChecksError names the rule and the problem."""
    name = entry.get("name")
    where = f"metadata.toml: rule {name or index}"
    if not isinstance(name, str) or not name:
        raise ChecksError(f"{where}: every rule needs a name")
    finding_id = entry.get("id")
    if finding_id not in known_ids():
        raise ChecksError(f"{where}: id {finding_id!r} is not in findings.toml")
    try:
        kind = EvidenceKind(entry.get("kind", "text"))
    except ValueError:
        raise ChecksError(f"{where}: unknown kind {entry.get('kind')!r}") from None
    bits = entry.get("bits")
    if not isinstance(bits, (int, float)) or not 0 <= bits <= MAX_BITS + 0.05:
        raise ChecksError(f"{where}: bits must be a number from 0 to {MAX_BITS:.1f}")
    source = entry.get("bits_source")
    if not isinstance(source, str) or not source.strip():
        raise ChecksError(f"{where}: bits_source must say where the bits come from")
    keys = string_list(entry, "keys", where)
    patterns = _compile(string_list(entry, "patterns", where), where)
    if not keys and not patterns:
        raise ChecksError(f"{where}: a rule needs keys or patterns")
    variant = entry.get("variant")
    if variant is not None and (finding_id, variant) not in variants():
        raise ChecksError(
            f"{where}: variant {variant!r} is not defined for {finding_id} in findings.toml"
        )
    return FieldRule(
        name=name,
        id=finding_id,
        kind=kind,
        severity=severity(entry.get("severity"), where),
        confidence=confidence(entry.get("confidence"), where),
        bits=min(float(bits), MAX_BITS),
        bits_source=source,
        keys=frozenset(keys),
        patterns=patterns,
        placeholders=_compile(string_list(entry, "placeholders", where), where, re.IGNORECASE),
        links=bool(entry.get("links", False)),
        variant=variant,
        title=optional_text(entry, "title", where),
        why=optional_text(entry, "why", where),
        fix=optional_text(entry, "fix", where),
    )


@functools.cache
def field_rules() -> tuple[FieldRule, ...]:
    """All rules, validated; the order of the file is the order of the findings."""
    entries = load("metadata.toml").get("rule", [])
    rules = tuple(parse_rule(entry, index) for index, entry in enumerate(entries))
    names = [rule.name for rule in rules]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ChecksError(f"metadata.toml: rule names must be unique: {', '.join(duplicates)}")
    return rules


@functools.lru_cache(maxsize=65536)
def rules_for(key: str) -> tuple[FieldRule, ...]:
    """The rules that look at a field name; memoised, since names repeat across photos."""
    return tuple(rule for rule in field_rules() if rule.applies_to(key))


def detect(metadata: Metadata) -> list[Finding]:
    hits: dict[str, list[Tag]] = {}
    for tag in metadata.items():
        if not tag.text:
            continue
        for rule in rules_for(tag.key):
            hits.setdefault(rule.name, []).append(tag)
    return [_finding(rule, hits[rule.name]) for rule in field_rules() if rule.name in hits]


def _finding(rule: FieldRule, tags: list[Tag]) -> Finding:
    evidence = tuple(Evidence(tag.key, tag.text, rule.kind) for tag in tags[:MAX_EVIDENCE])
    if len(tags) > MAX_EVIDENCE:
        evidence += (
            Evidence("…", f"+{len(tags) - MAX_EVIDENCE}", EvidenceKind.SIZE, label=labels.MORE),
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


_DEFAULT_SUFFIX = Text(" (looks like a camera default)", "（看起来是相机默认值）")


def _placeholder_title(rule: FieldRule) -> Text:
    base = rule.title or words(rule.id, rule.variant).title
    return Text(base.en + _DEFAULT_SUFFIX.en, base.zh + _DEFAULT_SUFFIX.zh)


def _rule_ids() -> frozenset[str]:
    return frozenset(rule.id for rule in field_rules())


@detector("metadata-fields", ids=_rule_ids, needs={Need.METADATA})
def detect_fields(context: PhotoContext) -> list[Finding]:
    """Every rule of ``checks/metadata.toml`` over every tag read."""
    return detect(context.metadata)
