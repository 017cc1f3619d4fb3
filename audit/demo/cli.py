"""``exposure demo``: the sample photos, their audit and a report to project, in one command."""

from __future__ import annotations

from pathlib import Path

import click

from audit import messages, sanitize
from audit.cli_options import jobs_option, lang_option, language
from audit.formats import OutputFormat, render
from audit.outputs import OutputError

DEFAULT_FOLDER = "exposure-demo"


class DemoFailed(click.ClickException):
    exit_code = 2


@click.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@lang_option("Language of the report: en or zh. Default: the system's language.")
@jobs_option()
def demo(folder: str | None, lang: str | None, jobs: int) -> None:
    """Make sample photos with planted exposures, audit them, and write a report to show.

    For a workshop: nobody's real photos are needed. The samples carry GPS at a public landmark
    and at a place visited night after night, one camera serial in a named and an anonymous
    photo, a 小红书号 watermark, a WeChat QR code, a cropped photo whose hidden preview still
    shows the whole scene, a file name with a phone number and a PNG with an editing prompt.
    FOLDER (default: exposure-demo) must be new, empty, or made by an earlier demo.

    \b
    Example:
        exposure demo --lang zh
        exposure demo workshop-samples
    """
    from audit.demo.run import DemoFolderError, run_demo  # the picture maker: only to run

    chosen = language(lang)
    target = Path(folder or DEFAULT_FOLDER)
    try:
        result = run_demo(target, chosen, jobs=jobs)
    except (DemoFolderError, OutputError) as error:
        raise DemoFailed(error.message.get(chosen)) from None
    except OSError as error:  # a folder that cannot be made or written: said, never a traceback
        why = sanitize.shortened(error.strerror or type(error).__name__)
        shown = sanitize.shortened(str(target), 300)
        message = messages.DEMO_CANNOT_WRITE.get(chosen).format(folder=shown, why=why)
        raise DemoFailed(message) from None
    click.echo(render(result.audit, OutputFormat.TABLE, chosen), nl=False)
    click.echo(
        messages.DEMO_MADE.get(chosen).format(
            photos=result.photos, report=result.report, clean=result.folder / "clean"
        ),
        err=True,
    )
