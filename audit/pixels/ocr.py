"""Read the text in a picture with RapidOCR (PP-OCRv4, Chinese and English).

One engine per process, loaded on first use or by :func:`warm_up` in a pool initializer. It runs
on the shared working copy with one thread (the pool gives each process a core), without the
orientation classifier: the copy is already upright, and the classifier would only rescue text
printed upside down. The recogniser is the one in the rapidocr-onnxruntime wheel; the detector,
which takes most of the time, is the same model quantised to 8 bits (``models/``, made by
``benchmarks/make_int8_detector.py``), about 1.7 times faster for the same boxes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.pixels.normalize import MAX_LINE, normalise
from audit.readers.metadata import clean_text

#: Lines recognised with less confidence than this are dropped: RapidOCR's own default
#: (``text_score`` in its configuration; docs/pixels.md).
MIN_SCORE = 0.5
#: Most lines kept from one picture: a page of small print is not a watermark.
MAX_LINES = 200
#: Most text boxes the detector hands to the recogniser, which bounds the time a picture
#: full of small print can take (about 10 ms a box).
MAX_BOXES = 300

DETECTOR = Path(__file__).resolve().parent / "models" / "ch_PP-OCRv4_det_int8.onnx"

_engine: Any = None
#: Left, top, width, height in pixels.
Box = tuple[int, int, int, int]
#: Maps a box in the working copy to the same box in the full-resolution picture.
ToFull = Callable[[Box], Box]


@dataclass(frozen=True)
class Line:
    """One line of text as read, and as normalised for matching."""

    raw: str
    text: str
    score: float
    #: Left, top, width, height in the working copy.
    box: tuple[int, int, int, int]


class _Prepare:
    """The detector's input in float32 throughout (RapidOCR normalises through float64)."""

    def __init__(self, resize: Callable[[Any], Any]) -> None:
        self.resize = resize

    def __call__(self, image: Any) -> Any:
        import cv2

        resized = self.resize(image)
        if resized is None:
            return None
        return cv2.dnn.blobFromImage(resized, 1 / 127.5, mean=(127.5, 127.5, 127.5))


def engine() -> Any:
    """The process's OCR engine, created once."""
    global _engine
    if _engine is None:
        from audit.pixels import runtime

        runtime.quiet()
        from rapidocr_onnxruntime import RapidOCR

        created = RapidOCR(
            intra_op_num_threads=1,
            inter_op_num_threads=1,
            use_cls=False,
            text_score=MIN_SCORE,
            det_model_path=str(DETECTOR),
            det_limit_type="max",
            det_limit_side_len=4096,
            det_max_candidates=MAX_BOXES,
            max_side_len=4096,
        )
        original = created.text_det.get_preprocess
        created.text_det.get_preprocess = lambda longest: _Prepare(original(longest).resize)
        _engine = created
    return _engine


def read(bgr: Any) -> list[Line]:
    """Every line of text in ``bgr`` (an OpenCV-style array), top to bottom, left to right."""
    result, _ = engine()(bgr)
    lines = []
    for polygon, raw, score in (result or [])[:MAX_LINES]:
        raw = clean_text(str(raw), MAX_LINE)
        if len(raw.replace(" ", "")) < 2:  # a lone glyph read in texture names nothing
            continue
        xs = [int(round(point[0])) for point in polygon]
        ys = [int(round(point[1])) for point in polygon]
        box = (min(xs), min(ys), max(1, max(xs) - min(xs)), max(1, max(ys) - min(ys)))
        lines.append(Line(raw, normalise(raw), float(score), box))
    return lines


def phrases(lines: list[Line]) -> list[Line]:
    """Each line, plus each line joined to its right-hand neighbour on the same row.

    OCR sometimes splits ``小红书号：`` and ``95123456`` into two boxes when the gap is wide;
    joining neighbours lets a pattern see the label and the value together.
    """
    found = list(lines)
    for left in lines:
        lx, ly, lw, lh = left.box
        best = None
        for right in lines:
            if right is left:
                continue
            rx, ry, _, rh = right.box
            overlap = min(ly + lh, ry + rh) - max(ly, ry)
            gap = rx - (lx + lw)
            same_row = overlap >= 0.5 * min(lh, rh) and -0.5 * lh <= gap <= 2.5 * max(lh, rh)
            if same_row and (best is None or rx < best.box[0]):
                best = right
        if best is not None:
            bx, by, bw, bh = best.box
            box = (lx, min(ly, by), bx + bw - lx, max(ly + lh, by + bh) - min(ly, by))
            found.append(
                Line(
                    f"{left.raw} {best.raw}",
                    normalise(f"{left.text} {best.text}"),
                    min(left.score, best.score),
                    box,
                )
            )
    return found
