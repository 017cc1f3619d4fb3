"""``clean_paths(options) -> CleanReport``: plan, clean each file in a worker, prove each copy.

For each input the worker reads the file once and audits those bytes (to know what identifies
it), writes the copy to a temporary file (audit.clean.write), and, while that is flushed to
disk, proves it three ways from the very bytes written (audit.clean.verify): the copy is
audited again with the same checks as ``exposure scan``, its bytes are searched for every
identifying value of the original, and its pixels are compared with the original's. Only then
does the copy get its name. A copy that fails a check is kept but not called clean. It prints
nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from audit import __version__, memory, messages, pool
from audit.clean import identity, jpeg, picture, png, verify, webp, words
from audit.clean.model import (
    CleanReport,
    Dropped,
    Keep,
    Leftover,
    Part,
    PixelCheck,
    PixelProof,
    Receipt,
    RewriteError,
    Rewritten,
    Verdict,
)
from audit.clean.plan import check_output_folder, make_output_folder, neutral_names, plan
from audit.clean.write import (
    AlreadyExists,
    WriteError,
    start_copy,
    sync_folders,
    temporary_prefix,
)
from audit.inspect import FileOptions, audit_opened
from audit.me import Me
from audit.models import PhotoResult, Skip, Status, Text
from audit.skips import SkipCode
from audit.sources.photo import DEFAULT_MAX_FILE_BYTES, OpenedPhoto, in_memory, open_photo
from audit.sources.walk import InputFile, display_path

Progress = Callable[[int, int], None]

BLUR_KINDS = ("text", "qr", "faces")
CONVERT_CHOICES = ("jpeg", "heic")
#: How lossless copies are proven: by their picture-defining bytes, or by decoding them too.
VERIFY_CHOICES = ("data", "decode")
#: Finding ids whose regions each --blur kind covers.
_BLUR_IDS = {
    "text": ("text.watermark", "text.contact", "identity.match"),
    "qr": ("code.qr",),
    "faces": ("face.visible",),
}
_LOSSLESS = ("jpeg", "png", "webp")
_RAW_EXTENSIONS = frozenset(
    {".dng", ".cr2", ".cr3", ".nef", ".nrw", ".arw", ".orf", ".rw2", ".raf", ".pef", ".srw"}
)
_NAMES = {"heif": "HEIC/HEIF", "avif": "AVIF", "tiff": "TIFF", "jxl": "JPEG XL"}
#: Walk skips that are about files that are not photos, not about photos left uncleaned.
NOT_PHOTOS = frozenset({"not-a-photo-name", "empty-folder"})


@dataclass(frozen=True)
class CleanOptions:
    paths: tuple[str, ...]
    out: str
    keep_date: bool = False
    coarsen_location: bool = False
    rename: bool = False
    blur: frozenset[str] = field(default_factory=frozenset)
    overwrite: bool = False
    #: "jpeg" or "heic" for files that have no lossless path; None refuses them with the choice.
    convert: str | None = None
    #: Verify copies with the metadata checks only (no OCR, QR codes or faces).
    metadata_only: bool = False
    #: "data": prove lossless copies by their picture-defining bytes (audit.clean.identity);
    #: "decode": decode both files and compare every pixel as well.
    verify_pixels: str = "data"
    jobs: int = 0
    time_budget: float = 120.0
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    me: Me | None = None


@dataclass(frozen=True)
class Task:
    item: InputFile
    target: str
    options: CleanOptions


# One file -------------------------------------------------------------------------------------


def _not_cleaned(item: InputFile, skip_reason: Skip, file_format: str | None = None) -> Receipt:
    return Receipt(
        source=item.display,
        verdict=Verdict.NOT_CLEANED,
        reason=skip_reason,
        file_format=file_format,
    )


def _boxes(original: PhotoResult, kinds: frozenset[str]) -> list[tuple[int, int, int, int]]:
    ids = {finding_id for kind in kinds for finding_id in _BLUR_IDS[kind]}
    return [
        evidence.box
        for finding in original.findings
        if finding.id in ids
        for evidence in finding.evidence
        if evidence.box is not None
    ]


def _date(original: PhotoResult) -> str | None:
    if not original.taken_at or len(original.taken_at) < 10:
        return None
    return original.taken_at[:10].replace("-", ":")


def _position(original: PhotoResult) -> tuple[float, float] | None:
    if original.location is None:
        return None
    # One decimal of a degree: 11 km north-south, at most 11 km east-west (docs/cleaning.md).
    return (round(original.location.lat, 1), round(original.location.lon, 1))


@dataclass(frozen=True)
class _Made:
    data: bytes
    rewritten: Rewritten | None
    output_format: str
    lossless: bool
    covered: tuple[tuple[int, int, int, int], ...] = ()
    #: What a conversion left out and kept (a rewrite gives its own account in ``rewritten``).
    dropped: tuple[Dropped, ...] = ()
    kept: tuple[Keep, ...] = ()


def _rewrite(data: bytes, file_format: str, original: PhotoResult, options: CleanOptions) -> _Made:
    date = _date(original) if options.keep_date else None
    position = _position(original) if options.coarsen_location else None
    boxes = _boxes(original, options.blur) if options.blur else []
    orientation: int | None = None
    source = data
    if boxes:
        orientation = _orientation(data, file_format)
        source = picture.cover(data, file_format, boxes, orientation)
    if file_format == "jpeg":
        wanted = jpeg.JpegWanted(date=date, position=position, orientation=orientation)
        rewritten = jpeg.rewrite(source, wanted)
    elif file_format == "png":
        rewritten = png.rewrite(source, position=position, orientation=orientation, date=date)
    else:
        rewritten = webp.rewrite(source, position=position, orientation=orientation, date=date)
    if boxes:
        # What was dropped is what the original held, not the covered re-encoding.
        original_rewrite = _original_account(data, file_format)
        rewritten = Rewritten(rewritten.data, original_rewrite.dropped, rewritten.kept)
    return _Made(rewritten.data, rewritten, file_format, lossless=not boxes, covered=tuple(boxes))


def _orientation(data: bytes, file_format: str) -> int:
    """The original's EXIF orientation, from its EXIF block or chunk."""
    if file_format == "jpeg":
        return jpeg.facts(data).orientation
    return _original_account(data, file_format).orientation


