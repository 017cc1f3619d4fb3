"""The ``exposure`` command: thin Click wiring over the library.

Exit codes (also in the README and in ``exposure scan --help``):
  0    no finding at or above --fail-on, and every audited photo was read in full
  1    at least one finding at or above --fail-on, or (unless --fail-on none) a photo that
       could not be read in full: what was not read may hold anything, so the run cannot pass
  2    usage error, a --me or answers file that cannot be used, a report that cannot be
       written, or nothing could be audited at all (no photo among the paths given)
  130  stopped (Ctrl-C, SIGTERM, SIGHUP): the report of what finished is written or shown
"""

from __future__ import annotations

import contextlib
import enum
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

import click

from audit import __version__, collector, messages, sanitize, stopping
from audit import cache as result_cache
from audit.checkdata import ChecksError
from audit.cli_options import (
    jobs_option,
    lang_option,
    language,
    max_file_size_option,
    me_option,
    output_width,
    timeout_option,
)
from audit.cli_words import COMMAND_SUMMARIES, BilingualGroup, current_lang
from audit.engine import AuditOptions, Interrupted, run_audit
from audit.formats import OutputFormat, render
from audit.formats.table import DEFAULT_WIDTH
from audit.me import MeFileError, load_me
from audit.models import AuditReport, Lang, Severity, Text

if TYPE_CHECKING:
    from audit.checklist import Answers
from audit.outputs import OutputError, inputs_under, refuse_inputs, write_private
from audit.progress import progress_reporter
from audit.redact import redact_report
from audit.report_images import report_images
from audit.skips import FOLDER_CODES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FATAL, EXIT_STOPPED = 0, 1, 2, 130


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

    def __init__(self, message: Text, lang: Lang, exit_code: int = EXIT_FATAL) -> None:
        super().__init__(message.get(lang))
        self.lang = lang
        self.exit_code = exit_code  # type: ignore[misc]  # Click reads it per instance too

    def show(self, file: IO[Any] | None = None) -> None:
        prefix = "错误：" if self.lang is Lang.ZH else "Error: "
        click.echo(prefix + self.format_message(), file=file or sys.stderr)


def _split_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _checked_ids(values: tuple[str, ...], option: str, lang: Lang) -> tuple[str, ...]:
    """The ids of --select or --ignore, each the start of a finding's id or rule: a mistyped
    one (``gps``, ``locaton``) would select nothing and report a photo with GPS as clean."""
    from audit import catalog

    known = set(catalog.known_ids())
    ids = _split_ids(values)
    if any(value.startswith("profile.") for value in ids):
        from audit.checkdata import ChecksError
        from audit.checklist.evaluate import finding_id
        from audit.checklist.load import load_platforms

        with contextlib.suppress(ChecksError):  # said by the checklist itself when it runs
            known |= {finding_id(p, item) for p in load_platforms() for item in p.items}
    for value in ids:
        head, rule = value.split("/", 1)[0], "/" in value
        if not any(k == head if rule else k.startswith(head) for k in known):
            families = ", ".join(sorted({k.split(".")[0] for k in known}))
            message = messages.UNKNOWN_ID.format(option=option, value=value, families=families)
            raise FatalError(message, lang)
    return ids


def should_fail(report: AuditReport, fail_on: FailOn | str) -> bool:
    """A finding at the threshold fails the run, and so does a photo not read in full."""
    threshold = FailOn(fail_on).threshold
    if threshold is None:
        return False
    if any(not photo.fully_read for photo in report.audited):
        return True
    return any(finding.severity >= threshold for finding in report.all_findings)


def _use_color(stream: IO[Any]) -> bool:
    return "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb" and stream.isatty()


def _read_answers(path: str, lang: Lang) -> Answers:
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


def output_options(function: Callable[..., Any]) -> Callable[..., Any]:
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
                type=click.Path(dir_okay=False),
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


#: The other commands, imported only when used: each brings libraries that ``scan`` never needs.
OTHER_COMMANDS = {
    "checklist": "audit.checklist.cli:checklist",
    "clean": "audit.clean.cli:clean",
    "demo": "audit.demo.cli:demo",
    "profile": "audit.profile.cli:profile",
    "trace": "audit.trace.cli:trace",
}


