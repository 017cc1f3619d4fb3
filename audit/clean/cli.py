"""``exposure clean``: thin Click wiring over audit.clean.engine.

Exit codes:
  0  every photo has a copy, checked, with nothing identifying left in it
  1  something identifying remains in a copy, or a photo got no copy (the report says why)
  2  usage error, an output folder that could touch an original, or a copy that could not be
     written (full disk, read-only folder): the run stops there
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from audit.checkdata import ChecksError
from audit.clean import words
from audit.clean.engine import (
    BLUR_KINDS,
    CONVERT_CHOICES,
    VERIFY_CHOICES,
    CleanOptions,
    WriteStopped,
    clean_paths,
    exit_code,
)
from audit.clean.model import CleanReport, Verdict
from audit.clean.plan import PlanError
from audit.clean.render import render
from audit.cli_options import (
    jobs_option,
    lang_option,
    language,
    max_file_size_option,
    me_option,
    output_width,
    timeout_option,
)
from audit.formats import OutputFormat
from audit.formats.table import DEFAULT_WIDTH
from audit.me import MeFileError, load_me
from audit.models import Lang, Text
from audit.outputs import OutputError, inputs_under, write_private
from audit.progress import progress_reporter

EXIT_CLEAN, EXIT_REMAINS, EXIT_FATAL = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])


class CleanFatal(click.ClickException):
    """A run that stops (exit code 2), said in the report's language."""

    exit_code = EXIT_FATAL

    def __init__(self, message: Text, lang: Lang) -> None:
        super().__init__(message.get(lang))
        self.lang = lang

    def show(self, file: Any = None) -> None:
        prefix = "错误：" if self.lang is Lang.ZH else "Error: "
        click.echo(prefix + self.format_message(), file=file or sys.stderr)


def _blur_kinds(value: str | None) -> frozenset[str]:
    if not value:
        return frozenset()
    kinds = {part.strip() for part in value.split(",") if part.strip()}
    unknown = kinds - set(BLUR_KINDS)
    if unknown:
        raise click.BadParameter(
            f"{', '.join(sorted(unknown))}: choose from {', '.join(BLUR_KINDS)}",
            param_hint="--blur",
        )
    return frozenset(kinds)


def cleaning_options(function: F) -> F:
    """What a copy keeps, changes or covers: shared by `clean` and `scan --clean-to`."""
    for option in reversed(
        [
            click.option(
                "--keep",
                "keep",
                type=click.Choice(["date"]),
                multiple=True,
                help="Keep the date taken (no time of day, no time zone) in the copies.",
            ),
            click.option(
                "--coarsen-location",
                type=click.Choice(["city"]),
                default=None,
                help="Keep the location rounded to about 10 km instead of removing it.",
            ),
            click.option(
                "--rename",
                is_flag=True,
                help="Give the copies and their folders neutral names (folder-01/photo-001.jpg "
                "…): names like IMG_20240502_183107 or mmexport… tell when a photo was taken.",
            ),
            click.option(
                "--blur",
                metavar="KINDS",
                help="Cover what the picture checks found: text, qr, faces (comma-separated). "
                "The only option that changes pixels.",
            ),
            click.option(
                "--convert",
                type=click.Choice(CONVERT_CHOICES),
                default=None,
                help="For HEIC, AVIF and TIFF photos, which cannot be cleaned without encoding "
                "the picture again: make a JPEG (quality 95, upright, colours kept) or a HEIC "
                "with every metadata block left out.",
            ),
            click.option(
                "--overwrite",
                is_flag=True,
                help="Replace copies already in the output folder (never an original).",
            ),
        ]
    ):
        function = option(function)
    return function


def options_from(
    paths: tuple[str, ...],
    out: str,
    keep: tuple[str, ...],
    coarsen_location: str | None,
    rename: bool,
    blur: str | None,
    convert: str | None,
    overwrite: bool,
    **extra: Any,
) -> CleanOptions:
    return CleanOptions(
        paths=paths,
        out=out,
        keep_date="date" in keep,
        coarsen_location=coarsen_location == "city",
        rename=rename,
        blur=_blur_kinds(blur),
        convert=convert,
        overwrite=overwrite,
        **extra,
    )


