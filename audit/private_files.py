"""Files and folders only their owner may read, for everything kept about the person.

The result cache, the trace index, an evidence record and the pictures fetched from her
profile pages all say where she was or who she is; each is created here, so the rule (folders
0700, files 0600 or read-only 0400, never through a link someone left at the name) holds in one
place.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def folder(path: Path | str) -> None:
    """Make ``path`` (and its parents) and leave it readable by its owner only."""
    Path(path).mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def write_new(path: Path | str, data: bytes, mode: int = 0o600) -> None:
    """Create ``path`` with ``data``; fail if anything, even a dangling link, has the name."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.chmod(path, mode)


def sqlite(path: Path, pragmas: Sequence[str], schema: str) -> sqlite3.Connection:
    """An owner-only SQLite database at ``path`` with ``schema``; a file that is not a
    database is replaced by a new, empty one."""
    folder(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | _NO_FOLLOW, 0o600))
    os.chmod(path, 0o600)
    connection = sqlite3.connect(path, timeout=2.0)
    try:
        for pragma in pragmas:
            connection.execute(f"PRAGMA {pragma}")
        connection.executescript(schema)
    except sqlite3.DatabaseError:
        connection.close()
        path.unlink()
        return sqlite(path, pragmas, schema)
    for suffix in ("-wal", "-shm", "-journal"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            os.chmod(sidecar, 0o600)
    return connection
