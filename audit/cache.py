"""Remember what each file gave, so that scanning a library again only reads what changed.

The cache is a SQLite file in the user's cache folder, readable by its owner only. A result is
found again only when the file is the same file in the same state: same device, inode and name,
same size, modification time and change time (the last cannot be set back by any program, so
a rewritten file is always read again), under the same tool version and the same data in
checks/, for the same kind of scan. It stores findings as JSON records (audit.records), and
the sentences those records name once each, never pixels or thumbnails.

Anything wrong with the cache (owned by another user after a run with sudo, unreadable, a
folder in place of the file, read-only, damaged) turns it off for the run, with one sentence
saying why (:attr:`ResultCache.problem`); a scan never fails because of it. ``clear`` removes
what it can and says plainly what it could not.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from audit import __version__, messages, private_files, sanitize
from audit.checkdata import checks_dir
from audit.models import Text
from audit.records import Record, Sentence, sentence_key

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
CREATE TABLE IF NOT EXISTS sentences (
    code TEXT NOT NULL,
    key TEXT NOT NULL,
    en TEXT NOT NULL,
    zh TEXT NOT NULL,
    PRIMARY KEY (code, key)
) WITHOUT ROWID;
"""


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("exposure", appauthor=False)) / FILE_NAME


#: Files whose contents make up the code fingerprint, by folder and suffix.
_FINGERPRINTED = (("checks", (".toml",)), ("audit", (".py",)))
_MODEL_SUFFIXES = (".onnx",)


def _fingerprinted_files() -> list[tuple[str, str, os.stat_result]]:
    """(name, path, state) of every code, model and data file, sorted by name."""
    package = os.path.dirname(os.path.abspath(__file__))
    roots = {"checks": str(checks_dir()), "audit": package}
    models = os.path.join(package, "pixels", "models")
    found = []
    for label, suffixes in _FINGERPRINTED:
        root = roots[label]
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [name for name in subfolders if name != "__pycache__"]
            wanted = suffixes + _MODEL_SUFFIXES if folder == models else suffixes
            for name in names:
                if name.endswith(wanted):
                    path = os.path.join(folder, name)
                    relative = os.path.relpath(path, root).replace(os.sep, "/")
                    found.append((f"{label}/{relative}", path, os.stat(path)))
    return sorted(found)


def _stamp(files: list[tuple[str, str, os.stat_result]]) -> str:
    """Changes whenever any of the files is written: its change time cannot be set back."""
    digest = hashlib.sha256(__version__.encode())
    for name, _, info in files:
        digest.update(
            f"{name}:{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:"
            f"{info.st_ctime_ns}\n".encode()
        )
    return digest.hexdigest()[:32]


def _stamp_path() -> Path:
    return default_path().with_name("code-fingerprint")


@functools.cache
def code_fingerprint() -> str:
    """Changes with the tool's version, its code, its models and any data file in checks/.

    It hashes the files' contents, so a result is never reused across a change to anything
    that could have produced a different one. The hash is remembered (owner-only, beside the
    cache) under the files' states, so later runs only look at the files' states; any write to a
    file changes its state and the contents are hashed again.
    """
    files = _fingerprinted_files()
    stamp = _stamp(files)
    with contextlib.suppress(OSError, UnicodeError, ValueError):
        remembered_stamp, remembered = _stamp_path().read_text(encoding="ascii").split()
        if remembered_stamp == stamp and len(remembered) == 32:
            return remembered
    digest = hashlib.sha256(__version__.encode())
    for name, path, _ in files:
        digest.update(name.encode())
        with open(path, "rb") as handle:
            digest.update(handle.read())
    fingerprint = digest.hexdigest()[:32]
    _remember(stamp, fingerprint)
    return fingerprint


