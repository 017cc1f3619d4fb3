"""The ``exposure`` command: thin Click wiring over the library.

Exit codes (also in the README):
  0  no finding at or above --fail-on, and every audited photo was read in full
  1  at least one finding at or above --fail-on, or (unless --fail-on none) a photo that could
     not be read in full: what was not read may hold anything, so the run cannot pass as clean
  2  usage error, or nothing could be audited at all
"""

from __future__ import annotations

import enum
import os
import shutil
import sys

import click

from audit import __version__, messages
from audit import cache as result_cache
from audit.checkdata import ChecksError
from audit.cli_options import lang_option, language
from audit.cli_words import BilingualGroup, current_lang
from audit.engine import AuditOptions, run_audit
from audit.formats import OutputFormat, render
from audit.formats.table import DEFAULT_WIDTH
from audit.me import MeFileError, load_me
from audit.models import AuditReport, Lang, Severity, Text
from audit.outputs import OutputError, write_private
from audit.progress import progress_reporter
from audit.redact import redact_report
from audit.report_images import report_images

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FATAL = 0, 1, 2


class FailOn(enum.StrEnum):
    """The least severe finding that makes ``scan`` exit with 1; ``none`` never does."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"

    @property
    def threshold(self) -> Severity | None:
        return None if self is FailOn.NONE else Severity.parse(self.value)


class FatalError(click.ClickException):
    """A run that cannot produce a report (exit code 2), said in the report's language."""

    exit_code = EXIT_FATAL

    def __init__(self, message: Text, lang: Lang) -> None:
        super().__init__(message.get(lang))
        self.lang = lang

    def show(self, file=None) -> None:
        prefix = "错误：" if self.lang is Lang.ZH else "Error: "
        click.echo(prefix + self.format_message(), file=file or sys.stderr)


def _split_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def should_fail(report: AuditReport, fail_on: FailOn | str) -> bool:
    """A finding at the threshold fails the run, and so does a photo not read in full."""
    threshold = FailOn(fail_on).threshold
    if threshold is None:
        return False
    if any(not photo.fully_read for photo in report.audited):
        return True
    return any(finding.severity >= threshold for finding in report.all_findings)


def _width(stream) -> int:
    """The terminal's width when printing to one; a steady default for files and pipes."""
    if not stream.isatty():
        return DEFAULT_WIDTH
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def _use_color(stream) -> bool:
    return "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb" and stream.isatty()


def _read_answers(path: str, lang: Lang):
    from audit.checklist import ChecklistError, read_answers

    try:
        return read_answers(path)
    except ChecklistError as error:
        raise FatalError(error.message, lang) from None


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(messages.VERSION.get(current_lang()).format(version=__version__))
    ctx.exit()


def output_options(function):
    """Options shared by every command that prints a report."""
    for option in reversed(
        [
            click.option(
                "-f",
                "--format",
                "output_format",
                type=click.Choice([f.value for f in OutputFormat]),
                default="table",
                show_default=True,
                help="How to print the report.",
            ),
            click.option(
                "-o",
                "--output",
                type=click.Path(dir_okay=False, writable=True),
                help=(
                    "Write the report to this file (created readable by you only) instead of "
                    "the screen."
                ),
            ),
            lang_option("Language of the report: en or zh. Default: the system's language."),
            click.option(
                "--redact",
                is_flag=True,
                help="Mask names, serial numbers and ids, number the photos instead of naming "
                "them, coarsen places to about 10 km and times to the day, for sharing or showing "
                "on a screen.",
            ),
        ]
    ):
        function = option(function)
    return function


