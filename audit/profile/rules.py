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

from audit.checkdata import ChecksError, confidence, load, severity, string_list, text
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


def _regexes(
    values: tuple[str, ...], where: str, groups: tuple[str, ...]
) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for value in values:
        try:
            pattern = re.compile(value)
        except re.error as error:
            raise ChecksError(f"{where}: bad regular expression {value!r} ({error})") from None
        if not set(pattern.groupindex) & set(groups):
            raise ChecksError(f"{where}: {value!r} needs a named group ({' or '.join(groups)})")
        compiled.append(pattern)
    return tuple(compiled)


def _selectors(entry: Any, where: str) -> Selectors:
    if not isinstance(entry, dict):
        raise ChecksError(f"{where}: expected a table of selectors")
    unknown = set(entry) - set(FIELD_SELECTORS)
    if unknown:
        raise ChecksError(f"{where}: unknown fields {sorted(unknown)}")
    return Selectors(tuple((f, string_list(entry, f, where)) for f in FIELD_SELECTORS))


def _platform(platform_id: str, entry: Any) -> Platform:
    where = f"{FILE}: platforms.{platform_id}"
    if not isinstance(entry, dict):
        raise ChecksError(f"{where}: expected a table")
    hosts = string_list(entry, "hosts", where)
    if not hosts:
        raise ChecksError(f"{where}.hosts: at least one host is needed")
    return Platform(
        id=platform_id,
        name=text(entry.get("name"), f"{where}.name"),
        hosts=tuple(h.lower() for h in hosts),
        accounts=_regexes(
            string_list(entry, "accounts", where), f"{where}.accounts", ("id", "handle")
        ),
        reserved=frozenset(w.lower() for w in string_list(entry, "reserved", where)),
        labels=_regexes(string_list(entry, "labels", where), f"{where}.labels", ("value",)),
        own_labels=_regexes(
            string_list(entry, "own_labels", where), f"{where}.own_labels", ("value",)
        ),
        selectors=_selectors(entry.get("fields", {}), f"{where}.fields"),
    )


def _weight(name: str, entry: Any) -> FieldWeight:
    where = f"{FILE}: fields.{name}"
    if not isinstance(entry, dict):
        raise ChecksError(f"{where}: expected a table")
    people = entry.get("people")
    direct, links = bool(entry.get("direct", False)), bool(entry.get("links", False))
    if people is not None and (not isinstance(people, int | float) or people < 1):
        raise ChecksError(f"{where}.people: expected a number of people, at least 1")
    if (people is not None) + direct + links != 1:
        raise ChecksError(f"{where}: give exactly one of people, direct = true, links = true")
    return FieldWeight(
        severity(entry.get("severity"), f"{where}.severity"),
        confidence(entry.get("confidence"), f"{where}.confidence"),
        direct,
        links,
        float(people) if people is not None else None,
    )


@functools.cache
def profile_rules() -> ProfileRules:
    data = load(FILE)
    platforms = data.get("platforms")
    if not isinstance(platforms, dict) or not platforms:
        raise ChecksError(f"{FILE}: no [platforms.*] tables")
    checked = tuple(_platform(pid, entry) for pid, entry in platforms.items())
    generic = data.get("generic", {})
    words = data.get("words", {})
    missing = [kind for kind in WORD_KINDS if kind not in words]
    if missing:
        raise ChecksError(f"{FILE}: [words] lacks {', '.join(missing)}")
    fields = data.get("fields", {})
    absent = [name for name in PAGE_FIELDS if name not in fields]
    if absent:
        raise ChecksError(f"{FILE}: [fields] lacks {', '.join(absent)}")
    return ProfileRules(
        platforms=checked,
        generic=_selectors(generic.get("fields", {}), f"{FILE}: generic.fields"),
        login_words=string_list(generic, "login_words", f"{FILE}: generic"),
        words=tuple(
            (
                kind,
                _regexes(
                    string_list(words, kind, f"{FILE}: words"), f"{FILE}: words.{kind}", ("value",)
                ),
            )
            for kind in WORD_KINDS
        ),
        lead_ins=string_list(words, "lead_ins", f"{FILE}: words"),
        fields=tuple((name, _weight(name, fields[name])) for name in PAGE_FIELDS),
    )
