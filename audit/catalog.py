"""The catalogue of finding ids and their words (``checks/findings.toml``).

Detectors never write user-facing sentences themselves: they pick an id (and a variant when
they know more) and the catalogue supplies the title, why it matters and the fix in both
languages. That keeps every sentence a translator may need to touch in one data file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from audit.checkdata import ChecksError, load, text
from audit.models import Confidence, Evidence, Finding, Severity, Text

_ID = re.compile(r"^[a-z]+(\.[a-z0-9-]+)+$")


@dataclass(frozen=True)
class FindingWords:
    title: Text
    why: Text
    fix: Text


@functools.cache
def catalogue() -> dict[str, FindingWords]:
    data = load("findings.toml")
    found: dict[str, FindingWords] = {}
    for finding_id, entry in data.get("findings", {}).items():
        where = f"findings.toml: findings.{finding_id}"
        if not _ID.match(finding_id):
            raise ChecksError(f"{where}: ids are lower-case words joined by dots")
        found[finding_id] = FindingWords(
            text(entry.get("title"), f"{where}.title"),
            text(entry.get("why"), f"{where}.why"),
            text(entry.get("fix"), f"{where}.fix"),
        )
    return found


@functools.cache
def variants() -> dict[tuple[str, str], FindingWords]:
    data = load("findings.toml")
    base = catalogue()
    found: dict[tuple[str, str], FindingWords] = {}
    for finding_id, named in data.get("variants", {}).items():
        if finding_id not in base:
            raise ChecksError(f"findings.toml: variants for unknown id {finding_id!r}")
        for name, entry in named.items():
            where = f"findings.toml: variants.{finding_id}.{name}"
            default = base[finding_id]
            found[(finding_id, name)] = FindingWords(
                text(entry["title"], f"{where}.title") if "title" in entry else default.title,
                text(entry["why"], f"{where}.why") if "why" in entry else default.why,
                text(entry["fix"], f"{where}.fix") if "fix" in entry else default.fix,
            )
    return found


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
