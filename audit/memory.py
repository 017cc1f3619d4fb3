"""A memory budget for each worker: sizes checked before decoding, and a hard address-space cap.

A few kilobytes of hostile file can declare a picture of billions of pixels or inflate to
gigabytes. Two defences, in order:

1. Before anything is decoded, its cost is estimated from the sizes the headers declare
   (:func:`decode_cost`) and compared with ``DECODE_BUDGET``; what would exceed it is skipped
   as "too large", with a plain reason.
2. In worker processes only, the address space is capped per file (:func:`file_budget`): the
   worker's size when the file is opened, plus the mapped file, plus ``HEADROOM``. Whatever the
   checks did not foresee then fails with MemoryError inside the worker, which becomes a plain
   "too large to check safely" result instead of a machine that swaps or a killed process.

The figures come from measurements with ``benchmarks/hostile.py`` (see docs/memory.md).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import sys
from collections.abc import Iterator

#: Most memory one picture's decoding may need, by the estimate of :func:`decode_cost`.
DECODE_BUDGET = 400 << 20
#: Address space a worker may add, beyond its size at the start of a file and the mapped file:
#: the decode budget, the text and face models' working memory, and allocator slack.
HEADROOM = 1 << 30

#: Estimated bytes per pixel of decoding a whole picture (the decoded RGBA or RGB copy, the
#: decoder's own buffers, and the conversions to 8-bit RGB), by exposure's format name.
_WHOLE_DECODE_BYTES = {"webp": 16, "png": 10, "tiff": 10, "heif": 8, "avif": 8}
_DEFAULT_BYTES = 12

_enabled = False


def enable() -> None:
    """Cap every later file's address space (called once in each worker process)."""
    global _enabled
    _enabled = True


#: Freed buffers up to this size stay in a worker's heap for the next file (reuse_large_buffers).
REUSED_BUFFER_BYTES = 64 << 20
#: mallopt parameters, from glibc's malloc.h.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def reuse_large_buffers() -> None:
    """Let a worker reuse the memory of one file's large buffers for the next (glibc only).

    Cleaning holds a whole photo and its copy in memory for every file. By default glibc gives
    each buffer of more than a few megabytes back to the system when it is freed, so the next
    file's buffers are faulted in again page by page, zero-filled: on full-size photos that was
    about a third of the CPU cleaning took (benchmarks/clean.py --large). Raising the two
    thresholds keeps freed buffers of up to REUSED_BUFFER_BYTES in the heap, where the next
    file's buffers are taken from; what the heap keeps counts in the size the per-file cap
    (file_budget) starts from, so a file's own allowance is unchanged.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return  # not glibc (musl has no mallopt): the defaults stay
    mallopt(_M_MMAP_THRESHOLD, REUSED_BUFFER_BYTES)
    mallopt(_M_TRIM_THRESHOLD, 2 * REUSED_BUFFER_BYTES)


def decode_cost(
    file_format: str,
    width: int,
    height: int,
    *,
    bands: int = 3,
    progressive: bool = False,
    side: int = 0,
) -> int:
    """Bytes that decoding a ``width`` x ``height`` picture is expected to need at most.

    A baseline JPEG is decoded at 1/2, 1/4 or 1/8 scale, so it costs what the reduced copy
    costs; a progressive JPEG also holds every DCT coefficient of the full picture (two bytes
    per sample per band) until its last scan; other formats are decoded whole.
    """
    pixels = width * height
    if file_format == "jpeg":
        scale = 1.0
        if side:
            while scale > 1 / 8 and max(width, height) * scale / 2 >= side:
                scale /= 2
        cost = int(pixels * scale * scale * 4 * 3)
        if progressive:
            cost += pixels * max(1, bands) * 2
        return cost
    return pixels * _WHOLE_DECODE_BYTES.get(file_format, _DEFAULT_BYTES)


#: The process id and descriptor of its /proc/self/statm, opened once per process (reading it
#: again is cheaper than reopening it); a forked child opens its own, since "self" was the
#: parent when the parent opened it.
_statm: dict[int, int] = {}


def _address_space() -> int:
    """This process's current virtual size in bytes (0 where /proc is not available)."""
    try:
        pid = os.getpid()
        if pid not in _statm:
            for inherited in _statm.values():
                os.close(inherited)
            _statm.clear()
            _statm[pid] = os.open("/proc/self/statm", os.O_RDONLY | os.O_CLOEXEC)
        return int(os.pread(_statm[pid], 128, 0).split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


@contextlib.contextmanager
def file_budget(file_size: int) -> Iterator[None]:
    """Within the block, allocations beyond the worker's budget fail with MemoryError."""
    current = _address_space() if _enabled else 0
    if not current:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = current + file_size + HEADROOM
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
