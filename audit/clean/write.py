"""Write a copy so that it is either complete or absent.

The bytes go to a hidden temporary file in the output folder, are flushed to disk, and only
then get the copy's name (a rename in one folder is atomic). Without --overwrite the name is
taken with a hard link, which fails if a file of that name appeared meanwhile, so an existing
file is never replaced. Any failure (a full disk, a read-only folder) removes the temporary
file before the error is passed on. The folder's own entry list is flushed once per folder at
the end of a run (sync_folders), not after every copy: a name lost in a power cut leaves the
copy absent, never incomplete, and one flush per folder saves a disk wait per photo.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable


class WriteError(Exception):
    """The copy could not be written; ``detail`` is the system's reason."""

    def __init__(self, folder: str, detail: str) -> None:
        super().__init__(f"{folder}: {detail}")
        self.folder = folder
        self.detail = detail


class AlreadyExists(Exception):
    """A file already has the copy's name and --overwrite was not given."""


def temporary_prefix(path: str) -> str:
    """Temporary files of one copy start with this, so they can be found after a crash."""
    return f".exposure-{os.path.basename(path)}."


def sync_folders(folders: Iterable[str]) -> None:
    """Flush the names of the copies written into ``folders`` to disk."""
    for folder in sorted(set(folders)):
        _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_copy(path: str, data: bytes, overwrite: bool, sync_folder: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; raise AlreadyExists or WriteError.

    With ``sync_folder`` False the caller flushes the folder later (sync_folders)."""
    folder = os.path.dirname(path) or "."
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise WriteError(folder, error.strerror or str(error)) from None
    if not overwrite and os.path.lexists(path):
        raise AlreadyExists(path)
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=temporary_prefix(path), suffix=".part", dir=folder
        )
    except OSError as error:
        raise WriteError(folder, error.strerror or str(error)) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path)
    except AlreadyExists:
        _remove(temporary)
        raise
    except OSError as error:
        _remove(temporary)
        raise WriteError(folder, error.strerror or str(error)) from None
    except BaseException:
        _remove(temporary)
        raise
    if sync_folder:
        _fsync_folder(folder)


def _link_new(temporary: str, path: str) -> None:
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise AlreadyExists(path) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: check, then rename (a small window, said in the docs).
        if os.path.lexists(path):
            raise AlreadyExists(path) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
