"""Turn the paths a person typed into a list of files to audit, or skips with reasons.

Folders are walked recursively in name order so that every run lists photos the same way.
Links to folders are followed, but no folder is walked twice: a link back into a folder being
walked ends that branch with a skip, and a second way into a folder already walked is listed as
such, so a maze of links costs one visit per real folder. Each real file (device and inode) is
audited once, whatever the number of names and links leading to it; the other paths are kept
beside it, since two copies of one photo would look like two photos from one camera. The walk
is bounded in folders, entries and links followed, and says so when a bound stops it. Nothing
here reads a file's contents: that happens once, later, in the worker that audits it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from audit.models import PhotoResult
from audit.skips import NO_EXTENSION, SkipCode, skip

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
    """A file to audit: where it is, how to show its path, and which real file it is."""

    path: str
    display: str
    #: (device, inode) of the file the path leads to, following links; None if unknown.
    identity: tuple[int, int] | None = None
    #: Other paths given or found that lead to the same file, as shown to the person.
    also_at: tuple[str, ...] = ()


@dataclass(frozen=True)
class WalkLimits:
    """Bounds on one walk, so that a huge tree or a maze of links cannot hold a run for ever."""

    folders: int = 200_000
    entries: int = 5_000_000
    links: int = 50_000


def display_path(path: str) -> str:
    """A path as text a terminal and a JSON file can hold, even if the name is not UTF-8."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


def iter_inputs(
    paths: Sequence[str], limits: WalkLimits = WalkLimits()
) -> Iterator[InputFile | PhotoResult]:
    """Yield each real file to audit once, and a skipped result for everything that cannot be."""
    walk = _Walk(limits)
    items = [item for given in paths for item in walk.expand(given)]
    yield from _merged(items)


def _merged(items: list[InputFile | PhotoResult]) -> list[InputFile | PhotoResult]:
    """Keep the first path to each real file, with the later ones listed in ``also_at``."""
    first: dict[tuple[int, int], int] = {}
    kept: list[InputFile | PhotoResult] = []
    for item in items:
        if isinstance(item, InputFile) and item.identity is not None:
            position = first.get(item.identity)
            if position is not None:
                earlier = kept[position]
                assert isinstance(earlier, InputFile)
                if item.display != earlier.display and item.display not in earlier.also_at:
                    kept[position] = replace(earlier, also_at=(*earlier.also_at, item.display))
                continue
            first[item.identity] = len(kept)
        kept.append(item)
    return kept


def _skipped(path: str, code: SkipCode, **values: object) -> PhotoResult:
    return PhotoResult.skipped(display_path(path), skip(code, **values))


class _Walk:
    """What one walk has seen and spent: folders walked (and where), entries, links."""

    def __init__(self, limits: WalkLimits) -> None:
        self.limits = limits
        self.folders_seen: dict[tuple[int, int], str] = {}
        self.entries = 0
        self.links = 0
        self.stopped = False

    def _limit_hit(self, shown: str) -> PhotoResult:
        self.stopped = True
        return _skipped(
            shown,
            SkipCode.WALK_LIMIT,
            folders=self.limits.folders,
            entries=self.limits.entries,
            links=self.limits.links,
        )

    def expand(self, given: str) -> Iterator[InputFile | PhotoResult]:
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
            code = SkipCode.LINK_LOOP if error.errno == errno.ELOOP else SkipCode.UNREADABLE
            yield _skipped(given, code, detail=error.strerror or "")
            return
        if stat.S_ISDIR(info.st_mode):
            found = False
            for item in self._folder(given, given, info, ancestors=frozenset()):
                found = True
                yield item
            if not found:
                yield _skipped(given, SkipCode.EMPTY_FOLDER)
        else:
            yield InputFile(
                path=given, display=display_path(given), identity=(info.st_dev, info.st_ino)
            )

    def _folder(
        self, folder: str, shown: str, info: os.stat_result, ancestors: frozenset[tuple[int, int]]
    ) -> Iterator[InputFile | PhotoResult]:
        identity = (info.st_dev, info.st_ino)
        if identity in ancestors:
            yield _skipped(shown, SkipCode.LINK_LOOP)
            return
        if identity in self.folders_seen:
            yield _skipped(
                shown, SkipCode.FOLDER_SEEN, other=display_path(self.folders_seen[identity])
            )
            return
        if self.stopped:
            return
        if len(self.folders_seen) >= self.limits.folders:
            yield self._limit_hit(shown)
            return
        self.folders_seen[identity] = shown
        ancestors = ancestors | {identity}
        try:
            entries = self._listing(folder)
        except PermissionError:
            yield _skipped(shown, SkipCode.NO_PERMISSION)
            return
        except OSError as error:
            yield _skipped(shown, SkipCode.UNREADABLE, detail=error.strerror or "")
            return
        if entries is None:
            yield self._limit_hit(shown)
            return
        for entry in entries:
            if self.stopped:
                return
            yield from self._entry(entry, os.path.join(shown, entry.name), info.st_dev, ancestors)

    def _listing(self, folder: str) -> list[os.DirEntry[str]] | None:
        """The folder's entries in name order, or None once the bound on entries is reached."""
        entries = []
        with os.scandir(folder) as listing:
            for entry in listing:
                self.entries += 1
                if self.entries > self.limits.entries:
                    return None
                entries.append(entry)
        return sorted(entries, key=lambda entry: os.fsencode(entry.name))

    def _entry(
        self,
        entry: os.DirEntry[str],
        shown: str,
        device: int,
        ancestors: frozenset[tuple[int, int]],
    ) -> Iterator[InputFile | PhotoResult]:
        link = entry.is_symlink()
        target: os.stat_result | None = None
        if link:
            self.links += 1
            if self.links > self.limits.links:
                yield self._limit_hit(shown)
                return
            try:
                target = entry.stat(follow_symlinks=True)
            except OSError as error:
                loop = error.errno == errno.ELOOP
                yield _skipped(shown, SkipCode.LINK_LOOP if loop else SkipCode.BROKEN_LINK)
                return
        try:
            is_dir = stat.S_ISDIR(target.st_mode) if target else entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            try:
                info = target or entry.stat(follow_symlinks=False)
            except OSError as error:
                yield _skipped(shown, SkipCode.UNREADABLE, detail=error.strerror or "")
                return
            yield from self._folder(entry.path, shown, info, ancestors)
            return
        extension = os.path.splitext(entry.name)[1].lower()
        if extension not in PHOTO_EXTENSIONS:
            yield _skipped(shown, SkipCode.NOT_A_PHOTO_NAME, extension=extension or NO_EXTENSION)
            return
        identity = (target.st_dev, target.st_ino) if target else (device, entry.inode())
        yield InputFile(path=entry.path, display=display_path(shown), identity=identity)
