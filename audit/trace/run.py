"""One trace, start to finish: index her photos, list the found pictures, compare each.

Found pictures are compared in worker processes (audit.pool): a hostile file that crashes a
decoder or loops costs its worker, not the run, and is listed with the reason. Nothing under the
found folders is ever opened for writing: files are mapped read-only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from audit import __version__, pool
from audit.models import Skip
from audit.sources.photo import open_photo
from audit.sources.walk import InputFile, iter_inputs
from audit.trace import exports, features, match
from audit.trace.index import OwnIndex, build
from audit.trace.model import Edit, Match, Method, Region, Skipped, TraceReport, skipped_from
from audit.trace.words import picture_skip, reason_for

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TraceOptions:
    mine: tuple[str, ...]
    found: tuple[str, ...]
    jobs: int = 0
    time_budget: float = 60.0
    use_cache: bool = True


@dataclass(frozen=True)
class Compared:
    """What a worker learnt about one found picture (sent back to the parent)."""

    size: int
    sha256: str
    md5: str
    file_format: str
    full_size: tuple[int, int]
    own: int
    method: Method
    score: int
    region: Region
    edits: tuple[Edit, ...]
    rotation: float
    scale: float


_STATE: dict[str, match.Matcher] = {}


def install(index: OwnIndex) -> None:
    """Make the matcher for ``index`` this process's (kept across fork, built once)."""
    current = _STATE.get("matcher")
    if current is None or current.index is not index:
        _STATE["matcher"] = match.Matcher(index)


def compare(path: str) -> Compared | Skip | None:
    """Compare one found picture with all her photos; None when it is none of them."""
    matcher = _STATE["matcher"]
    index = matcher.index
    with open_photo(path, pictures=True) as opened:
        if isinstance(opened, Skip):
            return opened
        digest = features.digests(opened.data)
        exact = matcher.exact(digest.sha256)
        decoded = features.decode_picture(opened.data, opened.format, features.FOUND_SIDE)
        if isinstance(decoded, Skip):
            if exact is None:
                return picture_skip(decoded)
            full = (0, 0)
        else:
            full = decoded.full_size
        if exact is not None:
            same = (Edit.SAME_FILE,)
            return Compared(
                opened.size,
                digest.sha256,
                digest.md5,
                opened.format,
                full,
                exact,
                Method.EXACT,
                0,
                Region(0, 0, *full),
                same,
                0.0,
                1.0,
            )
        assert not isinstance(decoded, Skip)
        found = features.compute(decoded, mine=False)
        verdict = matcher.by_hash(found) or matcher.by_features(found)
        if verdict is None:
            return None
        own_size = (int(index.sizes[verdict.own][0]), int(index.sizes[verdict.own][1]))
        own_full = (int(index.full_sizes[verdict.own][0]), int(index.full_sizes[verdict.own][1]))
        shape = match.geometry(verdict, (found.width, found.height), own_size, own_full, full)
        ratio = full[0] / max(1, found.width)
        x, y, w, h = (round(value * ratio) for value in shape.region)
        return Compared(
            opened.size,
            digest.sha256,
            digest.md5,
            opened.format,
            full,
            verdict.own,
            verdict.method,
            verdict.score,
            Region(x, y, w, h),
            shape.edits,
            round(shape.rotation, 1),
            round(shape.scale, 3),
        )


def parameters() -> dict[str, object]:
    """Every setting that decides a match, written into each record."""
    return {
        "tool": "exposure",
        "version": __version__,
        "pdq_max_distance": match.PDQ_MAX_DISTANCE,
        "pdq_min_quality": match.PDQ_MIN_QUALITY,
        "orb_min_inliers": match.MIN_INLIERS,
        "lowe_ratio": match.LOWE_RATIO,
        "ransac_pixels": match.RANSAC_PIXELS,
        "hash_side_px": features.HASH_SIDE,
        "mine_side_px": features.MINE_SIDE,
        "mine_features": features.MINE_FEATURES,
        "found_side_px": features.FOUND_SIDE,
        "found_features": features.FOUND_FEATURES,
    }


def _metadata(path: str) -> dict[str, str]:
    """The found copy's own camera and software tags: they may point at the uploader's phone."""
    from PIL import ExifTags, Image

    wanted = ("Make", "Model", "Software", "DateTime", "Artist")
    try:
        with Image.open(path) as image:
            exif = image.getexif()
            values = {ExifTags.TAGS.get(tag, str(tag)): value for tag, value in exif.items()}
            details = exif.get_ifd(0x8769)
            for tag in (0x9003, 0x9011):
                if tag in details:
                    values[ExifTags.TAGS.get(tag, str(tag))] = details[tag]
    except Exception:
        return {}
    keep = [*wanted, "DateTimeOriginal", "OffsetTimeOriginal"]
    return {key: str(values[key])[:200] for key in keep if key in values}


def run_trace(options: TraceOptions, progress: Progress | None = None) -> TraceReport:
    """Trace her photos (``options.mine``) through the found material (``options.found``)."""
    analysed_at = datetime.now(UTC).isoformat(timespec="seconds")
    jobs = options.jobs or pool.default_jobs()
    mine_files: list[tuple[str, str]] = []
    skipped: list[Skipped] = []
    for item in iter_inputs(options.mine):
        if isinstance(item, InputFile):
            mine_files.append((item.path, item.display))
        elif item.skip is not None and item.skip.code != "not-a-photo-name":
            skipped.append(skipped_from(item.path, item.skip))
    built = build(mine_files, jobs=jobs, budget=options.time_budget, use_cache=options.use_cache)
    skipped.extend(built.skipped)
    listing = exports.list_found(options.found)
    skipped.extend(listing.skipped)
    matches: list[tuple[int, Match]] = []
    files = listing.files
    if built.index.photos and files:
        install(built.index)
        for done, (number, result) in enumerate(
            pool.run(
                compare,
                [file.path for file in files],
                jobs=jobs,
                budget=options.time_budget,
                batch_size=4,
                initializer=functools.partial(install, built.index),
            ),
            start=1,
        ):
            if progress is not None:
                progress(done, len(files))
            found = files[number]
            if isinstance(result, pool.TaskFailed):
                skipped.append(
                    skipped_from(found.shown, reason_for(result.reason, options.time_budget))
                )
            elif isinstance(result, Skip):
                skipped.append(skipped_from(found.shown, result))
            elif isinstance(result, Compared):
                matches.append((number, _match(found, result, built.index)))
    matches.sort(key=lambda pair: pair[0])
    return TraceReport(
        own_count=len(built.index.photos),
        found_count=len(files),
        matches=tuple(m for _, m in matches),
        skipped=tuple(skipped),
        analysed_at=analysed_at,
        parameters=parameters(),
        chats=listing.chats,
    )


def _match(found: exports.FoundFile, result: Compared, index: OwnIndex) -> Match:
    return Match(
        found_path=found.shown,
        found_file=found.path,
        found_size=result.size,
        found_sha256=result.sha256,
        found_md5=result.md5,
        found_full_size=result.full_size,
        found_format=result.file_format,
        found_metadata=_metadata(found.path),
        own=index.photos[result.own],
        method=result.method,
        score=result.score,
        region=result.region,
        edits=result.edits,
        rotation=result.rotation,
        scale=result.scale,
        posting=found.posting,
    )
