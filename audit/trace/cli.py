"""``exposure trace``: thin Click wiring over :func:`audit.trace.run.run_trace`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from audit import sanitize
from audit.cli_options import (
    jobs_option,
    lang_option,
    language,
    timeout_option,
)
from audit.models import Lang, Text
from audit.outputs import OutputError, inputs_under, write_private
from audit.progress import progress_reporter
from audit.trace import words as w
from audit.trace.evidence import EvidenceError, check_folder, inside_any, verify, write_record
from audit.trace.render import json_report, text_report

EXIT_NONE_FOUND, EXIT_FOUND, EXIT_FATAL, EXIT_STOPPED = 0, 1, 2, 130

NEEDS_BOTH = Text(
    "Give your photos (files or folders) and, with --in, the material to search, e.g.: "
    "exposure trace ~/Pictures/mine --in ~/Downloads/ChatExport",
    "请给出你的照片（文件或文件夹），并用 --in 指定要搜索的材料，例如："
    "exposure trace ~/Pictures/mine --in ~/Downloads/ChatExport",
)
NO_OWN_PHOTOS = Text(
    "None of the given photos of yours could be read, so there is nothing to look for.",
    "你给出的照片一张都无法读取，因此没有可以查找的内容。",
)
STOPPED = Text("Stopped.", "已停止。")


def _fail(message: Text, lang: Lang, code: int = EXIT_FATAL) -> None:
    prefix = "错误：" if lang is Lang.ZH else "Error: "
    click.echo(prefix + message.get(lang), err=True)
    sys.exit(code)


def _verify(folder: str, lang: Lang) -> None:
    result = verify(Path(folder))
    if result.no_manifest:
        _fail(w.VERIFY_NO_MANIFEST.format(folder=folder), lang)
    # Names come from the manifest and the folder, both outside exposure's control: made safe
    # for the terminal like every other name shown.
    for path in result.changed:
        click.echo(w.VERIFY_CHANGED.get(lang).format(path=sanitize.terminal(str(path))))
    for path in result.missing:
        click.echo(w.VERIFY_MISSING.get(lang).format(path=sanitize.terminal(str(path))))
    for path in result.unlisted:
        click.echo(w.VERIFY_UNLISTED.get(lang).format(path=sanitize.terminal(str(path))))
    if result.intact:
        click.echo(w.VERIFY_INTACT.get(lang).format(checked=result.checked))
        sys.exit(0)
    click.echo(
        w.VERIFY_BROKEN.get(lang).format(
            changed=len(result.changed), missing=len(result.missing), unlisted=len(result.unlisted)
        )
    )
    sys.exit(1)


@click.command()
@click.argument("mine", nargs=-1, type=click.Path(readable=False))
@click.option(
    "--in",
    "found",
    multiple=True,
    type=click.Path(),
    metavar="FOUND",
    help="Leaked material to search: a folder of pictures or a Telegram chat export "
    "(repeat for more).",
)
@click.option(
    "--evidence",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Write an evidence record (copies, log, thumbnails, summary, manifest) to this "
    "new folder.",
)
@click.option(
    "--verify",
    "verify_folder",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Check an evidence record against its manifest instead of tracing.",
)
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the report.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file (readable by you only) instead of the screen.",
)
@lang_option("Language of the report and the record: en or zh. Default: the system's language.")
@jobs_option()
@timeout_option(60.0, "Seconds one picture may take before it is stopped and listed.")
@click.option(
    "--no-cache", is_flag=True, help="Index your photos again instead of reusing the cached index."
)
def trace(
    mine: tuple[str, ...],
    found: tuple[str, ...],
    evidence: str | None,
    verify_folder: str | None,
    output_format: str,
    output: str | None,
    lang: str | None,
    jobs: int,
    timeout: float,
    no_cache: bool,
) -> None:
    """Find which of your photos appear in leaked material, and keep a record of it.

    MINE are your photos (files or folders). Each picture found under --in is compared with all
    of them: same file, same picture re-saved, rotated or flipped, or a part of it (cropped,
    covered by stickers or text, inside a screenshot or collage). Nothing is uploaded, and
    nothing under --in is ever changed.

    Exit codes: 0 none of your photos found, 1 some found (or, with --verify, the record
    changed), 2 error, 130 stopped (Ctrl-C).

    \b
    Example:
        exposure trace ~/Pictures/mine --in ~/Downloads/Telegram\\ Desktop/ChatExport_2024-05-01
        exposure trace mine/ --in dump/ --evidence ~/evidence-2024-05-01 --lang zh
        exposure trace --verify ~/evidence-2024-05-01
    """
    chosen = language(lang)
    if verify_folder:
        _verify(verify_folder, chosen)
    if not mine or not found:
        _fail(NEEDS_BOTH, chosen)
    if evidence:
        try:
            check_folder(Path(evidence), [*found, *mine])
        except EvidenceError as error:
            _fail(error.message, chosen)
    if output and inside_any(Path(output).parent, found):
        _fail(w.REPORT_INSIDE_FOUND.format(path=sanitize.shortened(output, 1000)), chosen)
    from audit.trace.run import TraceOptions, run_trace  # numpy and the matcher: only to run

    options = TraceOptions(
        mine=mine, found=found, jobs=jobs, time_budget=timeout, use_cache=not no_cache
    )
    try:
        with progress_reporter(sys.stderr) as progress:
            report = run_trace(options, progress)
    except KeyboardInterrupt:
        _fail(STOPPED, chosen, EXIT_STOPPED)
    if report.own_count == 0:
        _fail(NO_OWN_PHOTOS, chosen)
    if report.found_count == 0:
        shown = ", ".join(sanitize.shortened(path, 200) for path in found)
        _fail(w.NOTHING_TO_SEARCH.format(paths=shown), chosen)
    text = json_report(report, chosen) if output_format == "json" else text_report(report, chosen)
    if output:
        try:
            write_private(output, text, protected=inputs_under(output, [*mine, *found]))
        except OutputError as error:
            _fail(error.message, chosen)
    else:
        click.echo(text, nl=False)
    if evidence:
        try:
            written = write_record(report, Path(evidence), found, chosen)
        except EvidenceError as error:
            _fail(error.message, chosen)
        click.echo(
            w.EVIDENCE_WRITTEN.get(chosen).format(
                folder=evidence, files=written.files, digest=written.manifest_sha256
            ),
            err=True,
        )
    sys.exit(EXIT_FOUND if report.matches else EXIT_NONE_FOUND)
