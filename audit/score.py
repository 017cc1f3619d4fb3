"""How identifiable: bits of surprisal, combined from findings by a pure function.

A finding's bits are I = -log2(p), p being the share of the world's people who share its value;
log2(8.1e9) = 32.9 bits single out one person. Findings fall into groups of correlated facts
(location, device, identity, time); within a group only the most specific counts (knowing the
street adds nothing once the GPS fix is known), across groups they add, less a small discount
for the correlation that remains, and the total is capped at 32.9. Linkers (serial numbers,
unique ids) name no one: they are counted separately, because their harm is to join photos
into one set, which is then scored as a whole.

Every number used is in WEIGHTS below with its source; research/identifiability.md has the
derivations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from audit.models import MAX_BITS, WORLD_POPULATION, Band, Contribution, Finding, Score, Text


@dataclass(frozen=True)
class Weight:
    value: float
    source: str


WEIGHTS: dict[str, Weight] = {
    "group_discount": Weight(
        0.5,
        "Bits subtracted per extra group: the naive sum over ZIP+birth date+sex overstates Golle's "
        "measured 63% uniqueness by about 1.4 bits over 3 attributes (identifiability.md 2.1).",
    ),
    "extra_place": Weight(
        6.0,
        "Each further distinct place in a set of photos: about 6 bits per coarse spatio-temporal "
        "point (de Montjoye et al., Sci. Rep. 2013; identifiability.md 2.2).",
    ),
    "household": Weight(
        2.5,
        "People at one address: a point at home resolves to a household, not to one person "
        "(identifiability.md 3.3).",
    ),
    "gps_error_m": Weight(
        5.0,
        "Typical horizontal error of civilian GPS under open sky, 4.9 m (95%) (GPS.gov SPS "
        "Performance Standard 2020; identifiability.md 3.1); used when the file has no error tag.",
    ),
    "default_timezone_bits": Weight(
        5.0,
        "A time-zone offset not in TIMEZONE_SHARES: about 3% of the world's people (derived).",
    ),
    "band_neighbourhood": Weight(
        16.0, "Below: more than 120,000 people share it (identifiability.md 7.4)."
    ),
    "band_street": Weight(24.0, "Below: 500 to 120,000 people share it (identifiability.md 7.4)."),
    "band_likely_you": Weight(
        30.0, "From here: a handful of people, likely you (identifiability.md 7.4)."
    ),
}

#: Share of the world's population living at each UTC offset, in minutes (derived from national
#: population figures, 2023: China 1.41e9 at +8, India 1.43e9 at +5:30, Europe, Americas...).
TIMEZONE_SHARES: dict[int, float] = {
    480: 0.25,
    330: 0.18,
    60: 0.05,
    120: 0.04,
    0: 0.03,
    180: 0.04,
    420: 0.05,
    540: 0.03,
    300: 0.04,
    360: 0.03,
    -300: 0.04,
    -360: 0.03,
    -240: 0.03,
    -180: 0.04,
    -420: 0.01,
    -480: 0.01,
    600: 0.005,
    240: 0.01,
    210: 0.01,
    345: 0.004,
    390: 0.007,
}

#: Which score group each finding id belongs to, matched by prefix, first match wins.
GROUPS: tuple[tuple[str, str], ...] = (
    ("location.", "location"),
    ("set.location-cluster", "location"),
    ("time.", "time"),
    ("device.model", "device"),
    ("device.", "linker"),
    ("set.device-link", "linker"),
    ("identity.", "identity"),
    ("text.", "identity"),
    ("code.", "identity"),
    ("face.", "identity"),
    ("file.", "identity"),
    ("profile.page.phone", "identity"),
    ("profile.page.email", "identity"),
    ("profile.page.name", "identity"),
    ("profile.page.ip-location", "location"),
    ("profile.page.location", "location"),
    ("profile.page.school", "school"),
    ("profile.page.employer", "work"),
    ("set.profile-link", "linker"),
    ("profile.", "profile"),
    ("content.", "content"),
)


def group_of(finding_id: str) -> str:
    for prefix, group in GROUPS:
        if finding_id.startswith(prefix):
            return group
    return "other"


def clamp_bits(bits: float) -> float:
    return max(0.0, min(MAX_BITS, bits))


def bits_for_people(people: float) -> float:
    """Bits that narrow the world down to ``people`` people."""
    return clamp_bits(math.log2(WORLD_POPULATION / max(1.0, people)))


def gps_bits(precision_m: float, density_per_km2: float) -> float:
    """A fix good to ``precision_m`` metres where ``density_per_km2`` people live."""
    radius = max(precision_m, WEIGHTS["gps_error_m"].value)
    area_km2 = math.pi * (radius / 1000.0) ** 2
    people = max(area_km2 * density_per_km2, WEIGHTS["household"].value)
    return bits_for_people(people)


def timezone_bits(offset_minutes: int) -> float:
    share = TIMEZONE_SHARES.get(offset_minutes)
    if share is None:
        return WEIGHTS["default_timezone_bits"].value
    return clamp_bits(-math.log2(share))


def band(bits: float) -> Band:
    if bits >= WEIGHTS["band_likely_you"].value:
        return Band.LIKELY_YOU
    if bits >= WEIGHTS["band_street"].value:
        return Band.STREET
    if bits >= WEIGHTS["band_neighbourhood"].value:
        return Band.NEIGHBOURHOOD
    return Band.CROWD


BAND_WORDS: dict[Band, Text] = {
    Band.CROWD: Text("crowd", "人群中"),
    Band.NEIGHBOURHOOD: Text("neighbourhood", "街区范围"),
    Band.STREET: Text("street or small group", "一条街或一小群人"),
    Band.LIKELY_YOU: Text("likely you", "很可能就是你"),
}


def score(findings: Iterable[Finding], distinct_places: int = 1) -> Score:
    """Combine findings into one score: the best per group, summed, discounted, capped.

    ``distinct_places`` counts separate places in a set of photos; each beyond the first adds
    the ``extra_place`` weight to the location group.
    """
    best: dict[str, Finding] = {}
    linkers = 0
    for finding in findings:
        group = group_of(finding.id)
        if finding.links or group == "linker":
            linkers += 1
            continue
        if finding.bits <= 0:
            continue
        if group not in best or finding.bits > best[group].bits:
            best[group] = finding
    contributions = []
    for group, finding in sorted(best.items(), key=lambda item: -item[1].bits):
        bits = finding.bits
        if group == "location" and distinct_places > 1:
            bits = clamp_bits(bits + WEIGHTS["extra_place"].value * (distinct_places - 1))
        contributions.append(Contribution(group, finding.id, round(bits, 1)))
    total = sum(c.bits for c in contributions) - WEIGHTS["group_discount"].value * max(
        0, len(contributions) - 1
    )
    total = round(clamp_bits(total), 1)
    return Score(bits=total, band=band(total), contributions=tuple(contributions), linkers=linkers)
