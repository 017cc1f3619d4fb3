"""QR codes and barcodes in the picture, read with zxing-cpp (classified in
:mod:`audit.detectors.qr`).

Codes are looked for in the shared working copy. A QR code that is located there but cannot be
read (its modules under two pixels, or blurred) is read again from a sharper copy of the
picture (full resolution up to 4,096 pixels across), decoded only when that happens: the
code's four corners are mapped onto an upright square first, which undoes its tilt and
perspective. When the working copy shows no QR code at all, the copy twice as sharp that text
is read from, already decoded, is searched too: a small code, tilted and soft, can leave
nothing to locate at the working size. zxing-cpp was chosen over OpenCV's readers by
measurement (docs/pixels.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from audit.readers.metadata import clean_text

#: Longest payload kept: a code can hold ~3 KB and all of it is hostile.
MAX_PAYLOAD = 500
#: Side, in pixels, of the square a located code is straightened onto before the second
#: attempt: more than two pixels a module even for the largest code, 177 modules
#: (docs/pixels.md).
RETRY_SIDE = 480
#: Most unread codes read again from the sharper copy, to bound the time a picture takes.
MAX_RETRIES = 6
#: Most codes of each kind kept from one picture: a sheet of stickers is still one finding each.
MAX_CODES = 20
#: The QR family, and the barcodes read as "barcode": parcel and shop labels.
QR_FORMATS = "QRCode,MicroQRCode,rMQRCode"
BARCODE_FORMATS = "Code128,Code39,Code93,Codabar,ITF,EAN8,EAN13,UPCA,UPCE,DataBar,DataBarExpanded"

#: Gives the sharper grey copy of the picture (an array), or None when it cannot be decoded.
DetailGray = Callable[[], Any]
#: Gives the upright RGB copy decoded with the working copy for reading text (an array), or
#: None when there is none.
Sharper = Callable[[], Any]


@dataclass(frozen=True)
class Code:
    payload: str
    #: "qr" or "barcode".
    symbology: str
    #: Left, top, width, height in the full-resolution upright picture.
    box: tuple[int, int, int, int]


@functools.cache
def detectors() -> tuple[Any, Any]:
    """The format sets zxing-cpp is asked for (QR, barcodes), parsed once; loads the library."""
    import zxingcpp

    return (
        zxingcpp.barcode_formats_from_str(QR_FORMATS),
        zxingcpp.barcode_formats_from_str(BARCODE_FORMATS),
    )


def _read(gray: Any, formats: Any, with_errors: bool = False) -> list[Any]:
    import zxingcpp

    try:
        return list(zxingcpp.read_barcodes(gray, formats=formats, return_errors=with_errors))
    except (RuntimeError, ValueError):  # hostile pixels must cost a code, never the run
        return []


def _corners(found: Any) -> list[tuple[float, float]]:
    """The code's corners, clockwise from its top left, in the pixels it was read from."""
    position = found.position
    return [
        (float(corner.x), float(corner.y))
        for corner in (
            position.top_left,
            position.top_right,
            position.bottom_right,
            position.bottom_left,
        )
    ]


def _box(
    corners: Iterable[tuple[float, float]], scale: float, width: int, height: int
) -> tuple[int, int, int, int]:
    points = list(corners)
    xs = [x * scale for x, _ in points]
    ys = [y * scale for _, y in points]
    left, top = max(0, int(min(xs))), max(0, int(min(ys)))
    right, bottom = min(width, int(max(xs)) + 1), min(height, int(max(ys)) + 1)
    return left, top, max(1, right - left), max(1, bottom - top)


def find(
    gray: Any,
    scale: float,
    full_size: tuple[int, int],
    detail_gray: DetailGray,
    sharper: Sharper | None = None,
) -> list[Code]:
    """Codes in ``gray`` (the working copy); ``detail_gray`` decodes a sharper copy if needed,
    and ``sharper``'s copy is searched when the working copy shows no QR code."""
    qr_formats, barcode_formats = detectors()
    width, height = full_size
    codes: list[Code] = []
    retries = 0
    located = _read(gray, qr_formats, with_errors=True)[:MAX_CODES]
    if not located and sharper is not None:
        codes.extend(_from_sharper(sharper, gray.shape[1], full_size))
    for found in located:
        corners = _corners(found)
        text = found.text if found.valid else ""
        if not text and scale > 1.2 and retries < MAX_RETRIES:
            retries += 1
            text = _retry(detail_gray, corners, scale / width)
        if text:
            box = _box(corners, scale, width, height)
            codes.append(Code(clean_text(text, MAX_PAYLOAD), "qr", box))
    for found in _read(gray, barcode_formats)[:MAX_CODES]:
        if found.text:
            box = _box(_corners(found), scale, width, height)
            codes.append(Code(clean_text(found.text, MAX_PAYLOAD), "barcode", box))
    return codes


def _from_sharper(sharper: Sharper, working_width: int, full_size: tuple[int, int]) -> list[Code]:
    """The QR codes read in the copy text is read from, when it has more pixels than the
    working copy (boxes at full resolution)."""
    import cv2

    picture = sharper()
    if picture is None or picture.shape[1] <= working_width:
        return []
    width, height = full_size
    factor = width / picture.shape[1]
    return [
        Code(
            clean_text(found.text, MAX_PAYLOAD), "qr", _box(_corners(found), factor, width, height)
        )
        for found in _read(cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY), detectors()[0])[:MAX_CODES]
        if found.text
    ]


def _retry(detail_gray: DetailGray, corners: list[tuple[float, float]], factor: float) -> str:
    """Read one located code from the sharper copy, its corners mapped onto an upright square.

    ``corners`` are in working-copy pixels; ``factor`` times the sharper copy's width turns
    them into its pixels. A quiet zone of an eighth of the side is kept around the square.
    """
    import cv2
    import numpy as np

    detail = detail_gray()
    if detail is None:
        return ""
    to_detail = factor * detail.shape[1]
    source = np.array([(x * to_detail, y * to_detail) for x, y in corners], np.float32)
    margin = RETRY_SIDE // 8
    far = margin + RETRY_SIDE
    target = np.array([(margin, margin), (far, margin), (far, far), (margin, far)], np.float32)
    try:
        matrix = cv2.getPerspectiveTransform(source, target)
        square = cv2.warpPerspective(
            detail, matrix, (far + margin, far + margin), flags=cv2.INTER_LINEAR, borderValue=255
        )
    except cv2.error:  # corners in a line or a point: nothing to straighten
        return ""
    found = _read(square, detectors()[0])
    return next((item.text for item in found if item.text), "")
