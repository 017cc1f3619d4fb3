"""Example photos and the band each must get: the scoring is honest in both directions.

One fix at a busy place is strong but is not "you"; a place that recurs at night is. A face is
a lead with a search chance, not a head count. A hidden preview of another framing is scored by
what it can show. Text naming a home is found and scored.
"""

from __future__ import annotations

import dataclasses

import pytest
from paths import EXAMPLES

from audit.catalog import make_finding
from audit.engine import AuditOptions, run_audit
from audit.models import Band, Confidence, Severity
from audit.score import WEIGHTS, score


def _f(finding_id, bits, severity=Severity.HIGH, links=False):
    return make_finding(
        finding_id, severity, Confidence.HIGH, bits, (), rule="example", links=links
    )


GPS_SHANGHAI = _f("location.gps", 15.0, Severity.CRITICAL)
GPS_COARSE = _f("location.gps", 15.0, Severity.HIGH)

SYNTHETIC = [
    ("one street-level fix in a city centre", [GPS_SHANGHAI], Band.CROWD, False),
    (
        "one fix, taken with an iPhone 14, time zone",
        [GPS_SHANGHAI, _f("device.model", 4.7), _f("time.original", 2.0)],
        Band.NEIGHBOURHOOD,
        False,
    ),  # fmt: skip
    (
        "fix with a caption naming the home",
        [GPS_SHANGHAI, _f("location.home-named", 0.0)],
        Band.LIKELY_YOU,
        True,
    ),  # fmt: skip
    (
        "coarse fix with a caption naming the home",
        [GPS_COARSE, _f("location.home-named", 0.0)],
        Band.CROWD,
        False,
    ),  # fmt: skip
    (
        "fix with a caption naming the school",
        [GPS_SHANGHAI, _f("location.school-named", 0.0)],
        Band.NEIGHBOURHOOD,
        True,
    ),  # fmt: skip
    ("clear frontal face", [_f("face.visible", 0.9 * 32.9)], Band.STREET, False),
    ("small face", [_f("face.visible", 0.2 * 32.9)], Band.CROWD, False),
    ("preview of another framing", [_f("content.thumbnail", 19.6)], Band.NEIGHBOURHOOD, False),
    ("serial number alone", [_f("device.serial", 32.9, links=True)], Band.CROWD, False),
    ("a phone number in the picture", [_f("text.contact", 32.8)], Band.LIKELY_YOU, False),
]


@pytest.mark.parametrize(("name", "findings", "expected", "home"), SYNTHETIC)
def test_synthetic_bands(name, findings, expected, home):
    result = score(findings)
    assert result.band is expected, name
    assert result.at_home is home, name


def test_a_recurring_night_place_is_a_home():
    assert score([GPS_SHANGHAI], at_home=True).band is Band.LIKELY_YOU
    assert score([GPS_SHANGHAI], at_home=False).band is Band.CROWD


def test_a_face_is_a_lead_with_its_chance_not_a_head_count():
    result = score([_f("face.visible", 0.9 * 32.9)])
    assert result.bits == WEIGHTS["soft_trait_bits"].value
    assert result.lead_chance == pytest.approx(0.9, abs=0.01)
    two = score([_f("face.visible", 0.5 * 32.9), _f("face.visible", 0.5 * 32.9)])
    assert two.lead_chance == pytest.approx(0.75, abs=0.01)


#: Every example photo and the band it must get, with why.
EXAMPLE_BANDS = {
    # A phone number in the file's name points at one person.
    "Lin_Xiaoyu_13800138000.jpg": Band.LIKELY_YOU,
    # One landmark fix: where it was taken, not who took it.
    "landmark_gps.jpg": Band.NEIGHBOURHOOD,
    "phone_gps.heic": Band.NEIGHBOURHOOD,
    # The same spot on three evenings: a home.
    "evening_1.jpg": Band.LIKELY_YOU,
    "evening_2.jpg": Band.LIKELY_YOU,
    "evening_3.jpg": Band.LIKELY_YOU,
    # A name, plus "my flat in Jing'an".
    "notes.png": Band.LIKELY_YOU,
    "owner_name.jpg": Band.NEIGHBOURHOOD,
    # The preview still shows what was cropped out.
    "cropped_thumbnail.jpg": Band.NEIGHBOURHOOD,
    # A camera model and a serial number: the serial links, the model alone is a crowd.
    "anonymous_post.jpg": Band.CROWD,
    "camera_serial.jpg": Band.CROWD,
    # A clear face: one face search away.
    "pixels-face.jpg": Band.STREET,
    "pixels-watermark.jpg": Band.LIKELY_YOU,
    "pixels-wechat-qr.jpg": Band.LIKELY_YOU,
    "pixels-phone.jpg": Band.LIKELY_YOU,
    "clean.jpg": Band.CROWD,
    "pixels-clean.jpg": Band.CROWD,
}


