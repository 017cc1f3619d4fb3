"""Place names in the reader's language, and the population of places named in text.

The offline geocoder gives English (GeoNames) names; ``checks/places.toml`` holds the Chinese
names of the places it returns most for people using exposure, so a Chinese report says 上海
and not Shanghai. Nothing is looked up on the network.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from audit.checkdata import ChecksError, Field, Schema, entries, load, optional, string
from audit.models import Lang


@dataclass(frozen=True)
class KnownPlace:
    en: str
    zh: str
    population: int | None


def _population(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ChecksError(f"{where}: population must be a positive number")
    return value


PLACE = Schema({"en": Field(string), "zh": Field(string), "population": optional(_population)})


def parse(data: dict[str, Any]) -> tuple[KnownPlace, ...]:
    """The places of the parsed file, validated; an entry is named by its English name."""
    return tuple(
        KnownPlace(values["en"], values["zh"], values["population"])
        for _, values in entries(data, "places", PLACE, "places.toml", name="en")
    )


@functools.cache
def known_places() -> tuple[KnownPlace, ...]:
    return parse(load("places.toml", tables={"places"}))


def _key(name: str) -> str:
    return re.sub(r"[’'`\s-]", "", name).casefold()


@functools.cache
def _by_english() -> dict[str, KnownPlace]:
    return {_key(place.en): place for place in known_places()}


def chinese_name(name: str) -> str | None:
    place = _by_english().get(_key(name))
    return place.zh if place else None


def population_of(name: str) -> int | None:
    place = _by_english().get(_key(name))
    return place.population if place else None


def localise(label: str, lang: Lang | str) -> str:
    """A place label ("Hongkou, Shanghai, China") as the reader writes it (中国上海虹口)."""
    if str(lang) != "zh":
        return label
    parts = [part.strip() for part in label.split(",") if part.strip()]
    if not parts:
        return label
    named = [chinese_name(part) for part in parts]
    if not all(named):
        return "，".join(name or part for name, part in zip(named, parts, strict=True))
    ordered = [name for name in reversed(named) if name]
    return "".join(dict.fromkeys(ordered))


def find_in_text(text: str) -> KnownPlace | None:
    """The most specific listed place (smallest population) named in ``text``."""
    folded = _key(text)
    hits = [
        place
        for place in known_places()
        if place.population and (_key(place.en) in folded or place.zh in text)
    ]
    return min(hits, key=lambda place: place.population or 0, default=None)
