"""What a file's name gives away: phone numbers, handles, ids, names, app and date stamps.

The patterns and the list of ordinary words are data (``checks/filenames.toml``). Name-like
words are a guess (Title Case pairs such as "Alice_Smith", or two to four Chinese characters
left after removing ordinary words), so they carry low confidence; the user's own names, given
with ``--me``, are matched exactly elsewhere.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from typing import Any

from audit import messages
from audit.catalog import make_finding
from audit.checkdata import (
    BITS,
    Field,
    Schema,
    confidence,
    entries,
    evidence_kind,
    load,
    optional,
    regex,
    severity,
    string,
    strings,
    text,
)
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import Confidence, Evidence, EvidenceKind, Finding, Severity, Text


@dataclass(frozen=True)
class NamePattern:
    name: str
    regex: re.Pattern[str]
    kind: EvidenceKind
    severity: Severity
    confidence: Confidence
    bits: float
    label: Text


@dataclass(frozen=True)
class NameRules:
    patterns: tuple[NamePattern, ...]
    not_names: frozenset[str]
    not_names_zh: tuple[str, ...]
    names_severity: Severity
    names_confidence: Confidence
    names_bits: float
    names_label: Text


FILE = "filenames.toml"
PATTERN = Schema(
    {
        "name": Field(string),
        "regex": Field(regex(re.IGNORECASE)),
        "kind": Field(evidence_kind),
        "severity": Field(severity),
        "confidence": Field(confidence),
        **BITS,
        "label": Field(text),
    }
)
NAMES = Schema(
    {
        "severity": Field(severity),
        "confidence": Field(confidence),
        **BITS,
        "label": Field(text),
        "not_names": optional(strings, ()),
        "not_names_zh": optional(strings, ()),
    }
)


def parse(data: dict[str, Any]) -> NameRules:
    """The patterns and the name-guessing words of the parsed file, validated."""
    patterns = tuple(
        NamePattern(
            name=values["name"],
            regex=values["regex"],
            kind=values["kind"],
            severity=values["severity"],
            confidence=values["confidence"],
            bits=values["bits"],
            label=values["label"],
        )
        for _, values in entries(data, "pattern", PATTERN, FILE)
    )
    names = NAMES.read(data.get("names"), f"{FILE}: names")
    return NameRules(
        patterns=patterns,
        not_names=frozenset(word.lower() for word in names["not_names"]),
        not_names_zh=tuple(sorted(names["not_names_zh"], key=len, reverse=True)),
        names_severity=names["severity"],
        names_confidence=names["confidence"],
        names_bits=names["bits"],
        names_label=names["label"],
    )


@functools.cache
def name_rules() -> NameRules:
    return parse(load(FILE, tables={"pattern", "names"}))


_SPLIT = re.compile(r"[\s_\-.()\[\]{},+&~]+")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,4}")
_HAN_PARTICLES = re.compile(r"[的了和与在是我你他她]")


def stem_of(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _latin_names(stem: str, rules: NameRules) -> list[str]:
    tokens = [token for token in _SPLIT.split(stem) if token]
    found, run = [], []
    for token in tokens + [""]:
        if (
            token.isalpha()
            and token.isascii()
            and token.istitle()
            and len(token) >= 2
            and token.lower() not in rules.not_names
        ):
            run.append(token)
            continue
        if len(run) >= 2:
            found.append(" ".join(run))
        run = []
    return found


def _han_names(stem: str, rules: NameRules) -> list[str]:
    remaining = stem
    for word in rules.not_names_zh:
        remaining = remaining.replace(word, " ")
    remaining = _HAN_PARTICLES.sub(" ", remaining)
    return [run for run in _HAN_RUN.findall(remaining)]


def detect(display_path: str) -> list[Finding]:
    rules = name_rules()
    stem = stem_of(display_path)
    hits: list[tuple[NamePattern | None, str]] = []
    covered = stem
    for rule in rules.patterns:
        for match in rule.regex.finditer(stem):
            value = match.group(1) if match.groups() else match.group(0)
            hits.append((rule, value))
            covered = covered.replace(match.group(0), " ")
    for name in _latin_names(covered, rules) + _han_names(covered, rules):
        hits.append((None, name))
    if not hits:
        return []
    evidence = []
    worst_severity, worst_confidence, bits = Severity.LOW, Confidence.LOW, 0.0
    worst_rule = ""
    for pattern, value in hits[:12]:
        if pattern is None:
            label, kind = rules.names_label, EvidenceKind.NAME
            sev, conf, pattern_bits = rules.names_severity, rules.names_confidence, rules.names_bits
        else:
            label, kind = pattern.label, pattern.kind
            sev, conf, pattern_bits = pattern.severity, pattern.confidence, pattern.bits
        label = Text(
            f"{messages.FILE_NAME.en} ({label.en})", f"{messages.FILE_NAME.zh}（{label.zh}）"
        )
        evidence.append(Evidence("file name", value, kind, label=label))
        if (sev, pattern_bits) > (worst_severity, bits) or not worst_rule:
            worst_severity, worst_confidence, bits = sev, conf, pattern_bits
            worst_rule = pattern.name if pattern is not None else "names"
    return [
        make_finding(
            "file.name", worst_severity, worst_confidence, bits, tuple(evidence), rule=worst_rule
        )
    ]


@detector("file-name", ids={"file.name"}, needs={Need.NAME})
def detect_name(context: PhotoContext) -> list[Finding]:
    return detect(context.display)
