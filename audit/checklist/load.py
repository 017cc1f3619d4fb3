"""Read and validate ``checks/platforms/*.toml``, one file per platform.

A broken file stops the tool with the file and the item named: a checklist that silently lost a
question, or showed a path without its confidence label, would mislead the person relying on it.
"""

from __future__ import annotations

import datetime
import functools
import re
import tomllib
from pathlib import Path
from typing import Any

from audit import catalog
from audit.checkdata import ChecksError, checks_dir, severity, text
from audit.checklist.model import WHERE, Carrier, Item, Kind, Label, MenuPath, Platform, Route
from audit.models import Text

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FOLDER = "platforms"

_PLATFORM_KEYS = {"schema", "id", "name", "order", "labels", "items", "routes"}
_COMMON_KEYS = {"id", "kind", "title", "why", "fix", "paths", "checked", "source", "confidence"}
_QUESTION_KEYS = _COMMON_KEYS | {"question", "severity", "worsens", "combined", "route"}
_ROUTE_KEYS = {"id", "name", "strips", "checked", "source", "confidence"}
_FACT_KEYS = _COMMON_KEYS | {"statement"}
_PATH_KEYS = {"where", "path", "confidence"}


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


def _unknown_keys(entry: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(entry) - allowed)
    if extra:
        raise ChecksError(f"{where}: unknown key(s) {', '.join(extra)}")


