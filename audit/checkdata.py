"""Find and load the data files in ``checks/``, failing loudly on anything malformed.

In an installed wheel the files live in ``audit/checks`` (the build copies them there); in a
source checkout they are the top-level ``checks/`` folder. Every loader validates what it reads
(ids, both languages, severities) so a broken data file stops the tool at start-up with the file
and entry named, instead of producing wrong findings later.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from audit.models import Confidence, Severity, Text


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


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Parse ``checks/<name>`` (TOML); cached, since the files never change during a run."""
    path = checks_dir() / name
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ChecksError(f"{name}: file missing from checks/") from None
    except tomllib.TOMLDecodeError as error:
        raise ChecksError(f"{name}: not valid TOML ({error})") from None
    if data.get("schema") != 1:
        raise ChecksError(f"{name}: expected 'schema = 1'")
    return data


def text(value: Any, where: str) -> Text:
    """A ``{ en = ..., zh = ... }`` table, both present and non-empty."""
    if not isinstance(value, dict):
        raise ChecksError(f"{where}: expected a table with 'en' and 'zh'")
    english, chinese = value.get("en"), value.get("zh")
    if not isinstance(english, str) or not english.strip():
        raise ChecksError(f"{where}: English text ('en') is missing or empty")
    if not isinstance(chinese, str) or not chinese.strip():
        raise ChecksError(f"{where}: Chinese text ('zh') is missing or empty")
    return Text(english.strip(), chinese.strip())


def optional_text(entry: dict[str, Any], key: str, where: str) -> Text | None:
    return text(entry[key], f"{where}.{key}") if key in entry else None


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


def string_list(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ChecksError(f"{where}.{key}: expected a list of non-empty strings")
    return tuple(value)
