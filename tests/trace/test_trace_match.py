"""The matcher: exact bytes, PDQ over all rotations and flips, ORB + RANSAC for the rest."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from conftest import picture
from PIL import Image

from audit.trace import features, index, match
from audit.trace.model import Edit, Method


def _entry(image: Image.Image) -> index.Entry:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    data = buffer.getvalue()
    decoded = features.decode_picture(data, "jpeg", features.MINE_SIDE)
    digest = features.digests(data)
    return index.Entry(digest.sha256, len(data), decoded.full_size, features.compute(decoded, True))


def _found(image: Image.Image) -> features.Features:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85)
    decoded = features.decode_picture(buffer.getvalue(), "jpeg", features.FOUND_SIDE)
    return features.compute(decoded, mine=False)


@pytest.fixture(scope="module")
def matcher() -> match.Matcher:
    entries = [_entry(picture(seed)) for seed in (1, 2, 3, 4)]
    photos = [index.OwnPhoto(f"mine-{n}.jpg", e.sha256, e.size) for n, e in enumerate(entries)]
    return match.Matcher(index.assemble(photos, entries))


def test_exact_bytes_are_found_by_sha256(matcher):
    assert matcher.exact(matcher.index.photos[2].sha256) == 2
    assert matcher.exact("0" * 64) is None


@pytest.mark.parametrize(
    ("turn", "degrees", "flipped"),
    [
        (None, 0.0, False),
        (Image.Transpose.ROTATE_90, 90.0, False),
        (Image.Transpose.ROTATE_180, 180.0, False),
        (Image.Transpose.ROTATE_270, 270.0, False),
        (Image.Transpose.FLIP_LEFT_RIGHT, 0.0, True),
        (Image.Transpose.FLIP_TOP_BOTTOM, 180.0, True),
        (Image.Transpose.TRANSPOSE, 90.0, True),
    ],
)
def test_hash_stage_names_the_rotation_and_flip(matcher, turn, degrees, flipped):
    image = picture(2)
    shown = image.transpose(turn) if turn is not None else image.resize((640, 480))
    found = _found(shown)
    verdict = matcher.by_hash(found)
    assert verdict is not None and verdict.own == 1 and verdict.method is Method.HASH
    shape = match.geometry(verdict, (found.width, found.height), (640, 480), (900, 675),
                           (found.width, found.height))  # fmt: skip
    assert shape.rotation == degrees
    assert (Edit.FLIPPED in shape.edits) is flipped


def test_hash_stage_compares_all_photos_at_once(matcher):
    """One popcount over every stored hash: 4 photos x 8 rotations and flips."""
    assert matcher.index.hashes.shape == (32, 32)
    assert set(matcher.index.hash_variant.tolist()) == set(range(8))


def test_features_find_a_crop_and_say_so(matcher, edits):
    cropped = edits.crop(0.2)(picture(3), random.Random(0))
    found = _found(cropped)
    assert matcher.by_hash(found) is None  # a 20% crop defeats the hash
    verdict = matcher.by_features(found)
    assert verdict is not None and verdict.own == 2 and verdict.score >= match.MIN_INLIERS
    shape = match.geometry(verdict, (found.width, found.height), (640, 480), (900, 675),
                           (found.width, found.height))  # fmt: skip
    assert Edit.CROPPED in shape.edits and Edit.INSIDE not in shape.edits


def test_features_find_her_photo_inside_a_screenshot_and_where(matcher, edits):
    shot = edits.screenshot(picture(4), random.Random(3))
    found = _found(shot)
    verdict = matcher.by_features(found)
    assert verdict is not None and verdict.own == 3
    shape = match.geometry(verdict, (found.width, found.height), (640, 480), (900, 675),
                           (1080, 2340))  # fmt: skip
    assert Edit.INSIDE in shape.edits
    left, top, width, height = shape.region
    # The photo is pasted 760-980 px wide on a 1080 px screen, below the 320 px header.
    assert width / found.width > 0.6 and top / found.height > 0.1
    assert abs(width / height - 900 / 675) < 0.1


def test_unrelated_pictures_do_not_match(matcher):
    for seed in range(100, 110):
        found = _found(picture(seed))
        assert matcher.by_hash(found) is None
        assert matcher.by_features(found) is None


def test_a_flat_picture_is_never_a_hash_match(matcher):
    found = _found(Image.new("RGB", (640, 480), (128, 128, 128)))
    assert found.quality < match.PDQ_MIN_QUALITY
    assert matcher.by_hash(found) is None
    assert matcher.by_features(found) is None


def test_phash_is_stable_under_recompression():
    image = np.asarray(picture(5), dtype=np.uint8)
    again = np.asarray(Image.open(io.BytesIO(_jpeg(picture(5), 40))).convert("RGB"))
    distance = int(np.bitwise_count(features.phash64(image) ^ features.phash64(again)).sum())
    assert distance <= 10


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _smooth(seed: int, size: tuple[int, int] = (900, 675)) -> Image.Image:
    """A picture with almost no corners of its own: a blurred 4 x 4 colour field."""
    cells = np.random.default_rng(seed).integers(0, 255, (4, 4, 3), dtype=np.uint8)
    return Image.fromarray(cells).resize(size, Image.Resampling.BICUBIC)


def _captioned(image: Image.Image, corner: tuple[int, int], font) -> Image.Image:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    lines = ("SALE 50% OFF", "WeChat QQ", "call 138-0000", "only 9.9")
    for number, line in enumerate(lines):
        draw.text((corner[0], corner[1] + 16 * number), line, font=font, fill=(0, 0, 0))
    return image


def test_points_packed_on_one_small_caption_do_not_match(monkeypatch, edits):
    """Two different pictures that share only a small caption in one font: the letters agree
    geometrically, but on a patch far too small to be the same photo."""
    font = edits._font(16)
    mine = _entry(_captioned(_smooth(1), (40, 40), font))
    own = match.Matcher(
        index.assemble([index.OwnPhoto("mine.jpg", mine.sha256, mine.size)], [mine])
    )
    found = _found(_captioned(_smooth(2), (500, 400), font))
    with monkeypatch.context() as patched:
        patched.setattr(match, "MIN_HULL_SHARE", 0.0)
        unguarded = own.verify(0, found)
    assert unguarded is not None and unguarded.score >= match.MIN_INLIERS
    assert own.verify(0, found) is None
    assert own.by_features(found) is None


def test_hull_share_measures_the_spread_of_points():
    square = np.array([[0, 0], [10, 0], [10, 10], [0, 10], [5, 5]], dtype=np.float32)
    assert match.hull_share(square, 1000.0) == pytest.approx(0.1)
    assert match.hull_share(square[:2], 1000.0) == 0.0
