"""Everything cleaning does with decoded pixels: compare, convert, and cover regions.

Lossless copies are proven by decoding the original and the copy and comparing every pixel.
Converting (HEIC, TIFF) and covering regions (--blur) are the only paths that encode a picture
again; both are explicit choices, and the receipt gives how close the result is (PSNR).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from audit.clean import icc
from audit.clean.model import Keep, PixelCheck
from audit.pixels.decode import (
    DEFAULT_MAX_PIXELS,
    MAX_WHOLE_DECODE_PIXELS,
    own_bomb_check,
    register_heif,
)

if TYPE_CHECKING:
    from PIL import Image as PILImage

#: JPEG quality for conversions: high enough that the change is hard to see (PSNR > 40 dB).
CONVERT_QUALITY = 95
HEIC_QUALITY = 92
#: Grey used to cover regions: a flat block hides a QR code, where a blur may not.
COVER = 128

Box = tuple[int, int, int, int]


class CoverError(Exception):
    """The regions cannot be covered in this picture (an animation)."""


#: EXIF orientation -> the transposes that turn an upright picture back to the stored one.
_TO_STORED = {
    2: ("FLIP_LEFT_RIGHT",),
    3: ("ROTATE_180",),
    4: ("FLIP_TOP_BOTTOM",),
    5: ("TRANSPOSE",),
    6: ("ROTATE_90",),
    7: ("TRANSVERSE",),
    8: ("ROTATE_270",),
}


class TooLarge(Exception):
    """The picture is larger than exposure decodes whole; ``megapixels`` is its size."""

    def __init__(self, megapixels: float, limit: float) -> None:
        super().__init__(f"{megapixels:.0f} MP, over {limit:.0f} MP")
        self.megapixels = megapixels
        self.limit = limit


def _open(data: bytes) -> PILImage.Image:
    """The picture, decoded whole, if its header's size is within the limits the scan uses:
    a small file that claims a huge picture must not cost gigabytes before anything is said."""
    from PIL import Image

    register_heif()
    image = Image.open(io.BytesIO(data))
    width, height = image.size
    limit = DEFAULT_MAX_PIXELS if image.format in ("JPEG", "MPO") else MAX_WHOLE_DECODE_PIXELS
    if width * height > limit:
        raise TooLarge(width * height / 1e6, limit / 1e6)
    image.load()
    return image


#: Modes that hold more than 8 bits a sample: 16-bit greyscale from scanners, 32-bit integers.
_WIDE_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I"})


def eight_bit(image: PILImage.Image) -> PILImage.Image:
    """A 16-bit greyscale picture in 8 bits by its top byte (Pillow's own conversion clips every
    value above 255, which turned a mid-grey scan white); other modes unchanged."""
    if image.mode not in _WIDE_MODES:
        return image
    return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")


def _upright(image: PILImage.Image) -> PILImage.Image:
    from PIL import ImageOps

    turned = ImageOps.exif_transpose(image)
    return turned if turned is not None else image


#: Rows compared at a time: the squared errors of a whole 48-megapixel picture, as floats, would
#: take gigabytes; a band of rows at a time keeps the comparison to a few megabytes.
_PSNR_ROWS = 256


def _psnr(first: PILImage.Image, second: PILImage.Image, boxes: Sequence[Box] = ()) -> float:
    """PSNR of two upright pictures, leaving out the covered ``boxes`` (their pixels count as
    equal), worked out a band of rows at a time in whole numbers."""
    import numpy as np

    a = np.asarray(eight_bit(first).convert("RGB"))
    b = np.asarray(eight_bit(second).convert("RGB"))
    if a.shape != b.shape:
        return 0.0
    squared = 0
    for top in range(0, a.shape[0], _PSNR_ROWS):
        band = a[top : top + _PSNR_ROWS].astype(np.int32) - b[top : top + _PSNR_ROWS]
        for left, box_top, width, height in boxes:
            start, end = max(box_top - top, 0), min(box_top + height - top, band.shape[0])
            if start < end:
                band[start:end, left : left + width] = 0
        squared += int(np.einsum("ijk,ijk->", band, band, dtype=np.int64))
    error = squared / a.size if a.size else 0.0
    return math.inf if error == 0 else 10 * math.log10(255**2 / error)


def _same_frames(first: PILImage.Image, second: PILImage.Image) -> bool:
    """Every frame of the two pictures has the same mode, size and pixel values."""
    from PIL import ImageChops

    frames = getattr(first, "n_frames", 1)
    if frames != getattr(second, "n_frames", 1):
        return False
    for index in range(frames):
        first.seek(index)
        second.seek(index)
        if first.mode != second.mode or first.size != second.size:
            return False
        if first.mode in ("RGB", "L", "RGBA", "CMYK"):
            # Compared in C, without copying the pixels into Python byte strings.
            if ImageChops.difference(first, second).getbbox(alpha_only=False) is not None:
                return False
        elif first.tobytes() != second.tobytes():
            return False
    return True


def compare(
    original: bytes, copy: bytes, lossless: bool, covered: Sequence[Box] = ()
) -> tuple[PixelCheck, float | None]:
    """Identical pixels for a lossless copy; otherwise the PSNR of the upright pictures
    (outside the ``covered`` regions)."""
    with own_bomb_check():
        try:
            first, second = _open(original), _open(copy)
        except Exception:
            return PixelCheck.UNREADABLE, None
        try:
            if lossless:
                same = _same_frames(first, second)
                return (PixelCheck.IDENTICAL if same else PixelCheck.DIFFERENT), None
            first.seek(0)
            second.seek(0)
            psnr = _psnr(_upright(first), _upright(second), covered)
            return PixelCheck.CONVERTED, round(psnr, 1)
        except Exception:
            return PixelCheck.UNREADABLE, None


def _profile(image: PILImage.Image) -> bytes | None:
    raw = image.info.get("icc_profile")
    return icc.check(raw).profile if isinstance(raw, bytes) and raw else None


def profile_kept(data: bytes) -> Keep | None:
    """What a converted copy keeps of the original's colour profile (the copies carry it
    checked: kept, or replaced by the standard one), or None when it has none."""
    from PIL import Image

    register_heif()
    try:
        with Image.open(io.BytesIO(data)) as image:  # the header only: nothing is decoded
            raw = image.info.get("icc_profile")
    except Exception:
        return None
    return icc.KEPT_AS[icc.check(raw).action] if isinstance(raw, bytes) and raw else None


def pictures_in(data: bytes, file_format: str) -> int:
    """How many pictures a file to convert holds: a TIFF's directories (its pages, and the
    preview a camera keeps in the second), a HEIF's top-level images. Counted on the file's
    structure, never on the picture being converted, and at most a bound's worth."""
    if file_format == "tiff":
        from audit.readers.tiff import Tiff

        tiff = Tiff.parse(data)
        if tiff is None:
            return 1
        sized = frozenset({0x0100})  # ImageWidth: a directory without one holds no picture
        pages = [ifd for ifd in tiff.chain(tiff.first) if tiff.directory(ifd, only=sized)]
        return max(1, len(pages))
    if file_format in ("heif", "avif"):
        import pillow_heif

        try:
            return max(1, len(pillow_heif.open_heif(io.BytesIO(data))))
        except Exception:
            return 1
    return 1


