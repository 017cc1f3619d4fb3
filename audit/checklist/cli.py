"""``exposure checklist``: the settings checklist on the command line, as subcommands.

``ask`` (the default) asks the questions, ``evaluate`` says what to change, ``worksheet``
prints the questions for paper, ``from-paper`` types a paper sheet back in, ``list`` shows
every platform and item. Each subcommand has its own options; ``--lang``, ``--answers`` and
``--platform`` may also be given before the subcommand.

Exit codes (also in ``exposure checklist --help`` and the README):
  0    finished, or stopped with q / end of input (answers so far are saved)
  2    usage error, an answers file that cannot be read or saved, an output that cannot be
       written, or damaged data files
  130  stopped with Ctrl-C, or told to end (SIGTERM, SIGHUP): answers so far are saved
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from audit import stopping
from audit.checkdata import ChecksError
from audit.checklist import words
from audit.checklist.answers import (
    Answers,
    ChecklistError,
    default_answers_path,
    read_answers,
    shown,
    shown_path,
    write_answers,
)
from audit.checklist.interactive import Session, Stopped, parse_platforms
from audit.checklist.load import load_platforms
from audit.checklist.model import Platform
from audit.checklist.paper import PaperCodeError, apply, parse_code
from audit.checklist.render import (
    catalogue_json,
    catalogue_text,
    todo_json,
    todo_markdown,
    todo_text,
)
from audit.checklist.worksheet import worksheet
from audit.checklist.worksheet_html import worksheet_html
from audit.cli_options import lang_option
from audit.cli_options import language as _lang
from audit.models import Lang
from audit.outputs import OutputError, write_private

EXIT_FATAL, EXIT_INTERRUPTED = 2, 130


class ChecklistFailed(click.ClickException):
    """A run that cannot go on (exit code 2)."""

    exit_code = EXIT_FATAL


def _platforms(values: tuple[str, ...], lang: Lang) -> tuple[Platform, ...]:
    """The platforms named with --platform (ids or names, repeated or comma-separated)."""
    platforms = _loaded(lang)
    if not values:
        return platforms
    chosen: list[str] = []
    for value in values:
        ids = parse_platforms(value, platforms)
        if ids is None:
            known = ", ".join(p.id for p in platforms)
            raise click.UsageError(
                words.UNKNOWN_PLATFORM.get(lang).format(value=shown(value), known=known)
            )
        chosen += ids
    by_id = {p.id: p for p in platforms}
    return tuple(by_id[pid] for pid in dict.fromkeys(chosen))


def _loaded(lang: Lang) -> tuple[Platform, ...]:
    try:
        return load_platforms()
    except ChecksError as error:
        raise ChecklistFailed(words.DATA_DAMAGED.get(lang).format(error=error)) from None


def _read(path: Path, lang: Lang) -> Answers:
    try:
        return read_answers(path)
    except ChecklistError as error:
        raise ChecklistFailed(error.message.get(lang)) from None


def _emit(text: str, output: str | None, lang: Lang) -> None:
    if output:
        try:
            write_private(output, text)
        except OutputError as error:
            raise ChecklistFailed(error.message.get(lang)) from None
    else:
        click.echo(text, nl=False)


def _say(line: str) -> None:
    click.echo(line, err=True)


def _ask(prompt: str) -> str | None:
    click.echo(prompt, nl=False, err=True)
    line = sys.stdin.readline()
    return line.rstrip("\r\n") if line else None


@dataclass(frozen=True)
class Chosen:
    """The options that decide which answers file and language a run uses, as she gave them.

    Kept as given (not resolved) so that the command to continue, printed when she stops, can
    repeat exactly the options she used and no others.
    """

    lang: str | None = None
    answers_file: str | None = None
    platforms: tuple[str, ...] = ()

    @property
    def language(self) -> Lang:
        return _lang(self.lang)

    @property
    def path(self) -> Path:
        return Path(self.answers_file) if self.answers_file else default_answers_path()

    def merged(
        self, lang: str | None, answers_file: str | None, platforms: tuple[str, ...]
    ) -> Chosen:
        """A subcommand's own options, falling back on those given before it."""
        return Chosen(
            lang or self.lang, answers_file or self.answers_file, platforms or self.platforms
        )

    def command(self, subcommand: str = "", platform_ids: tuple[str, ...] = ()) -> str:
        """The command line that repeats these options (to continue, or to evaluate)."""
        words_ = ["exposure", "checklist"] + ([subcommand] if subcommand else [])
        if self.answers_file:
            words_ += ["--answers", self.answers_file]
        if self.lang:
            words_ += ["--lang", self.lang]
        if platform_ids:
            words_ += ["--platform", ",".join(platform_ids)]
        return shlex.join(words_)


