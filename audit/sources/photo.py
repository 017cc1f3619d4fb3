"""Open a file once, read-only, and recognise what it is from its first bytes.

The file is mapped into memory rather than copied: every reader (exiv2, the container walker,
Pillow) works on the same read-only view, so each part of the file is read from disk at most
once and nothing can be written back. The format comes from the contents, never the name,
because a renamed file is still what its bytes say.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from audit import skips
from audit.models import Skip, Text
from audit.skips import SkipCode, skip

DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024

_HEIF_BRANDS = {
    b"heic",
    b"heix",
    b"hevc",
    b"hevx",
    b"heim",
    b"heis",
    b"hevm",
    b"hevs",
    b"mif1",
    b"msf1",
    b"mif2",
    b"MiHE",
    b"MiHB",
}
_AVIF_BRANDS = {b"avif", b"avis"}
_VIDEO_BRANDS = {
    b"qt  ",
    b"isom",
    b"iso2",
    b"mp41",
    b"mp42",
    b"M4V ",
    b"3gp4",
    b"3gp5",
    b"avc1",
    b"MSNV",
}


@dataclass(frozen=True)
class Sniffed:
    """What the first bytes say the file is."""

    format: str | None
    #: When the file is not something exposure reads, words for what it looks like instead.
    looks_like: Text | None = None


def sniff(head: bytes) -> Sniffed:
    """Recognise a file from its first bytes (64 are plenty)."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("jpeg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("png")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("webp")
    if head[:4] in (b"II*\x00", b"MM\x00*", b"IIRO", b"IIRS", b"IIU\x00", b"II+\x00", b"MM\x00+"):
        return Sniffed("tiff")
    if head.startswith(b"FUJIFILMCCD-RAW"):
        return Sniffed("raf")
    if head.startswith(b"\xff\x0a") or head.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n"):
        return Sniffed("jxl")
    if head[4:8] == b"ftyp":
        return _sniff_bmff(head)
    return Sniffed(None, _describe_other(head))


def _sniff_bmff(head: bytes) -> Sniffed:
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(len(head), 64) - 3, 4)}
    if brands & _AVIF_BRANDS and head[8:12] in _AVIF_BRANDS:
        return Sniffed("avif")
    if head[8:12] == b"crx ":
        return Sniffed("cr3")
    if brands & _HEIF_BRANDS:
        return Sniffed("heif")
    if brands & _AVIF_BRANDS:
        return Sniffed("avif")
    if brands & _VIDEO_BRANDS:
        return Sniffed(None, skips.A_VIDEO)
    return Sniffed(None, skips.UNKNOWN_CONTAINER)


_OTHER_SIGNATURES: tuple[tuple[bytes, Text], ...] = (
    (b"GIF8", skips.GIF),
    (b"BM", skips.BMP),
    (b"%PDF", skips.PDF),
    (b"PK\x03\x04", skips.ZIP),
    (b"\x1f\x8b", skips.GZIP),
    (b"8BPS", skips.PHOTOSHOP),
    (b"\x7fELF", skips.PROGRAM),
    (b"MZ", skips.WINDOWS_PROGRAM),
)


def _describe_other(head: bytes) -> Text:
    for signature, what in _OTHER_SIGNATURES:
        if head.startswith(signature):
            return what
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return skips.UNRECOGNISED
    if all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        return skips.TEXT_FILE
    return skips.UNRECOGNISED


@dataclass(frozen=True)
class OpenedPhoto:
    """A file mapped read-only into memory, with the format its bytes declare."""

    data: memoryview
    size: int
    format: str
    #: Changes whenever the file's contents can have changed; used as the cache key.
    identity: tuple[int, int, int, int, int]

    def as_bytes(self) -> bytes:
        """Every byte, as bytes: without a copy when the file was read whole (or held in
        memory) rather than mapped."""
        held = self.data.obj
        if isinstance(held, bytes) and len(held) == len(self.data):
            return held
        return bytes(self.data)


