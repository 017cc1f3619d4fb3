"""Decode a photo's pixels once, small and bounded: the copy every pixel check shares.

The pixel count is read from the header and checked before a single pixel is decoded, so a
decompression bomb (a few kilobytes that claim a billion pixels) costs nothing. JPEG, the
common case, is decoded in draft mode: libjpeg scales by 1/2, 1/4 or 1/8 while decoding, so a
12-megapixel photo never exists in memory at full size. Every other format is decoded whole
and then reduced. Unusual pixel formats (CMYK, 16-bit, palette, transparency) are turned into
plain 8-bit RGB; animations are checked on their first frame, with a note saying so.
"""

from __future__ import annotations

import contextlib
import functools
import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image
from collections.abc import Iterator
from dataclasses import dataclass

from audit import memory, skips
from audit.models import Skip, Text
from audit.skips import SkipCode, skip

#: Long side, in pixels, of the shared working copy, chosen by measurement
#: (benchmarks/pixel_accuracy.py, 52 watermarks and contacts on 12 MP photos): text recall is
#: 90 % here against 96 % for OCR at full resolution, and the same (38 of 39) for marks at least
#: 1.8 % of the width tall, the size platforms stamp; 800 px finds two fewer, 640 px nine, and
#: 1280 px all but two at 0.6 times the speed. Text detection costs grow with its square.
WORK_SIDE = 960

#: Shortest short side of the working copy: what a 16:9 photo has at WORK_SIDE. A panorama or a
#: long stitched screenshot brought to WORK_SIDE on its long side would keep a quarter of that
#: or less (a 6000 x 1500 panorama: 240 px, its watermark 5 px high), so its working copy is
#: made longer instead (working_side). Detection costs grow with the copy's area, which is then
#: at most DETAIL_SIDE x MIN_SHORT_SIDE, three times a 4:3 photo's.
MIN_SHORT_SIDE = 540

#: Largest picture decoded: 200 megapixels holds the biggest phone sensors (16,320 x 12,240,
#: Samsung ISOCELL HP1; docs/pixels.md).
DEFAULT_MAX_PIXELS = 200_000_000
#: Largest picture of a format that cannot be decoded at reduced size (everything but JPEG):
#: 50 MP as RGBA is 200 MB, and conversion briefly holds two or three copies, which keeps one
#: worker well under half a gigabyte; the biggest phone HEIC files (48-50 MP) still fit.
MAX_WHOLE_DECODE_PIXELS = 50_000_000

#: Pillow's plugin name for each format name exposure uses.
PIL_FORMATS: dict[str, tuple[str, ...]] = {
    "jpeg": ("JPEG", "MPO"),
    "png": ("PNG",),
    "webp": ("WEBP",),
    "tiff": ("TIFF",),
    "heif": ("HEIF",),
    "avif": ("AVIF", "HEIF"),
    # Not photos, but pictures trace compares (audit.sources.photo.OTHER_PICTURES).
    "gif": ("GIF",),
    "bmp": ("BMP",),
}

_ORIENTATION_TAG = 0x0112
#: EXIF orientation -> the transposes that make the stored pixels upright.
_UPRIGHT: dict[int, tuple[str, ...]] = {
    2: ("FLIP_LEFT_RIGHT",),
    3: ("ROTATE_180",),
    4: ("FLIP_TOP_BOTTOM",),
    5: ("TRANSPOSE",),
    6: ("ROTATE_270",),
    7: ("TRANSVERSE",),
    8: ("ROTATE_90",),
}