def to_jpeg(data: bytes) -> bytes:
    """The main picture as an upright JPEG at CONVERT_QUALITY with its colour profile
    (checked)."""
    with own_bomb_check():
        image = _open(data)
        profile = _profile(image)
        upright = eight_bit(_upright(image))
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        options: dict[str, object] = {"quality": CONVERT_QUALITY, "subsampling": 0}
        if profile:
            options["icc_profile"] = profile
        upright.save(out, "JPEG", **options)
        return out.getvalue()


def to_heic(data: bytes) -> bytes:
    """The main picture encoded again as HEIC with no EXIF, no XMP and a checked colour
    profile."""
    import pillow_heif
    from PIL import Image

    with own_bomb_check():
        image = _open(data)
        profile = _profile(image)
        upright = eight_bit(_upright(image))
        if upright.mode not in ("RGB", "RGBA", "L"):
            upright = upright.convert("RGB")
        # Only the pixels go into the new file: a decoded HEIF carries every metadata item it
        # had in ``info`` (EXIF, XMP, and items of other types, such as an EXIF item whose
        # type is written "EXIF"), and from_pillow would copy them all.
        pixels_only = Image.frombytes(upright.mode, upright.size, upright.tobytes())
        heif = pillow_heif.from_pillow(pixels_only)
        out = io.BytesIO()
        heif.save(out, quality=HEIC_QUALITY, exif=None, xmp=None, icc_profile=profile)
        return out.getvalue()


