"""Answers become findings; photo findings make a loose setting more urgent."""

from __future__ import annotations

from audit.catalog import make_finding, words
from audit.checklist import Answer, Answers, combine, evaluate
from audit.models import Confidence, Evidence, EvidenceKind, Finding, Severity, Text


def answered(platform, **items):
    answers = Answers().with_platforms((platform,))
    for item, answer in items.items():
        answers = answers.with_answer(platform, item.replace("_", "-"), Answer(answer))
    return answers


def photo(finding_id, severity=Severity.HIGH):
    return make_finding(
        finding_id,
        severity,
        Confidence.HIGH,
        12.0,
        (Evidence("GPSLatitude", "31.2", EvidenceKind.COORDINATES),),
    )


def by_id(findings):
    return {f.id: f for f in findings}


def test_only_exposing_answers_become_findings():
    answers = answered(
        "wechat",
        strangers_ten_posts="yes",
        moments_range="no",
        find_by_phone="skip",
        find_by_id="unsure",
        photos_compressed="seen",
    )
    found = by_id(evaluate(answers))
    assert set(found) == {"profile.wechat.strangers-ten-posts", "profile.wechat.find-by-id"}


def test_a_question_asking_about_the_safe_option_is_exposed_by_no():
    assert [f.id for f in evaluate(answered("wechat", verification="no"))] == [
        "profile.wechat.verification"
    ]
    assert evaluate(answered("wechat", verification="yes")) == ()


def test_a_finding_carries_the_item_words_severity_confidence_and_evidence():
    (finding,) = evaluate(answered("wechat", strangers_ten_posts="yes"))
    assert finding.severity is Severity.HIGH
    assert finding.confidence is Confidence.MEDIUM, "C-SEC maps to medium"
    assert finding.bits == 0.0 and not finding.links
    assert finding.title == Text("Strangers can view ten Moments posts", "陌生人可以查看十条朋友圈")
    assert "without being your friend" in finding.why.en
    assert finding.fix.en.startswith(
        "Turn off 'Allow strangers to view ten Moments posts'. Where: Older versions: 我 (Me)"
    )
    assert "新版本（未经证实，可能不同）：我 > 设置 > 朋友权限 > 朋友圈" in finding.fix.zh
    answer, older, newer = finding.evidence
    assert (answer.source, answer.value, answer.label.zh) == ("answer", "yes / 是", "你的回答")
    assert older.value == "我 > 设置 > 隐私 > 朋友圈" and older.label.en == "Older versions"
    assert newer.value == "我 > 设置 > 朋友权限 > 朋友圈" and "not confirmed" in newer.label.en


def test_not_sure_keeps_the_severity_but_lowers_the_confidence_and_asks_to_check():
    (sure,) = evaluate(answered("telegram", find_by_number="yes"))
    (unsure,) = evaluate(answered("telegram", find_by_number="unsure"))
    assert sure.confidence is Confidence.HIGH and unsure.confidence is Confidence.MEDIUM
    assert sure.severity is unsure.severity is Severity.HIGH
    assert unsure.fix.en.startswith("First check this setting.") and unsure.fix.zh.startswith(
        "请先核对这项设置。"
    )
    (weak,) = evaluate(answered("qq", zone_access="unsure"))
    assert weak.confidence is Confidence.LOW


def test_answers_for_items_this_version_does_not_know_are_ignored():
    answers = Answers().with_answer("wechat", "retired-question", Answer.YES)
    assert evaluate(answers) == ()


def test_findings_follow_the_checklist_order():
    answers = answered("wechat", id_exposed="yes", strangers_ten_posts="yes").with_answer(
        "qq", "zone-access", Answer.YES
    )
    assert [f.id for f in evaluate(answers)] == [
        "profile.wechat.strangers-ten-posts",
        "profile.wechat.id-exposed",
        "profile.qq.zone-access",
    ]


