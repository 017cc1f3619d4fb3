"""How identifiable: bits of surprisal, combined from findings by a pure function.

A finding's bits are I = -log2(p), p being the share of the world's people who share its value;
log2(8.1e9) = 32.9 bits single out one person. Findings fall into groups of correlated facts
(location, device, identity, time); within a group only the most specific counts (knowing the
street adds nothing once the GPS fix is known), across groups they add, less a small discount
for the correlation that remains, and the total is capped at 32.9. Linkers (serial numbers,
unique ids) name no one: they are counted separately, because their harm is to join photos
into one set, which is then scored as a whole.

Where a photo was taken is not where its owner lives: one GPS fix is scored as the people who
live within a short trip of it (``visit_radius_m``), and only a fix that is shown to be a home,
by a place that recurs at night or by text naming it as home, is scored down to the household.
A face is a lead rather than a count: it tells little about how many people share it (sex and
an age band), but a face-search engine may find other photos of the same person, so its chance
of doing that is carried beside the bits as ``lead_chance``.

Every number used is in WEIGHTS below with its source; docs/scoring.md has the derivations.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

from audit.models import (
    MAX_BITS,
    WORLD_POPULATION,
    Band,
    Contribution,
    Finding,
    Score,
    Severity,
)


@dataclass(frozen=True)
class Weight:
    value: float
    source: str


WEIGHTS: dict[str, Weight] = {
    "group_discount": Weight(
        0.5,
        "Bits subtracted per extra group: the naive sum over ZIP+birth date+sex overstates Golle's "
        "measured 63% uniqueness by about 1.4 bits over 3 attributes "
        "(docs/scoring.md, 'Adding groups').",
    ),
    "extra_place": Weight(
        6.0,
        "Each further distinct place in a set of photos: about 6 bits per coarse spatio-temporal "
        "point (de Montjoye et al., Sci. Rep. 2013; docs/scoring.md).",
    ),
    "household": Weight(
        2.5,
        "People at one address: a point at home resolves to a household, not to one person "
        "(docs/scoring.md, 'Homes').",
    ),
    "gps_error_m": Weight(
        5.0,
        "Typical horizontal error of civilian GPS under open sky, 4.9 m (95%) (GPS.gov SPS "
        "Performance Standard 2020; docs/scoring.md); used when the file has no error tag.",
    ),
    "default_timezone_bits": Weight(
        5.0,
        "A time-zone offset not in TIMEZONE_SHARES: about 3% of the world's people "
        "(docs/identifiability.md §7).",
    ),
    "visit_radius_m": Weight(
        2000.0,
        "One fix says where a photo was taken, not where its owner lives: the candidates are the "
        "people living within a short trip of it. 2 km: home-finding studies place about 80% of "
        "homes within 1 km only from some ten geotagged posts (Tasse, Sciuto, Hong, ICWSM 2016), "
        "so one post leaves a district-sized disc (docs/scoring.md, 'One fix').",
    ),
    "people_at_school_or_work": Weight(
        1000.0,
        "A fix named as a school or workplace points at the people who study or work there: a "
        "school or office block of some 1,000 people (derived; docs/scoring.md).",
    ),
    "soft_trait_bits": Weight(
        4.0,
        "What a face tells by itself, without a search: sex (about 1 bit) and an age band (about "
        "3 bits) (Adler et al. 2006 measure far more, but only against a gallery; "
        "docs/scoring.md, 'Faces').",
    ),
    "lead_band_chance": Weight(
        0.5,
        "A lead (a face) whose search succeeds at least this often raises the photo's band to "
        "'street or small group': one search away (NYT test of PimEyes: photos found for each of "
        "a dozen reporters; Acquisti et al. 2014: 1 in 3 students named; docs/scoring.md).",
    ),
    "preview_view_bits": Weight(
        19.6,
        "A hidden preview of a different framing shows what was cropped out, most often the "
        "surroundings: a sign, a window view, a shop front that places the photo in a street-sized "
        "area of some 10,000 people, log2(8.1e9/1e4) = 19.6 bits (docs/scoring.md, 'Previews').",
    ),
    "band_neighbourhood": Weight(
        16.0, "Below: more than 120,000 people share it (docs/scoring.md, 'Bands')."
    ),
    "band_street": Weight(24.0, "Below: 500 to 120,000 people share it (docs/scoring.md)."),
    "band_likely_you": Weight(
        30.0, "From here: a handful of people, likely you (docs/scoring.md, 'Bands')."
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
    ("face.", "face"),
    ("identity.", "identity"),
    ("text.", "identity"),
    ("code.", "identity"),
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

#: Text naming a place she returns to, and the people a street-level fix there points at.
NAMED_PLACES: dict[str, str] = {
    "location.home-named": "household",
    "location.school-named": "people_at_school_or_work",
    "location.work-named": "people_at_school_or_work",
}


@functools.lru_cache(maxsize=1024)
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


def where_taken_bits(precision_m: float, density_per_km2: float) -> float:
    """One fix as where a photo was taken: the people living within a short trip of it."""
    return gps_bits(max(precision_m, WEIGHTS["visit_radius_m"].value), density_per_km2)


def home_fix_bits(street_level: bool) -> float:
    """A street-level fix shown to be a home resolves to the household living there."""
    return bits_for_people(WEIGHTS["household"].value) if street_level else 0.0


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


def _lead_chance(findings: list[Finding]) -> float:
    """The chance that at least one lead (a face) finds her: 1 - the product of the misses.

    A face's bits are 32.9 x q, q being its search chance (audit.pixels.faces), so q is read
    back from them.
    """
    missed = 1.0
    for finding in findings:
        missed *= 1.0 - min(1.0, max(0.0, finding.bits / MAX_BITS))
    return 1.0 - missed


def _located_bits(findings: list[Finding], at_home: bool) -> float:
    """Bits of a street-level GPS fix once text or a recurring night place says what it is."""
    fixes = [f for f in findings if f.id == "location.gps"]
    if not fixes:
        return 0.0
    street_level = any(f.severity >= Severity.CRITICAL for f in fixes)
    if not street_level:
        return 0.0
    named = {NAMED_PLACES[f.id] for f in findings if f.id in NAMED_PLACES}
    if at_home or "household" in named:
        return home_fix_bits(True)
    if named:
        return bits_for_people(WEIGHTS["people_at_school_or_work"].value)
    return 0.0


def score(findings: Iterable[Finding], distinct_places: int = 1, at_home: bool = False) -> Score:
    """Combine findings into one score: the best per group, summed, discounted, capped.

    ``distinct_places`` counts separate places in a set of photos; each beyond the first adds
    the ``extra_place`` weight to the location group. ``at_home`` says the photo's fix lies in
    a place that recurs at night (audit.detectors.sets): the fix is then scored as a home.
    """
    every = list(findings)
    best: dict[str, tuple[Finding, float]] = {}
    linkers = 0
    faces = [f for f in every if group_of(f.id) == "face"]
    located = _located_bits(every, at_home)
    for finding in every:
        group = group_of(finding.id)
        if finding.links or group == "linker":
            linkers += 1
            continue
        bits = finding.bits
        if group == "face":
            bits = min(bits, WEIGHTS["soft_trait_bits"].value)
        if finding.id == "location.gps":
            bits = max(bits, located)
        if bits <= 0:
            continue
        if group not in best or bits > best[group][1]:
            best[group] = (finding, bits)
    contributions = []
    for group, (finding, bits) in sorted(best.items(), key=lambda item: -item[1][1]):
        if group == "location" and distinct_places > 1:
            bits = clamp_bits(bits + WEIGHTS["extra_place"].value * (distinct_places - 1))
        contributions.append(Contribution(group, finding.id, round(bits, 1)))
    total = sum(c.bits for c in contributions) - WEIGHTS["group_discount"].value * max(
        0, len(contributions) - 1
    )
    total = round(clamp_bits(total), 1)
    chance = round(_lead_chance(faces), 2)
    ranked = band(total)
    if chance >= WEIGHTS["lead_band_chance"].value and ranked.rank < Band.STREET.rank:
        ranked = Band.STREET
    return Score(
        bits=total,
        band=ranked,
        contributions=tuple(contributions),
        linkers=linkers,
        lead_chance=chance,
        at_home=located > 0,
    )
