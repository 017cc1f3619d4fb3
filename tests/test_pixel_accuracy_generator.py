"""The planted benchmark's generator: same seed, same bytes; every planted value is what a
perfect reading would report, by the rule it was planted for. No OCR runs here."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import planted  # noqa: E402

from audit.demo import pixel_samples  # noqa: E402
from audit.detectors import qr  # noqa: E402
from audit.detectors.contacts import text_findings  # noqa: E402
from audit.pixels.normalize import normalise  # noqa: E402
from audit.pixels.ocr import Line, phrases  # noqa: E402
from audit.pixels.qr import Code  # noqa: E402

DRAWS = 40


def read_perfectly(lines: tuple[str, ...]):
    """The findings a reader that gets every character right would give, one box per line."""
    read = [Line(text, normalise(text), 1.0, (0, 60 * i, 600, 40)) for i, text in enumerate(lines)]
    return text_findings(phrases(read), lambda box: box)


@pytest.fixture(scope="module")
def photo_folder(tmp_path_factory) -> Path:
    """One 3.1-megapixel photo, so the generator is tested without the shared corpus."""
    folder = tmp_path_factory.mktemp("photos")
    image = pixel_samples.photo_background("coffee", (2048, 1536), seed=3)
    (folder / "coffee.jpg").write_bytes(pixel_samples.jpeg(image, 90))
    image.resize((400, 300)).save(folder / "too-small.jpg")
    return folder


@pytest.mark.parametrize("platform", list(planted.PLATFORMS))
def test_every_planted_value_is_what_its_rule_reads(platform):
    for draw in range(DRAWS):
        mark = planted.draw_mark(platform, random.Random(f"{planted.TEST_SEED}/{platform}/{draw}"))
        read = [(f.id, f.evidence[0].value, f.rule) for f in read_perfectly(mark.lines)]
        expected = mark.expected
        assert (expected.finding_id, expected.value, f"{expected.finding_id}/{mark.rule}") in read


def test_every_qr_payload_belongs_to_its_class():
    classes = set()
    for draw in range(DRAWS * 3):
        payload, kind = planted.qr_payload(random.Random(f"{planted.TEST_SEED}/qr/{draw}"))
        (finding,) = qr.detect([Code(payload, "qr", (0, 0, 10, 10))])
        assert finding.rule == f"code.qr/{kind}", payload
        assert finding.evidence[0].value == payload
        classes.add(kind)
    assert len(classes) == 15


def test_captions_name_no_one():
    for caption in planted.CAPTIONS:
        assert read_perfectly((caption,)) == [], caption


def test_platforms_come_in_balanced_rounds():
    rounds = [planted.platform_of(planted.TEST_SEED, i) for i in range(2 * len(planted.PLATFORMS))]
    assert sorted(rounds) == sorted(2 * list(planted.PLATFORMS))
    assert rounds[: len(planted.PLATFORMS)] != rounds[len(planted.PLATFORMS) :]


def test_only_photos_of_three_megapixels_are_backgrounds(photo_folder):
    assert [path.name for path in planted.photos(photo_folder)] == ["coffee.jpg"]


def test_same_seed_same_bytes_and_the_expected_value_is_drawn(photo_folder):
    photos = planted.photos(photo_folder)
    for kind in ("planted", "qr", "clean"):
        job = (kind, planted.TEST_SEED, 1, photos)
        first, again = planted.make(job), planted.make(job)
        assert first.data == again.data
        assert first.traits == again.traits
        assert first.data[:2] == b"\xff\xd8"
        assert planted.make((kind, planted.TEST_SEED + 1, 1, photos)).data != first.data
        for expected in first.expected:
            assert expected.value in first.traits["text" if kind == "planted" else "payload"]
    assert planted.make(("clean", planted.TEST_SEED, 1, photos)).expected == ()


def test_an_unreadable_fill_is_drawn_in_a_colour_that_reads():
    from PIL import Image

    dark = Image.new("RGBA", (40, 20), (30, 30, 30, 255))
    style = planted.Style(
        font=planted.fonts()[0],
        size=0.03,
        where="top-left",
        colour=(20, 20, 20),
        opacity=0.7,
        shadow=False,
        outline=False,
        logo=False,
        quality=80,
    )
    assert planted.legible_style(style, dark).colour == (255, 255, 255)
    light = Image.new("RGBA", (40, 20), (240, 240, 240, 255))
    assert planted.legible_style(style, light) == style
    assert planted.contrast(255, 1.0, 0.0) == 21.0
