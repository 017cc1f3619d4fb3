"""Read the text in a picture with RapidOCR (PP-OCR models, Chinese and English).

One engine per process, loaded on first use or by :func:`warm_up` in a pool initializer, with
one thread (the pool gives each process a core) and without the orientation classifier: the
copy is already upright, and the classifier would only rescue text printed upside down.

Text is found on the shared working copy and read from as many pixels as it needs: the top and
bottom edges, where platforms stamp watermarks, and every region where the detector saw small
or faint text are searched again in a copy twice as sharp; small lines are read from that copy;
a line that holds a platform ID is read three ways and the ID the readings agree on is kept
(docs/pixels.md, "Text: OCR").

Both models are in ``models/``: the detector, which takes most of the time, is the PP-OCRv4
one of the rapidocr-onnxruntime wheel, rewritten into fewer steps and quantised to 8 bits (by
``benchmarks/make_int8_detector.py``), about twice as fast for the same boxes; the
recogniser is PP-OCRv6's small one, which reads the letters and digits of IDs (``o`` and ``0``,
``1`` and ``i``) where the wheel's PP-OCRv4 recogniser confused them.
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
#: full of small print can take (25 ms or more a box: each line is read at least 320 px wide).
MAX_BOXES = 300
#: Lines recognised in one run of the recogniser. One: its cost grows with the input's width
#: (0.08 ms a column) and a batch is padded to its widest line, while batching lines of one
#: width saves nothing; the lines of 60 photos took 5.8 s one by one, 7.2 s in sixes
#: (docs/pixels.md).
REC_BATCH = 1

DETECTOR = Path(__file__).resolve().parent / "models" / "ch_PP-OCRv4_det_int8.onnx"
RECOGNISER = Path(__file__).resolve().parent / "models" / "PP-OCRv6_rec_small.onnx"

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
    #: Another reading replaced the first (see :func:`_read_again`).
    second: bool = False


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
            rec_model_path=str(RECOGNISER),
            det_limit_type="max",
            det_limit_side_len=4096,
            det_max_candidates=MAX_BOXES,
            max_side_len=4096,
            rec_batch_num=REC_BATCH,
        )
        original = created.text_det.get_preprocess
        created.text_det.get_preprocess = lambda longest: _Prepare(original(longest).resize)
        _engine = created
    return _engine


#: A box lower than this in the working copy (pixels) is read from a sharper copy: the
#: recogniser works on lines 48 px high, and text under about two thirds of that loses strokes
#: when enlarged; taller lines read better from the working copy, where thin marks such as an
#: underscore survive the recogniser's own resizing (docs/pixels.md).
READ_LARGE_BELOW = 32
#: Height, in pixels, a line is brought to before it is recognised: the recogniser's own input.
REC_HEIGHT = 48
#: Boxes narrower than this many times their height hold at most one character.
MIN_ASPECT = 1.2
#: Most lines of one picture read three ways because they hold, or nearly hold, a platform ID.
MAX_SECOND_READINGS = 8

#: Gives the upright RGB copy of the picture decoded at CLOSER times the working copy's size or
#: more, or None when there is none.
Sharper = Callable[[], Any]


def detect(bgr: Any) -> tuple[list[Any], Any]:
    """Where text lies in ``bgr``: four-corner boxes (float32, 4 x 2), top to bottom, and the
    detector's map of how likely each point is to be text (at the network's input size)."""
    detector = engine().text_det
    blob = detector.get_preprocess(max(bgr.shape[:2]))(bgr)
    if blob is None:
        return [], None
    chances = detector.infer(blob)[0]
    boxes, _ = detector.postprocess_op(chances, bgr.shape[:2])
    boxes = detector.filter_tag_det_res(boxes, bgr.shape[:2])
    if boxes is None or len(boxes) == 0:
        return [], chances[0, 0]
    found = [box for box in engine().sorted_boxes(boxes)[:MAX_BOXES] if _plausible(box)]
    return found, chances[0, 0]


#: Points of the detector's map above this are maybe text: below its own cut-off (0.3), which
#: faint or small text does not always reach (docs/pixels.md).
MAYBE_TEXT = 0.2
#: Regions of maybe-text lower than this (working-copy pixels) are looked at again closer.
SMALL_TEXT = 40
#: How much closer: twice the working copy's resolution, about a 12-megapixel photo's half.
CLOSER = 2.0
#: Most regions looked at again, and the largest share of the picture they may cover.
MAX_REGIONS, MAX_REGION_SHARE = 12, 0.25
#: Share of the picture's height, at its top and at its bottom, that is always looked at closer:
#: platforms stamp their watermarks there, and thin light text over a light picture can leave
#: no trace at all in the coarse pass (docs/pixels.md).
EDGE_BAND = 0.12

Region = tuple[int, int, int, int]


def _small_regions(chances: Any, shape: tuple[int, ...]) -> list[Region]:
    """Left, top, right, bottom of each small region of maybe-text, with room around it for
    the rest of a line the detector only half saw; overlapping regions are merged."""
    import cv2
    import numpy as np

    height, width = shape[:2]
    down, across = height / chances.shape[0], width / chances.shape[1]
    maybe = cv2.dilate((chances > MAYBE_TEXT).astype(np.uint8), np.ones((3, 9), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(maybe)
    regions = []
    for x, y, w, h, _ in stats[1:count]:
        x, y, w, h = x * across, y * down, w * across, h * down
        if h >= SMALL_TEXT or w < h:
            continue
        room = max(h, 12.0)
        regions.append(
            [
                max(0, int(x - 3 * room)),
                max(0, int(y - room)),
                min(width, int(x + w + 3 * room)),
                min(height, int(y + h + room)),
            ]
        )
    merged: list[list[int]] = []
    for region in sorted(regions):
        for other in merged:
            if region[0] <= other[2] and region[1] <= other[3] and region[3] >= other[1]:
                other[:] = [
                    min(other[0], region[0]),
                    min(other[1], region[1]),
                    max(other[2], region[2]),
                    max(other[3], region[3]),
                ]
                break
        else:
            merged.append(region)
    kept: list[Region] = []
    area = 0
    for left, top, right, bottom in sorted(merged, key=lambda r: (r[2] - r[0]) * (r[3] - r[1])):
        area += (right - left) * (bottom - top)
        if len(kept) == MAX_REGIONS or area > MAX_REGION_SHARE * width * height:
            break
        kept.append((left, top, right, bottom))
    return kept


def _inside(quad: Any, region: Region) -> bool:
    middle = quad.mean(axis=0)
    return bool(region[0] <= middle[0] <= region[2] and region[1] <= middle[1] <= region[3])


def _overlapping(quad: Any, others: list[Any]) -> list[Any]:
    """The boxes of ``others`` on the same line as ``quad`` and overlapping it."""
    left, top = quad.min(axis=0)
    right, bottom = quad.max(axis=0)
    found = []
    for other in others:
        o_left, o_top = other.min(axis=0)
        o_right, o_bottom = other.max(axis=0)
        across = min(right, o_right) - max(left, o_left)
        down = min(bottom, o_bottom) - max(top, o_top)
        if across > 0 and down > 0.3 * min(bottom - top, o_bottom - o_top):
            found.append(other)
    return found


#: A closer look replaces a coarse box when its boxes on that line reach this much further:
#: the coarse box had cut the line short.
LONGER = 1.1


def _merge(coarse: list[Any], closer: list[Any], region: Region) -> list[Any]:
    """The coarse boxes, each one the closer look found cut short grown to span both looks'
    boxes on its line (the closer look may miss a faint label the coarse one saw), and the
    closer look's boxes for lines the coarse pass missed added. The closer look completes a
    line; it does not join two the coarse pass saw apart."""
    import numpy as np

    kept = []
    for index, quad in enumerate(coarse):
        near = _overlapping(quad, closer) if _inside(quad, region) else []
        others = coarse[:index] + coarse[index + 1 :]
        if not near or any(_overlapping(box, others) for box in near):
            # nothing closer, or the closer look ran two lines the coarse pass saw apart
            # together (an ID and the logo beside it): the coarse boxes stand
            kept.append(quad)
            continue
        both = np.concatenate([quad, *near])
        (left, top), (right, bottom) = both.min(axis=0), both.max(axis=0)
        if right - left <= LONGER * (quad[:, 0].max() - quad[:, 0].min()):
            kept.append(quad)
            continue
        kept.append(
            np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float32)
        )
    added = [quad for quad in closer if not _overlapping(quad, kept)]
    return kept + added


def detect_closer(bgr: Any, sources: _Sources) -> list[Any]:
    """Text boxes in the working copy; the top and bottom edges, and every region where the
    detector saw small or faint text, are searched again at twice the resolution (when the
    picture has it), and :func:`_merge` combines what both looks found."""
    import cv2
    import numpy as np

    found, chances = detect(bgr)
    if chances is None:
        return found
    height, width = bgr.shape[:2]
    edges: list[Region] = [
        (0, 0, width, round(EDGE_BAND * height)),
        (0, round((1 - EDGE_BAND) * height), width, height),
    ]
    regions = edges + _small_regions(chances, bgr.shape)
    sharp = sources.sharp()
    if sharp is None:
        return found
    zoom = CLOSER / sources.factor
    for region in regions:
        left, top, right, bottom = region
        area = sharp[
            int(top * sources.factor) : int(bottom * sources.factor),
            int(left * sources.factor) : int(right * sources.factor),
        ]
        if min(area.shape[:2]) * zoom < REC_HEIGHT:
            continue
        used = sources.factor
        if abs(zoom - 1.0) > 0.05:
            shrink = cv2.INTER_AREA if zoom < 1 else cv2.INTER_LINEAR
            area = cv2.resize(area, None, fx=zoom, fy=zoom, interpolation=shrink)
            used = sources.factor * zoom
        area = _bgr(area)
        offset = np.array([left, top], dtype=np.float32)
        closer = [quad / used + offset for quad in detect(area)[0]]
        found = _merge(found, closer, region)
    return found


def _extent(quad: Any) -> tuple[float, float]:
    import numpy as np

    width = max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3]))
    height = max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2]))
    return float(width), float(height)


def _plausible(quad: Any) -> bool:
    """A box that can hold two characters or more (a lone glyph names nothing)."""
    width, height = _extent(quad)
    return height >= 4 and width >= MIN_ASPECT * height


def _stretched(quad: Any, widen: float, reach: float, shape: tuple[int, ...] | None = None) -> Any:
    """``quad`` with ``widen`` line heights added at each end and ``reach`` more on the right,
    kept inside a picture of ``shape`` when given: room for a second look at a line whose ends
    the detector may have cut off, and for the ID written after a platform's name."""
    import numpy as np

    quad = np.asarray(quad, dtype=np.float32)
    along = quad[1] - quad[0]
    length = float(np.linalg.norm(along)) or 1.0
    unit = along / length * _extent(quad)[1]
    before, after = unit * widen, unit * (widen + reach)
    quad = quad + np.array([-before, after, after, -before], dtype=np.float32)
    if shape is None:
        return quad
    height, width = shape[:2]
    quad[:, 0] = np.clip(quad[:, 0], 0, width - 1)
    quad[:, 1] = np.clip(quad[:, 1], 0, height - 1)
    return quad


