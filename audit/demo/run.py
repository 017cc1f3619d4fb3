"""A workshop in one command: make the sample photos, audit them, write the report to show.

Everything comes from code and data inside the installed package (the scenes, two small fonts,
three public-domain photos): no download, no network, no file from the source tree. The report
is redacted, so a facilitator can put it on a projector, and written owner-only like any report.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from audit import messages
from audit.demo.scenes import write_examples
from audit.engine import AuditOptions, run_audit
from audit.errors import UserFacingError
from audit.formats import OutputFormat, render
from audit.models import AuditReport, Lang
from audit.outputs import write_private
from audit.redact import redact_report

#: Written into every folder the demo makes, so that running it again may replace that folder
#: and never a folder of someone's own files.
MARKER = ".exposure-demo"
PHOTOS = "photos"
#: An example --me file (the samples' made-up owner), written beside them as a starting point.
ME_FILE = "me.toml"


class DemoFolderError(UserFacingError):
    """The folder given for the demo holds other files; ``message`` says so in both languages."""


@dataclass(frozen=True)
class DemoResult:
    """What the demo made and where, for the command to tell the room."""

    folder: Path
    photos: Path
    report: Path
    audit: AuditReport


def prepare(folder: Path) -> Path:
    """An empty folder for the samples: new, empty, or one this demo made before."""
    if folder.exists() and not folder.is_dir():
        raise DemoFolderError(messages.DEMO_FOLDER_IS_FILE.format(folder=folder))
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise DemoFolderError(messages.DEMO_FOLDER_NOT_EMPTY.format(folder=folder))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("made by exposure demo\n", encoding="utf-8")
    photos = folder / PHOTOS
    if photos.exists():
        shutil.rmtree(photos)
    return photos


def report_format() -> OutputFormat:
    """The self-contained HTML page when this version has it, else Markdown."""
    return next((f for f in OutputFormat if f.value == "html"), OutputFormat.MARKDOWN)


def run_demo(folder: Path, lang: Lang, *, jobs: int = 0) -> DemoResult:
    """Make the samples in ``folder``, audit them and write the redacted report beside them."""
    photos = prepare(folder)
    write_examples(photos)
    audit = run_audit(AuditOptions(paths=(str(photos),), jobs=jobs, use_cache=False))
    shown = redact_report(audit)
    output = report_format()
    report = folder / f"report.{'html' if output.value == 'html' else 'md'}"
    write_private(str(report), render(shown, output, lang))
    example_me = (Path(__file__).resolve().parent / ME_FILE).read_text(encoding="utf-8")
    write_private(str(folder / ME_FILE), example_me)
    return DemoResult(folder, photos, report, shown)
