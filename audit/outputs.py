"""Write a report file that only its owner can read, whole or not at all, never over an input.

Reports list where someone lives and what identifies her: they are created with mode 0600.
The text goes to a temporary file beside the requested one, which is renamed over it only once
everything is written, so a full disk or a stopped run leaves the old file (or none), never a
truncated report under the requested name. A report path that is the same file as one of the
inputs (same device and inode, whatever the name or link that leads there) is refused, so the
audit can never overwrite a photo.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable

from audit import messages, sanitize
from audit.errors import UserFacingError
from audit.models import Text


class OutputError(UserFacingError):
    """The report could not be written; ``message`` says why, in both languages."""


def identity(path: str) -> tuple[int, int] | None:
    """The file a path leads to (device, inode), following links; None if there is none."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def inputs_under(output: str, paths: Iterable[str]) -> frozenset[tuple[int, int]]:
    """The files in ``paths`` (folders walked) that a report at ``output`` could overwrite.

    The walk (which reads no file) happens only when something already exists at ``output``.
    """
    if identity(output) is None:
        return frozenset()
    from audit.sources.walk import InputFile, iter_inputs

    return frozenset(
        item.identity
        for item in iter_inputs(tuple(paths))
        if isinstance(item, InputFile) and item.identity is not None
    )


def refuse_inputs(path: str, inputs: Iterable[tuple[int, int]]) -> None:
    """Raise :class:`OutputError` if ``path`` is the same file as one of ``inputs``."""
    target = identity(path)
    if target is not None and target in set(inputs):
        shown = sanitize.shortened(path, 1000)
        raise OutputError(messages.REPORT_IS_INPUT.format(path=shown))


def _cannot_write(path: str, error: OSError) -> OutputError:
    shown = sanitize.shortened(path, 1000)
    detail = sanitize.shortened(error.strerror or str(error))
    known = error.errno != errno.ENOENT or not os.path.isdir(os.path.dirname(os.path.abspath(path)))
    name = errno.errorcode.get(error.errno or 0, "")
    why = messages.WRITE_WHY.get(name, Text(detail, detail)) if known else messages.CANNOT_MAKE
    template = messages.REPORT_UNWRITABLE
    return OutputError(
        Text(template.en.format(path=shown, why=why.en), template.zh.format(path=shown, why=why.zh))
    )


def _refuse_special(path: str) -> None:
    """A device, pipe or folder is never replaced by a report (think of ``-o /dev/null``)."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        shown = sanitize.shortened(path, 1000)
        raise OutputError(messages.REPORT_NOT_FILE.format(path=shown))


def write_private(path: str, text: str, protected: Iterable[tuple[int, int]] = ()) -> None:
    """Write ``text`` to ``path`` atomically, owner-only, unless ``path`` is a protected file.

    A link at ``path`` is replaced by the report, never followed: nothing outside the requested
    name is written.
    """
    refuse_inputs(path, protected)
    _refuse_special(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(path)[:100]}.", suffix=".tmp", dir=folder
        )
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            descriptor = -1
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        if descriptor >= 0:
            os.close(descriptor)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from None
        raise