@click.group(
    cls=BilingualGroup,
    lazy=OTHER_COMMANDS,
    summaries=COMMAND_SUMMARIES,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
@lang_option(
    "Language of the help, messages and reports: en or zh. Default: the system's language."
)
def main(lang: str | None) -> None:
    """Audit your own photos and settings: learn how identifiable you are before a stranger does.

    Nothing is uploaded: every check runs on this computer.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
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
@jobs_option()
@timeout_option(60.0, "Seconds one file may take before it is stopped and skipped.")
@max_file_size_option("Skip files larger than this many megabytes.")
@me_option(
    "A TOML file with your own names, handles, phones, e-mails and places, looked for "
    "everywhere (`exposure demo` writes an example me.toml)."
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
    help="Print only the totals, the photos that give away most, and what to do first (table "
    "and Markdown; an HTML or JSON report is always whole).",
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
@collector.held_off()
def scan(
    paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    lang: str | None,
    redact: bool,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    jobs: int,
    timeout: float,
    max_file_size: int,
    me_file: str | None,
    no_cache: bool,
    answers_file: str | None,
    metadata_only: bool,
    summary: bool,
    no_thumbnails: bool,
    clean_to: str | None,
) -> None:
    """Audit photos (files or folders, searched recursively) for what identifies you.

    \b
    Example:
        exposure scan ~/Pictures/to-post
        exposure scan photo.jpg --format json -o report.json
        exposure scan DCIM --select location,device --fail-on critical
        exposure scan DCIM --clean-to DCIM-clean

    \b
    Exit codes:
        0    no finding at or above --fail-on
        1    at least one finding at or above --fail-on
        2    usage error, a --me or --answers file that cannot be used, a report
             that cannot be written, or no photo could be audited at all
        130  stopped (Ctrl-C, or the process was told to end): the report of the
             files that finished is written (-o) or shown
    """
    chosen = language(lang)
    if clean_to:
        _check_clean_folder(clean_to, paths, chosen)
    try:
        me = load_me(me_file) if me_file else None
    except MeFileError as error:
        raise FatalError(error.message, chosen) from None
    answers = _read_answers(answers_file, chosen) if answers_file else None
    protected = _inputs_at(output, paths, chosen) if output else frozenset()
    options = AuditOptions(
        paths=tuple(paths),
        select=_checked_ids(select, "--select", chosen),
        ignore=_checked_ids(ignore, "--ignore", chosen),
        jobs=jobs,
        time_budget=timeout,
        max_file_bytes=max_file_size * 1024 * 1024,
        me=me,
        use_cache=not no_cache,
        answers=answers,
        metadata_only=metadata_only,
    )
    stopped: Interrupted | None = None
    try:
        with stopping.like_ctrl_c(), progress_reporter(sys.stderr, chosen) as progress:
            report = run_audit(options, progress, notice=lambda text: _tell(text, chosen))
    except ChecksError as error:
        raise FatalError(messages.CHECKS_DAMAGED.format(error=error), chosen) from None
    except Interrupted as stop:
        stopped = stop
        assert stop.report is not None
        report = stop.report
    except KeyboardInterrupt:
        raise FatalError(messages.STOPPED, chosen, EXIT_STOPPED) from None
    if (
        stopped is None
        and not report.audited
        and all(p.skip and p.skip.code == "not-found" for p in report.photos)
    ):
        raise FatalError(messages.NONE_EXIST, chosen)
    try:
        with stopping.like_ctrl_c():
            _deliver(
                report,
                Delivery(OutputFormat(output_format), output, redact, summary, no_thumbnails),
                chosen,
                protected,
            )
    except KeyboardInterrupt:
        raise FatalError(messages.STOPPED_WRITING, chosen, EXIT_STOPPED) from None
    if stopped is not None:
        _say_stopped(report, output, chosen, remembered=not no_cache)
        sys.exit(EXIT_STOPPED)
    if not report.audited:
        raise FatalError(messages.NOTHING_AUDITED, chosen)
    failed = should_fail(report, fail_on)
    if clean_to:
        failed = _clean_found(report, clean_to, paths, chosen, options) or failed
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


def _tell(text: Text, lang: Lang) -> None:
    """One sentence for the person, on stderr so that a report on stdout stays clean."""
    with contextlib.suppress(OSError):
        click.echo(text.get(lang), err=True)


def _say_stopped(report: AuditReport, output: str | None, lang: Lang, remembered: bool) -> None:
    """How much of a stopped scan finished, and where its report is."""
    files = [p for p in report.photos if not (p.skip and p.skip.code in FOLDER_CODES)]
    done = sum(1 for p in files if not (p.skip and p.skip.code == "stopped"))
    template = messages.STOPPED_WRITTEN if output else messages.STOPPED_SHOWN
    shown = sanitize.shortened(output or "", 1000)
    _tell(template.format(done=done, total=len(files), path=shown), lang)
    if remembered:
        _tell(messages.STOPPED_REMEMBERED, lang)


def _inputs_at(output: str, paths: tuple[str, ...], lang: Lang) -> frozenset[tuple[int, int]]:
    """The inputs a report at ``output`` would overwrite, checked before the scan.

    The folders are walked (without reading any file) only when a file already exists there.
    """
    inputs = inputs_under(output, paths)
    try:
        refuse_inputs(output, inputs)
    except OutputError as error:
        raise FatalError(error.message, lang) from None
    return inputs


@dataclass(frozen=True)
class Delivery:
    """How and where the report goes."""

    output_format: OutputFormat
    output: str | None
    redact: bool
    summary: bool
    no_thumbnails: bool


def _deliver(
    report: AuditReport, how: Delivery, lang: Lang, protected: frozenset[tuple[int, int]]
) -> None:
    """Write the report to the -o file (whole, owner-only, never over an input) or print it."""
    images = {}
    if how.output_format is OutputFormat.HTML and not how.no_thumbnails:
        images = report_images(report.photos, blur=how.redact)
    if how.redact:
        report = redact_report(report)
    text = render(
        report,
        how.output_format,
        lang,
        color=not how.output and _use_color(sys.stdout),
        width=output_width(sys.stdout) if not how.output else DEFAULT_WIDTH,
        summary=how.summary,
        images=images,
    )
    if how.output:
        try:
            write_private(how.output, text, protected=protected)
        except OutputError as error:
            raise FatalError(error.message, lang) from None
    else:
        with contextlib.suppress(OSError):
            click.echo(text, nl=False)


def _check_clean_folder(out: str, paths: tuple[str, ...], lang: Lang) -> None:
    from audit.clean.plan import PlanError, check_output_folder

    try:
        check_output_folder(out, paths)
    except PlanError as error:
        raise FatalError(error.message, lang) from None


def _clean_found(
    report: AuditReport, out: str, paths: tuple[str, ...], lang: Lang, options: AuditOptions
) -> bool:
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
    receipts = render_clean(cleaned, OutputFormat.TABLE, lang, output_width(sys.stderr))
    click.echo(receipts, file=sys.stderr, nl=False)
    return exit_code(cleaned) != EXIT_CLEAN


@main.group()
def cache() -> None:
    """Results remembered between scans, so that unchanged files are not read again."""


@cache.command("info")
@lang_option()
def cache_info(lang: str | None) -> None:
    """Show where the cache is and how much it holds.

    \b
    Example:
        exposure cache info
    """
    chosen = language(lang)
    details = result_cache.info()
    click.echo(messages.CACHE_WHERE.get(chosen).format(path=sanitize.terminal(str(details.path))))
    if details.problem is not None:
        click.echo(details.problem.get(chosen))
        return
    if not details.exists:
        click.echo(messages.CACHE_EMPTY.get(chosen))
        return
    click.echo(messages.CACHE_SIZE.get(chosen).format(size=details.size / 1024 / 1024))
    click.echo(messages.CACHE_ENTRIES.get(chosen).format(entries=details.current_entries))


@cache.command("clear")
@lang_option()
def cache_clear(lang: str | None) -> None:
    """Forget every remembered result, and the index of your photos kept for `exposure trace`.

    \b
    Example:
        exposure cache clear
    """
    from audit.trace import index as trace_index

    chosen = language(lang)
    scans, traces = result_cache.clear(), result_cache.clear(trace_index.default_path())
    freed = scans.freed + traces.freed
    click.echo(messages.CACHE_CLEARED.get(chosen).format(size=freed / 1024 / 1024))
    for problem in scans.left + traces.left:
        click.echo(problem.get(chosen), err=True)
    if scans.left or traces.left:
        sys.exit(EXIT_FATAL)
