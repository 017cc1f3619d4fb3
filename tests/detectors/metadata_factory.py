"""Build Metadata values directly, for detector tests that need no file."""

from __future__ import annotations

from audit.readers.metadata import Metadata, Preview, Tag


def rationals(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(tuple(int(n) for n in part.split("/")) for part in text.split())


def metadata(
    values: dict[str, str], *, width=None, height=None, previews: tuple[Preview, ...] = ()
) -> Metadata:
    tags = {}
    for key, value in values.items():
        found = (
            rationals(value)
            if "/" in value and all(p.replace("/", "").isdigit() for p in value.split())
            else ()
        )
        tags[key] = (Tag(key, value, rationals=found),)
    return Metadata(tags, previews, width, height)
