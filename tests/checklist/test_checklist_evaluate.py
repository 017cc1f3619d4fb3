"""Answers become findings; photo findings make a loose setting more urgent."""

from __future__ import annotations

from audit.catalog import make_finding, words
from audit.checklist import Answer, Answers, combine, evaluate, load_platforms
from audit.checklist.evaluate import carriers, is_unsure, survives
from audit.checklist.model import Carrier
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
        rule="example",
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


def test_yes_is_the_risky_answer_on_every_question():
    assert [f.id for f in evaluate(answered("wechat", add_without_approval="yes"))] == [
        "profile.wechat.add-without-approval"
    ]
    assert evaluate(answered("wechat", add_without_approval="no")) == ()
    for platform in load_platforms():
        for item in platform.questions:
            assert item.risky_answer is Answer.YES
            assert evaluate(answered(platform.id, **{item.id: "no"})) == (), item.id
            assert len(evaluate(answered(platform.id, **{item.id: "yes"}))) == 1, item.id


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
    assert (answer.source, answer.value, answer.label.zh) == ("answer", "yes", "你的回答")
    assert answer.shown_value("zh") == "是" and answer.shown_value("en") == "yes"
    assert older.value == "我 > 设置 > 隐私 > 朋友圈" and older.label.en == "Older versions"
    assert newer.value == "我 > 设置 > 朋友权限 > 朋友圈" and "not confirmed" in newer.label.en


def test_not_sure_is_its_own_state_check_this_setting_never_above_medium():
    (sure,) = evaluate(answered("telegram", find_by_number="yes"))
    (unsure,) = evaluate(answered("telegram", find_by_number="unsure"))
    assert sure.confidence is Confidence.HIGH and unsure.confidence is Confidence.MEDIUM
    assert sure.severity is Severity.HIGH and unsure.severity is Severity.MEDIUM
    assert is_unsure(unsure) and not is_unsure(sure)
    assert unsure.title.en.startswith("Check this setting: ")
    assert unsure.title.zh.startswith("请核对这项设置：")
    assert unsure.fix.en.startswith("First check this setting.") and unsure.fix.zh.startswith(
        "请先核对这项设置。"
    )
    (low,) = evaluate(answered("wechat", add_by_qr="unsure"))
    assert low.severity is Severity.MEDIUM, "a medium item stays medium"
    for platform in load_platforms():
        for item in platform.questions:
            (finding,) = evaluate(answered(platform.id, **{item.id: "unsure"}))
            assert finding.severity <= Severity.MEDIUM, item.id
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
        photo("text.watermark"),
        photo("text.watermark"),
        photo("text.watermark"),
        photo("code.qr", Severity.MEDIUM),
    )
    combined = by_id(combine(profile, photos))
    ten_posts = combined["profile.wechat.strangers-ten-posts"]
    assert ten_posts.severity is Severity.CRITICAL
    mark, qr = words("text.watermark").title, words("code.qr").title
    assert ten_posts.why.en.startswith(
        f"3 of your photos carry something that identifies you ({mark.en} ×3, {qr.en} ×1)"
    )
    assert "anyone who finds your WeChat can see it" in ten_posts.why.en
    assert ten_posts.why.zh.startswith(
        f"你有 3 张照片带着能认出你的信息（{mark.zh} ×3、{qr.zh} ×1）"
    )
    assert ten_posts.why.en.endswith(profile[0].why.en), "the item's own reason is kept"
    added = ten_posts.evidence[len(profile[0].evidence) :]
    assert [(e.source, e.value, e.kind) for e in added] == [
        ("text.watermark", "3", EvidenceKind.SIZE),
        ("code.qr", "1", EvidenceKind.SIZE),
    ]
    assert added[0].label == Text(f"photos with '{mark.en}'", f"带有“{mark.zh}”的照片")
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
    (raised,) = combine((critical,), (photo("text.watermark"), photo("face.visible")))
    assert raised.severity is Severity.CRITICAL
    (once,) = combine((finding,), (photo("text.watermark"), photo("face.visible")))
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
    photos = (photo("face.visible"),)
    first = combine(profile, photos)
    assert combine(profile, photos) == first
    assert [f.id for f in first] == [f.id for f in profile]
    assert profile == evaluate(
        answered("wechat", strangers_ten_posts="yes", moments_range="yes", add_from_group="yes")
    )
    assert combine((), photos) == ()


def _me_match(where):
    return Finding(
        "identity.match",
        Severity.CRITICAL,
        Confidence.HIGH,
        0.0,
        Text("x", "x"),
        Text("x", "x"),
        Text("x", "x"),
        (Evidence(where, "Lin", EvidenceKind.NAME),),
    )


def test_what_carries_a_finding_to_a_viewer():
    assert carriers(photo("location.gps")) == {Carrier.METADATA}
    assert carriers(photo("device.serial")) == {Carrier.METADATA}
    assert carriers(photo("file.name")) == {Carrier.FILE_NAME}
    assert carriers(photo("text.watermark")) == {Carrier.PIXELS}
    assert carriers(photo("code.qr")) == {Carrier.PIXELS}
    assert carriers(photo("face.visible")) == {Carrier.PIXELS}
    assert carriers(_me_match("ocr")) == {Carrier.PIXELS}
    assert carriers(_me_match("metadata")) == {Carrier.METADATA}


def test_moments_removes_gps_and_file_names_so_they_do_not_raise_moments_settings():
    (ten_posts,) = evaluate(answered("wechat", strangers_ten_posts="yes"))
    stripped = (photo("location.gps"), photo("file.name"), photo("device.serial"))
    assert combine((ten_posts,), stripped) == (ten_posts,)
    assert combine((ten_posts,), (_me_match("metadata"),)) == (ten_posts,)
    (raised,) = combine((ten_posts,), (_me_match("ocr"),))
    assert raised.severity is Severity.CRITICAL


def test_original_image_is_raised_by_what_it_keeps():
    (original,) = evaluate(answered("wechat", original_image="yes"))
    (raised,) = combine((original,), (photo("location.gps"),))
    assert raised.severity > original.severity


def test_a_not_sure_answer_is_never_raised():
    (unsure,) = evaluate(answered("wechat", strangers_ten_posts="unsure"))
    assert combine((unsure,), (photo("text.watermark"), photo("code.qr"))) == (unsure,)


def test_every_raised_setting_agrees_with_the_platforms_stripping_facts():
    """For each platform, each question and each kind of photo finding: a raise only ever comes
    from a finding that survives the route through which the setting lets people see photos."""
    from audit.catalog import known_ids

    photo_ids = sorted(i for i in known_ids() if not i.startswith("profile."))
    checked = 0
    for platform in load_platforms():
        for item in platform.questions:
            (finding,) = evaluate(answered(platform.id, **{item.id: "yes"}))
            for photo_id in photo_ids:
                (after,) = combine((finding,), (photo(photo_id),))
                raised = after.severity > finding.severity
                survived = survives(photo(photo_id), item.route)
                if raised:
                    assert survived and item.worsened_by(photo_id), (platform.id, item.id, photo_id)
                if item.route is not None and item.route.label.verified and not survived:
                    assert not raised
                checked += 1
    assert checked > 500
