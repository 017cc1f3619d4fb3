"""Find, load and validate the data files in ``checks/``, failing loudly on anything malformed.

In an installed wheel the files live in ``audit/checks`` (the build copies them there); in a
source checkout they are the top-level ``checks/`` folder.

Every data file is described by a :class:`Schema` per kind of entry: the keys it may have, which
are required, and how each value is read (both languages for texts, bits only with their source,
regular expressions compiled here once, severities and enums by name). A typo in a key, a
missing value or a duplicate name stops the tool at start-up with the file, the entry and the
key named, instead of producing wrong findings later (or silently ignoring ``severty``).

A new data file adopts it in a few lines::

    RULE = Schema({"name": Field(string), "severity": Field(severity), **BITS})
    data = load("new.toml", tables={"rule"})
    for where, entry in entries(data, "rule", RULE, "new.toml"):
        ...  # entry["severity"] is a Severity, entry["bits"] a float within range
"""

from __future__ import annotations

import enum
import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from audit.models import MAX_BITS, Confidence, EvidenceKind, Severity, Text

#: Reads one value, given where it is (``file: entry.key``) for the error message.
Parse = Callable[[Any, str], Any]


class ChecksError(Exception):
    """A data file in checks/ is missing or malformed."""


@functools.cache
def checks_dir() -> Path:
    packaged = Path(str(resources.files("audit"))) / "checks"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parent.parent / "checks"
    if source.is_dir():
        return source
    raise ChecksError("the checks/ data folder is missing from this installation")


def read(path: Path, name: str) -> dict[str, Any]:
    """Parse one TOML data file, which must declare ``schema = 1``; ``name`` is shown in errors."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ChecksError(f"{name}: file missing from checks/") from None
    except OSError as error:
        raise ChecksError(f"{name}: could not be read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ChecksError(f"{name}: not valid TOML ({error})") from None
    if data.get("schema") != 1:
        raise ChecksError(f"{name}: expected 'schema = 1'")
    return data


@functools.cache
def _cached(name: str) -> dict[str, Any]:
    return read(checks_dir() / name, name)


def load(name: str, tables: Iterable[str] | None = None) -> dict[str, Any]:
    """``checks/<name>``, cached (the files never change during a run).

    ``tables`` lists the top-level keys the file may have besides ``schema``; any other is an
    error naming it.
    """
    data = _cached(name)
    if tables is not None:
        unknown_keys(data, {"schema", *tables}, name)
    return data


def unknown_keys(entry: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    """Refuse keys that are not ``allowed``: a misspelt key must never be silently ignored."""
    extra = sorted(set(entry) - set(allowed))
    if extra:
        raise ChecksError(f"{where}: unknown key(s) {', '.join(extra)}")


@dataclass(frozen=True)
class Field:
    """One key of an entry: how its value is read, and whether it must be there.

    ``needs`` names keys that must be present whenever this one is (``bits`` and its source).
    """

    parse: Parse
    required: bool = True
    default: Any = None
    needs: tuple[str, ...] = ()


def optional(parse: Parse, default: Any = None) -> Field:
    return Field(parse, required=False, default=default)


@dataclass(frozen=True)
class Schema:
    """The keys an entry may have; :meth:`read` returns their values, parsed, by key."""

    fields: Mapping[str, Field]

    def read(self, entry: Any, where: str) -> dict[str, Any]:
        if not isinstance(entry, dict):
            raise ChecksError(f"{where}: expected a table")
        unknown_keys(entry, self.fields, where)
        values: dict[str, Any] = {}
        for key, field in self.fields.items():
            if key not in entry:
                if field.required:
                    raise ChecksError(f"{where}.{key}: missing")
                values[key] = field.default
                continue
            for other in field.needs:
                if other not in entry:
                    raise ChecksError(f"{where}.{other}: missing (required with '{key}')")
            values[key] = field.parse(entry[key], f"{where}.{key}")
        return values


def entries(
    data: Mapping[str, Any], table: str, schema: Schema, file: str, *, name: str = "name"
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each ``[[table]]`` of a file read with ``schema``, with where it is; names are unique.

    Entries are named by their ``name`` key in messages (``metadata.toml: rule 'owner-name'``).
    """
    raw = data.get(table, [])
    if not isinstance(raw, list):
        raise ChecksError(f"{file}: expected [[{table}]] tables")
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        label = entry.get(name) if isinstance(entry, dict) else None
        if not isinstance(label, str) or not label.strip():
            raise ChecksError(f"{file}: {table} {index + 1}.{name}: missing")
        unique(label, seen, f"{file}: {table} {label!r}")
        yield f"{file}: {table} {label!r}", schema.read(entry, f"{file}: {table} {label!r}")


