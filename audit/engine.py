"""The library entry point: ``run_audit(options) -> AuditReport``.

It walks the inputs, audits each file in a worker process, keeps or drops findings by id
(``--select`` / ``--ignore``), looks across the photos for recurring places and shared ids,
and scores every photo and the whole set. It prints nothing: progress goes to a callback and
the report to whichever formatter the caller picks.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass

from audit import __version__, pool
from audit.detectors import sets
from audit.inspect import FileOptions, audit_file
from audit.models import AuditReport, Finding, PhotoResult, Status
from audit.score import score
from audit.skips import skip
from audit.sources.photo import DEFAULT_MAX_FILE_BYTES
from audit.sources.walk import InputFile, iter_inputs

#: Called as (files done, files to do) while the audit runs.
Progress = Callable[[int, int], None]

DEFAULT_TIME_BUDGET = 60.0


@dataclass(frozen=True)
class AuditOptions:
    """Everything that decides what a run looks at and reports."""

    paths: tuple[str, ...]
    #: Keep only findings whose id starts with one of these (empty: keep all).
    select: tuple[str, ...] = ()
    #: Drop findings whose id starts with one of these.
    ignore: tuple[str, ...] = ()
    #: Worker processes; 0 means one per available core.
    jobs: int = 0
    #: Longest time one file may take, in seconds, before it is stopped and skipped.
    time_budget: float = DEFAULT_TIME_BUDGET
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES


def keep_finding(finding: Finding, options: AuditOptions) -> bool:
    if options.select and not finding.matches(options.select):
        return False
    return not (options.ignore and finding.matches(options.ignore))


def _filtered(photo: PhotoResult, options: AuditOptions) -> PhotoResult:
    if not (options.select or options.ignore) or not photo.findings:
        return photo
    return dataclasses.replace(photo, findings=tuple(f for f in photo.findings if keep_finding(f, options)))


def _failed(item: InputFile, failure: pool.TaskFailed, options: AuditOptions) -> PhotoResult:
    if failure.reason == "timed-out":
        reason = skip("timed-out", seconds=f"{options.time_budget:g}")
    else:
        reason = skip("crashed")
    return PhotoResult(path=item.display, status=Status.SKIPPED, skip=reason)


def audit_files(options: AuditOptions, progress: Progress | None = None) -> list[PhotoResult]:
    """Every input as a result, audited or skipped, in the order the inputs were given."""
    entries = list(iter_inputs(options.paths))
    results: list[PhotoResult | None] = [e if isinstance(e, PhotoResult) else None for e in entries]
    pending = [(position, e) for position, e in enumerate(entries) if isinstance(e, InputFile)]
    worker = functools.partial(audit_file, options=FileOptions(max_file_bytes=options.max_file_bytes))
    jobs = options.jobs or pool.default_jobs()
    done = 0
    for index, result in pool.run(worker, [item for _, item in pending], jobs=jobs, budget=options.time_budget, batch_size=4):
        position, item = pending[index]
        results[position] = _failed(item, result, options) if isinstance(result, pool.TaskFailed) else result
        done += 1
        if progress is not None:
            progress(done, len(pending))
    return [result for result in results if result is not None]


def build_report(photos: list[PhotoResult], options: AuditOptions) -> AuditReport:
    """Filter, look across photos, and score: a pure function of the per-file results."""
    kept = [_filtered(photo, options) for photo in photos]
    set_findings, distinct_places = sets.detect(kept)
    set_findings = [f for f in set_findings if keep_finding(f, options)]
    scored = tuple(
        dataclasses.replace(photo, score=score(photo.findings)) if photo.status is Status.AUDITED else photo
        for photo in kept
    )
    every_finding = [f for photo in scored for f in photo.findings] + set_findings
    return AuditReport(
        tool_version=__version__,
        photos=scored,
        set_findings=tuple(set_findings),
        set_score=score(every_finding, distinct_places=max(1, distinct_places)),
    )


def run_audit(options: AuditOptions, progress: Progress | None = None) -> AuditReport:
    return build_report(audit_files(options, progress), options)
