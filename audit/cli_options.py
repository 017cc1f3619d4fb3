"""Command-line options shared by every exposure command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from audit.messages import default_lang
from audit.models import Lang


def language(value: str | None) -> Lang:
    """The language asked for, or the system's when none was."""
    return Lang(value) if value else default_lang()


F = TypeVar("F", bound=Callable[..., Any])


def lang_option(
    help_text: str = "Language: en or zh. Default: the system's language.",
) -> Callable[[F], F]:
    """``--lang en|zh``, left as text so that a command can fall back on a parent's choice."""
    return click.option(
        "--lang", type=click.Choice([lang.value for lang in Lang]), default=None, help=help_text
    )
