"""Findings that only show across photos: places that recur, and ids that tie photos together.

One photo with GPS says where you were once; ten photos at the same spot on different evenings
say where you live. Places are grouped when they lie within 150 m of each other (a block);
a group seen on two or more days is reported, and the one with the most night-time photos
(22:00 to 06:00, on the photo's own clock) is named "likely home". Serial numbers and unique ids
found in more than one photo are reported as links.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from audit import geo, messages
from audit.catalog import make_finding
from audit.models import Confidence, Evidence, EvidenceKind, Finding, PhotoResult, Severity
from audit.score import WEIGHTS, bits_for_people, gps_bits

#: Fixes this close are one place: wider than a building-level fix with a phone's city error,
#: narrower than a 2-decimal cell that would merge neighbours (docs/identifiability.md §3.4).
CLUSTER_RADIUS_M = 150.0
#: Photos taken 22:00-06:00 local time point at home (docs/identifiability.md §3.4).
NIGHT_HOURS = frozenset({22, 23, 0, 1, 2, 3, 4, 5})
MAX_LISTED_PHOTOS = 20
MAX_LINK_FINDINGS = 50
#: One degree of latitude on the ground (docs/identifiability.md §3.1).
_METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class _Point:
    index: int
    lat: float
    lon: float
    day: str | None
    hour: int | None


def _distance_m(a: _Point, b: _Point) -> float:
    mean_lat = math.radians((a.lat + b.lat) / 2)
    dx = (b.lon - a.lon) * math.cos(mean_lat) * _METRES_PER_DEGREE
    dy = (b.lat - a.lat) * _METRES_PER_DEGREE
    return math.hypot(dx, dy)


#: Points are compared after rounding to this many degrees (about 11 m): photos taken at home
#: share a handful of rounded spots, so the comparisons stay few however many photos there are.
_ROUNDING = 1e-4


def _clusters(points: list[_Point]) -> list[list[_Point]]:
    """Groups of points linked by steps of at most 150 m (to within the 11 m rounding)."""
    spots: dict[tuple[int, int], list[_Point]] = defaultdict(list)
    for point in points:
        spots[(round(point.lat / _ROUNDING), round(point.lon / _ROUNDING))].append(point)
    representatives = [members[0] for members in spots.values()]
    groups = _linked(representatives)
    members_of = list(spots.values())
    return [
        sorted((point for index in group for point in members_of[index]), key=lambda p: p.index)
        for group in groups
    ]


def _linked(points: list[_Point]) -> list[list[int]]:
    """Indexes of points linked by steps of at most 150 m, found through a grid of cells."""
    parent = list(range(len(points)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    cell = CLUSTER_RADIUS_M / _METRES_PER_DEGREE
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for position, point in enumerate(points):
        grid[(math.floor(point.lat / cell), math.floor(point.lon / cell))].append(position)
    for (row, column), members in grid.items():
        lon_reach = max(1, math.ceil(1 / max(0.05, math.cos(math.radians(row * cell)))))
        neighbours = [
            other
            for d_row in (-1, 0, 1)
            for d_col in range(-lon_reach, lon_reach + 1)
            for other in grid.get((row + d_row, column + d_col), ())
        ]
        for position in members:
            for other in neighbours:
                if (
                    other > position
                    and _distance_m(points[position], points[other]) <= CLUSTER_RADIUS_M
                ):
                    parent[find(position)] = find(other)
    groups: dict[int, list[int]] = defaultdict(list)
    for position in range(len(points)):
        groups[find(position)].append(position)
    return list(groups.values())


def _points(photos: Sequence[PhotoResult]) -> list[_Point]:
    points = []
    for index, photo in enumerate(photos):
        if photo.location is None:
            continue
        day = hour = None
        if photo.taken_at and len(photo.taken_at) >= 13:
            day, hour = photo.taken_at[:10], int(photo.taken_at[11:13])
        points.append(_Point(index, photo.location.lat, photo.location.lon, day, hour))
    return points


@dataclass(frozen=True)
class _Places:
    """The photos' places grouped once, for both the findings and the homes."""

    count: int
    #: Places seen on two days or more, with how many of their photos were taken at night.
    recurring: list[list[_Point]]
    nights: list[int]
    #: Which recurring place is the likely home: the one most photographed at night.
    home: int | None


def _places(photos: Sequence[PhotoResult]) -> _Places:
    clusters = _clusters(_points(photos))
    recurring = [c for c in clusters if len({p.day for p in c if p.day}) >= 2]
    nights = [sum(1 for p in c if p.hour in NIGHT_HOURS) for c in recurring]
    home = (
        max(range(len(recurring)), key=lambda i: nights[i])
        if recurring and max(nights) > 0
        else None
    )
    return _Places(len(clusters), recurring, nights, home)