def _worsens(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ChecksError(f'{where}: expected a list of finding ids, id prefixes or "*"')
    known = catalog.known_ids()
    for prefix in value:
        if prefix != "*" and not any(k == prefix or k.startswith(prefix + ".") for k in known):
            raise ChecksError(f"{where}: {prefix!r} matches no finding id in findings.toml")
    return tuple(value)


def _paths(value: Any, where: str) -> tuple[MenuPath, ...]:
    if not isinstance(value, list):
        raise ChecksError(f"{where}: expected a list of [[items.paths]] tables")
    paths = []
    for index, entry in enumerate(value):
        here = f"{where}[{index}]"
        if not isinstance(entry, dict):
            raise ChecksError(f"{here}: expected a table")
        _unknown_keys(entry, _PATH_KEYS, here)
        if entry.get("where") not in WHERE:
            raise ChecksError(
                f"{here}.where: must be one of {', '.join(WHERE)} (got {entry.get('where')!r})"
            )
        path = text(entry.get("path"), f"{here}.path")
        if "`" in path.en + path.zh:
            raise ChecksError(f"{here}.path: backticks are not allowed (paths are printed as code)")
        paths.append(
            MenuPath(entry["where"], path, _label(entry.get("confidence"), f"{here}.confidence"))
        )
    return tuple(paths)


def _combined(entry: dict[str, Any], worsens: tuple[str, ...], where: str) -> Text | None:
    if not worsens:
        if "combined" in entry:
            raise ChecksError(f"{where}.combined: only allowed with a non-empty 'worsens'")
        return None
    combined = text(entry.get("combined"), f"{where}.combined")
    for sentence in (combined.en, combined.zh):
        try:
            sentence.format(count=2, findings="x", platform="x")
        except (KeyError, IndexError, ValueError) as error:
            raise ChecksError(
                f"{where}.combined: only {{count}}, {{findings}} and {{platform}} may be filled "
                f"in ({error})"
            ) from None
    return combined


def _source(entry: dict[str, Any], where: str) -> str:
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ChecksError(f"{where}.source: say where the fact comes from")
    return source.strip()


def _routes(value: Any, file: str) -> tuple[Route, ...]:
    if not isinstance(value, list):
        raise ChecksError(f"{file}: expected a list of [[routes]] tables")
    routes = []
    for index, entry in enumerate(value):
        here = f"{file}: routes[{index}]"
        if not isinstance(entry, dict):
            raise ChecksError(f"{here}: expected a table")
        _unknown_keys(entry, _ROUTE_KEYS, here)
        route_id = entry.get("id")
        if not isinstance(route_id, str) or not SLUG.match(route_id):
            raise ChecksError(f"{here}.id: expected lower-case words joined by '-'")
        strips = entry.get("strips")
        choices = ", ".join(c.value for c in Carrier)
        if not isinstance(strips, list) or not strips:
            raise ChecksError(f"{here}.strips: expected a non-empty list of: {choices}")
        try:
            carriers = frozenset(Carrier(str(value)) for value in strips)
        except ValueError:
            raise ChecksError(f"{here}.strips: each must be one of {choices}") from None
        if Carrier.PIXELS in carriers:
            raise ChecksError(f"{here}.strips: no platform removes what is drawn in the picture")
        routes.append(
            Route(
                id=route_id,
                name=text(entry.get("name"), f"{here}.name"),
                strips=carriers,
                checked=_date(entry.get("checked"), f"{here}.checked"),
                source=_source(entry, here),
                label=_label(entry.get("confidence"), f"{here}.confidence"),
            )
        )
    if len({route.id for route in routes}) != len(routes):
        raise ChecksError(f"{file}: two [[routes]] share an id")
    return tuple(routes)


def _route(entry: dict[str, Any], routes: tuple[Route, ...], where: str) -> Route | None:
    if "route" not in entry:
        return None
    found = next((route for route in routes if route.id == entry["route"]), None)
    if found is None:
        known = ", ".join(route.id for route in routes) or "none"
        raise ChecksError(f"{where}.route: {entry['route']!r} is not a [[routes]] id ({known})")
    if not entry.get("worsens"):
        raise ChecksError(f"{where}.route: only used with a non-empty 'worsens'")
    return found


def _item(entry: Any, index: int, file: str, routes: tuple[Route, ...] = ()) -> Item:
    if not isinstance(entry, dict):
        raise ChecksError(f"{file}: items[{index}]: expected a table")
    item_id = entry.get("id")
    if not isinstance(item_id, str) or not SLUG.match(item_id):
        raise ChecksError(
            f"{file}: items[{index}].id: expected lower-case words joined by '-' (got {item_id!r})"
        )
    where = f"{file}: item '{item_id}'"
    try:
        kind = Kind(entry.get("kind", "question"))
    except ValueError:
        raise ChecksError(
            f"{where}.kind: must be 'question' or 'fact' (got {entry.get('kind')!r})"
        ) from None
    if "exposed_if" in entry:
        raise ChecksError(
            f"{where}.exposed_if: word the question so that 'yes' is the answer that leaves her "
            "exposed (the same answer is the risky one on every question)"
        )
    _unknown_keys(entry, _FACT_KEYS if kind is Kind.FACT else _QUESTION_KEYS, where)
    source = _source(entry, where)
    route = None
    worsens: tuple[str, ...]
    if kind is Kind.FACT:
        prompt = text(entry.get("statement"), f"{where}.statement")
        level, worsens, combined = None, (), None
    else:
        prompt = text(entry.get("question"), f"{where}.question")
        if "severity" not in entry:
            raise ChecksError(f"{where}.severity: missing")
        level = severity(entry["severity"], f"{where}.severity")
        worsens = _worsens(entry.get("worsens", []), f"{where}.worsens")
        combined = _combined(entry, worsens, where)
        route = _route(entry, routes, where)
    return Item(
        id=item_id,
        kind=kind,
        title=text(entry.get("title"), f"{where}.title"),
        prompt=prompt,
        why=text(entry.get("why"), f"{where}.why"),
        fix=text(entry.get("fix"), f"{where}.fix"),
        paths=_paths(entry.get("paths", []), f"{where}.paths"),
        severity=level,
        worsens=worsens,
        combined=combined,
        checked=_date(entry.get("checked"), f"{where}.checked"),
        source=source,
        label=_label(entry.get("confidence"), f"{where}.confidence"),
        route=route,
    )


def load_platform(path: Path) -> tuple[int, Platform]:
    """One platform file, validated; returned with its place in the list of platforms."""
    file = f"{FOLDER}/{path.name}"
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ChecksError(f"{file}: could not be read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ChecksError(f"{file}: not valid TOML ({error})") from None
    if data.get("schema") != 1:
        raise ChecksError(f"{file}: expected 'schema = 1'")
    _unknown_keys(data, _PLATFORM_KEYS, file)
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
        if item.id in seen:
            raise ChecksError(f"{file}: item '{item.id}' appears twice")
        seen.add(item.id)
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


def platform_by_id() -> dict[str, Platform]:
    return {platform.id: platform for platform in load_platforms()}
