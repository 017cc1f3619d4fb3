"""Her photos, indexed once: digests, dihedral PDQ hashes and ORB features, cached owner-only.

Perceptual hashes and features of intimate photos can be turned back into a likeness of the
picture, so the index lives only in the user's cache folder (a 0600 file in a 0700 folder, beside
the scan's cache), never in a report or an evidence record, and ``exposure cache clear`` deletes
it. An entry is reused only for the same file in the same state (device, inode, name, size,
modification and change time) under the same code, exactly like the scan's cache, so a second
dump costs only the dump.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from audit import cache as scan_cache
from audit import pool, private_files
from audit.models import Skip
from audit.sources.photo import open_photo
from audit.trace import features as feats
from audit.trace.model import OwnPhoto, Skipped, skipped_from
from audit.trace.words import picture_skip, reason_for

FILE_NAME = "trace-index.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS photos (
    code TEXT NOT NULL,
    path BLOB NOT NULL,
    identity TEXT NOT NULL,
    entry BLOB NOT NULL,
    PRIMARY KEY (code, path)
) WITHOUT ROWID;
"""


def default_path() -> Path:
    return scan_cache.default_path().with_name(FILE_NAME)


@dataclass(frozen=True)
class Entry:
    """What is kept of one of her photos."""

    sha256: str
    size: int
    #: Width and height of the photo itself, upright, in its own pixels.
    full_size: tuple[int, int]
    features: feats.Features


def _pack(entry: Entry) -> bytes:
    buffer = io.BytesIO()
    f = entry.features
    np.savez(
        buffer,
        meta=np.array([entry.size, f.width, f.height, f.quality, *entry.full_size], dtype=np.int64),
        sha256=np.frombuffer(bytes.fromhex(entry.sha256), dtype=np.uint8),
        hashes=f.hashes,
        points=f.points,
        descriptors=f.descriptors,
    )
    return buffer.getvalue()


def _unpack(blob: bytes) -> Entry:
    with np.load(io.BytesIO(blob), allow_pickle=False) as data:
        size, width, height, quality, full_w, full_h = (int(v) for v in data["meta"])
        features = feats.Features(
            width,
            height,
            np.ascontiguousarray(data["hashes"], dtype=np.uint8),
            quality,
            np.ascontiguousarray(data["points"], dtype=np.float32),
            np.ascontiguousarray(data["descriptors"], dtype=np.uint8),
        )
        return Entry(bytes(data["sha256"]).hex(), size, (full_w, full_h), features)


class IndexCache:
    """The owner-only SQLite file of indexed photos; any trouble with it turns it off."""

    def __init__(self, path: Path) -> None:
        self.code = scan_cache.code_fingerprint()
        self._connection: sqlite3.Connection | None = None
        try:
            self._connection = _connect(path)
            self._connection.execute("DELETE FROM photos WHERE code != ?", (self.code,))
            self._connection.commit()
        except (sqlite3.Error, OSError):
            self.close()

    def get(self, key: tuple[bytes, str]) -> Entry | None:
        if self._connection is None:
            return None
        try:
            row = self._connection.execute(
                "SELECT identity, entry FROM photos WHERE code = ? AND path = ?",
                (self.code, key[0]),
            ).fetchone()
        except sqlite3.Error:
            self.close()
            return None
        if row is None or row[0] != key[1]:
            return None
        try:
            return _unpack(row[1])
        except (ValueError, KeyError, OSError):
            return None

    def put(self, key: tuple[bytes, str], entry: Entry) -> None:
        if self._connection is None:
            return
        try:
            self._connection.execute(
                "INSERT OR REPLACE INTO photos (code, path, identity, entry) VALUES (?, ?, ?, ?)",
                (self.code, key[0], key[1], _pack(entry)),
            )
        except sqlite3.Error:
            self.close()

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.commit()
                self._connection.close()
        self._connection = None


def _connect(path: Path) -> sqlite3.Connection:
    return private_files.sqlite(path, ("journal_mode=DELETE",), _SCHEMA)


def index_one(path: str) -> Entry | Skip:
    """Digest, hash and describe one of her photos (runs in a worker process)."""
    with open_photo(path) as opened:
        if isinstance(opened, Skip):
            return opened
        digest = feats.digests(opened.data)
        decoded = feats.decode_picture(opened.data, opened.format, feats.MINE_SIDE)
        if isinstance(decoded, Skip):
            return picture_skip(decoded)
        return Entry(
            digest.sha256, opened.size, decoded.full_size, feats.compute(decoded, mine=True)
        )


