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
    compile_regex,
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
from audit.models import Confidence, EvidenceKind, Severity, Text
from audit.pixels.normalize import as_digits, squeeze, with_underscore

FILE = "watermarks.toml"
VALUES = ("digits", "id", "handle")
SYMBOLOGIES = ("qr", "barcode", "any")


@dataclass(frozen=True)
class Repair:
    """A misreading OCR is known to make in one platform's IDs, and what was printed."""

    pattern: re.Pattern[str]
    replacement: str


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
    #: Says a line probably holds this platform's ID even when ``regex`` reads none in it (the
    #: label was read but the ID was not): such a line is read a second time.
    near: re.Pattern[str] | None = None
    repairs: tuple[Repair, ...] = ()


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


def _repairs(value: Any, where: str) -> tuple[Repair, ...]:
    if not isinstance(value, list):
        raise ChecksError(f"{where}: expected a list of [pattern, replacement] pairs")
    found = []
    for item in value:
        pair = strings(item, where)
        if len(pair) != 2:
            raise ChecksError(f"{where}: each repair is [pattern, replacement]")
        found.append(Repair(compile_regex(pair[0], where, re.IGNORECASE), pair[1]))
    return tuple(found)


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
        "near": optional(regex(re.IGNORECASE)),
        "repair": optional(_repairs, default=()),
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
        _text_rule({k: v for k, v in values.items() if k != "bits_source"})
        for _, values in entries(data, "text", TEXT, FILE)
    )
    codes = tuple(
        CodeRule(**{k: v for k, v in values.items() if k != "bits_source"})
        for _, values in entries(data, "code", CODE, FILE)
    )
    return Rules(texts, codes)


def _text_rule(values: dict[str, Any]) -> TextRule:
    """A text rule; without its own ``near``, the part of ``regex`` before the ID (the label)."""
    repairs = values.pop("repair")
    if values.get("near") is None:
        values["near"] = _label_part(values["regex"])
    return TextRule(**values, repairs=repairs)


def _label_part(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    head = pattern.pattern.split("(?P<id>", 1)[0]
    try:
        label = re.compile(head, pattern.flags)
    except re.error:
        return None
    return None if label.search("") else label


@functools.cache
def rules() -> Rules:
    """The validated rules (cached: the data never changes during a run)."""
    return parse(load(FILE, tables={"text", "code"}))


# Reading IDs in a line of text -----------------------------------------------------------------


def clean_id(raw: str, how: str) -> str:
    """The captured ID as the platform would write it."""
    value = squeeze(raw).strip("._-")
    if how == "digits" or (how == "id" and _mostly_digits(value) and as_digits(value).isdigit()):
        return as_digits(value)
    return value


def _mostly_digits(value: str) -> bool:
    return bool(value) and sum(ch.isdigit() for ch in value) >= 0.6 * len(value)


def _read(rule: TextRule, text: str) -> list[str]:
    found = []
    for hit in rule.regex.finditer(text):
        value = clean_id(hit.group("id"), rule.value)
        if rule.valid.match(value):
            found.append(value)
    return found


def match(rule: TextRule, text: str) -> list[str]:
    """Every valid ID that ``rule`` reads in ``text``.

    OCR often drops an underscore and leaves a space (``@lily chen88``); when reading that space
    as an underscore gives a longer ID, the longer one is kept and its truncated head dropped.
    """
    found = _read(rule, text)
    if rule.value == "digits":
        return found
    alternative = with_underscore(text)
    if alternative == text:
        return found
    longer = [value for value in _read(rule, alternative) if "_" in value and value not in found]
    return longer + [
        value for value in found if not any(other.startswith(value) for other in longer)
    ]


def repaired(rule: TextRule, text: str) -> str:
    """``text`` with the rule's known misreadings undone (``wxd_`` read for ``wxid_``), each
    repair applied until it changes nothing (a few times at most: one dot per pass)."""
    for repair in rule.repairs:
        for _ in range(MAX_REPAIR_PASSES):
            mended = repair.pattern.sub(repair.replacement, text)
            if mended == text:
                break
            text = mended
    return text


#: Passes of one repair over a line: an ID of 32 characters holds few separators.
MAX_REPAIR_PASSES = 6


def read_ids(text: str) -> list[tuple[TextRule, str, bool]]:
    """Each rule and ID read in ``text``, and whether a known misreading had to be undone."""
    found: list[tuple[TextRule, str, bool]] = []
    for rule in rules().text:
        values = match(rule, text)
        fixed = False
        if rule.repairs:
            mended = repaired(rule, text)
            again = match(rule, mended) if mended != text else values
            if again and again != values:
                values, fixed = again, True
        found.extend((rule, value, fixed) for value in values)
    return found


#: Characters after which OCR tends to lose the rest of an ID (``@amber.`` for ``@amber.70``).
_CUT_AT = "._-@:"


def nearly_matched(text: str) -> bool:
    """Whether ``text`` looks like a platform ID that was not read whole: a platform's label
    with no valid ID after it, or an ID that ends at punctuation."""
    if read_ids(text):
        return text.rstrip().endswith(tuple(_CUT_AT))
    return any(rule.near is not None and rule.near.search(text) for rule in rules().text)


def reads_more(second: str, first: str) -> bool:
    """Whether a second reading gives more, or longer, IDs than the first."""
    before = [value for _, value, _ in read_ids(first)]
    after = [value for _, value, _ in read_ids(second)]
    return (len(after), sum(map(len, after))) > (len(before), sum(map(len, before)))