def test_combine_raises_a_setting_that_exposes_photo_findings():
    profile = evaluate(answered("wechat", strangers_ten_posts="yes", find_by_phone="yes"))
    photos = (
        photo("location.gps"),
        photo("location.gps"),
        photo("location.gps"),
        photo("code.qr", Severity.MEDIUM),
    )
    combined = by_id(combine(profile, photos))
    ten_posts = combined["profile.wechat.strangers-ten-posts"]
    assert ten_posts.severity is Severity.CRITICAL
    gps, qr = words("location.gps").title, words("code.qr").title
    assert ten_posts.why.en.startswith(
        f"3 of your photos carry something that identifies you ({gps.en} ×3, {qr.en} ×1)"
    )
    assert "anyone who finds your WeChat can see it" in ten_posts.why.en
    assert ten_posts.why.zh.startswith(
        f"你有 3 张照片带着能认出你的信息（{gps.zh} ×3、{qr.zh} ×1）"
    )
    assert ten_posts.why.en.endswith(profile[0].why.en), "the item's own reason is kept"
    added = ten_posts.evidence[len(profile[0].evidence) :]
    assert [(e.source, e.value, e.kind) for e in added] == [
        ("location.gps", "3", EvidenceKind.SIZE),
        ("code.qr", "1", EvidenceKind.SIZE),
    ]
    assert added[0].label == Text(f"photos with '{gps.en}'", f"带有“{gps.zh}”的照片")
    phone = combined["profile.wechat.find-by-phone"]
    assert phone.severity is Severity.HIGH and phone == profile[1], (
        "no phone number in the photos: unchanged"
    )


def test_combine_matches_by_prefix():
    (post_location,) = evaluate(answered("wechat", post_location="yes"))
    (raised,) = combine((post_location,), (photo("location.place"),))
    assert (
        raised.severity is Severity.HIGH
        and f"{words('location.place').title.en} ×1" in raised.why.en
    )
    (unchanged,) = combine((post_location,), (photo("device.serial"),))
    assert unchanged == post_location


def test_combine_raises_one_step_only_and_never_past_critical():
    (finding,) = evaluate(answered("wechat", strangers_ten_posts="yes"))
    critical = Finding(
        finding.id,
        Severity.CRITICAL,
        finding.confidence,
        0.0,
        finding.title,
        finding.why,
        finding.fix,
        finding.evidence,
    )
    (raised,) = combine(
        (critical,), (photo("location.gps"), photo("text.watermark"), photo("face.visible"))
    )
    assert raised.severity is Severity.CRITICAL
    (once,) = combine(
        (finding,), (photo("location.gps"), photo("text.watermark"), photo("face.visible"))
    )
    assert once.severity is Severity.CRITICAL and finding.severity is Severity.HIGH


def test_low_photo_findings_do_not_raise_a_setting():
    (finding,) = evaluate(answered("wechat", strangers_ten_posts="yes"))
    low = (photo("device.model", Severity.LOW), photo("time.original", Severity.LOW))
    assert combine((finding,), low) == (finding,)


def test_combine_ignores_profile_findings_among_the_photos_and_unknown_profile_ids():
    (finding,) = evaluate(answered("wechat", strangers_ten_posts="yes"))
    assert combine((finding,), (finding,)) == (finding,)
    foreign = Finding(
        "profile.myspace.top-friends",
        Severity.LOW,
        Confidence.LOW,
        0.0,
        finding.title,
        finding.why,
        finding.fix,
    )
    assert combine((foreign,), (photo("location.gps"),)) == (foreign,)


def test_combine_is_pure_and_keeps_order():
    profile = evaluate(
        answered("wechat", strangers_ten_posts="yes", moments_range="yes", add_from_group="yes")
    )
    photos = (photo("location.gps"),)
    first = combine(profile, photos)
    assert combine(profile, photos) == first
    assert [f.id for f in first] == [f.id for f in profile]
    assert profile == evaluate(
        answered("wechat", strangers_ten_posts="yes", moments_range="yes", add_from_group="yes")
    )
    assert combine((), photos) == ()