@click.group(cls=BilingualGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
@lang_option("Language of the help and messages: en or zh. Default: the system's language.")
def main(lang: str | None) -> None:
    """Audit your own photos and settings: learn how identifiable you are before a stranger does.

    Nothing is uploaded: every check runs on this computer.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@output_options
@click.option(
    "--fail-on",
    type=click.Choice([choice.value for choice in FailOn]),
    default="high",
    show_default=True,
    help="Exit with code 1 if any finding is at least this severe, or if a photo could not be "
    "read in full (unless 'none').",
)
@click.option(
    "--select",
    multiple=True,
    metavar="ID",
    help="Only report findings whose id or rule starts with ID (repeat or comma-separate); "
    "checks that cannot report them are not run.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="ID",
    help="Do not report findings whose id or rule starts with ID (e.g. text.watermark/douyin).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes (default: one per core).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="Seconds one file may take before it is stopped and skipped.",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=1024,
    show_default=True,
    metavar="MB",
    help="Skip files larger than this many megabytes.",
)
@click.option(
    "--me",
    "me_file",
    type=click.Path(dir_okay=False),
    help=(
        "A TOML file with your own names, handles, phones, e-mails and places, looked for "
        "everywhere (see examples/me.toml)."
    ),
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every file again, ignoring (and not updating) results remembered from earlier runs.",
)
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(dir_okay=False),
    help="Add your settings-checklist answers (from `exposure checklist`) to the report.",
)
@click.option(
    "--metadata-only",
    is_flag=True,
    help="Skip the pictures themselves (watermarks, QR codes, faces): much faster, metadata only.",
)
@click.option(
    "--summary",
    is_flag=True,
    help="Print only the totals, the photos that give away most, and what to do first.",
)
@click.option(
    "--no-thumbnails",
    is_flag=True,
    help="Leave the small pictures out of an HTML report.",
)
@click.option(
    "--clean-to",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Also make clean copies (as `exposure clean` does) of the photos with findings, in DIR.",
)
def scan(
    paths,
    output_format,
    output,
    lang,
    redact,
    fail_on,
    select,
    ignore,
    jobs,
    timeout,
    max_file_size,
    me_file,
    no_cache,
    answers_file,
    metadata_only,
    summary,
    no_thumbnails,
    clean_to,
) -> None:
    """Audit photos (files or folders, searched recursively) for what identifies you.

    \b
    Example:
        exposure scan ~/Pictures/to-post
        exposure scan photo.jpg --format json -o report.json
        exposure scan DCIM --select location,device --fail-on critical
        exposure scan DCIM --clean-to DCIM-clean
    """
    chosen = language(lang)
    if clean_to:
        _check_clean_folder(clean_to, paths, chosen)
    try:
        me = load_me(me_file) if me_file else None
    except MeFileError as error:
        raise FatalError(error.message, chosen) from None
    answers = _read_answers(answers_file, chosen) if answers_file else None
    options = AuditOptions(
        paths=tuple(paths),
        select=_split_ids(select),
        ignore=_split_ids(ignore),
        jobs=jobs,
        time_budget=timeout,
        max_file_bytes=max_file_size * 1024 * 1024,
        me=me,
        use_cache=not no_cache,
        answers=answers,
        metadata_only=metadata_only,
    )
    try:
        with progress_reporter(sys.stderr, chosen) as progress:
            report = run_audit(options, progress)
    except ChecksError as error:
        raise FatalError(messages.CHECKS_DAMAGED.format(error=error), chosen) from None
    except KeyboardInterrupt:
        raise FatalError(messages.STOPPED, chosen) from None
    if not report.audited and all(p.skip and p.skip.code == "not-found" for p in report.photos):
        raise FatalError(messages.NONE_EXIST, chosen)
    chosen_format = OutputFormat(output_format)
    images = {}
    if chosen_format is OutputFormat.HTML and not no_thumbnails:
        images = report_images(report.photos, blur=redact)
    if redact:
        report = redact_report(report)
    text = render(
        report,
        chosen_format,
        chosen,
        color=not output and _use_color(sys.stdout),
        width=_width(sys.stdout) if not output else DEFAULT_WIDTH,
        summary=summary,
        images=images,
    )
    if output:
        try:
            write_private(output, text, protected=[photo.path for photo in report.photos])
        except OutputError as error:
            raise FatalError(error.message, chosen) from None
    else:
        click.echo(text, nl=False)
    failed = should_fail(report, fail_on)
    if clean_to:
        failed = _clean_found(report, clean_to, paths, chosen, options) or failed
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


def _check_clean_folder(out: str, paths, lang: Lang) -> None:
    from audit.clean.plan import PlanError, check_output_folder

    try:
        check_output_folder(out, paths)
    except PlanError as error:
        raise FatalError(error.message, lang) from None


def _clean_found(report, out: str, paths, lang: Lang, options: AuditOptions) -> bool:
    """Clean copies of the photos with findings; the receipts go to stderr. True if any is left."""
    from audit.clean.cli import run_clean
    from audit.clean.engine import CleanOptions, exit_code
    from audit.clean.render import render as render_clean

    with_findings = {photo.path for photo in report.audited if photo.findings}
    if not with_findings:
        return False
    clean_options = CleanOptions(
        paths=tuple(paths),
        out=out,
        metadata_only=options.metadata_only,
        jobs=options.jobs,
        max_file_bytes=options.max_file_bytes,
        me=options.me,
    )
    cleaned = run_clean(clean_options, lang, only=with_findings.__contains__)
    click.echo(render_clean(cleaned, OutputFormat.TABLE, lang), file=sys.stderr, nl=False)
    return exit_code(cleaned) != EXIT_CLEAN


@main.group()
def cache() -> None:
    """Results remembered between scans, so that unchanged files are not read again."""


@cache.command("info")
@lang_option()
def cache_info(lang) -> None:
    """Show where the cache is and how much it holds.

    \b
    Example:
        exposure cache info
    """
    chosen = language(lang)
    details = result_cache.info()
    click.echo(messages.CACHE_WHERE.get(chosen).format(path=details.path))
    if not details.exists:
        click.echo(messages.CACHE_EMPTY.get(chosen))
        return
    click.echo(messages.CACHE_SIZE.get(chosen).format(size=details.size / 1024 / 1024))
    click.echo(messages.CACHE_ENTRIES.get(chosen).format(entries=details.current_entries))


@cache.command("clear")
@lang_option()
def cache_clear(lang) -> None:
    """Forget every remembered result, and the index of your photos kept for `exposure trace`.

    \b
    Example:
        exposure cache clear
    """
    from audit.trace import index as trace_index

    freed = result_cache.clear() + trace_index.clear()
    click.echo(messages.CACHE_CLEARED.get(language(lang)).format(size=freed / 1024 / 1024))


from audit.checklist.cli import checklist  # noqa: E402

main.add_command(checklist)

from audit.demo.cli import demo  # noqa: E402

main.add_command(demo)

from audit.profile import cli as profile_cli  # noqa: E402

main.add_command(profile_cli.profile)

from audit.clean.cli import clean  # noqa: E402

main.add_command(clean)

from audit.trace.cli import trace  # noqa: E402

main.add_command(trace)
