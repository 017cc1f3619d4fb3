"""The catalogue of finding ids and their words (``checks/findings.toml``).

Detectors never write user-facing sentences themselves: they pick an id (and a variant when
they know more) and the catalogue supplies the title, why it matters and the fix in both
languages. That keeps every sentence a translator may need to touch in one data file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from audit.checkdata import ChecksError, Field, Schema, load, named, optional, text
from audit.models import Confidence, Evidence, Finding, Severity, Text

FILE = "findings.toml"
_ID = re.compile(r"^[a-z]+(\.[a-z0-9-]+)+$")
WORDS = Schema({"title": Field(text), "why": Field(text), "fix": Field(text)})
VARIANT = Schema({"title": optional(text), "why": optional(text), "fix": optional(text)})


@dataclass(frozen=True)
class FindingWords:
    title: Text
    why: Text
    fix: Text


def parse(
    data: dict[str, Any],
) -> tuple[dict[str, FindingWords], dict[tuple[str, str], FindingWords]]:
    """The ids and their variants from the parsed file, validated."""
    found: dict[str, FindingWords] = {}
    for finding_id, where, entry in named(data, "findings", WORDS, FILE):
        if not _ID.match(finding_id):
            raise ChecksError(f"{where}: ids are lower-case words joined by dots")
        found[finding_id] = FindingWords(entry["title"], entry["why"], entry["fix"])
    chosen: dict[tuple[str, str], FindingWords] = {}
    raw = data.get("variants", {})
    if not isinstance(raw, dict):
        raise ChecksError(f"{FILE}: expected [variants.<id>.<name>] tables")
    for finding_id in raw:
        if finding_id not in found:
            raise ChecksError(f"{FILE}: variants.{finding_id}: no such id in [findings]")
        for name, _, entry in named(raw, finding_id, VARIANT, f"{FILE}: variants"):
            default = found[finding_id]
            chosen[(finding_id, name)] = FindingWords(
                entry["title"] or default.title,
                entry["why"] or default.why,
                entry["fix"] or default.fix,
            )
    return found, chosen


@functools.cache
def _loaded() -> tuple[dict[str, FindingWords], dict[tuple[str, str], FindingWords]]:
    return parse(load(FILE, tables={"findings", "variants"}))


def catalogue() -> dict[str, FindingWords]:
    return _loaded()[0]


def variants() -> dict[tuple[str, str], FindingWords]:
    return _loaded()[1]


def finding_id(value: Any, where: str) -> str:
    """A value naming an id of the catalogue (for other data files' ``id`` keys)."""
    if value not in catalogue():
        raise ChecksError(f"{where}: {value!r} is not an id in findings.toml")
    return str(value)


def known_ids() -> frozenset[str]:
    return frozenset(catalogue())


def words(finding_id: str, variant: str | None = None) -> FindingWords:
    if variant is not None:
        try:
            return variants()[(finding_id, variant)]
        except KeyError:
            raise ChecksError(f"findings.toml: no variant {variant!r} for {finding_id!r}") from None
    try:
        return catalogue()[finding_id]
    except KeyError:
        raise ChecksError(f"findings.toml: unknown finding id {finding_id!r}") from None


def make_finding(
    finding_id: str,
    severity: Severity,
    confidence: Confidence,
    bits: float,
    evidence: tuple[Evidence, ...],
    *,
    rule: str,
    variant: str | None = None,
    links: bool = False,
    title: Text | None = None,
    why: Text | None = None,
    fix: Text | None = None,
) -> Finding:
    """A finding with the catalogue's words, unless the caller brings more specific ones.

    ``rule`` names what fired within the id (a data-file rule's name, or a detector's branch);
    the finding carries it as ``id/rule``, so that ``--ignore`` can silence that rule alone.
    """
    chosen = words(finding_id, variant)
    return Finding(
        id=finding_id,
        severity=severity,
        confidence=confidence,
        bits=round(bits, 1),
        title=title or chosen.title,
        why=why or chosen.why,
        fix=fix or chosen.fix,
        evidence=evidence,
        links=links,
        rule=f"{finding_id}/{rule}",
    )
