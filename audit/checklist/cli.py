"""``exposure checklist``: the settings checklist on the command line.

Exit codes:
  0    finished, or stopped with q / end of input (answers so far are saved)
  2    usage error, an answers file that cannot be read, or damaged data files
  130  stopped with Ctrl-C (answers so far are saved)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from audit.checkdata import ChecksError
from audit.checklist import words
from audit.checklist.answers import (
    Answers,
    ChecklistError,
    default_answers_path,
    read_answers,
    shown,
    shown_path,
)
from audit.checklist.interactive import Session, Stopped, parse_platforms
from audit.checklist.load import load_platforms
from audit.checklist.model import Platform
from audit.checklist.render import (
    catalogue_json,
    catalogue_text,
    todo_json,
    todo_markdown,
    todo_text,
)
from audit.checklist.worksheet import worksheet
from audit.cli_options import lang_option
from audit.cli_options import language as _lang
from audit.models import Lang, Text
from audit.outputs import OutputError, write_private

EXIT_FATAL, EXIT_INTERRUPTED = 2, 130

_DAMAGED = Text(
    "exposure's own data files are damaged: {error}", "exposure 自带的数据文件已损坏：{error}"
)
_NO_ANSWERS_FILE = Text(
    "There is no answers file at {path} yet. Run 'exposure checklist' to answer the questions "
    "first.",
    "{path} 还没有答案文件。请先运行“exposure checklist”回答问题。",
)
_UNKNOWN_PLATFORM = Text(
    "Unknown platform {value}. Choose from: {known}.",
    "不认识的平台 {value}。可选：{known}。",
)
_FORMAT_ALONE = Text(
    "--format {format} needs --evaluate; for the questions as JSON use 'exposure checklist list "
    "--format json'.",
    "--format {format} 需要和 --evaluate 一起用；"
    "要以 JSON 列出问题，请用“exposure checklist list --format json”。",
)
_OUTPUT_ALONE = Text(
    "-o/--output needs --evaluate or --format markdown.",
    "-o/--output 需要和 --evaluate 或 --format markdown 一起用。",
)
_RESTART_ALONE = Text(
    "--restart only applies to the interactive run.", "--restart 只用于逐题回答。"
)
_WITH_SUBCOMMAND = Text(
    "Put these options after the subcommand, e.g. 'exposure checklist list --format json'.",
    "请把这些选项放在子命令后面，例如“exposure checklist list --format json”。",
)


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
                _UNKNOWN_PLATFORM.get(lang).format(value=shown(value), known=known)
            )
        chosen += ids
    by_id = {p.id: p for p in platforms}
    return tuple(by_id[pid] for pid in dict.fromkeys(chosen))


def _loaded(lang: Lang) -> tuple[Platform, ...]:
    try:
        return load_platforms()
    except ChecksError as error:
        raise ChecklistFailed(_DAMAGED.get(lang).format(error=error)) from None


def _read(path: Path, lang: Lang) -> Answers:
    try:
        return read_answers(path)
    except ChecklistError as error:
        raise ChecklistFailed(error.message.get(lang)) from None


def _emit(text: str, output: str | None) -> None:
    if output:
        try:
            write_private(output, text)
        except OutputError as error:
            raise ChecklistFailed(str(error)) from None
    else:
        click.echo(text, nl=False)


def _say(line: str) -> None:
    click.echo(line, err=True)


def _ask(prompt: str) -> str | None:
    click.echo(prompt, nl=False, err=True)
    line = sys.stdin.readline()
    return line.rstrip("\r\n") if line else None


def _interactive(
    path: Path, lang: Lang, platforms: tuple[Platform, ...] | None, restart: bool
) -> None:
    answers = _read(path, lang) if path.exists() or path.is_symlink() else Answers()
    _say(words.ANSWERS_AT.get(lang).format(path=shown_path(path)))
    session = Session(path, lang, _say, _ask, answers)
    code = 0
    try:
        chosen = (
            tuple(p.id for p in platforms)
            if platforms
            else answers.platforms or session.choose_platforms()
        )
        session.start(chosen, restart)
        session.run()
    except (Stopped, KeyboardInterrupt) as stop:
        code = EXIT_INTERRUPTED if isinstance(stop, KeyboardInterrupt) else 0
        done, total = session.progress()
        _say("")
        if not total:
            _say(words.STOPPED_EARLY.get(lang))
        else:
            _say(words.STOPPED.get(lang).format(done=done, total=total, path=shown_path(path)))
    except ChecklistError as error:
        raise ChecklistFailed(error.message.get(lang)) from None
    if session.answers.given:
        click.echo("")
        click.echo(todo_text(session.answers, lang), nl=False)
    if code:
        sys.exit(code)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@lang_option()
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(dir_okay=False),
    default=None,
    help=(
        "The answers file (default: answers.json in your user data folder; its place is shown "
        "when the run starts)."
    ),
)
@click.option(
    "-p",
    "--platform",
    "platform_names",
    multiple=True,
    metavar="ID",
    help=(
        "Only these platforms, e.g. wechat (repeat or comma-separate). See 'exposure checklist "
        "list'."
    ),
)
@click.option(
    "--evaluate",
    "evaluate_only",
    is_flag=True,
    help="Ask nothing: print what to change, from the answers file.",
)
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default=None,
    help=(
        "With --evaluate: text (default), markdown or json. Alone: 'markdown' prints a "
        "printable worksheet."
    ),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the worksheet or the list to this file (created readable by you only).",
)
@click.option(
    "--restart",
    is_flag=True,
    help="Forget the saved answers for the chosen platforms and ask again.",
)
@click.pass_context
def checklist(
    ctx, lang, answers_file, platform_names, evaluate_only, output_format, output, restart
) -> None:
    """Check your privacy settings app by app, one question at a time.

    Every answer is saved at once: stop whenever you like (q or Ctrl-C) and the next run
    continues where you stopped. At the end you get a list of what to change and where.

    \b
    Example:
        exposure checklist --lang zh
        exposure checklist --platform wechat
        exposure checklist --evaluate
        exposure checklist --format markdown --platform wechat -o wechat.md
        exposure checklist list --format json
    """
    language = _lang(lang)
    if ctx.invoked_subcommand is not None:
        if any((answers_file, platform_names, evaluate_only, output_format, output, restart)):
            raise click.UsageError(_WITH_SUBCOMMAND.get(language))
        ctx.obj = {"lang": lang}
        return
    path = Path(answers_file) if answers_file else default_answers_path()
    platforms = _platforms(platform_names, language) if platform_names else None
    if restart and (evaluate_only or output_format):
        raise click.UsageError(_RESTART_ALONE.get(language))
    if evaluate_only:
        if not path.exists() and not path.is_symlink():
            raise ChecklistFailed(_NO_ANSWERS_FILE.get(language).format(path=shown_path(path)))
        answers = _read(path, language)
        render = {"text": todo_text, "markdown": todo_markdown, "json": todo_json}[
            output_format or "text"
        ]
        _emit(render(answers, language), output)
        return
    if output_format == "markdown":
        _emit(worksheet(platforms or _loaded(language), language), output)
        return
    if output_format:
        raise click.UsageError(_FORMAT_ALONE.get(language).format(format=output_format))
    if output:
        raise click.UsageError(_OUTPUT_ALONE.get(language))
    _loaded(language)
    _interactive(path, language, platforms, restart)


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
@click.option(
    "-p",
    "--platform",
    "platform_names",
    multiple=True,
    metavar="ID",
    help="Only these platforms (repeat or comma-separate).",
)
@lang_option("Language of the text listing.")
@click.pass_context
def list_items(ctx, output_format, platform_names, lang) -> None:
    """List the platforms and their checklist items, with ids and severities.

    \b
    Example:
        exposure checklist list
        exposure checklist list --platform wechat --lang zh
        exposure checklist list --format json
    """
    language = _lang(lang or (ctx.obj or {}).get("lang"))
    platforms = _platforms(platform_names, language)
    click.echo(
        catalogue_json(platforms)
        if output_format == "json"
        else catalogue_text(platforms, language),
        nl=False,
    )