def _crop(picture: Any, quad: Any) -> Any:
    """The line inside ``quad`` straightened, and shrunk to the recogniser's height when taller
    (the recogniser enlarges smaller lines itself)."""
    import cv2
    import numpy as np

    quad = np.asarray(quad, dtype=np.float32)
    width, height = _extent(quad)
    width, height = max(2, int(round(width))), max(2, int(round(height)))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad, target)
    line = cv2.warpPerspective(
        picture, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    if height > REC_HEIGHT:
        factor = REC_HEIGHT / height
        size = (max(2, int(round(width * factor))), REC_HEIGHT)
        line = cv2.resize(line, size, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(line)


class _Sources:
    """Where each box is read from: the working copy, or the sharper copy for small text."""

    def __init__(self, bgr: Any, sharper: Sharper) -> None:
        self.bgr = bgr
        self._sharper = sharper
        self._asked = False
        self._sharp: Any = None
        self.factor = 1.0

    def sharp(self) -> Any:
        """The sharper copy (RGB), or None when the working copy is already all there is; its
        crops are turned to BGR one by one, which costs less than turning the whole copy."""
        if not self._asked:
            self._asked = True
            sharp = self._sharper()
            if sharp is not None and max(sharp.shape[:2]) > max(self.bgr.shape[:2]):
                self._sharp = sharp
                self.factor = sharp.shape[1] / self.bgr.shape[1]
        return self._sharp

    def crop(self, quad: Any) -> Any:
        """The line in ``quad`` (working-copy pixels): a small line from the sharper copy, the
        rest from the working copy."""
        if _extent(quad)[1] < READ_LARGE_BELOW:
            return self.sharp_crop(quad)
        return _crop(self.bgr, quad)

    def other(self, quad: Any) -> Any:
        """The line in ``quad`` from the copy :meth:`crop` did not read it from: the working
        copy for a small line, the sharper copy for the rest."""
        if _extent(quad)[1] < READ_LARGE_BELOW:
            return _crop(self.bgr, quad)
        return self.sharp_crop(quad)

    def sharp_crop(self, quad: Any) -> Any:
        """The line in ``quad`` from the sharper copy (or the working copy when the picture has
        no more pixels)."""
        sharp = self.sharp()
        if sharp is None:
            return _crop(self.bgr, quad)
        return _bgr(_crop(sharp, quad * self.factor))


def _bgr(rgb: Any) -> Any:
    import numpy as np

    return np.ascontiguousarray(rgb[:, :, ::-1])


def _recognise(crops: list[Any]) -> list[tuple[str, float]]:
    if not crops:
        return []
    results, _ = engine().text_rec(crops)
    return [(str(text), float(score)) for text, score, *_ in results]


def _line(quad: Any, raw: str, score: float, second: bool = False) -> Line | None:
    raw = clean_text(raw, MAX_LINE)
    if score < MIN_SCORE or len(raw.replace(" ", "")) < 2:
        return None
    xs = [int(round(float(point[0]))) for point in quad]
    ys = [int(round(float(point[1]))) for point in quad]
    box = (min(xs), min(ys), max(1, max(xs) - min(xs)), max(1, max(ys) - min(ys)))
    return Line(raw, normalise(raw), score, box, second)


def _bounded(quads: list[Any], height: int) -> list[Any]:
    """At most MAX_BOXES boxes, those in the top and bottom edges (where watermarks sit) first,
    each group top to bottom and left to right: the bound on the time one picture can take."""

    def key(quad: Any) -> tuple[bool, float, float]:
        top, bottom = float(quad[:, 1].min()), float(quad[:, 1].max())
        edge = bottom <= EDGE_BAND * height or top >= (1 - EDGE_BAND) * height
        return (not edge, top, float(quad[:, 0].min()))

    return sorted(quads, key=key)[:MAX_BOXES]


def read(bgr: Any, sharper: Sharper | None = None) -> list[Line]:
    """Every line of text in ``bgr`` (the working copy, BGR): those in the top and bottom edges
    first, then top to bottom, left to right.

    Text is found on the working copy, and again more closely at the edges and where the
    detector was unsure; each line is read from the most detailed copy it needs (small lines
    from a sharper decode, ``sharper``), and a line holding a platform ID is read three ways
    (:func:`_read_again`). At most MAX_BOXES lines are read, MAX_LINES kept.
    """
    sources = _Sources(bgr, sharper or (lambda: None))
    quads = detect_closer(bgr, sources)
    if not quads:
        return []
    quads = _bounded(quads, bgr.shape[0])
    readings = _recognise([sources.crop(quad) for quad in quads])
    lines: list[Line | None] = [
        _line(quad, raw, score) for quad, (raw, score) in zip(quads, readings, strict=True)
    ]
    _read_again(quads, readings, lines, sources)
    return [line for line in lines if line is not None][:MAX_LINES]


def _read_again(
    quads: list[Any],
    readings: list[tuple[str, float]],
    lines: list[Line | None],
    sources: _Sources,
) -> None:
    """Read each line that holds or nearly holds a platform ID twice more (from the copy the
    first reading did not use, and from the sharper copy with WIDEN line heights of room at each
    end, REACH more on the right of a line that names a platform but gives no ID) and keep the
    reading :func:`_choose` prefers. Lines with no ID in sight (nearly every line of an
    ordinary photo) are read once."""
    again = [
        index
        for index, (raw, score) in enumerate(readings)
        if score >= SECOND_LOOK_SCORE and (_ids(raw) or _near(raw))
    ][:MAX_SECOND_READINGS]
    if not again:
        return
    wider = [
        _stretched(quads[i], WIDEN, _reach(i, quads, readings), sources.bgr.shape) for i in again
    ]
    crops = [sources.other(quads[i]) for i in again] + [sources.sharp_crop(q) for q in wider]
    more = _recognise(crops)
    count = len(again)
    for k, index in enumerate(again):
        candidates = [readings[index], more[k], more[k + count]]
        chosen = _choose(candidates)
        if chosen is not candidates[0]:
            # the box of the crop the reading came from: the text it read may lie beyond the
            # detector's box, and a box found there is then not joined to the line again
            quad = wider[k] if chosen is candidates[2] else quads[index]
            line = _line(quad, chosen[0], chosen[1], second=True)
            if line is not None:
                lines[index] = line


def _reach(index: int, quads: list[Any], readings: list[tuple[str, float]]) -> float:
    """Line heights to look further right of line ``index`` for an ID: none for a line that
    gave an ID. For a line that names a platform but gives none: up to the end of the text the
    detector found to its right on the same row when that text gives no ID of its own (a line
    split in two, ``快手号`` / ``sf6ct1ji``, whose halves read better together), none when it
    does (a logo's ``快手`` beside ``快手号：liu_64``: read as it is, and joined by
    :func:`phrases`), and REACH when the detector found nothing there."""
    if _ids(readings[index][0]):
        return 0.0
    quad = quads[index]
    right, top, bottom = quad[:, 0].max(), quad[:, 1].min(), quad[:, 1].max()
    height = max(_extent(quad)[1], 1.0)
    ahead = _stretched(quad, 0.0, REACH)
    beside = [
        (position, other)
        for position, other in enumerate(quads)
        if other is not quad
        and other[:, 0].min() >= right - 0.5 * (bottom - top)
        and _overlapping(ahead, [other])
    ]
    if not beside:
        return REACH
    position, nearest = min(beside, key=lambda item: float(item[1][:, 0].min()))
    if _ids(readings[position][0]):
        return 0.0
    return min(REACH, float(nearest[:, 0].max() - right) / height)


def _ids(raw: str) -> tuple[str, ...]:
    from audit.pixels.rules import read_ids

    # one ID that two rules read (``TikTok @name`` is a TikTok name and an @handle) counts once
    return tuple(dict.fromkeys(value for _, value, _ in read_ids(normalise(raw))))


def _near(raw: str) -> bool:
    from audit.pixels.rules import nearly_matched

    return nearly_matched(normalise(raw))


def _skeleton(ids: tuple[str, ...]) -> str:
    return "".join(ids).translate(str.maketrans("", "", "._-")).lower()


def _choose(candidates: list[tuple[str, float]]) -> tuple[str, float]:
    """The reading to keep of several of one line (the first is the one made first).

    Readings that differ only in thin marks (``_``, ``.``, ``-``) are the same ID with marks
    lost: OCR drops an underscore far more often than it invents one, so the reading with the
    most marks wins. A reading that continues the first one's ID (``28727`` then
    ``287274951``), read as surely, saw the part the first crop cut off. Otherwise an ID that
    most readings give, but for thin marks, wins (with the most marks of theirs); failing that,
    a first reading that held a whole ID stands, and a near-miss gives way to the reading that
    gives most of an ID.
    """
    from audit.pixels.rules import reads_more

    votes = [_ids(raw) for raw, _ in candidates]
    given = [(candidate, vote) for candidate, vote in zip(candidates, votes, strict=True) if vote]
    if given and len({_skeleton(vote) for _, vote in given}) == 1:
        return max(given, key=lambda item: len("".join(item[1])))[0]
    first = "".join(votes[0])
    for candidate, vote in given:
        longer = "".join(vote)
        continues = first and _skeleton((longer,)).startswith(_skeleton((first,)))
        if (
            continues
            and len(longer) > len(first)
            and candidate[1] >= min(candidates[0][1], SURE_EXTENSION)
        ):
            return candidate
    skeletons = [_skeleton(vote) for _, vote in given]
    for skeleton in dict.fromkeys(skeletons):
        if skeletons.count(skeleton) > len(candidates) // 2:
            agreeing = [
                item for item, other in zip(given, skeletons, strict=True) if other == skeleton
            ]
            return max(agreeing, key=lambda item: len("".join(item[1])))[0]
    if votes[0] and not _near(candidates[0][0]):
        return candidates[0]
    chosen = candidates[0]
    for candidate in candidates[1:]:
        if reads_more(normalise(candidate[0]), normalise(chosen[0])):
            chosen = candidate
    return chosen


#: Line heights of room added at each end for the third reading: four characters or so, what a
#: detector that split a line at a gap (``小红书号28727`` / ``4951``) leaves out.
WIDEN = 2.0
#: Line heights of room added on the right of a line that names a platform but gives no ID:
#: the detector can lose the rest of a faint line over a busy picture (``TikT`` of
#: ``TikTok @name``) or split it in two (``抖音号`` / ``8914828648``); an ID of 20 characters
#: fits in about 12 line heights.
REACH = 12.0
#: How sure a reading that continues the first one's ID must be (or as sure as the first).
SURE_EXTENSION = 0.9

#: A line read with less confidence than this is not worth a second look.
SECOND_LOOK_SCORE = 0.3


#: Punctuation inside IDs: a line split at one is joined without a space (``@amber.`` ``70``);
#: "@" (last) only when the left part ends with it, so ``TikTok`` ``@momo`` keeps its space.
_JOINING = (".", "_", "-", "@")


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
            joined = left.raw.endswith(_JOINING) or best.raw.startswith(_JOINING[:-1])
            joint = "" if joined else " "
            found.append(
                Line(
                    f"{left.raw}{joint}{best.raw}",
                    normalise(f"{left.text}{joint}{best.text}"),
                    min(left.score, best.score),
                    box,
                    left.second or best.second,
                )
            )
    return found
