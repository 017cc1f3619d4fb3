"""What is computed from one picture: its bytes' digests, perceptual hashes and local features.

A picture is decoded once, small (its long side bounded), and upright. Perceptual hashes are
taken on a copy at most :data:`HASH_SIDE` pixels long, because PDQ on a full 8-megapixel array
costs a hundred times more for the same bits. Local features (ORB) are taken on a copy at most
:data:`MINE_SIDE` (her photos) or :data:`FOUND_SIDE` (found pictures, which may hold her photo at
half size inside a screenshot or collage) pixels long. Why these sizes: docs/tracing.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from audit.models import Skip
from audit.pixels.decode import Decoded, decode

#: Long side of the copy perceptual hashes are computed on.
HASH_SIDE = 512
#: Long side of the copy her photos' local features are computed on, and how many are kept.
MINE_SIDE = 640
MINE_FEATURES = 500
#: The same for a found picture: larger, because her photo may fill only part of it.
FOUND_SIDE = 960
FOUND_FEATURES = 1500

Bytes = npt.NDArray[np.uint8]
Points = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Digests:
    """Cryptographic digests of a file's bytes: SHA-256 identifies it; MD5 is what some
    reporting portals ask for."""

    sha256: str
    md5: str


def digests(data: bytes | memoryview) -> Digests:
    return Digests(hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest())


@dataclass(frozen=True)
class Features:
    """A picture's perceptual hashes and local features, in the coordinates of its working copy.

    ``hashes`` holds one 256-bit PDQ hash per rotation and flip (8 rows of 32 bytes, in
    :data:`DIHEDRAL` order) for her photos, or the single upright hash for a found picture.
    """

    width: int
    height: int
    hashes: Bytes
    quality: int
    points: Points
    descriptors: Bytes


def decode_picture(data: bytes | memoryview, file_format: str, side: int) -> Decoded | Skip:
    """The upright RGB working copy (long side at most ``side``), or why it cannot be had."""
    return decode(data, file_format, side=side)


def _array(image: object) -> Bytes:
    return np.asarray(image, dtype=np.uint8)


def _resized(rgb: Bytes, side: int) -> Bytes:
    import cv2

    height, width = rgb.shape[:2]
    if max(height, width) <= side:
        return rgb
    scale = side / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(cv2.resize(rgb, size, interpolation=cv2.INTER_LINEAR), dtype=np.uint8)


def pdq_hashes(rgb: Bytes, dihedral: bool) -> tuple[Bytes, int]:
    """PDQ hashes packed 32 bytes to a row (all 8 rotations and flips when ``dihedral``)."""
    import pdqhash

    small = np.ascontiguousarray(_resized(rgb, HASH_SIDE))
    if dihedral:
        vectors, quality = pdqhash.compute_dihedral(small)
        packed = np.packbits(np.asarray(vectors, dtype=np.uint8), axis=1)
    else:
        vector, quality = pdqhash.compute(small)
        packed = np.packbits(np.asarray(vector, dtype=np.uint8))[None, :]
    return np.ascontiguousarray(packed, dtype=np.uint8), int(quality)


def phash64(rgb: Bytes) -> Bytes:
    """The classic 64-bit DCT pHash (32x32 grey, top-left 8x8 DCT block against its median).

    Kept to measure against PDQ (benchmarks/trace.py); the index uses PDQ.
    """
    import cv2

    grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (32, 32), interpolation=cv2.INTER_AREA).astype(np.float32)
    block = cv2.dct(small)[:8, :8].flatten()
    bits = (block > np.median(block[1:])).astype(np.uint8)
    return np.packbits(bits)


def orb_features(rgb: Bytes, side: int, count: int) -> tuple[Points, Bytes]:
    """ORB keypoint positions and 32-byte descriptors on a copy at most ``side`` px long,
    strongest first."""
    import cv2

    small = _resized(rgb, side)
    scale = max(rgb.shape[:2]) / max(small.shape[:2])
    grey = cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_RGB2GRAY)
    orb = cv2.ORB.create(nfeatures=count, fastThreshold=12)
    keypoints, descriptors = orb.detectAndCompute(grey, None)
    if descriptors is None or not keypoints:
        return np.zeros((0, 2), np.float32), np.zeros((0, 32), np.uint8)
    order = np.argsort([-kp.response for kp in keypoints], kind="stable")
    points = np.array([kp.pt for kp in keypoints], dtype=np.float32)[order] * np.float32(scale)
    return points, np.ascontiguousarray(descriptors[order], dtype=np.uint8)


def compute(decoded: Decoded, mine: bool) -> Features:
    """Every feature of one picture; ``mine`` selects her photos' settings (dihedral hashes)."""
    rgb = _array(decoded.upright)
    hashes, quality = pdq_hashes(rgb, dihedral=mine)
    side, count = (MINE_SIDE, MINE_FEATURES) if mine else (FOUND_SIDE, FOUND_FEATURES)
    points, descriptors = orb_features(rgb, side, count)
    height, width = rgb.shape[:2]
    return Features(width, height, hashes, quality, points, descriptors)
