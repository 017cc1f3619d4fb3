"""Per-platform knowledge from ``checks/profiles.toml``, validated when loaded.

Where each field sits on a platform's profile page, how its ids look and how links to its
accounts are written are data, not code: a platform that changes its markup is fixed by editing
one table, and a page from a platform not listed still gets the generic selectors.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from audit.checkdata import (
    ChecksError,
    Field,
    Parse,
    Schema,
    boolean,
    confidence,
    load,
    named,
    optional,
    regexes,
    severity,
    strings,
    text,
)
from audit.models import Confidence, Severity, Text

FILE = "profiles.toml"
FIELD_SELECTORS = ("name", "bio", "location", "avatar", "photos", "ids")
WORD_KINDS = ("ip_location", "location", "school", "employer")
PAGE_FIELDS = (
    "phone",
    "email",
    "name",
    "handle",
    "linked-account",
    "ip-location",
    "location",
    "school",
    "employer",
)


@dataclass(frozen=True)
class Selectors:
    """CSS selectors for each field, tried in order."""

    by_field: tuple[tuple[str, tuple[str, ...]], ...]

    def get(self, field: str) -> tuple[str, ...]:
        return dict(self.by_field).get(field, ())


@dataclass(frozen=True)
class Platform:
    id: str
    name: Text
    hosts: tuple[str, ...]
    accounts: tuple[re.Pattern[str], ...]
    reserved: frozenset[str]
    labels: tuple[re.Pattern[str], ...]
    own_labels: tuple[re.Pattern[str], ...]
    selectors: Selectors

    def owns_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == h or host.endswith("." + h) for h in self.hosts)


@dataclass(frozen=True)
class FieldWeight:
    severity: Severity
    confidence: Confidence
    direct: bool
    links: bool
    people: float | None


@dataclass(frozen=True)
class ProfileRules:
    platforms: tuple[Platform, ...]
    generic: Selectors
    login_words: tuple[str, ...]
    words: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    lead_ins: tuple[str, ...]
    fields: tuple[tuple[str, FieldWeight], ...]

    def platform(self, platform_id: str) -> Platform | None:
        return next((p for p in self.platforms if p.id == platform_id), None)

    def patterns(self, kind: str) -> tuple[re.Pattern[str], ...]:
        return dict(self.words).get(kind, ())

    def weight(self, field: str) -> FieldWeight:
        return dict(self.fields)[field]


def _regexes(groups: tuple[str, ...]) -> Parse:
    """A list of regular expressions, each naming one of ``groups``."""

    def parse(value: Any, where: str) -> tuple[re.Pattern[str], ...]:
        compiled = regexes()(value, where)
        for pattern in compiled:
            if not set(pattern.groupindex) & set(groups):
                raise ChecksError(
                    f"{where}: {pattern.pattern!r} needs a named group ({' or '.join(groups)})"
                )
        return tuple(compiled)

    return parse


def _people(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 1:
        raise ChecksError(f"{where}: expected a number of people, at least 1")
    return float(value)


SELECTORS = Schema({name: optional(strings, ()) for name in FIELD_SELECTORS})


def _selectors(value: Any, where: str) -> Selectors:
    found = SELECTORS.read(value, where)
    return Selectors(tuple((name, found[name]) for name in FIELD_SELECTORS))


NO_SELECTORS = Selectors(tuple((name, ()) for name in FIELD_SELECTORS))
PLATFORM = Schema(
    {
        "name": Field(text),
        "hosts": Field(strings),
        "accounts": optional(_regexes(("id", "handle")), ()),
        "reserved": optional(strings, ()),
        "labels": optional(_regexes(("value",)), ()),
        "own_labels": optional(_regexes(("value",)), ()),
        "fields": optional(_selectors, NO_SELECTORS),
    }
)
GENERIC = Schema(
    {"fields": optional(_selectors, NO_SELECTORS), "login_words": optional(strings, ())}
)
WORDS = Schema(
    {
        **{kind: Field(_regexes(("value",))) for kind in WORD_KINDS},
        "lead_ins": optional(strings, ()),
    }
)
WEIGHT = Schema(
    {
        "severity": Field(severity),
        "confidence": Field(confidence),
        "direct": optional(boolean, False),
        "links": optional(boolean, False),
        "people": optional(_people),
    }
)


def _platform(platform_id: str, where: str, values: dict[str, Any]) -> Platform:
    if not values["hosts"]:
        raise ChecksError(f"{where}.hosts: at least one host is needed")
    return Platform(
        id=platform_id,
        name=values["name"],
        hosts=tuple(h.lower() for h in values["hosts"]),
        accounts=values["accounts"],
        reserved=frozenset(w.lower() for w in values["reserved"]),
        labels=values["labels"],
        own_labels=values["own_labels"],
        selectors=values["fields"],
    )


def _weight(where: str, values: dict[str, Any]) -> FieldWeight:
    people, direct, links = values["people"], values["direct"], values["links"]
    if (people is not None) + direct + links != 1:
        raise ChecksError(f"{where}: give exactly one of people, direct = true, links = true")
    return FieldWeight(values["severity"], values["confidence"], direct, links, people)


def parse(data: dict[str, Any]) -> ProfileRules:
    """The platforms, selectors, words and field weights of the parsed file, validated."""
    if not isinstance(data.get("platforms"), dict) or not data["platforms"]:
        raise ChecksError(f"{FILE}: no [platforms.*] tables")
    checked = tuple(
        _platform(pid, where, values)
        for pid, where, values in named(data, "platforms", PLATFORM, FILE)
    )
    generic = GENERIC.read(data.get("generic", {}), f"{FILE}: generic")
    words = WORDS.read(data.get("words", {}), f"{FILE}: words")
    fields = {
        name: _weight(where, values) for name, where, values in named(data, "fields", WEIGHT, FILE)
    }
    absent = [name for name in PAGE_FIELDS if name not in fields]
    if absent:
        raise ChecksError(f"{FILE}: [fields] lacks {', '.join(absent)}")
    unknown = sorted(set(fields) - set(PAGE_FIELDS))
    if unknown:
        raise ChecksError(f"{FILE}: [fields] has unknown field(s) {', '.join(unknown)}")
    return ProfileRules(
        platforms=checked,
        generic=generic["fields"],
        login_words=generic["login_words"],
        words=tuple((kind, words[kind]) for kind in WORD_KINDS),
        lead_ins=words["lead_ins"],
        fields=tuple((name, fields[name]) for name in PAGE_FIELDS),
    )


@functools.cache
def profile_rules() -> ProfileRules:
    return parse(load(FILE, tables={"platforms", "generic", "words", "fields"}))
