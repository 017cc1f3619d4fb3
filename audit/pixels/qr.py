"""QR codes and barcodes in the picture, decoded with OpenCV (classified in
:mod:`audit.detectors.qr`).

Codes are looked for in the shared working copy. A QR code that is found there but is too
small to decode (its modules are under two pixels) is decoded again from the same region of a
sharper copy of the picture (full resolution up to 4,096 pixels across), which is only decoded
when that happens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from audit.readers.metadata import clean_text

#: Longest payload kept: a code can hold ~3 KB and all of it is hostile.
MAX_PAYLOAD = 500
#: Side, in pixels, a code's crop is brought to before the second decoding attempt: more than
#: two pixels a module even for the largest code, 177 modules (docs/pixels.md).
RETRY_SIDE = 480
#: Most unread codes decoded again from the sharper copy, to bound the time a picture takes.
MAX_RETRIES = 6

_detectors: tuple[Any, Any, Any] | None = None
#: Gives the sharper grey copy of the picture (an array), or None when it cannot be decoded.
DetailGray = Callable[[], Any]


@dataclass(frozen=True)
class Code:
    payload: str
    #: "qr" or "barcode".
    symbology: str
    #: Left, top, width, height in the full-resolution upright picture.
    box: tuple[int, int, int, int]


def detectors() -> tuple[Any, Any, Any]:
    global _detectors
    if _detectors is None:
        import cv2

        _detectors = (
            cv2.QRCodeDetectorAruco(),
            cv2.QRCodeDetector(),
            cv2.barcode.BarcodeDetector(),
        )
    return _detectors


def _box(points: Any, scale: float, width: int, height: int) -> tuple[int, int, int, int]:
    xs = [float(p[0]) * scale for p in points]
    ys = [float(p[1]) * scale for p in points]
    left, top = max(0, int(min(xs))), max(0, int(min(ys)))
    right, bottom = min(width, int(max(xs)) + 1), min(height, int(max(ys)) + 1)
    return left, top, max(1, right - left), max(1, bottom - top)


def _decode_qr(gray: Any, thorough: bool = False) -> tuple[list[str], list[Any]]:
    """Payloads and corner points from the ArUco-based detector (the faster and more tolerant);
    ``thorough`` adds the classic detector when that one read nothing, for single crops."""
    import cv2

    found_texts: list[str] = []
    found_points: list[Any] = []
    for detector in detectors()[: 2 if thorough else 1]:
        try:
            ok, texts, points, _ = detector.detectAndDecodeMulti(gray)
        except cv2.error:  # a malformed code can trip OpenCV's own checks: treat as unread
            continue
        if ok and points is not None and len(points):
            found_texts, found_points = list(texts), list(points)
            if any(found_texts):
                break
    return found_texts, found_points


def find(
    gray: Any, scale: float, full_size: tuple[int, int], detail_gray: DetailGray
) -> list[Code]:
    """Codes in ``gray`` (the working copy); ``detail_gray`` decodes a sharper copy if needed."""
    import cv2

    width, height = full_size
    codes: list[Code] = []
    retries = 0
    texts, points = _decode_qr(gray)
    for text, corners in zip(texts, points, strict=False):
        box = _box(corners, scale, width, height)
        if not text and scale > 1.2 and retries < MAX_RETRIES:
            retries += 1
            text = _retry(detail_gray, box, width)
        if text:
            codes.append(Code(clean_text(text, MAX_PAYLOAD), "qr", box))
    try:
        ok, texts, points, _ = detectors()[2].detectAndDecodeMulti(gray)
    except cv2.error:
        ok = False
    if ok and points is not None:
        for text, corners in zip(texts, points, strict=False):
            if text:
                codes.append(
                    Code(
                        clean_text(text, MAX_PAYLOAD),
                        "barcode",
                        _box(corners, scale, width, height),
                    )
                )
    return codes


def _retry(detail_gray: DetailGray, box: tuple[int, int, int, int], full_width: int) -> str:
    """Decode one code from its region of the sharper copy (``box`` is in full-size pixels)."""
    import cv2

    detail = detail_gray()
    if detail is None:
        return ""
    factor = detail.shape[1] / full_width
    left, top, w, h = (int(v * factor) for v in box)
    margin = int(0.2 * max(w, h)) + 8
    crop = detail[
        max(0, top - margin) : top + h + margin, max(0, left - margin) : left + w + margin
    ]
    if crop.size == 0:
        return ""
    factor = RETRY_SIDE / max(crop.shape[:2])
    if factor < 1:
        crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    texts, _ = _decode_qr(crop, thorough=True)
    return next((text for text in texts if text), "")
