"""Write a copy so that it is either complete or absent.

The bytes go to a hidden temporary file in the output folder, are flushed to disk, and only
then get the copy's name (a rename in one folder is atomic). Without --overwrite the name is
taken with a hard link, which fails if a file of that name appeared meanwhile, so an existing
file is never replaced. The flush runs in the background (Unnamed), so the caller can prove
the copy meanwhile; the name is given only after the flush has finished. Any failure (a full
disk, a read-only folder) removes the temporary file before the error is passed on. The
folder's own entry list is flushed once per folder at the end of a run (sync_folders), not
after every copy: a name lost in a power cut leaves the copy absent, never incomplete, and one
flush per folder saves a disk wait per photo.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import BinaryIO


class WriteError(Exception):
    """The copy could not be written; ``detail`` is the system's reason, ``code`` its errno name
    (``ENOSPC``), which the receipt says in the person's language."""

    def __init__(self, folder: str, detail: str, code: str = "") -> None:
        super().__init__(f"{folder}: {detail}")
        self.folder = folder
        self.detail = detail
        self.code = code

    @classmethod
    def of(cls, folder: str, error: OSError) -> WriteError:
        return cls(folder, error.strerror or str(error), errno.errorcode.get(error.errno or 0, ""))


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


_FLUSHERS: dict[int, ThreadPoolExecutor] = {}


def _flusher() -> ThreadPoolExecutor:
    """This process's one background thread for flushes (a forked worker gets its own)."""
    pid = os.getpid()
    if pid not in _FLUSHERS:
        _FLUSHERS[pid] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flush")
    return _FLUSHERS[pid]


class Unnamed:
    """A copy written to its temporary file and being flushed to disk in the background; it
    gets its name only once the flush has finished (``name``), or is removed (``discard``).

    The flush waits on the disk, not the processor, so the copy's proof runs meanwhile."""

    def __init__(self, path: str, folder: str, temporary: str, handle: BinaryIO) -> None:
        self.path = path
        self.folder = folder
        self.temporary = temporary
        self._handle = handle
        self._flushing = _flusher().submit(os.fsync, handle.fileno())

    def _flushed(self) -> BaseException | None:
        error = self._flushing.exception()
        with contextlib.suppress(OSError):
            self._handle.close()
        return error

    def name(self, overwrite: bool) -> None:
        """Give the flushed copy its name; raise AlreadyExists or WriteError."""
        error = self._flushed()
        try:
            if error is not None:
                raise error
            if overwrite:
                os.replace(self.temporary, self.path)
            else:
                _link_new(self.temporary, self.path)
        except AlreadyExists:
            _remove(self.temporary)
            raise
        except OSError as failure:
            _remove(self.temporary)
            raise WriteError.of(self.folder, failure) from None
        except BaseException:
            _remove(self.temporary)
            raise

    def discard(self) -> None:
        """Remove the temporary file: the copy never gets its name."""
        self._flushed()
        _remove(self.temporary)


def start_copy(path: str, data: bytes, overwrite: bool) -> Unnamed:
    """Write ``data`` to a temporary file beside ``path`` and start flushing it to disk; raise
    AlreadyExists or WriteError."""
    folder = os.path.dirname(path) or "."
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise WriteError.of(folder, error) from None
    if not overwrite and os.path.lexists(path):
        raise AlreadyExists(path)
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=temporary_prefix(path), suffix=".part", dir=folder
        )
    except OSError as error:
        raise WriteError.of(folder, error) from None
    handle = os.fdopen(descriptor, "wb", buffering=0)
    try:
        _write_all(handle, data)
    except BaseException as error:
        with contextlib.suppress(OSError):
            handle.close()
        _remove(temporary)
        if isinstance(error, OSError):
            raise WriteError.of(folder, error) from None
        raise
    return Unnamed(path, folder, temporary, handle)


#: Bytes per write: one call with a whole photo is several times slower on Linux than the same
#: bytes in pieces of this size (benchmarks/clean.py).
_PIECE = 1 << 16


def _write_all(handle: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    for start in range(0, len(view), _PIECE):
        piece = view[start : start + _PIECE]
        while piece:  # a write may take less than it is given
            piece = piece[handle.write(piece) :]


def write_copy(path: str, data: bytes, overwrite: bool, sync_folder: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; raise AlreadyExists or WriteError.

    With ``sync_folder`` False the caller flushes the folder later (sync_folders)."""
    unnamed = start_copy(path, data, overwrite)
    unnamed.name(overwrite)
    if sync_folder:
        _fsync_folder(unnamed.folder)


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
