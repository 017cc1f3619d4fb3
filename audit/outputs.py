"""Write a report file that only its owner can read, and never over a photo being audited.

Reports list where someone lives and what identifies her: they are created with mode 0600
(and tightened to it if the file already existed), and a report path that is one of the inputs
is refused, so the audit can never overwrite a photo.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from audit import messages
from audit.errors import UserFacingError


class OutputError(UserFacingError):
    """The report could not be written; ``message`` says why, in both languages."""


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def write_private(path: str, text: str, protected: Iterable[str] = ()) -> None:
    if os.path.exists(path) and any(_same_file(path, other) for other in protected):
        raise OutputError(messages.REPORT_IS_INPUT.format(path=path))
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, 0o600)
    except OSError as error:
        detail = error.strerror or str(error)
        raise OutputError(messages.REPORT_UNWRITABLE.format(path=path, detail=detail)) from None
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            descriptor = -1
            handle.write(text)
    finally:
        if descriptor >= 0:
            os.close(descriptor)
