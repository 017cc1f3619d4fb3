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
from pathlib import Path
from typing import TYPE_CHECKING

from audit import __version__, records
from audit.cache import ResultCache, default_path, file_key
from audit.detectors import sets
from audit.me import Me
from audit.models import AuditReport, Finding, PhotoResult, Status, Text
from audit.score import score
from audit.skips import SkipCode, skip
from audit.sources.photo import DEFAULT_MAX_FILE_BYTES
from audit.sources.walk import InputFile, iter_inputs

if TYPE_CHECKING:
    from audit import pool
    from audit.checklist import Answers
    from audit.inspect import FileOptions

#: Called as (files done, files to do) while the audit runs.
Progress = Callable[[int, int], None]
#: Called once with a sentence for the person (the cache cannot be used, for example).
Notice = Callable[[Text], None]


class Interrupted(KeyboardInterrupt):
    """The run was stopped (Ctrl-C, SIGTERM, SIGHUP) after the walk; what finished is kept.

    ``photos`` holds every input: the finished ones with their results, the others skipped as
    not reached. :func:`run_audit` adds ``report``, built from them.
    """

    def __init__(self, photos: list[PhotoResult]) -> None:
        super().__init__()
        self.photos = photos
        self.report: AuditReport | None = None


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
    #: The person's own identifiers (--me).
    me: Me | None = None
    #: Reuse results of files that have not changed since an earlier run.
    use_cache: bool = True
    #: Where the cache lives (default: the user's cache folder).
    cache_path: Path | None = None
    #: Settings-checklist answers to report beside the photos (``--answers``).
    answers: Answers | None = None
    #: Skip the pixel checks (OCR, QR codes, faces): much faster, metadata findings only.
    metadata_only: bool = False

    def file_options(self) -> FileOptions:
        # Imported here: the readers and detectors are not needed when every file is cached.
        from audit.inspect import FileOptions

        return FileOptions(
            max_file_bytes=self.max_file_bytes,
            me=self.me,
            metadata_only=self.metadata_only,
            select=self.select,
            ignore=self.ignore,
        )

    def cache_mode(self) -> str:
        """Results of scans that differ in these options are kept apart in the cache.

        A selection that leaves detectors out gives results without their findings, so the
        detectors run are part of the mode.
        """
        me = self.me.fingerprint() if self.me else "-"
        mode = f"pixels={not self.metadata_only};max={self.max_file_bytes};me={me}"
        if self.select or self.ignore:
            mode += ";run=" + ",".join(found.name for found in self.file_options().detectors())
        return mode


def keep_finding(finding: Finding, options: AuditOptions) -> bool:
    if options.select and not finding.matches(options.select):
        return False
    return not (options.ignore and finding.matches(options.ignore))


def _filtered(photo: PhotoResult, options: AuditOptions) -> PhotoResult:
    if not (options.select or options.ignore) or not photo.findings:
        return photo
    return dataclasses.replace(
        photo, findings=tuple(f for f in photo.findings if keep_finding(f, options))
    )


def _failed(item: InputFile, failure: pool.TaskFailed, options: AuditOptions) -> PhotoResult:
    from audit.pool import Failure

    if failure.reason is Failure.TIMED_OUT:
        reason = skip(SkipCode.TIMED_OUT, seconds=f"{options.time_budget:g}")
    else:
        reason = skip(SkipCode.CRASHED)
    return PhotoResult.skipped(item.display, reason)


def _decoded(decoder: records.Decoder, record: records.Record, item: InputFile) -> PhotoResult:
    decoder.learn(record.sentences)
    try:
        return decoder.decode(record.body, item.display)
    except records.RecordError as error:
        return PhotoResult.skipped(
            item.display, skip(SkipCode.INTERNAL_ERROR, detail=str(error)[:200])
        )


def _cacheable(result: PhotoResult) -> bool:
    return result.skip is None or SkipCode(result.skip.code).cacheable