def run_clean(
    options: CleanOptions, lang: Lang, only: Callable[[str], bool] | None = None
) -> CleanReport:
    """Run the cleaning with a progress line; every stop becomes a CleanFatal."""
    try:
        with progress_reporter(sys.stderr) as progress:
            return clean_paths(options, progress, only)
    except PlanError as error:
        raise CleanFatal(error.message, lang) from None
    except WriteStopped as stopped:
        reason = stopped.receipt.reason.message.get(lang) if stopped.receipt.reason else ""
        raise CleanFatal(
            words.WRITE_STOPPED.format(reason=reason, done=stopped.done), lang
        ) from None
    except ChecksError as error:
        from audit import messages

        raise CleanFatal(messages.CHECKS_DAMAGED.format(error=error), lang) from None
    except KeyboardInterrupt:
        raise CleanFatal(words.STOPPED, lang) from None


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder for the copies (created if needed). It may not be, be inside, or hold "
    "a folder being cleaned.",
)
@cleaning_options
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice([f.value for f in OutputFormat]),
    default="table",
    show_default=True,
    help="How to print the report.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the report to this file (readable by you only) instead of the screen.",
)
@lang_option("Language of the report: en or zh. Default: the system's language.")
@click.option(
    "--metadata-only",
    is_flag=True,
    help="Check the copies' metadata only (skip the picture checks: text, QR codes, faces). "
    "Much faster.",
)
@click.option(
    "--verify-pixels",
    type=click.Choice(VERIFY_CHOICES),
    default="data",
    show_default=True,
    help="How lossless copies are proven to keep every pixel: 'data' compares the bytes that "
    "define the picture (identical bytes decode to identical pixels in every program); "
    "'decode' also decodes both files and compares every pixel (slower).",
)
@jobs_option("Worker processes.")
@timeout_option(120.0, "Seconds one file may take before it is stopped and left without a copy.")
@max_file_size_option("Leave files larger than this many megabytes without a copy.")
@me_option("Your own names, handles, phones and e-mails (TOML), also looked for in the copies.")
def clean(
    paths: tuple[str, ...],
    out: str,
    keep: tuple[str, ...],
    coarsen_location: str | None,
    rename: bool,
    blur: str | None,
    convert: str | None,
    overwrite: bool,
    output_format: str,
    output: str | None,
    lang: str | None,
    metadata_only: bool,
    verify_pixels: str,
    jobs: int,
    timeout: float,
    max_file_size: int,
    me_file: str | None,
) -> None:
    """Make clean copies of photos: what identifies you removed, the picture untouched.

    JPEG, PNG and WebP copies keep every pixel exactly; only the hidden data around the picture
    goes (GPS, serial numbers, names, previews, motion-photo videos). The colour profile and
    the orientation stay, so the copy looks the same. Each copy is checked again before it is
    called clean, and the report says what was removed, what was kept and why.

    \b
    Example:
        exposure clean ~/Pictures/to-post --out ~/Pictures/to-post-clean
        exposure clean IMG_0042.HEIC --out clean --convert jpeg
        exposure clean DCIM --out share --rename --keep date --blur qr,faces
    """
    chosen = language(lang)
    try:
        me = load_me(me_file) if me_file else None
    except MeFileError as error:
        raise CleanFatal(error.message, chosen) from None
    options = options_from(
        paths,
        out,
        keep,
        coarsen_location,
        rename,
        blur,
        convert,
        overwrite,
        metadata_only=metadata_only,
        verify_pixels=verify_pixels,
        jobs=jobs,
        time_budget=timeout,
        max_file_bytes=max_file_size * 1024 * 1024,
        me=me,
    )
    report = run_clean(options, chosen)
    if all(
        r.verdict is Verdict.NOT_CLEANED and r.reason is not None and r.reason.code == "not-found"
        for r in report.receipts
    ):
        from audit import messages

        raise CleanFatal(messages.NONE_EXIST, chosen)
    width = DEFAULT_WIDTH if output else output_width(sys.stdout)
    text = render(report, OutputFormat(output_format), chosen, width)
    if output:
        try:
            write_private(output, text, protected=inputs_under(output, paths))
        except OutputError as error:
            raise CleanFatal(error.message, chosen) from None
    else:
        click.echo(text, nl=False)
    sys.exit(exit_code(report))
