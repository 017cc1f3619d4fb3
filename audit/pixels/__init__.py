"""What the pixels give away: platform watermarks, contacts, QR codes and faces.

:func:`analyse` decodes a photo once into a small shared copy (see :mod:`audit.pixels.decode`)
and runs OCR, code reading and face detection on it. It never raises: a picture that cannot be
decoded, or is too large to decode safely, comes back with a note saying why, and the photo's
metadata findings stand on their own.

Everything heavy (OpenCV, ONNX Runtime, RapidOCR, NumPy, phonenumbers) is imported inside the
functions that use it, so ``exposure --help`` and ``--metadata-only`` runs load none of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from audit.models import Finding, Skip
from audit.pixels import decode as decoding
from audit.pixels.decode import DEFAULT_MAX_PIXELS, WORK_SIDE, Decoded
from audit.pixels.normalize import MAX_LINE
from audit.readers.metadata import clean_text
from audit.skips import SkipCode, skip

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["DEFAULT_MAX_PIXELS", "WORK_SIDE", "PixelResult", "SeenText", "analyse", "warm_up"]


@dataclass(frozen=True)
class SeenText:
    """A line read by OCR or a decoded code, for matching against the user's own identifiers."""

    text: str
    #: "ocr" or "qr" (barcodes included).
    source: str
    #: Left, top, width, height in the full-resolution upright image.
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class PixelResult:
    findings: tuple[Finding, ...]
    seen: tuple[SeenText, ...]
    #: The shared downscaled copy, RGB, in the stored orientation (not EXIF-rotated).
    picture: Image | None
    #: Why pixel checks were skipped or only partly done.
    notes: tuple[Skip, ...]


def warm_up() -> None:
    """Load the OCR, code and face models once, with one thread each (a pool initializer)."""
    import cv2

    from audit.pixels import faces, ocr, qr, rules

    cv2.setNumThreads(1)
    rules.rules()
    ocr.engine()
    qr.detectors()
    faces.network()


def text_findings(lines, to_full) -> list[Finding]:
    """Watermark and contact findings from OCR lines (``to_full`` maps boxes to full size).

    An ID read as a watermark (a QQ number) is not reported again as a phone number.
    """
    from audit.pixels import contacts, watermarks

    marks = watermarks.detect(lines, to_full)
    claimed = frozenset(finding.evidence[0].value for finding in marks)
    return [*marks, *contacts.detect(lines, to_full, claimed)]


def analyse(
    data: bytes | memoryview, file_format: str, *, max_pixels: int = DEFAULT_MAX_PIXELS
) -> PixelResult:
    """Findings from the pixels of one photo (``data`` is the whole file, read-only)."""
    try:
        decoded = decoding.decode(data, file_format, max_pixels)
        if isinstance(decoded, Skip):
            return PixelResult((), (), None, (decoded,))
        return _checks(data, file_format, max_pixels, decoded)
    except Exception as error:  # a decoder or model failing on hostile pixels must not end the run
        detail = f"{type(error).__name__}: {error}".splitlines()[0][:160]
        return PixelResult(
            (),
            (),
            None,
            (skip(SkipCode.PIXELS_UNREADABLE, reason=decoding.plain_reason(error), detail=detail),),
        )


def _checks(
    data: bytes | memoryview, file_format: str, max_pixels: int, decoded: Decoded
) -> PixelResult:
    import cv2
    import numpy as np

    from audit.pixels import faces, ocr, qr

    cv2.setNumThreads(1)
    rgb = np.asarray(decoded.upright)
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    scale = decoded.scale
    width, height = decoded.full_size

    def to_full(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        left, top = max(0, round(box[0] * scale)), max(0, round(box[1] * scale))
        return (
            left,
            top,
            min(width - left, round(box[2] * scale)),
            min(height - top, round(box[3] * scale)),
        )

    detail_cache: list = []

    def detail_gray():
        if not detail_cache:
            image = decoding.decode_detail(data, file_format, max_pixels)
            detail_cache.append(None if image is None else np.asarray(image))
        return detail_cache[0]

    lines = ocr.read(bgr)
    phrases = ocr.phrases(lines)
    codes = qr.find(gray, scale, decoded.full_size, detail_gray)
    found_faces = faces.find(rgb, scale)
    findings = [
        *text_findings(phrases, to_full),
        *qr.detect(codes),
        *faces.detect(found_faces),
    ]
    seen = [SeenText(line.raw, "ocr", to_full(line.box)) for line in lines]
    seen += [SeenText(clean_text(code.payload, MAX_LINE), "qr", code.box) for code in codes]
    findings.sort(key=lambda f: (-f.severity, -f.bits, f.id))
    return PixelResult(tuple(findings), tuple(seen), decoded.stored, decoded.notes)
