"""Faces in the picture, and how searchable each one is (the finding is made in
:mod:`audit.detectors.faces`).

Faces are found by BlazeFace full-range (Google MediaPipe, Apache-2.0, shipped in
``audit/pixels/models/`` as ONNX, written layer by layer from MediaPipe's TFLite file by
``benchmarks/make_face_onnx.py``), run by ONNX Runtime on the whole working copy and on
overlapping tiles of it, so that faces down to about 4 % of the picture's width are seen. Each
face comes with its eyes and nose, which give the two things a face-search engine needs
(docs/identifiability.md §5): enough pixels between the eyes (60 or more; under 15
there is nothing to match) and a frontal pose (the nose midway between the eyes). The score is
``bits = 32.9 x q`` with ``q = 0.9 x size x pose``; 0.9 is the share of clear faces that public
face search found in the New York Times test.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL = Path(__file__).resolve().parent / "models" / "face_detection_full_range.onnx"
INPUT = 192
#: Eyes this far apart (full-resolution pixels) are enough for face search: the distance
#: face-recognition camera guides ask for (docs/identifiability.md §5).
SEARCHABLE_EYES_PX = 60.0
#: Below this there is too little face to match (docs/identifiability.md §5).
USELESS_EYES_PX = 15.0
#: Best match likelihood for a clear frontal face (the New York Times' PimEyes test;
#: docs/identifiability.md §5).
BEST_Q = 0.9
#: Nose offset from the eyes' midpoint, in eye distances: frontal up to the first value (a head
#: turned about 15°), profile past the second (about 47°); docs/identifiability.md §5.
FRONTAL_OFFSET, PROFILE_OFFSET = 0.15, 0.6
#: Pose factor of a face seen in profile (docs/identifiability.md §5).
PROFILE_POSE = 0.3
#: BlazeFace detections scoring less are dropped: drawn faces scored 0.72 or more, nothing else
#: above 0.56 (benchmarks/thresholds.py; docs/pixels.md).
MIN_SCORE = 0.6
#: Tiles are this share of the working copy's long side, square (six for a 4:3 photo): a face
#: 4 % of the photo's width becomes 17 px in the network's input; at 0.5 (15 px) BlazeFace
#: missed two of three such faces in benchmarks/pixel_accuracy.py, at 0.45 none.
TILE_SHARE = 0.45


@dataclass(frozen=True)
class Face:
    #: Left, top, width, height in the full-resolution upright picture.
    box: tuple[int, int, int, int]
    #: Distance between the eyes in full-resolution pixels.
    eyes_px: float
    #: 1.0 frontal, falling to PROFILE_POSE as the head turns.
    pose: float
    score: float

    @property
    def q(self) -> float:
        size = (self.eyes_px - USELESS_EYES_PX) / (SEARCHABLE_EYES_PX - USELESS_EYES_PX)
        return BEST_Q * min(1.0, max(0.0, size)) * self.pose


@functools.cache
def _anchors() -> Any:
    import numpy as np

    cells = INPUT // 4
    grid = (np.arange(cells, dtype=np.float32) + 0.5) / cells
    xs, ys = np.meshgrid(grid, grid)
    return np.stack([xs.ravel(), ys.ravel()], axis=1)


_net: Any = None


def network() -> Any:
    """The process's face detector, loaded once, with one thread (the pool gives each process
    a core)."""
    global _net
    if _net is None:
        from audit.pixels import runtime

        runtime.quiet()
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        _net = onnxruntime.InferenceSession(str(MODEL), options, providers=["CPUExecutionProvider"])
    return _net


def _run(
    rgb: Any, left: int, top: int
) -> list[tuple[float, list[float], list[tuple[float, float]]]]:
    """Faces in one square region: score, box (x, y, w, h) and six key points, in working pixels."""
    import cv2
    import numpy as np

    height, width = rgb.shape[:2]
    scale = INPUT / max(height, width)
    small = cv2.resize(
        rgb,
        (max(1, round(width * scale)), max(1, round(height * scale))),
        interpolation=cv2.INTER_AREA,
    )
    canvas = np.zeros((INPUT, INPUT, 3), np.float32)
    canvas[: small.shape[0], : small.shape[1]] = small
    net = network()
    picture = (canvas / 127.5 - 1.0).transpose(2, 0, 1)[None]
    outputs = {
        output.shape[-1]: output
        for output in net.run(None, {net.get_inputs()[0].name: np.ascontiguousarray(picture)})
    }
    regressors = outputs[16].reshape(-1, 16) / INPUT
    scores = 1.0 / (1.0 + np.exp(-np.clip(outputs[1].reshape(-1), -80, 80)))
    keep = scores >= MIN_SCORE
    back = INPUT / scale
    found = []
    for raw, score, anchor in zip(regressors[keep], scores[keep], _anchors()[keep], strict=True):
        cx, cy, w, h = raw[0] + anchor[0], raw[1] + anchor[1], raw[2], raw[3]
        if w <= 0 or h <= 0:
            continue
        box = [left + (cx - w / 2) * back, top + (cy - h / 2) * back, w * back, h * back]
        points = [
            (left + (raw[4 + 2 * k] + anchor[0]) * back, top + (raw[5 + 2 * k] + anchor[1]) * back)
            for k in range(6)
        ]
        found.append((float(score), box, points))
    return found


def _starts(length: int, tile: int) -> list[int]:
    """Evenly spaced tile starts along one side, overlapping by at least a fifth of a tile."""
    if length <= tile:
        return [0]
    count = math.ceil((length - tile) / (0.8 * tile)) + 1
    return [round(i * (length - tile) / (count - 1)) for i in range(count)]


def _tiles(width: int, height: int) -> list[tuple[int, int, int]]:
    """Overlapping square tiles over the picture, none for a small one."""
    tile = round(TILE_SHARE * max(width, height))
    if min(width, height) < 2 * INPUT:
        return []
    return [(x, y, tile) for y in _starts(height, tile) for x in _starts(width, tile)]


def _iou(a: list[float], b: list[float]) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def _pose(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Distance between the eyes, and the pose factor from where the nose sits between them."""
    right_eye, left_eye, nose = points[0], points[1], points[2]
    apart = math.dist(right_eye, left_eye)
    if apart <= 0:
        return 0.0, PROFILE_POSE
    middle = ((right_eye[0] + left_eye[0]) / 2, (right_eye[1] + left_eye[1]) / 2)
    along = ((left_eye[0] - right_eye[0]) / apart, (left_eye[1] - right_eye[1]) / apart)
    offset = abs((nose[0] - middle[0]) * along[0] + (nose[1] - middle[1]) * along[1]) / apart
    if offset <= FRONTAL_OFFSET:
        return apart, 1.0
    if offset >= PROFILE_OFFSET:
        return apart, PROFILE_POSE
    share = (offset - FRONTAL_OFFSET) / (PROFILE_OFFSET - FRONTAL_OFFSET)
    return apart, 1.0 - share * (1.0 - PROFILE_POSE)


def find(rgb: Any, scale: float) -> list[Face]:
    """Faces in ``rgb`` (the upright working copy); boxes and distances at full resolution."""
    height, width = rgb.shape[:2]
    candidates = _run(rgb, 0, 0)
    for x, y, side in _tiles(width, height):
        candidates.extend(_run(rgb[y : y + side, x : x + side], x, y))
    kept: list[tuple[float, list[float], list[tuple[float, float]]]] = []
    for candidate in sorted(candidates, key=lambda c: -c[0]):
        if all(_iou(candidate[1], other[1]) < 0.3 for other in kept):
            kept.append(candidate)
    faces = []
    for score, box, points in kept:
        apart, pose = _pose(points)
        left, top = max(0, box[0]), max(0, box[1])
        right, bottom = min(width, box[0] + box[2]), min(height, box[1] + box[3])
        full_box = (
            int(round(left * scale)),
            int(round(top * scale)),
            int(round((right - left) * scale)),
            int(round((bottom - top) * scale)),
        )
        faces.append(Face(full_box, float(apart * scale), float(pose), float(score)))
    return faces
