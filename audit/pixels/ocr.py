"""Read the text in a picture with RapidOCR (PP-OCRv4, Chinese and English, models in the wheel).

One engine per process, loaded on first use or by :func:`warm_up` in a pool initializer. It runs
on the shared working copy with one thread (the pool gives each process a core), without the
orientation classifier: the copy is already upright, and the classifier would only rescue text
printed upside down.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.pixels.normalize import MAX_LINE, normalise
from audit.readers.metadata import clean_text

#: Lines recognised with less confidence than this are dropped (RapidOCR's own default).
MIN_SCORE = 0.5
#: Most lines kept from one picture: a page of small print is not a watermark.
MAX_LINES = 200

_engine = None


@dataclass(frozen=True)
class Line:
    """One line of text as read, and as normalised for matching."""

    raw: str
    text: str
    score: float
    #: Left, top, width, height in the working copy.
    box: tuple[int, int, int, int]


def engine():
    """The process's OCR engine, created once."""
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        _engine = RapidOCR(
            intra_op_num_threads=1,
            inter_op_num_threads=1,
            use_cls=False,
            text_score=MIN_SCORE,
            det_limit_type="max",
            det_limit_side_len=4096,
            max_side_len=4096,
        )
    return _engine


def read(bgr) -> list[Line]:
    """Every line of text in ``bgr`` (an OpenCV-style array), best-read first within a row."""
    result, _ = engine()(bgr)
    lines = []
    for polygon, raw, score in (result or [])[:MAX_LINES]:
        raw = clean_text(str(raw), MAX_LINE)
        if not raw:
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
            rx, ry, rw, rh = right.box
            overlap = min(ly + lh, ry + rh) - max(ly, ry)
            gap = rx - (lx + lw)
            if overlap >= 0.5 * min(lh, rh) and -0.5 * lh <= gap <= 2.5 * max(lh, rh):
                if best is None or rx < best.box[0]:
                    best = right
        if best is not None:
            bx, by, bw, bh = best.box
            box = (lx, min(ly, by), bx + bw - lx, max(ly + lh, by + bh) - min(ly, by))
            found.append(Line(f"{left.raw} {best.raw}", normalise(f"{left.text} {best.text}"), min(left.score, best.score), box))
    return found
