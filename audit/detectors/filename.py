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

from audit import labels
from audit.catalog import make_finding
from audit.checkdata import ChecksError, confidence, load, severity, text
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import MAX_BITS, Confidence, Evidence, EvidenceKind, Finding, Severity, Text


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


def _bits(value: object, where: str) -> float:
    if not isinstance(value, (int, float)) or not 0 <= value <= MAX_BITS + 0.05:
        raise ChecksError(f"{where}: bits must be a number from 0 to {MAX_BITS:.1f}")
    return min(float(value), MAX_BITS)


@functools.cache
def name_rules() -> NameRules:
    data = load("filenames.toml")
    patterns = []
    for index, entry in enumerate(data.get("pattern", [])):
        where = f"filenames.toml: pattern {entry.get('name', index)}"
        if not entry.get("bits_source"):
            raise ChecksError(f"{where}: bits_source is required")
        try:
            regex = re.compile(entry["regex"], re.IGNORECASE)
            kind = EvidenceKind(entry["kind"])
        except (KeyError, ValueError, re.error) as error:
            raise ChecksError(f"{where}: {error}") from None
        patterns.append(
            NamePattern(
                name=entry["name"],
                regex=regex,
                kind=kind,
                severity=severity(entry.get("severity"), where),
                confidence=confidence(entry.get("confidence"), where),
                bits=_bits(entry.get("bits"), where),
                label=text(entry.get("label"), f"{where}.label"),
            )
        )
    names = data.get("names", {})
    where = "filenames.toml: names"
    return NameRules(
        patterns=tuple(patterns),
        not_names=frozenset(word.lower() for word in names.get("not_names", [])),
        not_names_zh=tuple(sorted(names.get("not_names_zh", []), key=len, reverse=True)),
        names_severity=severity(names.get("severity"), where),
        names_confidence=confidence(names.get("confidence"), where),
        names_bits=_bits(names.get("bits"), where),
        names_label=text(names.get("label"), f"{where}.label"),
    )


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
    for pattern in rules.patterns:
        for match in pattern.regex.finditer(stem):
            value = match.group(1) if match.groups() else match.group(0)
            hits.append((pattern, value))
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
        label = Text(f"{labels.FILE_NAME.en} ({label.en})", f"{labels.FILE_NAME.zh}（{label.zh}）")
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
