"""Read and validate ``checks/platforms/*.toml``, one file per platform.

A broken file stops the tool with the file and the item named: a checklist that silently lost a
question, or showed a path without its confidence label, would mislead the person relying on it.
"""

from __future__ import annotations

import datetime
import functools
import re
from pathlib import Path
from typing import Any

from audit import catalog
from audit.checkdata import (
    ChecksError,
    Field,
    Schema,
    checks_dir,
    choice,
    optional,
    read,
    severity,
    source,
    string,
    text,
    unique,
    unknown_keys,
)
from audit.checklist.model import WHERE, Carrier, Item, Kind, Label, MenuPath, Platform, Route
from audit.models import Text

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FOLDER = "platforms"


def _label(value: Any, where: str) -> Label:
    try:
        return Label(str(value))
    except ValueError:
        choices = ", ".join(label.value for label in Label)
        raise ChecksError(f"{where}: confidence must be one of {choices} (got {value!r})") from None


def _date(value: Any, where: str) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ChecksError(f'{where}: expected an ISO date such as "2026-11-24" (got {value!r})')


def _slug(value: Any, where: str) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise ChecksError(f"{where}: expected lower-case words joined by '-' (got {value!r})")
    return value


def _worsens(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ChecksError(f'{where}: expected a list of finding ids, id prefixes or "*"')
    known = catalog.known_ids()
    for prefix in value:
        if prefix != "*" and not any(k == prefix or k.startswith(prefix + ".") for k in known):
            raise ChecksError(f"{where}: {prefix!r} matches no finding id in findings.toml")
    return tuple(value)


def _path_text(value: Any, where: str) -> Text:
    path = text(value, where)
    if "`" in path.en + path.zh:
        raise ChecksError(f"{where}: backticks are not allowed (paths are printed as code)")
    return path


def _strips(value: Any, where: str) -> frozenset[Carrier]:
    choices = ", ".join(c.value for c in Carrier)
    if not isinstance(value, list) or not value:
        raise ChecksError(f"{where}: expected a non-empty list of: {choices}")
    try:
        carriers = frozenset(Carrier(str(item)) for item in value)
    except ValueError:
        raise ChecksError(f"{where}: each must be one of {choices}") from None
    if Carrier.PIXELS in carriers:
        raise ChecksError(f"{where}: no platform removes what is drawn in the picture")
    return carriers


PATH = Schema(
    {"where": Field(choice(tuple(WHERE))), "path": Field(_path_text), "confidence": Field(_label)}
)


def _paths(value: Any, where: str) -> tuple[MenuPath, ...]:
    if not isinstance(value, list):
        raise ChecksError(f"{where}: expected a list of [[items.paths]] tables")
    paths = []
    for index, entry in enumerate(value):
        values = PATH.read(entry, f"{where}[{index}]")
        paths.append(MenuPath(values["where"], values["path"], values["confidence"]))
    return tuple(paths)


ROUTE = Schema(
    {
        "id": Field(_slug),
        "strips": Field(_strips),
        "name": Field(text),
        "checked": Field(_date),
        "source": Field(source),
        "confidence": Field(_label),
    }
)
_COMMON = {
    "id": Field(_slug),
    "kind": optional(choice(Kind), Kind.QUESTION),
    "title": Field(text),
    "why": Field(text),
    "fix": Field(text),
    "paths": optional(_paths, ()),
    "checked": Field(_date),
    "source": Field(source),
    "confidence": Field(_label),
}
FACT = Schema({**_COMMON, "statement": Field(text)})
QUESTION = Schema(
    {
        **_COMMON,
        "question": Field(text),
        "severity": Field(severity),
        "worsens": optional(_worsens, ()),
        "combined": optional(text),
        "route": optional(string),
    }
)
PLATFORM_KEYS = {"id", "name", "order", "labels", "items", "routes"}


def _combined(values: dict[str, Any], where: str) -> Text | None:
    combined: Text | None = values["combined"]
    if not values["worsens"]:
        if combined is not None:
            raise ChecksError(f"{where}.combined: only allowed with a non-empty 'worsens'")
        return None
    if combined is None:
        raise ChecksError(f"{where}.combined: missing (required with 'worsens')")
    for sentence in (combined.en, combined.zh):
        try:
            sentence.format(count=2, findings="x", platform="x")
        except (KeyError, IndexError, ValueError) as error:
            raise ChecksError(
                f"{where}.combined: only {{count}}, {{findings}} and {{platform}} may be filled "
                f"in ({error})"
            ) from None
    return combined


def _routes(value: Any, file: str) -> tuple[Route, ...]:
    if not isinstance(value, list):
        raise ChecksError(f"{file}: expected a list of [[routes]] tables")
    routes = []
    seen: set[str] = set()
    for index, entry in enumerate(value):
        values = ROUTE.read(entry, f"{file}: routes[{index}]")
        unique(values["id"], seen, f"{file}: route '{values['id']}'")
        routes.append(
            Route(
                id=values["id"],
                name=values["name"],
                strips=values["strips"],
                checked=values["checked"],
                source=values["source"],
                label=values["confidence"],
            )
        )
    return tuple(routes)


def _route(name: str | None, routes: tuple[Route, ...], where: str) -> Route | None:
    if name is None:
        return None
    found = next((route for route in routes if route.id == name), None)
    if found is None:
        known = ", ".join(route.id for route in routes) or "none"
        raise ChecksError(f"{where}.route: {name!r} is not a [[routes]] id ({known})")
    return found


def _item(entry: Any, index: int, file: str, routes: tuple[Route, ...] = ()) -> Item:
    if not isinstance(entry, dict):
        raise ChecksError(f"{file}: items[{index}]: expected a table")
    item_id = _slug(entry.get("id"), f"{file}: items[{index}].id")
    where = f"{file}: item '{item_id}'"
    kind = choice(Kind)(entry.get("kind", "question"), f"{where}.kind")
    if "exposed_if" in entry:
        raise ChecksError(
            f"{where}.exposed_if: word the question so that 'yes' is the answer that leaves her "
            "exposed (the same answer is the risky one on every question)"
        )
    values = (FACT if kind is Kind.FACT else QUESTION).read(entry, where)
    if kind is Kind.FACT:
        prompt, level, worsens, combined, route = values["statement"], None, (), None, None
    else:
        prompt, level, worsens = values["question"], values["severity"], values["worsens"]
        combined = _combined(values, where)
        if values["route"] is not None and not worsens:
            raise ChecksError(f"{where}.route: only used with a non-empty 'worsens'")
        route = _route(values["route"], routes, where)
    return Item(
        id=item_id,
        kind=kind,
        title=values["title"],
        prompt=prompt,
        why=values["why"],
        fix=values["fix"],
        paths=values["paths"],
        severity=level,
        worsens=worsens,
        combined=combined,
        checked=values["checked"],
        source=values["source"],
        label=values["confidence"],
        route=route,
    )


def load_platform(path: Path) -> tuple[int, Platform]:
    """One platform file, validated; returned with its place in the list of platforms."""
    file = f"{FOLDER}/{path.name}"
    data = read(path, file)
    unknown_keys(data, {"schema", *PLATFORM_KEYS}, file)
    if data.get("id") != path.stem or not SLUG.match(path.stem):
        raise ChecksError(f"{file}: 'id' must be the file's name without .toml ({path.stem!r})")
    order = data.get("order")
    if not isinstance(order, int) or isinstance(order, bool):
        raise ChecksError(f"{file}: 'order' must be a whole number")
    if data.get("labels") not in ("en", "zh"):
        raise ChecksError(
            f"{file}: 'labels' (the language of the app's menu labels) must be 'en' or 'zh'"
        )
    entries = data.get("items")
    if not isinstance(entries, list) or not entries:
        raise ChecksError(f"{file}: no [[items]]")
    routes = _routes(data.get("routes", []), file)
    items = tuple(_item(entry, index, file, routes) for index, entry in enumerate(entries))
    seen: set[str] = set()
    for item in items:
        unique(item.id, seen, f"{file}: item '{item.id}'")
    return order, Platform(
        path.stem, text(data.get("name"), f"{file}: name"), data["labels"], items, routes
    )


def load_platforms_from(directory: Path) -> tuple[Platform, ...]:
    """Every ``*.toml`` in ``directory``, validated, in their declared order."""
    files = sorted(Path(directory).glob("*.toml"))
    if not files:
        raise ChecksError(f"{FOLDER}/: no platform files found")
    loaded = [load_platform(path) for path in files]
    orders: dict[int, str] = {}
    for order, platform in loaded:
        if order in orders:
            raise ChecksError(
                f"{FOLDER}/{platform.id}.toml: 'order = {order}' is also used by "
                f"{orders[order]}.toml"
            )
        orders[order] = platform.id
    return tuple(platform for _, platform in sorted(loaded, key=lambda pair: pair[0]))


@functools.cache
def load_platforms() -> tuple[Platform, ...]:
    """The checklists shipped in ``checks/platforms``, validated once per run."""
    return load_platforms_from(checks_dir() / FOLDER)