def location_clusters(
    photos: Sequence[PhotoResult], places: _Places | None = None
) -> tuple[list[Finding], int]:
    """Findings for recurring places, and the number of distinct places among all photos."""
    places = places if places is not None else _places(photos)
    recurring, nights, home = places.recurring, places.nights, places.home
    findings = []
    for position, cluster in enumerate(recurring):
        lat = sum(p.lat for p in cluster) / len(cluster)
        lon = sum(p.lon for p in cluster) / len(cluster)
        days = sorted({p.day for p in cluster if p.day})
        evidence = [
            Evidence(
                "centre", f"{lat:.6f}, {lon:.6f}", EvidenceKind.COORDINATES, label=messages.CENTRE
            )
        ]
        place = geo.nearest_place(lat, lon)
        if place:
            evidence.append(Evidence("near", place.label, EvidenceKind.PLACE, label=messages.NEAR))
        evidence.append(
            Evidence(
                "days",
                f"{len(days)} ({days[0]} – {days[-1]})",
                EvidenceKind.TIME,
                label=messages.DAYS,
            )
        )
        evidence.append(
            Evidence(
                "night photos",
                str(nights[position]),
                EvidenceKind.SIZE,
                label=messages.NIGHT_PHOTOS,
            )
        )
        evidence.extend(_photo_evidence(photos, [p.index for p in cluster]))
        is_home = position == home
        bits = (
            bits_for_people(WEIGHTS["household"].value)
            if is_home
            else gps_bits(CLUSTER_RADIUS_M, geo.density(lat, lon))
        )
        findings.append(
            make_finding(
                "set.location-cluster",
                Severity.CRITICAL if is_home else Severity.HIGH,
                Confidence.MEDIUM,
                bits,
                tuple(evidence),
                rule="home" if is_home else "cluster",
                variant="home" if is_home else None,
            )
        )
    findings.sort(key=lambda f: (-f.severity, -f.bits))
    return findings, places.count


def _photo_evidence(photos: Sequence[PhotoResult], indexes: list[int]) -> list[Evidence]:
    listed = [
        Evidence("photo", photos[i].path, EvidenceKind.FILE, label=messages.PHOTOS)
        for i in indexes[:MAX_LISTED_PHOTOS]
    ]
    if len(indexes) > MAX_LISTED_PHOTOS:
        listed.append(
            Evidence(
                "…", f"+{len(indexes) - MAX_LISTED_PHOTOS}", EvidenceKind.SIZE, label=messages.MORE
            )
        )
    return listed


def _link_key(value: str) -> str:
    text = value.strip().upper()
    if text.startswith("NO="):
        text = text[3:].strip()
    for prefix in ("UUID:", "XMP.DID:", "XMP.IID:", "ADOBE:DOCID:"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


def device_links(photos: Sequence[PhotoResult]) -> list[Finding]:
    """One finding per serial number or unique id shared by two or more photos.

    A link adds no bits of its own: its effect is that the linked photos are scored as one set.
    """
    seen: dict[str, tuple[Evidence, str, set[int]]] = {}
    for index, photo in enumerate(photos):
        for finding in photo.findings:
            if not finding.links:
                continue
            for evidence in finding.evidence:
                if evidence.kind not in (EvidenceKind.SERIAL, EvidenceKind.IDENTIFIER):
                    continue
                key = _link_key(evidence.value)
                if len(key) < 4:
                    continue
                entry = seen.setdefault(key, (evidence, finding.id, set()))
                entry[2].add(index)
    findings = []
    for evidence, finding_id, indexes in seen.values():
        if len(indexes) < 2:
            continue
        ordered = sorted(indexes)
        is_serial = finding_id == "device.serial"
        findings.append(
            make_finding(
                "set.device-link",
                Severity.HIGH if is_serial else Severity.MEDIUM,
                Confidence.HIGH,
                0.0,
                (evidence, *_photo_evidence(photos, ordered)),
                rule=finding_id,
                links=True,
            )
        )
    findings.sort(key=lambda f: (-f.severity, -len(f.evidence)))
    return findings[:MAX_LINK_FINDINGS]


@dataclass(frozen=True)
class AcrossPhotos:
    """What shows only across photos: its findings, how many distinct places they were taken
    at, and the positions of the photos taken at the likely home."""

    findings: list[Finding]
    distinct_places: int
    at_home: frozenset[int]


def detect(photos: Sequence[PhotoResult]) -> AcrossPhotos:
    places = _places(photos)
    clusters, distinct_places = location_clusters(photos, places)
    home = (
        frozenset(p.index for p in places.recurring[places.home])
        if places.home is not None
        else frozenset()
    )
    return AcrossPhotos(clusters + device_links(photos), distinct_places, home)
