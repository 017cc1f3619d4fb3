"""The page's pictures: found in the saved page's ``_files`` folder, or fetched when she gave a URL.

Each picture goes through the same checks as ``scan`` (:func:`audit.inspect.audit_file`), so a
watermark or GPS in an avatar is reported like any photo. Nothing is fetched for a saved page: a
picture that was not saved with it is listed as not available. A fetched picture lives in a
private temporary folder only while it is audited.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import numpy as np
from PIL import Image

from audit import private_files
from audit.inspect import FileOptions, audit_file
from audit.models import PhotoResult, Skip, Status, Text
from audit.profile import words
from audit.profile.model import ImageRole, PageImage
from audit.sources.fetch import FetchError, FetchOptions, fetch
from audit.sources.walk import InputFile

MAX_PICTURES = 12
MAX_PICTURE_BYTES = 20 * 1024 * 1024
#: All of a page's pictures together get this many times one fetch's deadline: a server that
#: sends each picture a byte at a time could otherwise hold the run for twelve deadlines.
PICTURES_BUDGET = 3
#: Pictures this far apart (bits of a 64-bit difference hash) or closer count as the same photo.
SAME_PICTURE_DISTANCE = 10


@dataclass(frozen=True)
class CheckedPicture:
    role: ImageRole
    result: PhotoResult
    #: 64-bit difference hash of the picture, when it could be decoded.
    dhash: int | None


def difference_hash(path: str) -> int | None:
    """A 64-bit dHash: survives resizing and recompression, so a reused avatar is recognised."""
    try:
        with Image.open(path) as image:
            image.draft("L", (64, 64))
            small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    pixels = np.asarray(small, dtype=np.int16)
    bits = (pixels[:, 1:] > pixels[:, :-1]).flatten()
    return int(sum(1 << i for i, bit in enumerate(bits) if bit))


def hamming(first: int, second: int) -> int:
    return (first ^ second).bit_count()


def _name_of(src: str) -> str:
    path = unquote(urlsplit(src).path)
    return os.path.basename(path.rstrip("/")) or "picture"


def _saved_file(page: Path, src: str) -> Path | None:
    """The saved copy of ``src`` beside ``page``, never a file outside the page's folder."""
    folder = page.parent.resolve()
    saved = page.with_name(page.stem + "_files")
    candidates = []
    parts = urlsplit(src)
    if not parts.scheme and not src.startswith("//"):
        candidates.append(page.parent / unquote(parts.path))
    candidates.append(saved / _name_of(src))
    for candidate in candidates:
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            continue
        if resolved.is_file() and resolved.is_relative_to(folder):
            return resolved
    return None


def _checked(role: ImageRole, path: str, display: str, options: FileOptions) -> CheckedPicture:
    result = audit_file(InputFile(path=path, display=display), options)
    return CheckedPicture(role, result, difference_hash(path))


def _unavailable(role: ImageRole, display: str, message: Text, code: str) -> CheckedPicture:
    result = PhotoResult(path=display, status=Status.SKIPPED, skip=Skip(code, message))
    return CheckedPicture(role, result, None)


def _display(page: str, image: PageImage) -> str:
    return f"{page} › {image.role}: {_name_of(image.src)}"


def saved_pictures(
    page: Path, shown: str, images: tuple[PageImage, ...], options: FileOptions
) -> list[CheckedPicture]:
    checked = []
    done: set[Path] = set()
    for image in images[:MAX_PICTURES]:
        display = _display(shown, image)
        found = _saved_file(page, image.src)
        if found is None:
            checked.append(
                _unavailable(image.role, display, words.PICTURE_NOT_SAVED, "picture-not-saved")
            )
        elif found not in done:  # the same saved file under two addresses is checked once
            done.add(found)
            checked.append(_checked(image.role, str(found), display, options))
    return checked


def fetched_pictures(
    base_url: str,
    shown: str,
    images: tuple[PageImage, ...],
    options: FileOptions,
    fetch_options: FetchOptions,
) -> list[CheckedPicture]:
    picture_caps = dataclasses.replace(fetch_options, max_bytes=MAX_PICTURE_BYTES)
    budget = fetch_options.deadline * PICTURES_BUDGET
    started = time.monotonic()
    checked = []
    with tempfile.TemporaryDirectory(prefix="exposure-") as folder:
        os.chmod(folder, 0o700)
        for number, image in enumerate(images[:MAX_PICTURES]):
            display = _display(shown, image)
            left = budget - (time.monotonic() - started)
            if left < 1:
                message = words.PICTURES_TIME_UP.format(seconds=f"{budget:.0f}")
                checked.append(_unavailable(image.role, display, message, "picture-time-up"))
                continue
            caps = dataclasses.replace(picture_caps, deadline=min(picture_caps.deadline, left))
            try:
                got = fetch(urljoin(base_url, image.src), caps, want="image")
            except FetchError as error:
                checked.append(
                    _unavailable(image.role, display, error.message, "picture-" + error.code)
                )
                continue
            if got.truncated:
                message = words.PICTURE_TOO_LARGE
                checked.append(_unavailable(image.role, display, message, "picture-too-large"))
                continue
            path = os.path.join(folder, f"{number}-{_name_of(image.src)[:80]}")
            private_files.write_new(path, got.body)
            checked.append(_checked(image.role, path, display, options))
    return checked
