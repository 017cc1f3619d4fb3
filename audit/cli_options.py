"""Command-line options shared by every exposure command."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import IO, Any, TypeVar

import click

from audit.formats.table import DEFAULT_WIDTH
from audit.messages import default_lang
from audit.models import Lang


def output_width(stream: IO[Any]) -> int:
    """The terminal's width when printing to one; a steady default for files and pipes."""
    if not stream.isatty():
        return DEFAULT_WIDTH
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def language(value: str | None) -> Lang:
    """The language asked for; else the one given to a command around this one (``exposure
    --lang zh scan …``); else the system's."""
    if value:
        return Lang(value)
    context = click.get_current_context(silent=True)
    parent = context.parent if context is not None else None
    while parent is not None:
        chosen = parent.params.get("lang")
        if chosen:
            return Lang(chosen)
        parent = parent.parent
    return default_lang()


F = TypeVar("F", bound=Callable[..., Any])


def lang_option(
    help_text: str = "Language: en or zh. Default: the system's language.",
) -> Callable[[F], F]:
    """``--lang en|zh``, left as text so that a command can fall back on a parent's choice."""
    return click.option(
        "--lang", type=click.Choice([lang.value for lang in Lang]), default=None, help=help_text
    )


def jobs_option(help_text: str = "Worker processes (default: one per core).") -> Callable[[F], F]:
    """``-j/--jobs``: worker processes, 0 meaning one per available core."""
    return click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, help=help_text)


def timeout_option(default: float, help_text: str) -> Callable[[F], F]:
    """``--timeout``: seconds one file may take before its worker is stopped."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=1),
        default=default,
        show_default=True,
        help=help_text,
    )


def max_file_size_option(help_text: str) -> Callable[[F], F]:
    """``--max-file-size MB``: larger files are not read at all."""
    return click.option(
        "--max-file-size",
        type=click.IntRange(min=1),
        default=1024,
        show_default=True,
        metavar="MB",
        help=help_text,
    )


def me_option(help_text: str) -> Callable[[F], F]:
    """``--me FILE``: her own names, handles, phones and e-mails, looked for everywhere."""
    return click.option("--me", "me_file", type=click.Path(dir_okay=False), help=help_text)
