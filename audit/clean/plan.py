"""Decide where each copy goes, and refuse any output folder that could touch an original.

Folders are compared by what they are on disk (device and inode), never by how they are
spelled: a link, a second mount or "./photos/../photos" of an input folder is still that
folder. The output folder may not be an input folder, be inside one, or hold an input (file
or folder). Below each input folder its structure is kept; files named directly go to the top
of the output folder. Two inputs that would land on the same name get "-2", "-3" added.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from audit.clean import words
from audit.errors import UserFacingError
from audit.models import PhotoResult
from audit.sources.walk import InputFile, display_path, iter_inputs

Identity = tuple[int, int]


class PlanError(UserFacingError):
    """The output folder cannot be used; ``message`` says why."""


@dataclass(frozen=True)
class Planned:
    """One input file and the path its copy will have (before any change of extension)."""

    item: InputFile
    #: The copy's path relative to the output folder, with the input's own extension.
    relative: str


def _identity(path: str) -> Identity | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _ancestors(path: str) -> Iterator[tuple[str, Identity]]:
    """``path`` (made real) and every folder above it, with their identities."""
    current = os.path.realpath(path)
    while True:
        identity = _identity(current)
        if identity is not None:
            yield current, identity
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent


def check_output_folder(out: str, inputs: Sequence[str]) -> None:
    """Raise PlanError if ``out`` is, is inside, or holds one of ``inputs``."""
    if os.path.exists(out) and not os.path.isdir(out):
        raise PlanError(words.OUT_NOT_FOLDER.format(out=display_path(out)))
    out_chain = list(_ancestors(out))
    out_identity = _identity(out)
    for given in inputs:
        identity = _identity(given)
        if identity is None:
            continue
        shown = {"out": display_path(out), "input": display_path(given)}
        if os.path.isdir(given):
            if out_identity == identity:
                raise PlanError(words.OUT_IS_INPUT.format(**shown))
            if any(ancestor == identity for _, ancestor in out_chain):
                raise PlanError(words.OUT_INSIDE_INPUT.format(**shown))
        if out_identity is not None and any(
            ancestor == out_identity for _, ancestor in _ancestors(given)
        ):
            raise PlanError(words.OUT_HOLDS_INPUT.format(**shown))


def make_output_folder(out: str) -> None:
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as error:
        raise PlanError(
            words.OUT_CANNOT_CREATE.format(
                out=display_path(out), detail=error.strerror or str(error)
            )
        ) from None


def _relative(given: str, item: InputFile) -> str:
    try:
        is_folder = stat.S_ISDIR(os.stat(given).st_mode)
    except OSError:
        is_folder = False
    if not is_folder:
        return os.path.basename(item.path)
    return os.path.relpath(item.path, given)


def _unique(relative: str, taken: set[str]) -> str:
    """A name no other copy of the run has, by its name without extension: a converted copy
    changes extension (``IMG_0001.HEIC`` becomes a JPEG beside ``IMG_0001.jpg``), and the
    two must not meet at one name."""
    stem, extension = os.path.splitext(relative)
    candidate, number = stem, 1
    while os.path.normcase(candidate).lower() in taken:
        number += 1
        candidate = f"{stem}-{number}"
    taken.add(os.path.normcase(candidate).lower())
    return candidate + extension


def plan(inputs: Sequence[str]) -> list[Planned | PhotoResult]:
    """Every input file with its place in the output folder, or a skip for what is not a file."""
    planned: list[Planned | PhotoResult] = []
    taken: set[str] = set()
    for given in inputs:
        for entry in iter_inputs([given]):
            if isinstance(entry, PhotoResult):
                planned.append(entry)
            else:
                planned.append(Planned(entry, _unique(_relative(given, entry), taken)))
    return planned


def neutral_names(planned: Sequence[Planned | PhotoResult]) -> dict[int, str]:
    """For --rename: photo-001, photo-002… in input order; the photos of each sub-folder go
    into folder-01, folder-02…, since a folder's name (``Lin Xiaoyu 13800138000``,
    ``IMG_20240502``) leaks as much as a file's once the copies are zipped or shared."""
    files = [(index, p) for index, p in enumerate(planned) if isinstance(p, Planned)]
    width = max(3, len(str(len(files))))
    folders: dict[str, str] = {}
    for _, p in files:
        folder = os.path.dirname(p.relative)
        if folder and folder not in folders:
            folders[folder] = ""
    folder_width = max(2, len(str(len(folders))))
    for number, folder in enumerate(folders, start=1):
        folders[folder] = f"folder-{number:0{folder_width}d}"
    names = {}
    for number, (index, p) in enumerate(files, start=1):
        folder = folders.get(os.path.dirname(p.relative), "")
        extension = os.path.splitext(p.relative)[1].lower()
        names[index] = os.path.join(folder, f"photo-{number:0{width}d}{extension}")
    return names