@pytest.fixture(scope="module")
def example_report():
    return run_audit(AuditOptions(paths=(str(EXAMPLES / "photos"),), use_cache=False, jobs=1))


def test_every_example_photo_gets_its_band(example_report):
    got = {p.path.rsplit("/", 1)[-1]: p.score.band for p in example_report.audited if p.score}
    assert got == EXAMPLE_BANDS


def test_examples_home_lead_and_caption(example_report):
    by_name = {p.path.rsplit("/", 1)[-1]: p for p in example_report.audited}
    assert by_name["evening_1.jpg"].score.at_home
    assert not by_name["landmark_gps.jpg"].score.at_home
    assert by_name["pixels-face.jpg"].score.lead_chance >= 0.5
    caption = [f for f in by_name["notes.png"].findings if f.id == "location.home-named"]
    assert caption and caption[0].bits == pytest.approx(13.0, abs=0.2)
    assert any(e.value == "Jing'an" for e in caption[0].evidence)


def test_clean_is_said_only_of_a_fully_read_photo():
    import dataclasses

    from audit import harm
    from audit.models import PhotoResult, Status
    from audit.skips import SkipCode, skip

    clean = PhotoResult(path="a.jpg", status=Status.AUDITED)
    assert harm.photo_opening(clean, "en").harm == "Nothing identifying found."
    partly = dataclasses.replace(clean, notes=(skip(SkipCode.CORRUPT_PARTIAL),))
    assert "cannot call it clean" in harm.photo_opening(partly, "en").harm
    assert "不能说它是安全的" in harm.photo_opening(partly, "zh").harm


def test_a_damaged_photos_first_step_says_what_to_do_if_clean_refuses_it(tmp_path):
    """A photo cut short keeps its GPS readable, and `exposure clean` refuses to copy it
    half-cleaned: the first step says what to do then, in both languages."""
    from photo_factory import gps, jpeg

    from audit import harm

    whole = jpeg(tmp_path / "whole.jpg", gps(31.2397, 121.4909), size=(800, 600))
    data = whole.read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) * 2 // 3])
    report = run_audit(AuditOptions(paths=(str(tmp_path),), jobs=1, use_cache=False))
    by_name = {p.path.rsplit("/", 1)[-1]: p for p in report.photos}
    assert harm.picture_damaged(by_name["cut.jpg"]) and not harm.picture_damaged(
        by_name["whole.jpg"]
    )
    cut_en, whole_en = (
        harm.photo_opening(by_name[n], "en").first for n in ("cut.jpg", "whole.jpg")
    )
    assert "save the photo again" in cut_en and "save the photo again" not in whole_en
    assert "重新保存" in harm.photo_opening(by_name["cut.jpg"], "zh").first


def test_the_opening_quotes_what_reaches_her_not_the_city_she_lives_in():
    from audit import harm
    from audit.catalog import make_finding
    from audit.models import Confidence, Evidence, EvidenceKind, Severity

    contact = make_finding(
        "identity.owner",
        Severity.HIGH,
        Confidence.HIGH,
        10.0,
        (
            Evidence(
                "Xmp.iptc.CreatorContactInfo/Iptc4xmpCore:CiAdrCity", "Xuhui", EvidenceKind.CONTACT
            ),
            Evidence(
                "Xmp.iptc.CreatorContactInfo/Iptc4xmpCore:CiEmailWork",
                "zhangml@example.org",
                EvidenceKind.CONTACT,
            ),
        ),
        rule="creator-contact",
    )
    assert "zhangml@example.org" in harm.finding_sentence(contact, "en")
    named = dataclasses.replace(
        contact,
        evidence=(
            *contact.evidence,
            Evidence("Xmp.dc.creator", "Zhang Meiling", EvidenceKind.NAME),
        ),
    )
    assert "Zhang Meiling" in harm.finding_sentence(named, "en")