def _state(ctx: click.Context) -> Chosen:
    found = ctx.find_object(Chosen)
    return found if found is not None else Chosen()


def _next_steps(chosen: Chosen) -> str:
    lang = chosen.language
    scan = shlex.join(
        ["exposure", "scan", words.PHOTOS_PLACEHOLDER.get(lang), "--answers", str(chosen.path)]
    )
    return words.NEXT_STEPS.get(lang).format(
        evaluate=shown_path(chosen.command("evaluate")), scan=shown_path(scan)
    )


def _interactive(chosen: Chosen, platforms: tuple[Platform, ...] | None, restart: bool) -> None:
    path, lang = chosen.path, chosen.language
    answers = _read(path, lang) if path.exists() or path.is_symlink() else Answers()
    _say(words.ANSWERS_AT.get(lang).format(path=shown_path(path)))
    session = Session(path, lang, _say, _ask, answers)
    code = 0
    try:
        picked = (
            tuple(p.id for p in platforms)
            if platforms
            else answers.platforms or session.choose_platforms()
        )
        session.start(picked, restart)
        session.run()
    except (Stopped, KeyboardInterrupt) as stop:
        code = EXIT_INTERRUPTED if isinstance(stop, KeyboardInterrupt) else 0
        done, total = session.progress()
        _say("")
        if not total:
            _say(words.STOPPED_EARLY.get(lang))
        else:
            _say(words.STOPPED.get(lang).format(done=done, total=total, path=shown_path(path)))
            again = chosen.command(platform_ids=tuple(p.id for p in platforms or ()))
            _say(words.CONTINUE_WITH.get(lang).format(command=shown_path(again)))
    except ChecklistError as error:
        raise ChecklistFailed(error.message.get(lang)) from None
    if session.answers.given:
        click.echo("")
        click.echo(todo_text(session.answers, lang), nl=False)
        if not code and session.progress()[0] == session.progress()[1]:
            _say("")
            _say(_next_steps(chosen))
    if code:
        sys.exit(code)


def _answers_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--answers",
        "answers_file",
        type=click.Path(dir_okay=False),
        default=None,
        help=(
            "The answers file (default: answers.json in your user data folder; its place is "
            "shown when the run starts)."
        ),
    )(function)


def _platform_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-p",
        "--platform",
        "platform_names",
        multiple=True,
        metavar="ID",
        help="Only these platforms, e.g. wechat (repeat or comma-separate).",
    )(function)


def _output_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        default=None,
        help="Write to this file (created readable by you only) instead of the screen.",
    )(function)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@lang_option()
@_answers_option
@_platform_option
@click.option(
    "--restart",
    is_flag=True,
    help="Forget the saved answers for the chosen platforms and ask again (as 'ask --restart').",
)
@click.pass_context
def checklist(
    ctx: click.Context,
    lang: str | None,
    answers_file: str | None,
    platform_names: tuple[str, ...],
    restart: bool,
) -> None:
    """Check your privacy settings app by app, one question at a time.

    Every answer is saved at once: stop whenever you like (q or Ctrl-C) and the next run
    continues where you stopped. Without a subcommand, this is 'ask'.

    \b
    Example:
        exposure checklist --lang zh
        exposure checklist ask --platform wechat
        exposure checklist evaluate
        exposure checklist worksheet --platform wechat,qq -o sheets.html
        exposure checklist from-paper wechat=yn?nnyns
        exposure checklist list --format json

    \b
    Exit codes:
        0    finished, or stopped with q (answers so far are saved)
        2    usage error, an answers file that cannot be read or saved, or an
             output file that cannot be written
        130  stopped with Ctrl-C, or told to end: answers so far are saved
    """
    ctx.obj = Chosen(lang, answers_file, platform_names)
    if ctx.invoked_subcommand is None:
        ctx.invoke(ask, restart=restart)
    elif restart:
        raise click.UsageError(words.RESTART_ALONE.get(ctx.obj.language))


