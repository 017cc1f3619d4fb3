"""Formats: pure functions from an :class:`AuditReport` to text. They never see the engine."""

from __future__ import annotations

import enum

from audit.formats import json, markdown, table
from audit.models import AuditReport, Lang


class OutputFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


def render(report: AuditReport, output: OutputFormat, lang: Lang | str, color: bool = False) -> str:
    match output:
        case OutputFormat.TABLE:
            return table.render(report, lang, color=color)
        case OutputFormat.JSON:
            return json.render(report, lang)
        case OutputFormat.MARKDOWN:
            return markdown.render(report, lang)
    raise ValueError(f"unknown format {output!r}")
