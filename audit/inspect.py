"""Audit one file: open it once, read its metadata, run every detector, return the result.

This is what a worker process runs for each input. It never raises: anything unexpected
becomes a skipped result naming the problem, so one odd file cannot end a run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from audit import memory, records
from audit.detectors import capture_time, device, fields, gps
from audit.detectors.registry import (
    Detection,
    FunctionDetector,
    Need,
    PhotoContext,
    merge,
    plan,
    reads_pixels,
)
from audit.me import Me
from audit.models import Finding, PhotoResult, Skip, Status
from audit.pixels.decode import DEFAULT_MAX_PIXELS
from audit.readers import ReadResult, motion_video, read_metadata
from audit.score import score
from audit.skips import SkipCode, skip
from audit.sources.photo import DEFAULT_MAX_FILE_BYTES, OpenedPhoto, open_photo
from audit.sources.walk import InputFile

if TYPE_CHECKING:
    from audit.pixels import PixelResult

#: Field names the code detectors read; the rules in checks/metadata.toml add theirs.
CODE_KEYS = gps.KEYS | capture_time.KEYS | device.KEYS


@dataclass(frozen=True)
class FileOptions:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    #: The person's own identifiers (--me), looked for everywhere.
    me: Me | None = None
    #: Skip the pixel checks (OCR, QR codes, faces); metadata only.
    metadata_only: bool = False
    #: Finding ids (or rule) prefixes to keep (--select; empty keeps all) and to drop (--ignore):
    #: detectors that cannot emit a kept id are not run at all.
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: Name the place near a GPS fix and weigh the fix by how many live there. The report needs
    #: both; a clean copy's proof does not, and then never loads the places (0.1-0.2 s a run).
    places: bool = True

    def detectors(self) -> tuple[FunctionDetector, ...]:
        """The detectors this run needs, in running order (planned once per process for each
        set of options: see registry.plan; forked workers inherit the plan)."""
        return plan(self.select, self.ignore, pixels=not self.metadata_only, me=self.me is not None)

    def reads_pixels(self) -> bool:
        """True when some detector to run looks at the picture (so its models are worth loading)."""
        return not self.metadata_only and reads_pixels(self.detectors())

    def reads_text(self) -> bool:
        """True when some detector to run reads the text in the picture (so the picture is
        decoded at the size small text needs)."""
        return any(Need.TEXT in found.needs | found.uses for found in self.detectors())


_HEADROOM_WORDS = f"{memory.HEADROOM >> 20} MB"


def wanted(key: str) -> bool:
    return (
        key in CODE_KEYS
        or bool(fields.rules_for(key))
        or motion_video.wanted_key(key)
        or gps.wanted_key(key)
    )


def _ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (-f.severity, -f.bits, f.id)))


def audit_file(item: InputFile, options: FileOptions = FileOptions()) -> PhotoResult:
    return _guarded(item, lambda: _audit(item, options))


def audit_opened(
    item: InputFile, opened: OpenedPhoto, options: FileOptions = FileOptions()
) -> PhotoResult:
    """Audit a photo already in memory (``exposure clean`` reads each file once, and proves a
    copy from the very bytes it wrote)."""
    return _guarded(item, lambda: _audit_opened(item, opened, options))


def _guarded(item: InputFile, audit: Callable[[], PhotoResult]) -> PhotoResult:
    try:
        return audit()
    except MemoryError:
        reason = skip(SkipCode.NO_MEMORY, limit=_HEADROOM_WORDS, detail="MemoryError")
        return PhotoResult.skipped(item.display, reason)
    except Exception as error:  # a bug or a reader failure we did not foresee: skip, never crash
        detail = f"{type(error).__name__}: {error}"[:200]
        return PhotoResult.skipped(item.display, skip(SkipCode.INTERNAL_ERROR, detail=detail))


def audit_file_record(item: InputFile, options: FileOptions = FileOptions()) -> records.Record:
    """What a worker sends back: the scored result as a compact record (audit.records)."""
    result = audit_file(item, options)
    if result.status is Status.AUDITED:
        result = dataclasses.replace(result, score=score(result.findings))
    return records.encode(result)


def _audit(item: InputFile, options: FileOptions) -> PhotoResult:
    with open_photo(item.path, options.max_file_bytes) as opened:
        if isinstance(opened, Skip):
            return PhotoResult.skipped(item.display, opened)
        return _audit_opened(item, opened, options)


def _audit_opened(item: InputFile, opened: OpenedPhoto, options: FileOptions) -> PhotoResult:
    with memory.file_budget(opened.size):
        read = read_metadata(opened, wanted, whole_file=options.reads_pixels())
        if isinstance(read, Skip):
            return PhotoResult.skipped(item.display, read, opened.format)
        return _detect(item, opened, read, options)


def _detect(
    item: InputFile, opened: OpenedPhoto, read: ReadResult, options: FileOptions
) -> PhotoResult:
    detectors = options.detectors()
    pixels = None
    if options.reads_pixels():
        from audit.pixels import Pixels

        pixels = Pixels(opened.data, opened.format, text=options.reads_text())
    context = PhotoContext(read.metadata, item.display, options.me, pixels, options.places)
    findings, location, taken_at = merge(run(detectors, context))
    notes = [*read.notes, *(pixels.notes if pixels is not None else ())]
    damaged_gps = gps.damage(read.metadata)
    if damaged_gps is not None:
        notes.append(damaged_gps)
    return PhotoResult(
        path=item.display,
        status=Status.AUDITED,
        findings=_ordered(findings),
        location=location,
        taken_at=taken_at,
        file_format=opened.format,
        notes=tuple(notes),
    )


def run(detectors: Iterable[FunctionDetector], context: PhotoContext) -> Iterator[Detection]:
    """Each detector's result; one whose pixel reading fails leaves a note, not a crash."""
    for found in detectors:
        if context.pixels is None or not any(n.pixels for n in found.needs | found.uses):
            yield found.detect(context)
            continue
        try:
            yield found.detect(context)
        except Exception as error:  # a model failing on hostile pixels must not end the run
            context.pixels.failed(error)


def analyse_pixels(
    data: bytes | memoryview, file_format: str, *, max_pixels: int = DEFAULT_MAX_PIXELS
) -> PixelResult:
    """Findings from the pixels of one photo alone (``data`` is the whole file, read-only)."""
    from audit.pixels import PixelResult, Pixels
    from audit.readers.metadata import Metadata

    pixels = Pixels(data, file_format, max_pixels)
    context = PhotoContext(Metadata({}), "", None, pixels)
    pixel_detectors = [d for d in plan() if any(need.pixels for need in d.needs)]
    findings, _, _ = merge(run(pixel_detectors, context))
    seen = tuple(pixels.seen()) if pixels.decoded() is not None else ()
    return PixelResult(_ordered(findings), seen, pixels.picture(), tuple(pixels.notes))
