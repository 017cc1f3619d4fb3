"""Turn what a page shows into findings: ``profile.page.<field>``, one per value seen.

Each finding says where on the page the value sits and how sure the parser is. Bits follow the
project's model (docs/profile-pages.md): a phone number, an e-mail or a real name names one
person (32.9 bits, scaled by confidence); a place or an affiliation narrows to the people who
share it; a handle or a linked account is a linker, joining her accounts into one trail.
"""

from __future__ import annotations

import functools
import math

from audit.catalog import make_finding
from audit.models import (
    MAX_BITS,
    WORLD_POPULATION,
    Confidence,
    Evidence,
    EvidenceKind,
    Finding,
    Text,
)
from audit.profile import words
from audit.profile.model import Field, Profile, Seen
from audit.profile.rules import ProfileRules, profile_rules

#: Share of 32.9 bits a direct identifier gets at each confidence.
CONFIDENCE_FACTOR = {Confidence.HIGH: 1.0, Confidence.MEDIUM: 0.6, Confidence.LOW: 0.3}

_KINDS = {
    Field.NAME: EvidenceKind.NAME,
    Field.HANDLE: EvidenceKind.HANDLE,
    Field.IP_LOCATION: EvidenceKind.PLACE,
    Field.LOCATION: EvidenceKind.PLACE,
    Field.SCHOOL: EvidenceKind.NAME,
    Field.EMPLOYER: EvidenceKind.NAME,
    Field.PHONE: EvidenceKind.CONTACT,
    Field.EMAIL: EvidenceKind.CONTACT,
    Field.LINKED_ACCOUNT: EvidenceKind.HANDLE,
}


@functools.cache
def _parts(rules: ProfileRules) -> dict[str, str]:
    """Which field of a page each selector in the data reads (its name, bio, location...)."""
    found: dict[str, str] = {}
    for selectors in [platform.selectors for platform in rules.platforms] + [rules.generic]:
        for field, values in selectors.by_field:
            for value in values:
                found.setdefault(value, field)
    return found


def where_label(item: Seen, rules: ProfileRules) -> Text:
    """Where on the page in words, the selector kept in brackets, and the platform's name."""
    if item.where in words.WHERE_ON_PAGE:
        base = words.WHERE_ON_PAGE[item.where]
    elif item.where.startswith(("JSON-LD", "meta")):
        base = Text(f"in the page's data ({item.where})", f"在页面数据里（{item.where}）")
    else:
        part = words.PARTS.get(_parts(rules).get(item.where, ""), words.AT)
        base = Text(f"{part.en} ({item.where})", f"{part.zh}（{item.where}）")
    platform = rules.platform(item.platform) if item.platform else None
    if platform is None:
        return base
    return Text(f"{platform.name.en}, {base.en}", f"{platform.name.zh}，{base.zh}")


def _bits(field: Field, confidence: Confidence, rules: ProfileRules) -> float:
    weight = rules.weight(str(field))
    if weight.links:
        return 0.0
    if weight.direct:
        return MAX_BITS * CONFIDENCE_FACTOR[confidence]
    people = weight.people or WORLD_POPULATION
    return max(0.0, math.log2(WORLD_POPULATION / people))


def finding_for(item: Seen, rules: ProfileRules | None = None) -> Finding | None:
    rules = rules or profile_rules()
    if item.field is Field.BIO:
        return None
    weight = rules.weight(str(item.field))
    confidence = min(item.confidence, weight.confidence) if not weight.links else item.confidence
    value = item.value
    if item.field is Field.LINKED_ACCOUNT and item.url:
        value = item.url
    evidence = (Evidence(item.where, value, _KINDS[item.field], label=where_label(item, rules)),)
    return make_finding(
        f"profile.page.{item.field}",
        weight.severity,
        confidence,
        _bits(item.field, confidence, rules),
        evidence,
        rule=item.platform or "page",
        links=weight.links,
    )


def page_findings(profile: Profile, rules: ProfileRules | None = None) -> list[Finding]:
    rules = rules or profile_rules()
    found = [finding_for(item, rules) for item in profile.seen]
    return sorted(
        (f for f in found if f is not None), key=lambda f: (-f.severity, -f.confidence, f.id)
    )


def page_texts(profile: Profile) -> list[tuple[str, str]]:
    """(where, text) pairs for ``identity.match``: every value the page shows."""
    return [("page", item.value) for item in profile.seen]
