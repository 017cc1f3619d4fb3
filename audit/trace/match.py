"""Decide whether a found picture is one of her photos: exact bytes, then a perceptual hash,
then local features checked by geometry.

Each stage runs against all of her photos at once. The hash stage is a popcount over every
stored hash (eight rotations and flips per photo) in one numpy operation; the feature stage asks
a locality-sensitive-hashing index of every descriptor for the nearest neighbours of the found
picture's descriptors, counts which photos they vote for, and verifies only the few best
candidates with a RANSAC homography. So the cost of one found picture barely grows with the
number of her photos. Thresholds and their derivation: docs/tracing.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from audit.trace.features import Features
from audit.trace.index import OwnIndex
from audit.trace.model import Edit, Method

#: PDQ: a distance of at most 31 of 256 bits is a match; hashes of quality under 50 are
#: too flat (a blank wall, a dark frame) to be trusted either way.
PDQ_MAX_DISTANCE = 31
PDQ_MIN_QUALITY = 50
#: Local features: a homography must explain at least this many matched points.
MIN_INLIERS = 30
#: Lowe's ratio: a descriptor match counts only if clearly better than the second best.
LOWE_RATIO = 0.75
#: How many candidate photos, chosen by descriptor votes, are checked geometrically, and the
#: fewest votes a candidate needs to be checked at all.
CANDIDATES = 8
MIN_VOTES = 8
#: A descriptor further than this many bits from its neighbour does not vote.
MAX_VOTE_DISTANCE = 64
RANSAC_PIXELS = 5.0
#: The inliers' convex hull must cover at least this share of her photo. Letters in one font
#: repeat the same corner patterns, so two different pictures with similar captions can agree on
#: dozens of points packed into a few words (hulls of 0.2-0.3 % of the photo); true matches,
#: cropped, stickered or inside a screenshot, measured 2.9 % and more (docs/tracing.md).
MIN_HULL_SHARE = 0.01
#: Scales outside this range (her photo in the found picture) are degenerate fits.
MIN_SCALE, MAX_SCALE = 0.05, 20.0

_LSH_PARAMS: dict[str, bool | int | float | str] = {
    "algorithm": 6,
    "table_number": 6,
    "key_size": 28,
    "multi_probe_level": 0,
}
_LSH_SEARCH: dict[str, bool | int | float | str] = {"checks": 32}


@dataclass(frozen=True)
class Verdict:
    """Which photo, how, how sure, and the geometry in the found picture's working copy."""

    own: int
    method: Method
    score: int
    #: Corners of her photo in the found picture's working copy (4 x 2), clockwise from top left.
    corners: npt.NDArray[np.float64]
    #: The dihedral variant for a hash match (0 = as is), else -1.
    variant: int = -1


