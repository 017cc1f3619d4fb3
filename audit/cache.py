"""Remember what each file gave, so that scanning a library again only reads what changed.

The cache is a SQLite file in the user's cache folder, readable by its owner only. A result is
found again only when the file is the same file in the same state: same device, inode and name,
same size, modification time and change time (the last cannot be set back by any program, so
a rewritten file is always read again), under the same tool version and the same data in
checks/, for the same kind of scan. It stores findings as JSON records (audit.records), never
pixels or thumbnails.

Anything wrong with the cache (locked, damaged, unwritable) turns it off for the run; a scan
never fails because of it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from audit import __version__
from audit.checkdata import checks_dir

FILE_NAME = "scan-cache.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    code TEXT NOT NULL,
    mode TEXT NOT NULL,
    path BLOB NOT NULL,
    identity TEXT NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (code, mode, path)
) WITHOUT ROWID;
"""


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("exposure", appauthor=False)) / FILE_NAME


def _fingerprinted_files() -> list[tuple[str, Path]]:
    package = Path(__file__).resolve().parent
    files = [
        (f"checks/{p.relative_to(checks_dir()).as_posix()}", p)
        for p in checks_dir().rglob("*.toml")
    ]
    files += [(f"audit/{p.relative_to(package).as_posix()}", p) for p in package.rglob("*.py")]
    files += [
        (f"audit/{p.relative_to(package).as_posix()}", p)
        for p in (package / "pixels" / "models").glob("*.onnx")
    ]
    files += [
        (f"audit/{p.relative_to(package).as_posix()}", p)
        for p in (package / "pixels" / "models").glob("*.tflite")
    ]
    return sorted(files)


@functools.cache
def code_fingerprint() -> str:
    """Changes with the tool's version, its code, its models and any data file in checks/.

    Hashing a few megabytes costs milliseconds, and means a result is never reused across a
    change to anything that could have produced a different one.
    """
    digest = hashlib.sha256(__version__.encode())
    for name, path in _fingerprinted_files():
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def file_key(path: str) -> tuple[bytes, str] | None:
    """Which file this is (device, inode, name) and its state, or None if it cannot be seen."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    where = b"%d:%d:" % (info.st_dev, info.st_ino) + os.fsencode(os.path.basename(path))
    return where, f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    exists: bool
    size: int
    entries: int
    current_entries: int


class ResultCache:
    """Lookups and stores for one run; ``mode`` separates kinds of scan (metadata only, full)."""

    def __init__(self, path: Path, mode: str) -> None:
        self.path = path
        self.mode = mode
        self.code = code_fingerprint()
        self._connection: sqlite3.Connection | None = None
        self._pending: list[tuple[str, str, bytes, str, str]] = []
        self._loaded: dict[bytes, str] = {}
        try:
            self._connection = _connect(path)
            self._connection.execute("DELETE FROM results WHERE code != ?", (self.code,))
            self._connection.commit()
        except sqlite3.Error:
            self._disable()

    def _disable(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
        self._connection = None

    def preload(self, keys: Sequence[tuple[bytes, str]]) -> None:
        """Fetch many files' records in a few queries; :meth:`get` then answers from memory."""
        self._loaded.update(self.lookup(keys))

    def get(self, key: bytes) -> str | None:
        """The record of a preloaded file whose state still matched."""
        return self._loaded.get(key)

    def lookup(self, keys: Sequence[tuple[bytes, str]]) -> dict[bytes, str]:
        """Cached records for the files whose state still matches, by file key."""
        if self._connection is None or not keys:
            return {}
        wanted = dict(keys)
        found: dict[bytes, str] = {}
        paths = list(wanted)
        try:
            for start in range(0, len(paths), 500):
                chunk = paths[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._connection.execute(
                    f"SELECT path, identity, result FROM results WHERE code = ? AND mode = ? AND "
                    f"path IN ({marks})",
                    (self.code, self.mode, *chunk),
                )
                for path, identity, record in rows:
                    if wanted.get(path) == identity:
                        found[path] = record
        except sqlite3.Error:
            self._disable()
            return {}
        return found

    def store(self, key: bytes, identity: str, record: str) -> None:
        """Remember a record; written in batches of 500, and at the end (or on Ctrl-C)."""
        if self._connection is None:
            return
        self._pending.append((self.code, self.mode, key, identity, record))
        if len(self._pending) >= 500:
            self.commit()

    def commit(self) -> None:
        if self._connection is None or not self._pending:
            return
        try:
            self._connection.executemany(
                "INSERT OR REPLACE INTO results (code, mode, path, identity, result) VALUES (?, "
                "?, ?, ?, ?)",
                self._pending,
            )
            self._connection.commit()
        except UnicodeEncodeError:
            self._connection.rollback()
        except sqlite3.Error:
            self._disable()
        self._pending = []

    def close(self) -> None:
        self.commit()
        self._disable()


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)


def _connect(path: Path) -> sqlite3.Connection:
    _private_folder(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600))
    os.chmod(path, 0o600)
    connection = sqlite3.connect(path, timeout=2.0)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(_SCHEMA)
    except sqlite3.DatabaseError:
        connection.close()
        path.unlink()
        return _connect(path)
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            os.chmod(sidecar, 0o600)
    return connection


def info(path: Path | None = None) -> CacheInfo:
    path = path or default_path()
    if not path.exists():
        return CacheInfo(path, False, 0, 0, 0)
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2.0)
        try:
            total = connection.execute("SELECT count(*) FROM results").fetchone()[0]
            current = connection.execute(
                "SELECT count(*) FROM results WHERE code = ?", (code_fingerprint(),)
            ).fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        total = current = 0
    return CacheInfo(path, True, size, total, current)


def clear(path: Path | None = None) -> int:
    """Delete the cache files; return how many bytes were freed."""
    path = path or default_path()
    freed = 0
    for candidate in _cache_files(path):
        freed += candidate.stat().st_size
        candidate.unlink()
    return freed


def _cache_files(path: Path) -> Iterable[Path]:
    for suffix in ("", "-wal", "-shm"):
        candidate = path.with_name(path.name + suffix)
        if candidate.is_file():
            yield candidate
