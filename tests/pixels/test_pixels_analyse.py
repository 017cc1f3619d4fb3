"""The whole pixel pass on generated photos: what must be found, and what must stay clean."""

from __future__ import annotations

import io

import pytest

from audit.inspect import analyse_pixels as analyse
from audit.models import EvidenceKind, Severity
from audit.pixels import WORK_SIDE, PixelResult

SIZE = (2000, 1500)


def _ids(result: PixelResult) -> list[str]:
    return sorted(finding.id for finding in result.findings)


def test_every_example_sample_gives_exactly_its_expected_findings(engine, samples, tmp_path):
    written = samples.write_samples(tmp_path)
    assert len(written) == 5
    for sample in written:
        result = analyse(sample.path.read_bytes(), "jpeg")
        assert result.notes == ()
        assert _ids(result) == sorted(sample.expected_ids), sample.path.name


def test_a_xiaohongshu_watermark_and_handle(engine, samples, tmp_path):
    path = samples.watermark_sample(tmp_path).path
    result = analyse(path.read_bytes(), "jpeg")
    values = {f.evidence[0].value: f for f in result.findings}
    assert set(values) == {"95123456", "lily_chen88"}
    red = values["95123456"]
    assert (
        red.title.zh == "画面里有小红书号" and red.severity is Severity.CRITICAL and red.bits > 28
    )
    left, top, width, height = red.evidence[0].box
    assert left > 1200 and top > 1500 and left + width <= 2400 and top + height <= 1800
    assert values["lily_chen88"].evidence[0].kind is EvidenceKind.HANDLE
    assert {seen.source for seen in result.seen} == {"ocr"}
    assert any("95123456" in seen.text for seen in result.seen)


def test_the_picture_is_the_shared_small_copy(engine, samples, tmp_path):
    path = samples.clean_sample(tmp_path).path
    result = analyse(path.read_bytes(), "jpeg")
    assert result.findings == ()
    assert result.picture.mode == "RGB" and max(result.picture.size) < 2400


def test_a_wechat_card_code_is_decoded_and_classified(engine, samples, tmp_path):
    result = analyse(samples.wechat_qr_sample(tmp_path).path.read_bytes(), "jpeg")
    (finding,) = result.findings
    assert finding.id == "code.qr" and finding.severity is Severity.CRITICAL
    assert finding.evidence[0].value == "https://u.wechat.com/EExample-fake"
    assert finding.evidence[0].kind is EvidenceKind.IDENTIFIER
    assert [seen.source for seen in result.seen] == ["qr"]


def test_a_small_code_is_read_again_from_the_full_picture(engine, samples):
    import cv2
    import numpy as np

    from audit.pixels import decode, qr

    image = samples.photo_background("coffee", (4000, 3000), seed=3)
    image.paste(samples.qr_picture("https://t.me/example_fake_user", 160, angle=5), (3300, 2500))
    data = samples.jpeg(image, 85)
    small = decode.decode(data, "jpeg")
    gray = cv2.cvtColor(np.asarray(small.upright), cv2.COLOR_RGB2GRAY)
    assert qr.find(gray, small.scale, small.full_size, lambda: None) == []
    result = analyse(data, "jpeg")
    assert [f.evidence[0].value for f in result.findings if f.id == "code.qr"] == [
        "https://t.me/example_fake_user"
    ]


def test_a_clear_face_scores_high_and_a_small_one_low(engine, samples):
    big = samples.photo_background("coffee", SIZE, seed=5)
    big.paste(samples.face_picture(1200), (400, 100))
    small = samples.photo_background("coffee", SIZE, seed=5)
    small.paste(samples.face_picture(400), (400, 300))
    (clear,) = analyse(samples.jpeg(big), "jpeg").findings
    (tiny,) = analyse(samples.jpeg(small), "jpeg").findings
    assert clear.id == tiny.id == "face.visible"
    assert (
        clear.title.en == "A clear, frontal face: searchable"
        and clear.bits > 25
        and clear.severity is Severity.HIGH
    )
    assert tiny.bits < clear.bits / 2 and tiny.severity < Severity.HIGH
    assert clear.evidence[0].kind is EvidenceKind.SIZE


