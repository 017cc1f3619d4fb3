"""Face scoring: eye distance and pose turn a detection into bits (identifiability.md section 5)."""

from __future__ import annotations

import pytest

from audit.detectors import faces as face_detector
from audit.models import Severity
from audit.pixels import faces


def test_q_grows_with_the_eye_distance_and_falls_with_the_pose():
    clear = faces.Face((0, 0, 200, 200), eyes_px=80, pose=1.0, score=0.9)
    small = faces.Face((0, 0, 60, 60), eyes_px=30, pose=1.0, score=0.9)
    useless = faces.Face((0, 0, 30, 30), eyes_px=12, pose=1.0, score=0.9)
    turned = faces.Face((0, 0, 200, 200), eyes_px=80, pose=faces.PROFILE_POSE, score=0.9)
    assert clear.q == pytest.approx(faces.BEST_Q)
    assert small.q == pytest.approx(faces.BEST_Q * (30 - 15) / (60 - 15))
    assert useless.q == 0.0
    assert turned.q == pytest.approx(faces.BEST_Q * faces.PROFILE_POSE)


@pytest.mark.parametrize(
    ("nose_x", "pose"),
    [
        (50.0, 1.0),
        (55.0, 1.0),
        (80.0, faces.PROFILE_POSE),
        (30.0, 1.0 - (0.5 - 0.15) / 0.45 * (1.0 - faces.PROFILE_POSE)),
    ],
)
def test_pose_comes_from_where_the_nose_sits_between_the_eyes(nose_x, pose):
    points = [(30.0, 40.0), (70.0, 40.0), (nose_x, 60.0), (50.0, 75.0), (10.0, 45.0), (90.0, 45.0)]
    apart, found = faces._pose(points)
    assert apart == pytest.approx(40.0)
    assert found == pytest.approx(pose)


def test_findings_name_the_wording_severity_and_bits():
    found = face_detector.detect(
        [
            faces.Face((0, 0, 200, 200), 80, 1.0, 0.9),
            faces.Face((0, 0, 50, 50), 25, 1.0, 0.7),
            faces.Face((0, 0, 200, 200), 80, faces.PROFILE_POSE, 0.7),
        ]
    )
    assert [f.title.en for f in found] == [
        "A clear, frontal face: searchable",
        "A face turned to the side",
        "A small face",
    ]
    assert found[0].severity is Severity.HIGH and found[0].bits == pytest.approx(
        32.9 * 0.9, abs=0.1
    )
    assert found[1].severity is Severity.LOW
    assert all(f.why.zh and f.fix.zh for f in found)


def test_tiles_cover_the_picture_with_overlap():
    tiles = faces._tiles(960, 720)
    assert len(tiles) == 6
    assert {(x, y) for x, y, _ in tiles} >= {(0, 0)}
    assert all(x + side <= 960 and y + side <= 720 for x, y, side in tiles)
    assert faces._tiles(300, 200) == []
