"""Thumbnails for the HTML report, made from each photo when the report is written.

They are small JPEGs (at most THUMB_SIDE pixels a side) embedded as ``data:`` URIs, so the page
loads nothing. They carry no metadata: what Pillow keeps of the source (a JPEG's comment, which
it writes into any JPEG made from that image) is dropped before saving. Under ``--redact``
they are blurred in the pixels themselves, so a shared report cannot be un-blurred. The hidden
preview is shown only for photos whose preview differs from the picture (``content.thumbnail``
at high severity). Any photo that cannot be decoded simply gets no thumbnail.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

from audit.formats.images import PhotoImages
from audit.models import PhotoResult, Severity, Status

THUMB_SIDE = 320
#: Photos larger than this are not decoded for a thumbnail (bounded memory).
MAX_PIXELS = 80_000_000
#: Gaussian blur radius, in thumbnail pixels, under --redact: faces and text unreadable.
REDACT_BLUR = 10
QUALITY = 70
#: Thumbnails for at most this many photos (those with findings first): a page that stays light,
#: and a bounded time to write it for a whole library.
MAX_THUMBNAILS = 300


def _data_uri(image: object, blur: bool) -> str:
    from PIL import Image, ImageFilter

    assert isinstance(image, Image.Image)
    picture = image.convert("RGB")
    picture.thumbnail((THUMB_SIDE, THUMB_SIDE))
    if blur:
        picture = picture.filter(ImageFilter.GaussianBlur(REDACT_BLUR))
    picture.info = {}
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=QUALITY)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _preview(path: str, blur: bool) -> str | None:
    from PIL import Image

    from audit.readers import ReadResult, read_metadata
    from audit.sources.photo import OpenedPhoto, open_photo

    with open_photo(path) as opened:
        if not isinstance(opened, OpenedPhoto):
            return None
        read = read_metadata(opened, lambda key: False)
        if not isinstance(read, ReadResult):
            return None
        previews = [p for p in read.metadata.previews if p.data]
        if not previews:
            return None
        best = max(previews, key=lambda p: p.width * p.height)
        with Image.open(io.BytesIO(best.data)) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            return _data_uri(image, blur)


def photo_images(photo: PhotoResult, blur: bool = False) -> PhotoImages | None:
    """The thumbnail (and differing preview) of one audited photo, or None."""
    if photo.status is not Status.AUDITED:
        return None
    try:
        from PIL import Image, ImageOps

        if (photo.file_format or "").lower() in ("heif", "heic", "avif"):
            import pillow_heif

            pillow_heif.register_heif_opener()
        with Image.open(photo.path) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                return None
            opened.draft("RGB", (THUMB_SIDE * 2, THUMB_SIDE * 2))
            upright = ImageOps.exif_transpose(opened)
            full_w, full_h = opened.size if upright is None else upright.size
            rotated = opened.getexif().get(0x0112, 1) in (5, 6, 7, 8)
            # draft() may have decoded a reduced copy: boxes are in the full photo's pixels.
            scale_w, scale_h = _full_size(photo.path, rotated)
            image = upright if upright is not None else opened
            thumbnail = _data_uri(image, blur)
            small = image.copy()
            small.thumbnail((THUMB_SIDE, THUMB_SIDE))
        preview = None
        if any(f.id == "content.thumbnail" and f.severity >= Severity.HIGH for f in photo.findings):
            preview = _preview(photo.path, blur)
        return PhotoImages(
            thumbnail=thumbnail,
            width=small.width,
            height=small.height,
            photo_width=scale_w or full_w,
            photo_height=scale_h or full_h,
            preview=preview,
            blurred=blur,
        )
    except Exception:  # a photo that cannot be drawn gets no thumbnail; the report goes on
        return None


def _full_size(path: str, rotated: bool) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        width, height = image.size
    return (height, width) if rotated else (width, height)


def report_images(photos: Sequence[PhotoResult], blur: bool = False) -> dict[int, PhotoImages]:
    """Thumbnails keyed by each photo's position, so they survive --redact's renaming."""
    found = {}
    order = sorted(range(len(photos)), key=lambda i: (not photos[i].findings, i))
    for position in order[:MAX_THUMBNAILS]:
        images = photo_images(photos[position], blur)
        if images is not None:
            found[position] = images
    return found
