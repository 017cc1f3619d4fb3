"""A workshop in one command: make the sample photos, audit them, write the report to show.

Everything comes from code and data inside the installed package (the scenes, two small fonts,
three public-domain photos): no download, no network, no file from the source tree. The report
is redacted, so a facilitator can put it on a projector, and written owner-only like any report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from audit import messages, sanitize
from audit.demo.scenes import write_examples
from audit.engine import AuditOptions, run_audit
from audit.errors import UserFacingError
from audit.formats import OutputFormat, render
from audit.models import AuditReport, Lang
from audit.outputs import write_private
from audit.redact import redact_report
from audit.report_images import report_images

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
    """An empty folder for the samples: new, empty, or one this demo made before.

    A folder made before is emptied only of the samples its marker lists; anything else in it
    (a photo added there, a link, a sub-folder) stops the demo, so nothing of hers is removed.
    """
    if folder.exists() and not folder.is_dir():
        raise DemoFolderError(messages.DEMO_FOLDER_IS_FILE.format(folder=_shown(folder)))
    marker = folder / MARKER
    if folder.is_dir() and any(folder.iterdir()) and not marker.is_file():
        raise DemoFolderError(messages.DEMO_FOLDER_NOT_EMPTY.format(folder=_shown(folder)))
    photos = folder / PHOTOS
    if photos.is_symlink() or (photos.exists() and not photos.is_dir()):
        raise DemoFolderError(messages.DEMO_FOLDER_CHANGED.format(folder=_shown(photos)))
    if photos.is_dir():
        made = set(marker.read_text(encoding="utf-8").splitlines()[1:])
        entries = list(photos.iterdir())
        if any(e.name not in made or e.is_symlink() or not e.is_file() for e in entries):
            raise DemoFolderError(messages.DEMO_FOLDER_CHANGED.format(folder=_shown(photos)))
        for entry in entries:
            entry.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    marker.write_text("made by exposure demo\n", encoding="utf-8")
    return photos


def remember(folder: Path, made: list[str]) -> None:
    """List the samples in the marker: the only files a later run may remove."""
    (folder / MARKER).write_text("\n".join(["made by exposure demo", *made]) + "\n", "utf-8")


def _shown(path: Path) -> str:
    return sanitize.shortened(str(path), 300)


def report_format() -> OutputFormat:
    """The self-contained HTML page when this version has it, else Markdown."""
    return next((f for f in OutputFormat if f.value == "html"), OutputFormat.MARKDOWN)


def run_demo(folder: Path, lang: Lang, *, jobs: int = 0) -> DemoResult:
    """Make the samples in ``folder``, audit them and write the redacted report beside them."""
    photos = prepare(folder)
    made, _expected = write_examples(photos)
    remember(folder, made)
    audit = run_audit(AuditOptions(paths=(str(photos),), jobs=jobs, use_cache=False))
    shown = redact_report(audit)
    output = report_format()
    report = folder / f"report.{'html' if output.value == 'html' else 'md'}"
    # The workshop shows what the samples give away: blurred thumbnails, as --redact makes them.
    images = report_images(audit.photos, blur=True) if output.value == "html" else {}
    write_private(str(report), render(shown, output, lang, images=images))
    write_example_me(folder)
    return DemoResult(folder, photos, report, shown)


def write_example_me(folder: Path) -> None:
    """The example --me file beside the samples, unless one is there: she may have edited it."""
    if not (folder / ME_FILE).exists():
        example = (Path(__file__).resolve().parent / ME_FILE).read_text(encoding="utf-8")
        write_private(str(folder / ME_FILE), example)
