"""Audit one file: open it once, read its metadata, run every detector, return the result.

This is what a worker process runs for each input. It never raises: anything unexpected
becomes a skipped result naming the problem, so one odd file cannot end a run.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from audit import me as own_identifiers
from audit import records
from audit.detectors import capture_time, device, fields, filename, gps, thumbnail
from audit.me import Me
from audit.models import Finding, PhotoResult, Skip, Status
from audit.readers import ReadResult, read_metadata
from audit.score import score
from audit.skips import SkipCode, skip
from audit.sources.photo import DEFAULT_MAX_FILE_BYTES, OpenedPhoto, open_photo
from audit.sources.walk import InputFile

#: Field names the code detectors read; the rules in checks/metadata.toml add theirs.
CODE_KEYS = gps.KEYS | capture_time.KEYS | device.KEYS


@dataclass(frozen=True)
class FileOptions:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    #: The person's own identifiers (--me), looked for everywhere.
    me: Me | None = None
    #: Skip the pixel checks (OCR, QR codes, faces); metadata only.
    metadata_only: bool = False


def wanted(key: str) -> bool:
    return key in CODE_KEYS or bool(fields.rules_for(key))


def _ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (-f.severity, -f.bits, f.id)))


def audit_file(item: InputFile, options: FileOptions = FileOptions()) -> PhotoResult:
    try:
        return _audit(item, options)
    except Exception as error:  # a bug or a reader failure we did not foresee: skip, never crash
        return PhotoResult(
            path=item.display,
            status=Status.SKIPPED,
            skip=skip(SkipCode.INTERNAL_ERROR, detail=f"{type(error).__name__}: {error}"[:200]),
        )


def audit_file_record(item: InputFile, options: FileOptions = FileOptions()) -> str:
    """What a worker sends back: the scored result as a compact record (audit.records)."""
    result = audit_file(item, options)
    if result.status is Status.AUDITED:
        result = dataclasses.replace(result, score=score(result.findings))
    return records.encode(result)


def _audit(item: InputFile, options: FileOptions) -> PhotoResult:
    with open_photo(item.path, options.max_file_bytes) as opened:
        if isinstance(opened, Skip):
            return PhotoResult(path=item.display, status=Status.SKIPPED, skip=opened)
        read = read_metadata(opened, wanted)
        if isinstance(read, Skip):
            return PhotoResult(
                path=item.display, status=Status.SKIPPED, skip=read, file_format=opened.format
            )
        return _detect(item, opened, read, options)


def _detect(
    item: InputFile, opened: OpenedPhoto, read: ReadResult, options: FileOptions
) -> PhotoResult:
    metadata = read.metadata
    notes = list(read.notes)
    pixel_findings: tuple[Finding, ...] = ()
    seen: list[tuple[str, str]] = []
    picture = None
    if not options.metadata_only:
        from audit import pixels

        looked = pixels.analyse(opened.data, opened.format)
        pixel_findings, picture = looked.findings, looked.picture
        seen = [(text.source, text.text) for text in looked.seen]
        notes.extend(looked.notes)
    gps_findings, location = gps.detect(metadata)
    time_findings, taken = capture_time.detect(metadata)
    findings = [
        *gps_findings,
        *fields.detect(metadata),
        *device.detect(metadata),
        *time_findings,
        *thumbnail.detect(metadata, picture),
        *filename.detect(item.display),
        *pixel_findings,
    ]
    if options.me is not None:
        texts = [("metadata", tag.text) for tag in metadata.items()]
        texts.append(("file name", filename.stem_of(item.display)))
        findings.extend(own_identifiers.match(options.me, texts + seen))
    return PhotoResult(
        path=item.display,
        status=Status.AUDITED,
        findings=_ordered(findings),
        location=location,
        taken_at=taken.iso() if taken else None,
        file_format=opened.format,
        notes=tuple(notes),
    )