def _original_account(data: bytes, file_format: str) -> Rewritten:
    if file_format == "jpeg":
        return jpeg.rewrite(data)
    if file_format == "png":
        return png.rewrite(data)
    return webp.rewrite(data)


def _convert(
    data: bytes, file_format: str, item: InputFile, options: CleanOptions
) -> _Made | Receipt:
    name = _NAMES.get(file_format, file_format.upper())
    extension = os.path.splitext(item.path)[1].lower()
    if file_format == "tiff" and extension in _RAW_EXTENSIONS:
        name = "RAW"
    if name == "RAW" or file_format not in ("heif", "avif", "tiff"):
        # Camera RAW needs a RAW developer; exposure has none to turn it into a photo.
        return _not_cleaned(item, words.reason("unsupported", format=name), file_format)
    heic_offer = words.HEIC_CHOICE if file_format == "heif" else Text("", "")
    if options.convert is None or (options.convert == "heic" and file_format != "heif"):
        return _not_cleaned(
            item, words.reason("needs-choice", format=name, heic=heic_offer), file_format
        )
    try:
        if options.convert == "heic":
            converted, output = picture.to_heic(data), "heif"
        else:
            converted, output = picture.to_jpeg(data), "jpeg"
    except picture.TooLarge as error:
        return _not_cleaned(item, _too_large(error), file_format)
    except Exception as error:
        return _not_cleaned(
            item,
            words.reason(
                "cannot-convert", detail=f"{type(error).__name__}: {error}"[:160], format=name
            ),
            file_format,
        )
    # Only the main picture is copied: the others (a TIFF's further pages or its preview, a
    # HEIF's other top-level images) are counted in the receipt as left out.
    pictures = picture.pictures_in(data, file_format)
    others = (Dropped(Part.PICTURES, 0, pictures - 1),) if pictures > 1 else ()
    profile = picture.profile_kept(data)
    kept = (profile,) if profile is not None else ()
    return _Made(converted, None, output, lossless=False, dropped=others, kept=kept)