class _ReadOnlyView(io.RawIOBase):
    """A seekable file over a memoryview, so the mapped photo is never copied to be opened."""

    def __init__(self, data: bytes | memoryview) -> None:
        super().__init__()
        self._view = memoryview(data).cast("B")
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = max(0, min(len(buffer), len(self._view) - self._position))
        buffer[:count] = self._view[self._position : self._position + count]
        self._position += count
        return count

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._view)}[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        """Let go of the caller's bytes: a mapped file can then be closed while the picture
        decoded from it lives on."""
        self._view.release()
        super().close()


@dataclass(frozen=True)
class Decoded:
    """The shared copy, in the file's stored orientation and upright, plus the geometry."""

    #: RGB, stored orientation, long side at most WORK_SIDE.
    stored: Image
    #: The same pixels turned upright by the EXIF orientation.
    upright: Image
    #: Width and height of the full-resolution picture once upright.
    full_size: tuple[int, int]
    notes: tuple[Skip, ...] = ()
    #: A sharper upright RGB copy, kept when it was asked for (``detail_side``): the same
    #: decode gives both, so reading small text costs no second decode.
    detail: Image | None = None

    @property
    def scale(self) -> float:
        """Full-resolution pixels per working-copy pixel."""
        return self.full_size[0] / self.upright.width


def working_side(width: int, height: int) -> int:
    """The working copy's long side for a ``width`` x ``height`` picture: WORK_SIDE, or longer
    for a picture so long and narrow that its short side would fall below MIN_SHORT_SIDE (never
    beyond DETAIL_SIDE, nor beyond the picture itself)."""
    long, short = max(width, height), max(1, min(width, height))
    wanted = -(-MIN_SHORT_SIDE * long // short)
    return max(WORK_SIDE, min(wanted, DETAIL_SIDE, long))


def decode(
    data: bytes | memoryview,
    file_format: str,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    side: int | None = None,
    grey: bool = False,
    detail_side: int = 0,
) -> Decoded | Skip:
    """The working copy of ``data`` (long side ``side``; by default WORK_SIDE, more for a long
    narrow picture: :func:`working_side`), or why not. A sharper copy asked for with
    ``detail_side`` is made longer by as much.

    With ``grey``, a JPEG is decoded from its luminance alone and the copy is 8-bit grey: a
    third of the memory, for checks that need no colour.
    """
    from PIL import Image

    formats = PIL_FORMATS.get(file_format)
    if formats is None:
        return skip(
            SkipCode.PIXELS_UNREADABLE,
            reason=skips.NO_DECODER.format(format=file_format),
            detail=f"no pixel decoder for {file_format}",
        )
    if file_format in ("heif", "avif"):
        register_heif()
    try:
        view = _ReadOnlyView(data)
    except Exception as error:
        return failure(error)
    with own_bomb_check(), view:
        # closing the view, not the image, lets go of the caller's mapped file: a closed image
        # drops its pixels, and copying them would cost 25 ms for a 10-megapixel photo
        try:
            image = Image.open(io.BufferedReader(view), formats=formats)
        except Exception as error:
            return failure(error)
        return _decoded(image, side, max_pixels, grey, detail_side)


def _decoded(
    image: Image,
    side: int | None,
    max_pixels: int,
    grey: bool = False,
    detail_side: int = 0,
) -> Decoded | Skip:
    """Check the header's size, then decode small and turn upright."""

    width, height = image.size
    if width <= 0 or height <= 0:
        return skip(
            SkipCode.PIXELS_UNREADABLE,
            reason=skips.NO_SIZE,
            detail="the header gives no picture size",
        )
    if side is None:
        side = working_side(width, height)
        detail_side = detail_side * side // WORK_SIDE
    limit = (
        max_pixels if image.format in ("JPEG", "MPO") else min(max_pixels, MAX_WHOLE_DECODE_PIXELS)
    )
    if width * height > limit:
        return skip(
            SkipCode.PIXELS_TOO_LARGE,
            megapixels=f"{width * height / 1e6:.0f}",
            limit=f"{limit / 1e6:.0f}",
        )
    cost = memory.decode_cost(
        _FORMAT_NAMES.get(image.format or "", ""),
        width,
        height,
        bands=len(image.getbands()),
        progressive=bool(image.info.get("progressive") or image.info.get("progression")),
        side=max(side, detail_side),
    )
    if cost > memory.DECODE_BUDGET:
        return skip(
            SkipCode.PIXELS_NO_MEMORY,
            reason=skips.NEEDS_MEMORY.format(need=f"{cost / 2**20:,.0f}"),
            detail=f"{width}x{height} {image.format} would need about {cost >> 20} MB to decode",
        )
    notes = _frame_notes(image)
    orientation = _orientation(image)
    detail = None
    try:
        if detail_side > side and not grey:
            detail = _small_rgb(image, detail_side, exact=False)
            stored = _reduced(detail, side)
        else:
            stored = _small_grey(image, side) if grey else _small_rgb(image, side)
    except Exception as error:
        return failure(error)
    full_size = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
    return Decoded(
        stored,
        _turned(stored, orientation),
        full_size,
        notes,
        None if detail is None else _turned(detail, orientation),
    )


def _turned(image: Image, orientation: int) -> Image:
    """``image`` turned upright by its EXIF orientation."""
    from PIL import Image

    for name in _UPRIGHT.get(orientation, ()):
        image = image.transpose(getattr(Image.Transpose, name))
    return image


def _reduced(image: Image, side: int) -> Image:
    """``image`` with its long side brought down to ``side`` (unchanged when already there)."""
    from PIL import Image

    if max(image.size) <= side:
        return image
    scale = side / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    # reducing_gap 1.0: box-reduce by the whole factor first, then a short bilinear step; half
    # the time of 2.0 on a half-scale JPEG brought to the working size, and as smooth.
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=1.0)


#: Long side of the sharper copy decoded when one region needs more detail: a 12-megapixel phone
#: photo (4032 x 3024) whole, anything larger reduced (docs/pixels.md).
DETAIL_SIDE = 4096


def decode_detail(
    data: bytes | memoryview, file_format: str, max_pixels: int = DEFAULT_MAX_PIXELS
) -> Image | None:
    """A sharper upright grey copy (full resolution for most photos, at most DETAIL_SIDE), for
    the rare check that needs more of one region than the working copy holds."""
    result = decode(data, file_format, max_pixels, side=DETAIL_SIDE, grey=True)
    return None if isinstance(result, Skip) else result.upright


@functools.cache
def register_heif() -> None:
    """Let Pillow open HEIC/AVIF, once per process."""
    import pillow_heif

    pillow_heif.register_heif_opener()


@contextlib.contextmanager
def own_bomb_check() -> Iterator[None]:
    """Pillow's global bomb limit (178 MP) would refuse a 200 MP phone photo; ours applies."""
    from PIL import Image

    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _frame_notes(image: Image) -> tuple[Skip, ...]:
    if (
        image.format == "MPO"
    ):  # the extra pictures of a multi-picture JPEG are depth maps and previews
        return ()
    frames = getattr(image, "n_frames", 1) or 1
    if frames > 1 and getattr(image, "is_animated", False):
        return (skip(SkipCode.PIXELS_FIRST_FRAME, frames=str(frames)),)
    return ()


def _orientation(image: Image) -> int:
    try:
        value = image.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _small_rgb(image: Image, side: int, exact: bool = True) -> Image:
    """Decode at the smallest size that still covers ``side``, then reduce to it (without
    ``exact``, only a picture larger than DETAIL_SIDE is reduced further)."""

    if image.format in ("JPEG", "MPO") and max(image.size) > side:
        scale = side / max(image.size)
        image.draft(
            "RGB" if image.mode in ("RGB", "YCbCr") else None,
            (int(image.width * scale) + 1, int(image.height * scale) + 1),
        )
    image.load()
    image = _as_rgb(image)
    if not exact:
        side = max(side, min(max(image.size), DETAIL_SIDE))
    return _reduced(image, side)


def _small_grey(image: Image, side: int) -> Image:
    """Like :func:`_small_rgb`, in 8-bit grey; a JPEG is decoded from its luminance only."""

    if image.format in ("JPEG", "MPO") and image.mode in ("RGB", "YCbCr", "L"):
        scale = min(1.0, side / max(image.size))
        image.draft("L", (int(image.width * scale) + 1, int(image.height * scale) + 1))
    image.load()
    image = image.convert("L") if image.mode == "L" else _as_rgb(image).convert("L")
    return _reduced(image, side)


def _as_rgb(image: Image) -> Image:
    """Plain 8-bit RGB from any mode Pillow decodes: CMYK, 16-bit, palette, alpha."""
    from PIL import Image

    mode = image.mode
    if mode == "RGB":
        return image
    if mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        import numpy as np

        values = np.asarray(image, dtype=np.float32)
        top = float(values.max()) if values.size else 0.0
        scaled = values * (255.0 / top) if top > 0 else values
        return Image.fromarray(np.clip(scaled, 0, 255).astype(np.uint8), "L").convert("RGB")
    if mode in ("P", "PA"):
        image = image.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")


#: exposure's format name for each Pillow format name, for the memory estimate.
_FORMAT_NAMES = {
    "JPEG": "jpeg",
    "MPO": "jpeg",
    "PNG": "png",
    "WEBP": "webp",
    "TIFF": "tiff",
    "HEIF": "heif",
    "AVIF": "avif",
}


def failure(error: BaseException) -> Skip:
    """The note for a decoder that raised: out of memory is "too large", the rest "unreadable"."""
    if isinstance(error, MemoryError) or "too large" in str(error).lower():
        return skip(SkipCode.PIXELS_NO_MEMORY, reason=skips.OUT_OF_MEMORY, detail=_describe(error))
    return skip(SkipCode.PIXELS_UNREADABLE, reason=plain_reason(error), detail=_describe(error))


def plain_reason(error: BaseException) -> Text:
    """Plain words for why a decoder gave up; the technical text goes in JSON only."""
    text = str(error).lower()
    if "truncated" in text or isinstance(error, EOFError):
        return skips.TRUNCATED
    if (
        "cannot identify" in text
        or isinstance(error, SyntaxError)
        or "broken" in text
        or "corrupt" in text
    ):
        return skips.DAMAGED
    return skips.DECODER_ERROR


def _describe(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0][:160] if text else type(error).__name__