@dataclass(frozen=True)
class OwnIndex:
    """All her photos' hashes and descriptors in flat arrays, so that one found picture is
    compared with every photo at once (a popcount over all hashes, a nearest-neighbour search
    over all descriptors) instead of in a loop over pairs."""

    photos: tuple[OwnPhoto, ...]
    by_sha256: dict[str, int]
    #: (photos x 8, 32) PDQ hashes, which photo and which rotation/flip each row is.
    hashes: npt.NDArray[np.uint8]
    hash_owner: npt.NDArray[np.int32]
    hash_variant: npt.NDArray[np.int8]
    quality: npt.NDArray[np.int32]
    #: Working-copy size of each photo (width, height), and its full size.
    sizes: npt.NDArray[np.int32]
    full_sizes: npt.NDArray[np.int32]
    #: Every descriptor of every photo, which photo it belongs to, and where.
    descriptors: npt.NDArray[np.uint8]
    descriptor_owner: npt.NDArray[np.int32]
    points: npt.NDArray[np.float32]
    #: Where each photo's descriptors start in the flat arrays (photos + 1 offsets).
    offsets: npt.NDArray[np.int64]


def assemble(photos: Sequence[OwnPhoto], entries: Sequence[Entry]) -> OwnIndex:
    """Flatten indexed entries into one :class:`OwnIndex`."""
    hash_rows = [entry.features.hashes for entry in entries]
    counts = [len(entry.features.descriptors) for entry in entries]
    offsets = np.zeros(len(entries) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(counts) if counts else []
    empty_desc = np.zeros((0, 32), np.uint8)
    return OwnIndex(
        photos=tuple(photos),
        by_sha256={photo.sha256: number for number, photo in enumerate(photos)},
        hashes=np.concatenate(hash_rows) if hash_rows else np.zeros((0, 32), np.uint8),
        hash_owner=np.concatenate(
            [np.full(len(rows), n, np.int32) for n, rows in enumerate(hash_rows)]
        )
        if hash_rows
        else np.zeros(0, np.int32),
        hash_variant=np.concatenate([np.arange(len(rows), dtype=np.int8) for rows in hash_rows])
        if hash_rows
        else np.zeros(0, np.int8),
        quality=np.array([entry.features.quality for entry in entries], dtype=np.int32),
        sizes=np.array(
            [(entry.features.width, entry.features.height) for entry in entries], dtype=np.int32
        ).reshape(-1, 2),
        full_sizes=np.array([entry.full_size for entry in entries], dtype=np.int32).reshape(-1, 2),
        descriptors=np.concatenate([e.features.descriptors for e in entries])
        if entries
        else empty_desc,
        descriptor_owner=np.repeat(np.arange(len(entries), dtype=np.int32), counts),
        points=np.concatenate([e.features.points for e in entries])
        if entries
        else np.zeros((0, 2), np.float32),
        offsets=offsets,
    )


@dataclass(frozen=True)
class Built:
    index: OwnIndex
    skipped: tuple[Skipped, ...]
    reused: int


def build(
    files: Iterable[tuple[str, str]],
    *,
    jobs: int,
    budget: float,
    use_cache: bool = True,
    cache_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> Built:
    """Index her photos (``(path, shown path)`` pairs), reusing cached entries of unchanged files.

    Two files with the same bytes are one photo (the first name given is kept).
    """
    listed = list(files)
    store = IndexCache(cache_path or default_path()) if use_cache else None
    keys = [scan_cache.file_key(path) for path, _ in listed]
    entries: dict[int, Entry | Skip] = {}
    todo: list[int] = []
    for number, key in enumerate(keys):
        cached = store.get(key) if store is not None and key is not None else None
        if cached is not None:
            entries[number] = cached
        else:
            todo.append(number)
    reused = len(entries)
    if progress is not None and reused:
        progress(reused)
    try:
        for position, result in pool.run(
            index_one, [listed[n][0] for n in todo], jobs=jobs, budget=budget, batch_size=4
        ):
            number = todo[position]
            if isinstance(result, pool.TaskFailed):
                entries[number] = reason_for(result.reason, budget)
            else:
                entries[number] = result
                key = keys[number]
                if store is not None and key is not None and isinstance(result, Entry):
                    store.put(key, result)
            if progress is not None:
                progress(1)
    finally:
        if store is not None:
            store.close()
    photos: list[OwnPhoto] = []
    kept: list[Entry] = []
    seen: set[str] = set()
    skipped: list[Skipped] = []
    for number, (path, shown) in enumerate(listed):
        result = entries[number]
        if isinstance(result, Skip):
            skipped.append(skipped_from(shown, result))
        elif result.sha256 not in seen:
            seen.add(result.sha256)
            photos.append(OwnPhoto(shown, result.sha256, result.size, path))
            kept.append(result)
    return Built(assemble(photos, kept), tuple(skipped), reused)