#: Notes saying the picture itself was not looked at, so nothing in it could be found to cover.
_PICTURE_NOT_LOOKED_AT = frozenset(
    {SkipCode.PIXELS_TOO_LARGE, SkipCode.PIXELS_UNREADABLE, SkipCode.PIXELS_NO_MEMORY}
)


def _too_large(error: picture.TooLarge) -> Skip:
    return words.reason(
        "too-large",
        detail=str(error),
        megapixels=f"{error.megapixels:,.0f}",
        limit=f"{error.limit:,.0f}",
    )


_EXTENSIONS = {"jpeg": ".jpg", "heif": ".heic"}


def _target_for(task: Task, made: _Made, file_format: str) -> str:
    if made.output_format == file_format:
        return task.target
    return os.path.splitext(task.target)[0] + _EXTENSIONS[made.output_format]


_RAW_BYTES = Text("a value from the original", "原图里的一个值")
_PIXELS_BAD = Text("pixels that differ from the original", "与原图不同的像素")
_UNREADABLE = Text("a copy exposure cannot read back", "exposure 无法读回的副本")
_HEIF_LEFT = Text("a metadata block in the HEIC copy", "HEIC 副本里的元数据块")


def _leftovers(copy: PhotoResult, found_bytes: list[str], options: CleanOptions) -> list[Leftover]:
    left: list[Leftover] = []
    for finding in copy.findings:
        chosen = (finding.id == "time.original" and options.keep_date) or (
            finding.id == "location.gps" and options.coarsen_location
        )
        left.append(Leftover(finding.id, finding.title, chosen=chosen))
    left += [Leftover("raw-bytes", _RAW_BYTES, detail=value) for value in found_bytes]
    return left


def clean_one(task: Task) -> Receipt:
    """Clean one file; never raises (a failure is a receipt with the reason)."""
    try:
        return _clean(task)
    except Exception as error:
        detail = f"{type(error).__name__}: {error}"[:200]
        why = words.FAILED_ERROR.format(error=type(error).__name__)
        return _not_cleaned(task.item, words.reason("failed", detail=detail, why=why))