@checklist.command()
@lang_option()
@_answers_option
@_platform_option
@click.option(
    "--restart",
    is_flag=True,
    help="Forget the saved answers for the chosen platforms and ask again.",
)
@click.pass_context
def ask(
    ctx: click.Context,
    lang: str | None = None,
    answers_file: str | None = None,
    platform_names: tuple[str, ...] = (),
    restart: bool = False,
) -> None:
    """Ask the questions one at a time; each answer is saved at once.

    Answer y (yes), n (no), ? (not sure) or s (skip); 'yes' is always the risky answer.
    q or Ctrl-C stops; the same command continues where you stopped.

    \b
    Example:
        exposure checklist ask --lang zh
        exposure checklist ask --platform wechat --answers class.json
    """
    chosen = _state(ctx).merged(lang, answers_file, platform_names)
    language = chosen.language
    platforms = _platforms(chosen.platforms, language) if chosen.platforms else None
    _loaded(language)
    with stopping.like_ctrl_c():
        _interactive(chosen, platforms, restart)


@checklist.command()
@lang_option()
@_answers_option
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for reading, markdown for printing, json for tools.",
)
@_output_option
@click.pass_context
def evaluate(
    ctx: click.Context,
    lang: str | None,
    answers_file: str | None,
    output_format: str,
    output: str | None,
) -> None:
    """Ask nothing: say what to change and where, from the saved answers.

    \b
    Example:
        exposure checklist evaluate
        exposure checklist evaluate --format markdown -o to-change.md
    """
    chosen = _state(ctx).merged(lang, answers_file, ())
    language, path = chosen.language, chosen.path
    if not path.exists() and not path.is_symlink():
        raise ChecklistFailed(words.NO_ANSWERS_FILE.get(language).format(path=shown_path(path)))
    answers = _read(path, language)
    render = {"text": todo_text, "markdown": todo_markdown, "json": todo_json}[output_format]
    _emit(render(answers, language), output, language)


@checklist.command("worksheet")
@lang_option()
@_platform_option
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["html", "markdown"]),
    default="html",
    show_default=True,
    help="html prints on A4, one app per page; markdown for editing.",
)
@_output_option
@click.pass_context
def worksheet_command(
    ctx: click.Context,
    lang: str | None,
    platform_names: tuple[str, ...],
    output_format: str,
    output: str | None,
) -> None:
    """Print the questions on paper, a box per answer, the risky one marked.

    Each sheet ends with an answer code: the student writes one letter per question and types
    it back with 'exposure checklist from-paper'.

    \b
    Example:
        exposure checklist worksheet --lang zh --platform wechat,qq -o sheets.html
    """
    chosen = _state(ctx).merged(lang, None, platform_names)
    language = chosen.language
    platforms = _platforms(chosen.platforms, language)
    render = worksheet_html if output_format == "html" else worksheet
    _emit(render(platforms, language), output, language)


@checklist.command("from-paper")
@click.argument("codes", nargs=-1, required=True, metavar="APP=LETTERS...")
@lang_option()
@_answers_option
@click.pass_context
def from_paper(
    ctx: click.Context, codes: tuple[str, ...], lang: str | None, answers_file: str | None
) -> None:
    """Type in the answers of a paper worksheet, one code per app.

    One letter per question, in the order of the sheet: y (yes), n (no), ? (not sure),
    s (skipped). The answers are saved as if given one by one.

    \b
    Example:
        exposure checklist from-paper wechat=yn?nnyns qq=nny?n
    """
    chosen = _state(ctx).merged(lang, answers_file, ())
    language, path = chosen.language, chosen.path
    platforms = _loaded(language)
    try:
        papers = [parse_code(code, platforms) for code in codes]
    except PaperCodeError as error:
        raise click.UsageError(error.message.get(language)) from None
    answers = _read(path, language) if path.exists() or path.is_symlink() else Answers()
    for paper in papers:
        answers = apply(answers, paper)
    try:
        write_answers(path, answers)
    except ChecklistError as error:
        raise ChecklistFailed(error.message.get(language)) from None
    for paper in papers:
        _say(
            words.PAPER_SAVED.get(language).format(
                app=paper.platform.name.get(language),
                count=len(paper.answers),
                path=shown_path(path),
            )
        )
    click.echo(todo_text(answers, language), nl=False)
    _say("")
    _say(_next_steps(chosen))


@checklist.command("list")
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for reading, json for tools (always both languages).",
)
@_platform_option
@lang_option("Language of the text listing.")
@click.pass_context
def list_items(
    ctx: click.Context, output_format: str, platform_names: tuple[str, ...], lang: str | None
) -> None:
    """List the platforms and their checklist items, with ids and severities.

    \b
    Example:
        exposure checklist list
        exposure checklist list --platform wechat --lang zh
        exposure checklist list --format json
    """
    chosen = _state(ctx).merged(lang, None, platform_names)
    language = chosen.language
    platforms = _platforms(chosen.platforms, language)
    click.echo(
        catalogue_json(platforms)
        if output_format == "json"
        else catalogue_text(platforms, language),
        nl=False,
    )
