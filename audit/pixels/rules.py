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
from audit.checkdata import (
    BITS,
    ChecksError,
    Field,
    Parse,
    Schema,
    choice,
    confidence,
    entries,
    evidence_kind,
    load,
    regex,
    severity,
    string,
    text,
)
from audit.models import Confidence, EvidenceKind, Severity, Text

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


def _variant(finding_id: str) -> Parse:
    def parse(value: Any, where: str) -> str:
        if (finding_id, value) not in catalog.variants():
            raise ChecksError(f"{where}: no wording variants.{finding_id!r}.{value!r} in {FILE}")
        return str(value)

    return parse


TEXT = Schema(
    {
        "name": Field(string),
        "variant": Field(_variant("text.watermark")),
        "label": Field(text),
        "regex": Field(regex(re.IGNORECASE, group="id")),
        "value": Field(choice(VALUES)),
        "valid": Field(regex(re.IGNORECASE)),
        "kind": Field(evidence_kind),
        "severity": Field(severity),
        **BITS,
    }
)
CODE = Schema(
    {
        "name": Field(string),
        "variant": Field(_variant("code.qr")),
        "label": Field(text),
        "regex": Field(regex(re.IGNORECASE)),
        "symbology": Field(choice(SYMBOLOGIES)),
        "kind": Field(evidence_kind),
        "severity": Field(severity),
        "confidence": Field(confidence),
        **BITS,
    }
)


def parse(data: dict[str, Any]) -> Rules:
    """The text and code rules of the parsed file, validated."""
    for table in ("text", "code"):
        if not data.get(table):
            raise ChecksError(f"{FILE}: expected [[text]] and [[code]] tables")
    texts = tuple(
        TextRule(**{k: v for k, v in values.items() if k != "bits_source"})
        for _, values in entries(data, "text", TEXT, FILE)
    )
    codes = tuple(
        CodeRule(**{k: v for k, v in values.items() if k != "bits_source"})
        for _, values in entries(data, "code", CODE, FILE)
    )
    return Rules(texts, codes)


@functools.cache
def rules() -> Rules:
    """The validated rules (cached: the data never changes during a run)."""
    return parse(load(FILE, tables={"text", "code"}))