def _clean(task: Task) -> Receipt:
    item, options = task.item, task.options
    with open_photo(item.path, options.max_file_bytes, whole=True) as opened:
        if not isinstance(opened, OpenedPhoto):
            return _not_cleaned(item, opened)
        data, file_format, identity = opened.as_bytes(), opened.format, opened.identity
    # The original is audited from the same bytes that are rewritten: the file is read once.
    original = audit_opened(
        item,
        OpenedPhoto(memoryview(data), len(data), file_format, identity),
        FileOptions(
            max_file_bytes=options.max_file_bytes,
            me=options.me,
            metadata_only=not options.blur,
            places=False,
        ),
    )
    if original.status is Status.SKIPPED:
        assert original.skip is not None
        return _not_cleaned(item, original.skip, file_format)
    if options.blur and any(note.code in _PICTURE_NOT_LOOKED_AT for note in original.notes):
        # What she asked to cover was never looked for: a copy would not be what she asked.
        return _not_cleaned(item, words.reason("cannot-look"), file_format)
    if file_format in _LOSSLESS:
        try:
            made: _Made | Receipt = _rewrite(data, file_format, original, options)
        except RewriteError as error:
            return _not_cleaned(item, words.reason("damaged", detail=str(error)), file_format)
        except picture.CoverError:
            return _not_cleaned(item, words.reason("cannot-cover"), file_format)
        except picture.TooLarge as error:
            return _not_cleaned(item, _too_large(error), file_format)
    else:
        made = _convert(data, file_format, item, options)
    if isinstance(made, Receipt):
        return made
    target = _target_for(task, made, file_format)
    linked = _linked_folder(options.out, target)
    if linked is not None:
        return _not_cleaned(
            item, words.reason("through-link", path=display_path(linked)), file_format
        )
    with contextlib.suppress(OSError):
        if os.path.samefile(target, item.path):
            return _not_cleaned(
                item, words.reason("is-input", path=display_path(target)), file_format
            )
    try:
        unnamed = start_copy(target, made.data, options.overwrite)
    except AlreadyExists:
        return _not_cleaned(item, words.reason("exists", path=display_path(target)), file_format)
    except WriteError as error:
        return _write_failed(item, error, file_format)
    # The copy is proven from the bytes just written while they are flushed to disk; it gets
    # its name only after both. The folder is flushed once at the end of the run (clean_paths).
    try:
        receipt = _prove(item, target, data, made, original, file_format, options)
    except BaseException:
        unnamed.discard()
        raise
    try:
        unnamed.name(options.overwrite)
    except AlreadyExists:
        return _not_cleaned(item, words.reason("exists", path=display_path(target)), file_format)
    except WriteError as error:
        return _write_failed(item, error, file_format)
    return receipt


def _write_failed(item: InputFile, error: WriteError, file_format: str) -> Receipt:
    why = messages.WRITE_WHY.get(error.code, Text(error.detail, error.detail))
    receipt = _not_cleaned(
        item,
        words.reason(
            "write-failed",
            detail=f"{error.code}: {error.detail}" if error.code else error.detail,
            folder=display_path(error.folder),
            why=why,
        ),
        file_format,
    )
    return dataclasses.replace(receipt, fatal=True)


def _pixels(
    data: bytes, made: _Made, file_format: str, options: CleanOptions
) -> tuple[PixelCheck, float | None, PixelProof]:
    """A lossless rewrite is proven by its picture-defining bytes (and, if asked, by decoding
    too); a covered or converted copy can only be compared by decoding."""
    same: PixelCheck | None = None
    if made.lossless and made.output_format == file_format:
        same = identity.compare(data, made.data, file_format)
        if same is not PixelCheck.IDENTICAL or options.verify_pixels != "decode":
            return same, None, PixelProof.SAME_DATA
    pixels, psnr = picture.compare(data, made.data, made.lossless, made.covered)
    if pixels is PixelCheck.UNREADABLE and same is PixelCheck.IDENTICAL:
        # Too large to decode twice: the picture's own bytes were proven the same already.
        return same, None, PixelProof.SAME_DATA
    return pixels, psnr, PixelProof.DECODED


