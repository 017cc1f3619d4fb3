"""Load ``checks/watermarks.toml``: platform patterns for OCR text and classes of QR payloads.

Everything is validated when loaded (unique names, regexes that compile and capture an ID,
labels in both languages, known severities, kinds and wordings), so a broken entry stops the
tool at start-up with the entry named instead of silently never matching.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from audit import catalog
from audit.checkdata import ChecksError, confidence, load, severity, text
from audit.models import MAX_BITS, Confidence, EvidenceKind, Severity, Text

FILE = "watermarks.toml"
VALUES = ("digits", "id", "handle")
SYMBOLOGIES = ("qr", "barcode", "any")


@dataclass(frozen=True)
class TextRule:
    """A platform pattern searched in OCR text."""

    name: str
    variant: str
    label: Text
    regex: re.Pattern[str]
    #: How the captured ID is cleaned: "digits", "id" or "handle" (see the data file).
    value: str
    valid: re.Pattern[str]
    kind: EvidenceKind
    severity: Severity
    bits: float


@dataclass(frozen=True)
class CodeRule:
    """A class of QR or barcode payloads."""

    name: str
    variant: str
    label: Text
    regex: re.Pattern[str]
    symbology: str
    kind: EvidenceKind
    severity: Severity
    confidence: Confidence
    bits: float


@dataclass(frozen=True)
class Rules:
    text: tuple[TextRule, ...]
    code: tuple[CodeRule, ...]


def _regex(value: Any, where: str) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise ChecksError(f"{where}: regex is missing")
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as error:
        raise ChecksError(f"{where}: regex does not compile ({error})") from None


def _bits(entry: dict[str, Any], where: str) -> float:
    value = entry.get("bits")
    if not isinstance(value, (int, float)) or not 0 <= value <= MAX_BITS + 0.05:
        raise ChecksError(f"{where}: bits must be a number from 0 to {MAX_BITS:.1f}")
    if not isinstance(entry.get("bits_source"), str) or not entry["bits_source"].strip():
        raise ChecksError(f"{where}: bits_source is required")
    return min(float(value), MAX_BITS)


def _kind(value: Any, where: str) -> EvidenceKind:
    try:
        return EvidenceKind(value)
    except ValueError:
        raise ChecksError(
            f"{where}: kind must be one of {', '.join(k.value for k in EvidenceKind)} (got "
            f"{value!r})"
        ) from None


def _choice(value: Any, allowed: tuple[str, ...], key: str, where: str) -> str:
    if value not in allowed:
        raise ChecksError(f"{where}: {key} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _variant(entry: dict[str, Any], finding_id: str, where: str) -> str:
    name = entry.get("variant")
    if (finding_id, name) not in catalog.variants():
        raise ChecksError(f"{where}: no wording variants.{finding_id!r}.{name!r} in findings.toml")
    return name


def _unique(entries: list[dict[str, Any]], table: str) -> None:
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise ChecksError(f"{FILE}: {table} entry {index + 1} has no name")
        if name in seen:
            raise ChecksError(f"{FILE}: {table} name {name!r} is used twice")
        seen.add(name)


def _text_rule(entry: dict[str, Any]) -> TextRule:
    where = f"{FILE}: text {entry['name']}"
    regex = _regex(entry.get("regex"), where)
    if "id" not in regex.groupindex:
        raise ChecksError(f"{where}: regex must capture the ID as (?P<id>...)")
    return TextRule(
        name=entry["name"],
        variant=_variant(entry, "text.watermark", where),
        label=text(entry.get("label"), f"{where}.label"),
        regex=regex,
        value=_choice(entry.get("value"), VALUES, "value", where),
        valid=_regex(entry.get("valid"), f"{where}.valid"),
        kind=_kind(entry.get("kind"), where),
        severity=severity(entry.get("severity"), where),
        bits=_bits(entry, where),
    )


def _code_rule(entry: dict[str, Any]) -> CodeRule:
    where = f"{FILE}: code {entry['name']}"
    return CodeRule(
        name=entry["name"],
        variant=_variant(entry, "code.qr", where),
        label=text(entry.get("label"), f"{where}.label"),
        regex=_regex(entry.get("regex"), where),
        symbology=_choice(entry.get("symbology"), SYMBOLOGIES, "symbology", where),
        kind=_kind(entry.get("kind"), where),
        severity=severity(entry.get("severity"), where),
        confidence=confidence(entry.get("confidence"), where),
        bits=_bits(entry, where),
    )


@functools.cache
def rules() -> Rules:
    """The validated rules (cached: the data never changes during a run)."""
    data = load(FILE)
    texts, codes = data.get("text", []), data.get("code", [])
    if not isinstance(texts, list) or not texts or not isinstance(codes, list) or not codes:
        raise ChecksError(f"{FILE}: expected [[text]] and [[code]] tables")
    _unique(texts, "text")
    _unique(codes, "code")
    return Rules(
        tuple(_text_rule(entry) for entry in texts), tuple(_code_rule(entry) for entry in codes)
    )