def named(
    data: Mapping[str, Any], table: str, schema: Schema, file: str
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Each ``[table.<name>]`` sub-table read with ``schema``: name, where it is, values."""
    raw = data.get(table, {})
    if not isinstance(raw, dict):
        raise ChecksError(f"{file}: expected [{table}.<name>] tables")
    for key, entry in raw.items():
        where = f"{file}: {table}.{key}"
        yield key, where, schema.read(entry, where)


def unique(name: str, seen: set[str], where: str) -> None:
    """Add ``name`` to ``seen``; a name used twice is an error."""
    if name in seen:
        raise ChecksError(f"{where} appears twice")
    seen.add(name)


# Value readers -----------------------------------------------------------------------------


def string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ChecksError(f"{where}: expected a non-empty string")
    return value


def source(value: Any, where: str) -> str:
    """Where a figure comes from: a measurement, a cited fact or a document in docs/."""
    if not isinstance(value, str) or not value.strip():
        raise ChecksError(f"{where}: say where the figure comes from")
    return value.strip()


def boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ChecksError(f"{where}: expected true or false")
    return value


def text(value: Any, where: str) -> Text:
    """A ``{ en = ..., zh = ... }`` table, both present and non-empty."""
    if not isinstance(value, dict):
        raise ChecksError(f"{where}: expected a table with 'en' and 'zh'")
    unknown_keys(value, ("en", "zh"), where)
    english, chinese = value.get("en"), value.get("zh")
    if not isinstance(english, str) or not english.strip():
        raise ChecksError(f"{where}: English text ('en') is missing or empty")
    if not isinstance(chinese, str) or not chinese.strip():
        raise ChecksError(f"{where}: Chinese text ('zh') is missing or empty")
    return Text(english.strip(), chinese.strip())


def severity(value: Any, where: str) -> Severity:
    try:
        return Severity.parse(str(value))
    except KeyError:
        raise ChecksError(
            f"{where}: severity must be one of low, medium, high, critical (got {value!r})"
        ) from None


def confidence(value: Any, where: str) -> Confidence:
    try:
        return Confidence.parse(str(value))
    except KeyError:
        raise ChecksError(
            f"{where}: confidence must be one of low, medium, high (got {value!r})"
        ) from None


def evidence_kind(value: Any, where: str) -> EvidenceKind:
    kind: EvidenceKind = choice(EvidenceKind)(value, where)
    return kind


def choice(options: type[enum.Enum] | tuple[str, ...]) -> Parse:
    """One of a fixed set of words: an enum's values, or a tuple of strings."""
    allowed = tuple(str(o.value) for o in options) if isinstance(options, type) else options

    def parse(value: Any, where: str) -> Any:
        if value not in allowed:
            raise ChecksError(f"{where}: must be one of {', '.join(allowed)} (got {value!r})")
        return options(value) if isinstance(options, type) else value

    return parse


def strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ChecksError(f"{where}: expected a list of non-empty strings")
    return tuple(value)


def bits(value: Any, where: str) -> float:
    """Bits of identifying information: a number from 0 to log2(world population)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0 <= value <= MAX_BITS + 0.05
    ):
        raise ChecksError(f"{where}: bits must be a number from 0 to {MAX_BITS:.1f}")
    return min(float(value), MAX_BITS)


#: The two keys every scored entry carries: its bits, and where that figure comes from.
BITS: Mapping[str, Field] = {
    "bits": Field(bits, needs=("bits_source",)),
    "bits_source": Field(source, needs=("bits",)),
}


def compile_regex(expression: Any, where: str, flags: int = 0) -> re.Pattern[str]:
    """The one place data-file regular expressions are compiled (once, at load)."""
    if not isinstance(expression, str) or not expression:
        raise ChecksError(f"{where}: regular expression is missing")
    try:
        return re.compile(expression, flags)
    except re.error as error:
        raise ChecksError(f"{where}: bad regular expression {expression!r} ({error})") from None


def regex(flags: int = 0, group: str | None = None) -> Parse:
    """A regular expression, compiled; ``group`` names a capture it must have."""

    def parse(value: Any, where: str) -> re.Pattern[str]:
        compiled = compile_regex(value, where, flags)
        if group is not None and group not in compiled.groupindex:
            raise ChecksError(f"{where}: must capture (?P<{group}>...)")
        return compiled

    return parse


def regexes(flags: int = 0) -> Parse:
    """A list of regular expressions, each compiled."""

    def parse(value: Any, where: str) -> tuple[re.Pattern[str], ...]:
        return tuple(compile_regex(item, where, flags) for item in strings(value, where))

    return parse