def _prove(
    item: InputFile,
    target: str,
    data: bytes,
    made: _Made,
    original: PhotoResult,
    file_format: str,
    options: CleanOptions,
) -> Receipt:
    shown = display_path(target)
    written = in_memory(made.data)
    copy = (
        PhotoResult.skipped(shown, written)
        if isinstance(written, Skip)
        else audit_opened(
            InputFile(path=target, display=shown),
            written,
            FileOptions(me=options.me, metadata_only=options.metadata_only, places=False),
        )
    )
    searched = verify.needles(original.findings, original.location, options.keep_date)
    found = verify.search(made.data, searched)
    pixels, psnr, proof = _pixels(data, made, file_format, options)
    if made.covered and pixels is PixelCheck.CONVERTED:
        pixels = PixelCheck.COVERED
    leftovers = _leftovers(copy, found, options)
    if copy.status is Status.SKIPPED:
        detail = copy.skip.code if copy.skip else ""
        leftovers.append(Leftover("unreadable-copy", _UNREADABLE, detail=detail))
    if made.output_format == "heif":
        leftovers += [
            Leftover("heif-metadata", _HEIF_LEFT, detail=block)
            for block in picture.heif_metadata(made.data)
        ]
    if pixels in (PixelCheck.DIFFERENT, PixelCheck.UNREADABLE):
        leftovers.append(Leftover("pixels", _PIXELS_BAD, detail=pixels.value))
    copy_ids = {finding.id for finding in copy.findings}
    removed = tuple(f for f in original.findings if f.id not in copy_ids and not f.links)
    clean = not any(not left.chosen for left in leftovers)
    return Receipt(
        source=item.display,
        verdict=Verdict.CLEAN if clean else Verdict.REMAINS,
        output=shown,
        file_format=file_format,
        output_format=made.output_format,
        removed_findings=removed
        + tuple(f for f in original.findings if f.links and f.id not in copy_ids),
        dropped=made.rewritten.dropped if made.rewritten else made.dropped,
        kept=made.rewritten.kept if made.rewritten else made.kept,
        leftovers=tuple(leftovers),
        pixels=pixels,
        pixel_proof=proof,
        psnr=psnr,
        covered=len(made.covered),
        values_searched=len(searched),
        bytes_before=len(data),
        bytes_after=len(made.data),
        copy_findings=copy.findings,
    )


# The run ----------------------------------------------------------------------------------------


def _start_worker() -> None:
    """Each worker caps its own memory per file, as the scan's do, and keeps one file's large
    buffers for the next (see audit.memory)."""
    memory.enable()
    memory.reuse_large_buffers()


def _start_pixel_worker() -> None:
    from audit import pixels

    _start_worker()
    pixels.warm_up()


def _load_shared() -> None:
    """Load the checks once, before the workers are forked, rather than once in each. (The
    place names are not needed: a receipt names no place, so the audits here look none up.)"""
    from audit.detectors import fields
    from audit.detectors.registry import all_detectors

    all_detectors()
    fields.field_rules()


def _linked_folder(out: str, target: str) -> str | None:
    """The first folder between ``out`` and ``target`` that is a link, if any: a link there
    could lead anywhere, an original's folder included, and is never written through."""
    relative = os.path.relpath(os.path.dirname(target), out)
    current = out
    for part in [] if relative == os.curdir else relative.split(os.sep):
        current = os.path.join(current, part)
        if os.path.islink(current):
            return current
    return None


def _possible_names(target: str) -> set[str]:
    """Every name a copy of ``target`` may get: its own, or another format's when converted."""
    stem = os.path.splitext(target)[0]
    return {target, *(stem + extension for extension in _EXTENSIONS.values())}


def _existing_names(target: str) -> frozenset[str]:
    return frozenset(name for name in _possible_names(target) if os.path.lexists(name))


def _remove_temporaries(target: str) -> None:
    """The temporary files of a copy of ``target`` a stopped worker may have left."""
    folder = os.path.dirname(target) or "."
    patterns = [glob.escape(temporary_prefix(name)) + "*.part" for name in _possible_names(target)]
    for leftover in (
        p for pattern in patterns for p in glob.glob(os.path.join(glob.escape(folder), pattern))
    ):
        with contextlib.suppress(OSError):
            os.unlink(leftover)


def _remove_partial(target: str, existed: frozenset[str]) -> None:
    """After a worker died: no temporary file, and no unproven copy, may stay behind; a file
    that had one of its names before the run is left alone."""
    _remove_temporaries(target)
    for candidate in _possible_names(target) - existed:
        with contextlib.suppress(OSError):
            os.unlink(candidate)


class WriteStopped(Exception):
    """A copy could not be written (full disk, read-only folder): the run stopped; the
    receipt's reason says why, in the person's words."""

    def __init__(self, receipt: Receipt, done: int) -> None:
        super().__init__(receipt.reason.detail if receipt.reason else "")
        self.receipt = receipt
        self.done = done