def human_size(size: int) -> str:
    """A size in the units both languages write the same way (B, KB, MB, GB)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def file_identity(info: os.stat_result) -> tuple[int, int, int, int, int]:
    """Device, inode, size, modification and change time (ns): any rewrite changes one."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


#: Pictures that are not photos, which a caller may still ask to open (``pictures``): trace
#: compares the GIFs and bitmaps a chat turned her photos into.
OTHER_PICTURES: dict[bytes, str] = {b"GIF87a": "gif", b"GIF89a": "gif", b"BM": "bmp"}


@contextlib.contextmanager
def open_photo(
    path: str,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    *,
    whole: bool = False,
    pictures: bool = False,
) -> Iterator[OpenedPhoto | Skip]:
    """Yield the mapped file, or why it cannot be audited. Never writes, never raises OSError.

    ``whole`` reads the file into memory instead of mapping it, for a caller that needs every
    byte of it as bytes (cleaning): one read costs less than mapping it and then copying it.
    ``pictures`` opens GIFs and bitmaps too (OTHER_PICTURES), which hold no photo metadata."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        yield skip(SkipCode.NOT_FOUND)
        return
    except PermissionError:
        yield skip(SkipCode.NO_PERMISSION)
        return
    except OSError as error:
        yield skip(
            SkipCode.LINK_LOOP if error.errno == 40 else "unreadable",
            detail=error.strerror or str(error),
        )
        return
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            yield skip(SkipCode.NOT_REGULAR)
            return
        if info.st_size == 0:
            yield skip(SkipCode.EMPTY_FILE)
            return
        if info.st_size > max_bytes:
            size, limit = human_size(info.st_size), human_size(max_bytes)
            if size == limit:  # "1.0 GB, over the limit of 1.0 GB" says nothing
                size, limit = f"{info.st_size:,} B", f"{max_bytes:,} B"
            yield skip(SkipCode.TOO_LARGE, size=size, limit=limit)
            return
        if whole:
            try:
                data = _read_all(fd, info.st_size)
            except OSError as error:
                yield skip(SkipCode.UNREADABLE, detail=error.strerror or str(error))
                return
            if not data:  # emptied since it was looked at
                yield skip(SkipCode.EMPTY_FILE)
                return
            yield _recognised(memoryview(data), file_identity(info), pictures)
            return
        try:
            mapped = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as error:
            yield skip(SkipCode.UNREADABLE, detail=str(error))
            return
        view = memoryview(mapped)
        try:
            yield _recognised(view, file_identity(info), pictures)
        finally:
            view.release()
            with contextlib.suppress(BufferError):
                mapped.close()
    finally:
        os.close(fd)


def _read_all(fd: int, size: int) -> bytes:
    """The file's ``size`` bytes (a file that shrank meanwhile gives what it still has)."""
    first = os.read(fd, size)
    if len(first) == size or not first:
        return first
    pieces = [first]
    got = len(first)
    while got < size:
        piece = os.read(fd, size - got)
        if not piece:
            break
        pieces.append(piece)
        got += len(piece)
    return b"".join(pieces)


def _recognised(
    view: memoryview, identity: tuple[int, int, int, int, int], pictures: bool = False
) -> OpenedPhoto | Skip:
    head = bytes(view[:64])
    sniffed = sniff(head)
    if sniffed.format is None and pictures:
        other = next(
            (kind for start, kind in OTHER_PICTURES.items() if head.startswith(start)), None
        )
        if other is not None:
            return OpenedPhoto(view, len(view), other, identity)
    if sniffed.format is None:
        assert sniffed.looks_like is not None
        return skip(SkipCode.NOT_AN_IMAGE, what=sniffed.looks_like)
    return OpenedPhoto(view, len(view), sniffed.format, identity)


def in_memory(data: bytes) -> OpenedPhoto | Skip:
    """Bytes held in memory, recognised like a file (an empty or unknown one is skipped).

    Its identity is all zeros but its size: such a photo is never looked up in the cache."""
    if not data:
        return skip(SkipCode.EMPTY_FILE)
    return _recognised(memoryview(data), (0, 0, len(data), 0, 0))