def heif_metadata(data: bytes) -> list[str]:
    """Metadata blocks a HEIF file still holds (EXIF, XMP): the check after a re-encode."""
    import pillow_heif

    heif = pillow_heif.open_heif(io.BytesIO(data))
    left = []
    for image in heif:
        if image.info.get("exif"):
            left.append("EXIF")
        if image.info.get("xmp"):
            left.append("XMP")
        if image.info.get("metadata"):
            left.append("metadata")
    return left


def _stored_mask(size: tuple[int, int], boxes: Sequence[Box], orientation: int) -> PILImage.Image:
    """A mask of ``boxes`` (given on the upright picture) in the file's stored orientation."""
    from PIL import Image, ImageDraw

    width, height = size
    upright_size = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
    mask = Image.new("L", upright_size, 0)
    draw = ImageDraw.Draw(mask)
    for left, top, box_width, box_height in boxes:
        draw.rectangle([left, top, left + box_width - 1, top + box_height - 1], fill=255)
    for name in _TO_STORED.get(orientation, ()):
        mask = mask.transpose(getattr(Image.Transpose, name))
    return mask


def cover(data: bytes, file_format: str, boxes: Sequence[Box], orientation: int) -> bytes:
    """The picture with ``boxes`` covered, encoded again as close to the original as possible.

    JPEG keeps the original's quantisation tables and chroma subsampling; PNG and lossless WebP
    stay lossless; a lossy WebP is encoded at quality 95. Metadata is left out; the container
    rewriter runs on the result afterwards.
    """
    from PIL import Image, JpegImagePlugin

    with own_bomb_check():
        image = _open(data)
        if getattr(image, "n_frames", 1) > 1:
            raise CoverError("an animation")
        profile = image.info.get("icc_profile")
        mask = _stored_mask(image.size, boxes, orientation)
        if image.mode not in ("RGB", "RGBA", "L"):
            image = image.convert(
                "RGBA" if "A" in image.mode or "transparency" in image.info else "RGB"
            )
        grey = Image.new(
            image.mode, image.size, COVER if image.mode == "L" else (COVER,) * len(image.mode)
        )
        covered = image.copy()
        covered.paste(grey, (0, 0), mask)
        out = io.BytesIO()
        options: dict[str, object] = {}
        if isinstance(profile, bytes) and profile:
            options["icc_profile"] = profile
        if file_format == "jpeg":
            covered.save(
                out,
                "JPEG",
                qtables=getattr(image, "quantization", None) or None,
                subsampling=JpegImagePlugin.get_sampling(image) if image.format == "JPEG" else 0,
                **options,
            )
        elif file_format == "png":
            covered.save(out, "PNG", **options)
        else:
            lossless = b"VP8L" in data[12:4096] and b"VP8 " not in data[12:4096]
            # An empty EXIF block makes Pillow write an extended WebP, the only kind with room
            # for the orientation (and a coarse place) the container rewriter puts back.
            options["exif"] = Image.Exif().tobytes()
            covered.save(out, "WEBP", lossless=lossless, quality=100 if lossless else 95, **options)
        return out.getvalue()