def _remembered(
    cache: ResultCache | None,
    key: tuple[bytes, str] | None,
    decoder: records.Decoder,
    item: InputFile,
) -> PhotoResult | None:
    """The cached result of an unchanged file, or None (no cache, changed, or unreadable record)."""
    if cache is None or key is None:
        return None
    record = cache.get(key[0])
    if record is None:
        return None
    try:
        return decoder.decode(record, item.display)
    except records.RecordError:
        return None


def _start_worker() -> None:
    """Each worker caps its own memory per file (see audit.memory)."""
    from audit import memory

    memory.enable()


def _load_pixel_models() -> None:
    """Each worker loads the OCR, code and face models once, before its first photo."""
    from audit import pixels

    _start_worker()
    pixels.warm_up()


def _share_with_workers() -> None:
    """Load once, before the workers are forked, what each of them would load for itself.

    libexiv2 and the indexed places (numpy and some 17 MB of arrays) cost each worker about
    0.2 s of CPU; loaded here, the forked workers share the parent's copy.
    """
    from audit import geo
    from audit.readers import exiv2_reader

    exiv2_reader.warm_up()
    geo.warm_up()


#: Where evidence found in another name of the same file (a link) comes from.
OTHER_NAME = "other file name"


def _placed(result: PhotoResult, item: InputFile, options: AuditOptions) -> PhotoResult:
    """The result with the other paths that lead to the same file, and what those names give
    away: a neutral photo linked as ``Lin_Xiaoyu_13800138000.jpg`` shows her name and number
    wherever it is shared under that name."""
    if not item.also_at:
        return result
    placed = dataclasses.replace(result, also_at=item.also_at)
    if result.status is not Status.AUDITED:
        return placed
    from audit.detectors import filename

    seen = {(e.kind, e.value) for f in result.findings if f.id == "file.name" for e in f.evidence}
    added = []
    for name in item.also_at:
        for found in filename.detect(name):
            if keep_finding(found, options) and any(
                (e.kind, e.value) not in seen for e in found.evidence
            ):
                seen |= {(e.kind, e.value) for e in found.evidence}
                other = tuple(dataclasses.replace(e, source=OTHER_NAME) for e in found.evidence)
                added.append(dataclasses.replace(found, evidence=other))
    if not added:
        return placed
    return dataclasses.replace(placed, findings=(*result.findings, *added), score=None)


def audit_files(
    options: AuditOptions, progress: Progress | None = None, notice: Notice | None = None
) -> list[PhotoResult]:
    """Every input as a result, audited or skipped, in the order the inputs were given.

    Files unchanged since an earlier run come from the cache; the rest go to worker processes.
    What finished is kept in the cache even when the run is interrupted; an interruption once
    the files are known raises :class:`Interrupted` with what finished.
    """
    entries = list(iter_inputs(options.paths))
    results: list[PhotoResult | None] = [e if isinstance(e, PhotoResult) else None for e in entries]
    pending = [(position, e) for position, e in enumerate(entries) if isinstance(e, InputFile)]
    cache = (
        ResultCache(options.cache_path or default_path(), options.cache_mode())
        if options.use_cache and pending
        else None
    )
    try:
        _audit_pending(options, pending, results, cache, progress)
    except KeyboardInterrupt:
        for position, item in pending:
            if results[position] is None:
                results[position] = PhotoResult(
                    path=item.display, status=Status.SKIPPED, skip=skip("stopped")
                )
        raise Interrupted([result for result in results if result is not None]) from None
    finally:
        if cache is not None:
            cache.close()
            if cache.problem is not None and notice is not None:
                notice(cache.problem)
    return [result for result in results if result is not None]