class Matcher:
    """The descriptor index over all her photos, built once per process."""

    def __init__(self, index: OwnIndex) -> None:
        import cv2

        self.index = index
        self._lsh: Any = None
        if len(index.descriptors):
            self._lsh = cv2.FlannBasedMatcher(_LSH_PARAMS, _LSH_SEARCH)
            self._lsh.add([index.descriptors])
            self._lsh.train()
        self._brute = cv2.BFMatcher(cv2.NORM_HAMMING)

    def exact(self, sha256: str) -> int | None:
        return self.index.by_sha256.get(sha256)

    def by_hash(self, found: Features) -> Verdict | None:
        """The closest stored hash, over all photos and their rotations and flips at once."""
        index = self.index
        if not len(index.hashes) or found.quality < PDQ_MIN_QUALITY:
            return None
        distances = np.bitwise_count(np.bitwise_xor(index.hashes, found.hashes[0])).sum(
            axis=1, dtype=np.int32
        )
        usable = index.quality[index.hash_owner] >= PDQ_MIN_QUALITY
        distances = np.where(usable, distances, 1 << 16)
        row = int(np.argmin(distances))
        if distances[row] > PDQ_MAX_DISTANCE:
            return None
        corners = _rectangle(found.width, found.height)
        return Verdict(
            own=int(index.hash_owner[row]),
            method=Method.HASH,
            score=int(distances[row]),
            corners=corners,
            variant=int(index.hash_variant[row]),
        )

    def by_features(self, found: Features) -> Verdict | None:
        """Vote with nearest neighbours over every descriptor, then verify the best few."""
        if self._lsh is None or len(found.descriptors) < MIN_INLIERS:
            return None
        neighbours = self._lsh.knnMatch(found.descriptors, k=2)
        owners = self.index.descriptor_owner
        voters: list[int] = []
        for pair in neighbours:
            if not pair or pair[0].distance > MAX_VOTE_DISTANCE:
                continue
            if (
                len(pair) > 1
                and pair[0].distance > LOWE_RATIO * pair[1].distance
                and owners[pair[0].trainIdx] != owners[pair[1].trainIdx]
            ):
                continue
            voters.append(int(owners[pair[0].trainIdx]))
        if not voters:
            return None
        votes = np.bincount(np.array(voters), minlength=len(self.index.photos))
        ranked = np.argsort(votes)[::-1][:CANDIDATES]
        best: Verdict | None = None
        for own in ranked:
            if votes[own] < MIN_VOTES:
                break
            verdict = self.verify(int(own), found)
            if verdict is not None and (best is None or verdict.score > best.score):
                best = verdict
        return best

    def verify(self, own: int, found: Features) -> Verdict | None:
        """Match against one photo's own descriptors and fit a homography with RANSAC."""
        import cv2

        start, end = self.index.offsets[own], self.index.offsets[own + 1]
        descriptors = self.index.descriptors[start:end]
        if len(descriptors) < MIN_INLIERS:
            return None
        pairs = self._brute.knnMatch(found.descriptors, descriptors, k=2)
        good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < LOWE_RATIO * p[1].distance]
        if len(good) < MIN_INLIERS:
            return None
        source = self.index.points[start:end][[m.trainIdx for m in good]].reshape(-1, 1, 2)
        target = found.points[[m.queryIdx for m in good]].reshape(-1, 1, 2)
        homography, mask = cv2.findHomography(source, target, cv2.RANSAC, RANSAC_PIXELS)
        if homography is None or mask is None:
            return None
        kept = mask.ravel().astype(bool)
        inliers = int(kept.sum())
        if inliers < MIN_INLIERS:
            return None
        width, height = (int(v) for v in self.index.sizes[own])
        if hull_share(source.reshape(-1, 2)[kept], float(width * height)) < MIN_HULL_SHARE:
            return None
        corners = np.asarray(
            cv2.perspectiveTransform(_rectangle(width, height).reshape(-1, 1, 2), homography),
            dtype=np.float64,
        ).reshape(-1, 2)
        if not _plausible(corners, width, height):
            return None
        return Verdict(own=own, method=Method.FEATURES, score=inliers, corners=corners)


def hull_share(points: npt.NDArray[np.float32], area: float) -> float:
    """How much of ``area`` (square pixels) the convex hull of ``points`` covers."""
    import cv2

    if len(points) < 3 or area <= 0:
        return 0.0
    hull = cv2.convexHull(np.ascontiguousarray(points, dtype=np.float32).reshape(-1, 1, 2))
    return abs(float(cv2.contourArea(hull))) / area


def _rectangle(width: float, height: float) -> npt.NDArray[np.float64]:
    return np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)


