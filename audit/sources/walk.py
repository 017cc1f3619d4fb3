"""Turn the paths a person typed into a list of files to audit, or skips with reasons.

Folders are walked recursively in name order so that every run lists photos the same way.
Links to folders are followed, but a folder already being walked is never entered twice, so a
link loop ends the walk of that branch with a skip instead of running forever. Nothing here
reads a file's contents: that happens once, later, in the worker that audits it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from audit.models import PhotoResult
from audit.skips import SkipCode, skip

#: Extensions taken from a folder. A file named on the command line is opened whatever its name.
PHOTO_EXTENSIONS = frozenset(
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".heic", ".heif", ".hif", ".avif",
        ".tif", ".tiff", ".dng", ".cr2", ".cr3", ".nef", ".nrw", ".arw", ".orf", ".rw2", ".raf",
        ".pef", ".srw", ".jxl",
    }
)  # fmt: skip


@dataclass(frozen=True)
class InputFile:
    """A file to audit: where it is, and how to show its path to the person."""

    path: str
    display: str


def display_path(path: str) -> str:
    """A path as text a terminal and a JSON file can hold, even if the name is not UTF-8."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


def iter_inputs(paths: Sequence[str]) -> Iterator[InputFile | PhotoResult]:
    """Yield each file to audit, and a skipped result for everything that cannot be."""
    for given in paths:
        yield from _expand(given)


def _skipped(path: str, code: SkipCode, **values: object) -> PhotoResult:
    return PhotoResult.skipped(display_path(path), skip(code, **values))


def _expand(given: str) -> Iterator[InputFile | PhotoResult]:
    try:
        info = os.stat(given)
    except FileNotFoundError:
        if os.path.islink(given):
            yield _skipped(given, SkipCode.BROKEN_LINK)
        else:
            yield _skipped(given, SkipCode.NOT_FOUND)
        return
    except PermissionError:
        yield _skipped(given, SkipCode.NO_PERMISSION)
        return
    except OSError as error:
        code = SkipCode.LINK_LOOP if error.errno == 40 else SkipCode.UNREADABLE
        yield _skipped(given, code, detail=error.strerror or "")
        return
    if stat.S_ISDIR(info.st_mode):
        found = False
        for item in _walk_folder(given, given, visited=set()):
            found = True
            yield item
        if not found:
            yield _skipped(given, SkipCode.EMPTY_FOLDER)
    else:
        yield InputFile(path=given, display=display_path(given))


def _walk_folder(
    folder: str, shown: str, visited: set[tuple[int, int]]
) -> Iterator[InputFile | PhotoResult]:
    try:
        info = os.stat(folder)
    except OSError:
        yield _skipped(shown, SkipCode.UNREADABLE)
        return
    identity = (info.st_dev, info.st_ino)
    if identity in visited:
        yield _skipped(shown, SkipCode.LINK_LOOP)
        return
    visited = visited | {identity}
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: os.fsencode(entry.name))
    except PermissionError:
        yield _skipped(shown, SkipCode.NO_PERMISSION)
        return
    except OSError as error:
        yield _skipped(shown, SkipCode.UNREADABLE, detail=error.strerror or "")
        return
    for entry in entries:
        child_shown = os.path.join(shown, entry.name)
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk_folder(entry.path, child_shown, visited)
            continue
        if entry.is_symlink() and not os.path.exists(entry.path):
            yield _skipped(child_shown, SkipCode.BROKEN_LINK)
            continue
        extension = os.path.splitext(entry.name)[1].lower()
        if extension in PHOTO_EXTENSIONS:
            yield InputFile(path=entry.path, display=display_path(child_shown))
        else:
            yield _skipped(child_shown, SkipCode.NOT_A_PHOTO_NAME, extension=extension or "(none)")