def _audit_pending(
    options: AuditOptions,
    pending: list[tuple[int, InputFile]],
    results: list[PhotoResult | None],
    cache: ResultCache | None,
    progress: Progress | None,
) -> None:
    """Fill ``results`` for the files to audit: from the cache, or from worker processes."""
    keys = {position: file_key(item.path) for position, item in pending} if cache else {}
    decoder = records.Decoder()
    if cache is not None:
        cache.preload([key for key in keys.values() if key])
        decoder.learn(cache.sentences())
    to_run = []
    for position, item in pending:
        remembered = _remembered(cache, keys.get(position), decoder, item)
        results[position] = _placed(remembered, item, options) if remembered is not None else None
        if results[position] is None:
            to_run.append((position, item))
    done, total = len(pending) - len(to_run), len(pending)
    if progress is not None and done:
        progress(done, total)
    if not to_run:
        return
    from audit import pool
    from audit.inspect import audit_file_record

    file_options = options.file_options()
    file_options.detectors()  # planned once here; forked workers inherit the plan
    worker = functools.partial(audit_file_record, options=file_options)
    jobs = options.jobs or pool.default_jobs()
    pixels = file_options.reads_pixels()
    initializer = _load_pixel_models if pixels else _start_worker
    batch = 1 if pixels else 8
    if pool.forks() and min(jobs, len(to_run)) > 1:
        _share_with_workers()
    outcomes = pool.run(
        worker,
        [item for _, item in to_run],
        jobs=jobs,
        budget=options.time_budget,
        batch_size=batch,
        initializer=initializer,
    )
    try:
        for index, outcome in outcomes:
            position, item = to_run[index]
            if isinstance(outcome, pool.TaskFailed):
                result = _failed(item, outcome, options)
            else:
                result = _decoded(decoder, outcome, item)
                key = keys.get(position)
                if cache is not None and key is not None and _cacheable(result):
                    # Stored under the state seen before reading: if the file changed meanwhile,
                    # its state no longer matches next time and it is simply read again.
                    cache.store(key[0], key[1], outcome)
            results[position] = _placed(result, item, options)
            done += 1
            if progress is not None:
                progress(done, total)
    finally:
        # Stopped early (Ctrl-C, SIGTERM): the pool ends its workers now, not when collected.
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()


def build_report(photos: list[PhotoResult], options: AuditOptions) -> AuditReport:
    """Filter, look across photos, and score: a pure function of the per-file results."""
    filtering = bool(options.select or options.ignore)
    kept = [_filtered(photo, options) for photo in photos] if filtering else photos
    across = sets.detect(kept)
    set_findings = [f for f in across.findings if keep_finding(f, options)]
    distinct_places, at_home = across.distinct_places, across.at_home
    # The worker scored each photo alone; whether a fix is a home shows only across photos,
    # and filtering changes the findings: those photos are scored again here.
    scored = tuple(
        dataclasses.replace(photo, score=score(photo.findings, at_home=position in at_home))
        if photo.status is Status.AUDITED
        and (filtering or position in at_home or photo.score is None)
        else photo
        for position, photo in enumerate(kept)
    )
    every_finding = [f for photo in scored for f in photo.findings] + set_findings
    profile_findings: tuple[Finding, ...] = ()
    if options.answers is not None:
        from audit.checklist import combine, evaluate

        combined = [
            f for f in combine(evaluate(options.answers), every_finding) if keep_finding(f, options)
        ]
        profile_findings = tuple(sorted(combined, key=lambda f: -f.severity))
    return AuditReport(
        tool_version=__version__,
        photos=scored,
        set_findings=tuple(set_findings),
        set_score=score(every_finding, distinct_places=max(1, distinct_places)),
        profile_findings=profile_findings,
        metadata_only=options.metadata_only,
    )


def run_audit(
    options: AuditOptions, progress: Progress | None = None, notice: Notice | None = None
) -> AuditReport:
    """Audit and report; if stopped, :class:`Interrupted` carries the report of what finished."""
    try:
        photos = audit_files(options, progress, notice)
    except Interrupted as stop:
        stop.report = build_report(stop.photos, options)
        raise
    return build_report(photos, options)