def _plausible(corners: npt.NDArray[np.float64], width: int, height: int) -> bool:
    """A real view of a flat photo maps its rectangle to a convex, not-too-skewed quadrilateral."""
    import cv2

    quad = corners.astype(np.float32).reshape(-1, 1, 2)
    if not cv2.isContourConvex(quad):
        return False
    area = abs(float(cv2.contourArea(quad)))
    scale = math.sqrt(area / max(1.0, float(width * height)))
    if not MIN_SCALE <= scale <= MAX_SCALE:
        return False
    sides = [float(np.linalg.norm(corners[i] - corners[(i + 1) % 4])) for i in range(4)]
    return (
        min(sides) > 0
        and max(sides[0], sides[2]) / min(sides[0], sides[2]) < 3
        and max(sides[1], sides[3]) / min(sides[1], sides[3]) < 3
    )


@dataclass(frozen=True)
class Geometry:
    """Where her photo is in the found picture, and what was done to it."""

    region: tuple[float, float, float, float]
    edits: tuple[Edit, ...]
    rotation: float
    scale: float


#: Rotation (degrees, counter-clockwise) and mirroring of each dihedral hash variant, in
#: pdqhash's order (checked by tests/trace/test_match.py): as is, rotated 90, 180 and 270,
#: mirrored top-bottom, mirrored left-right, then the two diagonal mirrors.
_VARIANTS = ((0, False), (90, False), (180, False), (270, False), (180, True), (0, True),
             (90, True), (270, True))  # fmt: skip


def geometry(
    verdict: Verdict,
    found_size: tuple[int, int],
    own_size: tuple[int, int],
    own_full: tuple[int, int],
    found_full: tuple[int, int],
) -> Geometry:
    """Describe the fit: visible region (found working-copy pixels), edits, rotation, scale.

    ``found_size`` and ``own_size`` are working-copy sizes; the ``*_full`` sizes are the
    pictures' own, so that the scale compares her original with what was posted.
    """
    import cv2

    width, height = found_size
    frame = _rectangle(width, height).astype(np.float32)
    quad = verdict.corners.astype(np.float32)
    own_area = abs(float(cv2.contourArea(quad.reshape(-1, 1, 2))))
    visible_area, visible = cv2.intersectConvexConvex(quad, frame)
    visible_area = float(visible_area)
    if visible is None or visible_area <= 0:
        visible = frame.reshape(-1, 1, 2)
        visible_area = float(width * height)
    xs, ys = visible.reshape(-1, 2)[:, 0], visible.reshape(-1, 2)[:, 1]
    left, top = max(0.0, float(xs.min())), max(0.0, float(ys.min()))
    right, bottom = min(float(width), float(xs.max())), min(float(height), float(ys.max()))
    edits: list[Edit] = []
    if verdict.method is Method.HASH:
        degrees, flipped = _VARIANTS[verdict.variant] if verdict.variant >= 0 else (0, False)
        rotation = float(degrees)
    else:
        top_edge = verdict.corners[1] - verdict.corners[0]
        rotation = -math.degrees(math.atan2(float(top_edge[1]), float(top_edge[0])))
        rotation = round(rotation % 360.0, 1)
        flipped = _signed_area(verdict.corners) < 0
    found_per_work = found_full[0] / max(1, width)
    own_per_work = own_full[0] / max(1, own_size[0])
    scale = math.sqrt(own_area / max(1.0, float(own_size[0] * own_size[1])))
    scale = scale * found_per_work / own_per_work
    if verdict.method is Method.FEATURES and visible_area < 0.97 * own_area:
        edits.append(Edit.CROPPED)
    if min(rotation, 360.0 - rotation) > 2.0:
        edits.append(Edit.ROTATED)
    if flipped:
        edits.append(Edit.FLIPPED)
    if (right - left) * (bottom - top) < 0.85 * width * height:
        edits.append(Edit.INSIDE)
    if abs(scale - 1.0) > 0.03:
        edits.append(Edit.SCALED)
    if verdict.method is Method.HASH and not edits:
        edits.append(Edit.RECOMPRESSED)
    return Geometry((left, top, right - left, bottom - top), tuple(edits), rotation, scale)


def _signed_area(corners: npt.NDArray[np.float64]) -> float:
    x, y = corners[:, 0], corners[:, 1]
    return float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0
