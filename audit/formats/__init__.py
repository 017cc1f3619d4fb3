"""Formats: pure functions from an :class:`AuditReport` to text. They never see the engine."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from audit.formats import html, json, markdown, table
from audit.formats.images import PhotoImages
from audit.models import AuditReport, Lang


class OutputFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"


def render(
    report: AuditReport,
    output: OutputFormat,
    lang: Lang | str,
    color: bool = False,
    width: int = table.DEFAULT_WIDTH,
    summary: bool = False,
    images: Mapping[int, PhotoImages] | None = None,
) -> str:
    """``images`` (HTML only) are thumbnails keyed by the photo's position in ``report.photos``."""
    match output:
        case OutputFormat.TABLE:
            return table.render(report, lang, color=color, width=width, summary=summary)
        case OutputFormat.JSON:
            return json.render(report, lang)
        case OutputFormat.MARKDOWN:
            return markdown.render(report, lang, summary=summary)
        case OutputFormat.HTML:
            return html.render(report, lang, images=images or {})
    raise ValueError(f"unknown format {output!r}")