def prepare(
    options: CleanOptions, only: Callable[[str], bool] | None = None
) -> tuple[list[Task], list[Receipt | None]]:
    """Check the output folder and plan every copy; raises PlanError."""
    check_output_folder(options.out, options.paths)
    planned = plan(options.paths)
    names = neutral_names(planned) if options.rename else {}
    make_output_folder(options.out)
    check_output_folder(options.out, options.paths)
    tasks: list[Task] = []
    slots: list[Receipt | None] = []
    for index, entry in enumerate(planned):
        if isinstance(entry, PhotoResult):
            if only is None:
                slots.append(_skipped_input(entry))
            continue
        if only is not None and not only(entry.item.display):
            continue
        relative = names.get(index, entry.relative)
        tasks.append(Task(entry.item, os.path.join(options.out, relative), options))
        slots.append(None)
    return tasks, slots


def _skipped_input(entry: PhotoResult) -> Receipt:
    return Receipt(source=entry.path, verdict=Verdict.NOT_CLEANED, reason=entry.skip)


def clean_paths(
    options: CleanOptions,
    progress: Progress | None = None,
    only: Callable[[str], bool] | None = None,
) -> CleanReport:
    """Clean every input; ``only`` limits the run to files whose shown path it accepts."""
    tasks, slots = prepare(options, only)
    existed = [_existing_names(task.target) for task in tasks]
    receipts: list[Receipt] = []
    done = 0
    initializer = _start_worker if options.metadata_only else _start_pixel_worker
    jobs = options.jobs or pool.default_jobs()
    if jobs > 1 and len(tasks) > jobs and pool.forks():
        _load_shared()
    results: dict[int, Receipt] = {}
    runner = pool.run(
        clean_one,
        tasks,
        jobs=jobs,
        budget=options.time_budget,
        # Without the picture checks a file takes milliseconds: hand them out a few at a time,
        # so a worker does not wait for the main process between files.
        batch_size=4 if options.metadata_only else 1,
        initializer=initializer,
    )
    try:
        for index, outcome in runner:
            task = tasks[index]
            if isinstance(outcome, pool.TaskFailed):
                _remove_partial(task.target, existed[index])
                code = "timed-out" if outcome.reason == "timed-out" else "crashed"
                why = (
                    words.FAILED_TIMED_OUT.format(seconds=f"{options.time_budget:g}")
                    if code == "timed-out"
                    else words.FAILED_CRASHED
                )
                receipt = _not_cleaned(task.item, words.reason("failed", detail=code, why=why))
            else:
                receipt = outcome
            if receipt.fatal:
                raise WriteStopped(receipt, sum(1 for r in results.values() if r.output))
            results[index] = receipt
            done += 1
            if progress is not None:
                progress(done, len(tasks))
    finally:
        close = getattr(runner, "close", None)
        if close is not None:
            close()
        # Stopped (Ctrl-C, SIGTERM): the workers were killed, perhaps while writing a copy;
        # a copy not yet named is removed with its temporary file.
        for index, task in enumerate(tasks):
            if index not in results:
                _remove_temporaries(task.target)
        sync_folders(os.path.dirname(task.target) or "." for task in tasks)
    position = 0
    for slot in slots:
        if slot is None:
            receipts.append(results[position])
            position += 1
        else:
            receipts.append(slot)
    return CleanReport(
        tool_version=__version__,
        output_folder=display_path(options.out),
        receipts=tuple(receipts),
        blurred=tuple(kind for kind in BLUR_KINDS if kind in options.blur),
        metadata_only=options.metadata_only,
    )


def exit_code(report: CleanReport) -> int:
    """0: every photo has a clean copy. 1: something identifying remains, or a photo got no copy."""
    for receipt in report.receipts:
        if receipt.verdict is Verdict.REMAINS:
            return 1
        if receipt.verdict is Verdict.NOT_CLEANED and not (
            receipt.reason is not None and receipt.reason.code in NOT_PHOTOS
        ):
            return 1
    return 0