def _remember(stamp: str, fingerprint: str) -> None:
    """Keep the fingerprint for the next run; failing to only costs the next run a few ms."""
    path = _stamp_path()
    with contextlib.suppress(OSError):
        private_files.folder(path.parent)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(temporary, flags, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(f"{stamp} {fingerprint}\n")
        os.replace(temporary, path)


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


def _owned_by_someone_else(path: Path) -> bool:
    try:
        return path.lstat().st_uid != os.geteuid()
    except OSError:
        return False


def _why(path: Path, error: BaseException) -> Text:
    """Plain words for what is wrong with the cache at ``path``."""
    for candidate in (path, path.parent):
        if _owned_by_someone_else(candidate):
            return messages.CACHE_OTHER_OWNER
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            return messages.CACHE_FOLDER_IN_PLACE
    if isinstance(error, OSError):
        if error.errno == errno.EROFS:
            return messages.CACHE_READ_ONLY
        if error.errno in (errno.EACCES, errno.EPERM):
            return messages.CACHE_NOT_ALLOWED
        detail = sanitize.shortened(error.strerror or str(error))
        return Text(detail, detail)
    text = str(error).lower()
    if "readonly" in text or "read-only" in text:
        return messages.CACHE_READ_ONLY
    if "unable to open" in text:
        return messages.CACHE_NOT_ALLOWED
    return messages.CACHE_DAMAGED


def _sentence(template: Text, path: Path, why: Text) -> Text:
    shown = sanitize.shortened(str(path), 1000)
    return Text(
        template.en.format(path=shown, why=why.en), template.zh.format(path=shown, why=why.zh)
    )


def problem_text(path: Path, why: Text) -> Text:
    return _sentence(messages.CACHE_UNUSABLE, path, why)


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    exists: bool
    size: int
    entries: int
    current_entries: int
    #: Why the cache cannot be read, in plain words; None when it can.
    problem: Text | None = None


class ResultCache:
    """Lookups and stores for one run; ``mode`` separates kinds of scan (metadata only, full)."""

    def __init__(self, path: Path, mode: str) -> None:
        self.path = path
        self.mode = mode
        self.code = code_fingerprint()
        self._connection: sqlite3.Connection | None = None
        self._pending: list[tuple[str, str, bytes, str, str]] = []
        self._pending_sentences: list[tuple[str, str, str, str]] = []
        #: Keys of the sentences stored, or about to be, under this code.
        self._known: set[str] = set()
        self._loaded: dict[bytes, str] = {}
        #: Why the cache was turned off for this run, in plain words; None while it works.
        self.problem: Text | None = None
        try:
            self._connection = _connect(path)
            for table in ("results", "sentences"):
                self._connection.execute(f"DELETE FROM {table} WHERE code != ?", (self.code,))
            self._connection.commit()
        except (sqlite3.Error, OSError) as error:
            self._give_up(error)

    @property
    def enabled(self) -> bool:
        return self._connection is not None

    def _give_up(self, error: BaseException) -> None:
        """Turn the cache off for the rest of the run, remembering why (the first reason only)."""
        if self.problem is None:
            self.problem = problem_text(self.path, _why(self.path, error))
        self._disable()

    def _disable(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
        self._connection = None

    def preload(self, keys: Sequence[tuple[bytes, str]]) -> None:
        """Fetch many files' records in a few queries; :meth:`get` then answers from memory."""
        self._loaded.update(self.lookup(keys))

    def sentences(self) -> list[Sentence]:
        """The sentences the stored records name: a few dozen for most libraries, since only a
        file's notes (why it was skipped, what could not be read) carry values of its own."""
        if self._connection is None:
            return []
        try:
            # Read as bytes: one row that is not valid text must not turn the whole cache off.
            rows = self._connection.execute(
                "SELECT CAST(key AS BLOB), CAST(en AS BLOB), CAST(zh AS BLOB) FROM sentences "
                "WHERE code = ?",
                (self.code,),
            ).fetchall()
        except sqlite3.Error as error:
            self._give_up(error)
            return []
        sentences = []
        for row in rows:
            with contextlib.suppress(UnicodeDecodeError, TypeError):
                key, en, zh = (bytes(value).decode("utf-8") for value in row)
                sentences.append((key, en, zh))
        # A damaged sentence is not counted as kept: the next record naming it writes it again.
        self._known.update(key for key, en, zh in sentences if sentence_key(en, zh) == key)
        return sentences

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
        except sqlite3.Error as error:
            self._give_up(error)
            return {}
        return found

    def store(self, key: bytes, identity: str, record: Record) -> None:
        """Remember a record; written in batches of 500, and at the end (or on Ctrl-C)."""
        if self._connection is None:
            return
        self._learn(record.sentences)
        self._pending.append((self.code, self.mode, key, identity, record.body))
        if len(self._pending) >= 500:
            self.commit()

    def _learn(self, sentences: Iterable[Sentence]) -> None:
        for key, en, zh in sentences:
            if key not in self._known:
                self._known.add(key)
                self._pending_sentences.append((self.code, key, en, zh))

    def commit(self) -> None:
        """Write what is pending; a record's sentences go in the same transaction as it."""
        if self._connection is None or not self._pending:
            return
        try:
            self._connection.executemany(
                "INSERT OR REPLACE INTO sentences (code, key, en, zh) VALUES (?, ?, ?, ?)",
                self._pending_sentences,
            )
            self._connection.executemany(
                "INSERT OR REPLACE INTO results (code, mode, path, identity, result) VALUES (?, "
                "?, ?, ?, ?)",
                self._pending,
            )
            self._connection.commit()
        except UnicodeEncodeError:
            self._connection.rollback()
            self._known.difference_update(key for _, key, _, _ in self._pending_sentences)
        except sqlite3.Error as error:
            self._give_up(error)
        self._pending = []
        self._pending_sentences = []

    def close(self) -> None:
        self.commit()
        self._disable()


def _connect(path: Path) -> sqlite3.Connection:
    return private_files.sqlite(path, ("journal_mode=WAL", "synchronous=NORMAL"), _SCHEMA)


def info(path: Path | None = None) -> CacheInfo:
    """Where the cache is and what it holds; a cache that cannot be read counts as holding none."""
    path = path or default_path()
    try:
        if not path.exists():
            return CacheInfo(path, False, 0, 0, 0)
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
    except OSError as error:
        return CacheInfo(path, True, 0, 0, 0, problem_text(path, _why(path, error)))
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2.0)
        try:
            total = connection.execute("SELECT count(*) FROM results").fetchone()[0]
            current = connection.execute(
                "SELECT count(*) FROM results WHERE code = ?", (code_fingerprint(),)
            ).fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as error:
        return CacheInfo(path, True, size, 0, 0, problem_text(path, _why(path, error)))
    return CacheInfo(path, True, size, total, current)


@dataclass(frozen=True)
class Cleared:
    """What ``clear`` freed, and what it could not remove, in plain words."""

    freed: int
    left: tuple[Text, ...] = ()


def clear(path: Path | None = None) -> Cleared:
    """Delete the cache files (and a folder or link found in their place); say what is left.

    Repairs what a run with sudo or a crash can leave: a folder instead of the file, files
    owned by another user (removable when the folder is yours), a folder with wrong permissions.
    """
    path = path or default_path()
    freed = 0
    left: list[Text] = []
    with contextlib.suppress(OSError):
        if path.parent.is_dir() and not _owned_by_someone_else(path.parent):
            os.chmod(path.parent, 0o700)
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        try:
            info = candidate.lstat()
        except FileNotFoundError:
            continue
        except OSError as error:
            left.append(_cannot_remove(candidate, error))
            continue
        try:
            if stat.S_ISDIR(info.st_mode):
                freed += sum(p.stat().st_size for p in candidate.rglob("*") if p.is_file())
                shutil.rmtree(candidate)
            else:
                candidate.unlink()
                freed += info.st_size if stat.S_ISREG(info.st_mode) else 0
        except OSError as error:
            left.append(_cannot_remove(candidate, error))
    return Cleared(freed, tuple(left))


def _cannot_remove(path: Path, error: OSError) -> Text:
    return _sentence(messages.CACHE_CANNOT_REMOVE, path, _why(path, error))