@pytest.mark.parametrize("name", ["chelsea", "rocket", "coffee"])
def test_photos_without_people_or_text_stay_clean(engine, samples, name):
    result = analyse(samples.jpeg(samples.photo_background(name, SIZE, seed=9)), "jpeg")
    assert result.findings == ()


def test_measured_accuracy_on_a_small_generated_set(engine, samples):
    """Recall on watermarks, codes and faces at a realistic size, and no false alarms."""
    cases = [
        *samples.text_cases(13, SIZE, offset=26),
        *samples.qr_cases(6, SIZE, offset=6),
        *samples.face_cases(3, SIZE, offset=1),
        *samples.clean_cases(6, SIZE),
    ]
    expected = hits = false_positives = 0
    for case in cases:
        findings = analyse(case.data, "jpeg").findings
        for item in case.expected:
            expected += 1
            hits += samples.found(item, findings)
        false_positives += sum(
            not any(samples.found(item, [f]) for item in case.expected) for f in findings
        )
    assert hits / expected >= 0.8
    assert false_positives <= 1


@pytest.mark.parametrize("orientation", [6, 8, 3])
def test_text_in_a_rotated_photo_is_read_upright_with_upright_boxes(engine, samples, orientation):
    from PIL import Image

    upright = samples.photo_background("coffee", SIZE, seed=7)
    upright, drawn = samples.stamp_text(
        upright, "小红书号：95123456", height=0.035, where="bottom-right"
    )
    undo = {
        6: Image.Transpose.ROTATE_90,
        8: Image.Transpose.ROTATE_270,
        3: Image.Transpose.ROTATE_180,
    }[orientation]
    stored = upright.transpose(undo)
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=90, exif=exif)
    result = analyse(buffer.getvalue(), "jpeg")
    (finding,) = result.findings
    left, top, width, _ = finding.evidence[0].box
    assert finding.evidence[0].value == "95123456"
    assert abs(left + width - (drawn[0] + drawn[2])) < 80 and abs(top - drawn[1]) < 40
    shrink = WORK_SIDE / max(stored.size)
    assert result.picture.size == (round(stored.width * shrink), round(stored.height * shrink))


def test_a_small_id_in_a_corner_is_found_and_read_from_more_pixels(engine, samples):
    """An ID about 1.2 % of the picture high: cut short when read from the working copy alone."""
    import numpy as np

    from audit.pixels import Pixels, ocr

    photo = samples.photo_background("rocket", samples.FULL_SIZE, seed=3)
    photo, _ = samples.stamp_text(
        photo, "微信号：lily_chen_88", height=0.009, where="bottom-right", opacity=0.8
    )
    data = samples.jpeg(photo, 80)
    values = [f.evidence[0].value for f in analyse(data, "jpeg").findings]
    assert values == ["lily_chen_88"]
    coarse = ocr.read(np.asarray(Pixels(data, "jpeg").picture())[:, :, ::-1])
    assert not any("lily_chen_88" in line.text for line in coarse)


def test_a_panorama_keeps_enough_height_for_its_text(engine, samples):
    """A 4:1 panorama brought to the usual long side would keep 240 px of height, its ID 5 px."""
    photo = samples.photo_background("rocket", (6000, 1500), seed=1)
    photo, box = samples.stamp_text(
        photo, "抖音号：zhou_8996", height=0.006, where="middle-left", opacity=0.85
    )
    assert box[3] < 0.025 * photo.height
    result = analyse(samples.jpeg(photo, 85), "jpeg")
    assert [f.evidence[0].value for f in result.findings] == ["zhou_8996"]
    assert result.picture.size == (2160, 540)
