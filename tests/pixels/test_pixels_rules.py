"""checks/watermarks.toml: it loads, each platform pattern reads what it should and nothing else."""

from __future__ import annotations

import copy

import pytest

from audit import checkdata
from audit.checkdata import ChecksError
from audit.detectors.qr import classify
from audit.pixels import rules as rules_module
from audit.pixels.normalize import normalise
from audit.pixels.qr import Code
from audit.pixels.rules import match


def _read(text: str) -> list[tuple[str, str]]:
    """(rule name, ID) for the first rule that reads each ID, as detection does."""
    found, seen = [], set()
    for rule in rules_module.rules().text:
        for value in match(rule, normalise(text)):
            if value.lower() not in seen:
                seen.add(value.lower())
                found.append((rule.name, value))
    return found


def test_the_data_file_loads_with_unique_names_and_bilingual_labels():
    loaded = rules_module.rules()
    names = [rule.name for rule in loaded.text]
    assert len(names) == len(set(names)) >= 15
    assert all(rule.label.en and rule.label.zh for rule in (*loaded.text, *loaded.code))
    assert loaded.code[-1].regex.match("anything at all")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("小红书号：95123456", [("xiaohongshu", "95123456")]),
        ("小红书号 ９５１２３４５６", [("xiaohongshu", "95123456")]),
        ("小红书ID:951 234 56", [("xiaohongshu", "95123456")]),
        ("小红书号：95l23456", [("xiaohongshu", "95123456")]),
        ("抖音号：lily.dance_22", [("douyin", "lily.dance_22")]),
        ("快手号：kuai_lily520", [("kuaishou", "kuai_lily520")]),
        ("weibo.com/u/5123456789", [("weibo-link", "5123456789")]),
        ("weibo。c0m/u/5123456789", [("weibo-link", "5123456789")]),
        ("weibo.m/u/5123456789", [("weibo-link", "5123456789")]),
        ("weibocom/u/5123456789", [("weibo-link", "5123456789")]),
        ("微博 @咖啡猫猫", [("weibo", "咖啡猫猫")]),
        ("QQ：2851234567", [("qq", "2851234567")]),
        ("QQ号 28512 3456O", [("qq", "2851234560")]),
        ("微信号：lily_chen_88", [("wechat", "lily_chen_88")]),
        ("WeChat ID: lily-chen88", [("wechat", "lily-chen88")]),
        ("wxid_abcdefgh1234", [("wxid", "wxid_abcdefgh1234")]),
        ("t.me/lily_chen", [("telegram-link", "lily_chen")]),
        ("t.me/lily chen", [("telegram-link", "lily_chen")]),
        ("TikTok @lily.c88", [("tiktok", "lily.c88")]),
        ("bilibili UID:39012345", [("bilibili", "39012345")]),
        ("space.bilibili.com/39012345", [("bilibili-link", "39012345")]),
        ("instagram.com/lily.chen", [("instagram-link", "lily.chen")]),
        ("x.com/lily_chen", [("x-link", "lily_chen")]),
        ("知乎 @咖啡猫", [("zhihu", "咖啡猫")]),
        ("@lily_chen88", [("handle", "lily_chen88")]),
        ("＠lily_chen88", [("handle", "lily_chen88")]),
        ("@lily chen88", [("handle", "lily_chen88")]),
    ],
)
def test_platform_patterns_read_the_exact_id(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("小红书小红书号：95123456", [("xiaohongshu", "95123456")]),
        ("抖音抖音号：lily.dance_22", [("douyin", "lily.dance_22")]),
        ("微博微博 @咖啡猫猫", [("weibo", "咖啡猫猫")]),
        ("bilibilibilibili UID:39012345", [("bilibili", "39012345")]),
        ("QQQQ号：8083054793", [("qq", "8083054793")]),
        ("QQQQ:8083054793", [("qq", "8083054793")]),
    ],
)
def test_a_logo_read_as_the_platforms_name_before_its_label(text, expected):
    """Platforms draw their logo before the label, and a logo with letters in it (QQ's, the
    Xiaohongshu box) is read as the name once more."""
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "今天天气真好",
        "小红书真好玩",
        "抖音上看到的",
        "QQ音乐",
        "下午茶 2024.05.12",
        "UID",
        "@",
        "@ ",
        "weibo.m/lily_chen",
        "weiboxyz/u/5123456789",
        "Photo by weibo/u/2024",
        "weibo / u / 18 years",
        "sina weibo/U/2nd-edition",
        "weibo.no/u/31337",
        "qqqq12345",
        "Qqqq 2024 05 12",
        "QQQQIOOOO",
    ],
)
def test_ordinary_text_reads_no_id(text):
    assert _read(text) == []


def test_an_e_mail_address_is_not_a_handle():
    assert _read("lily.chen@example.com") == []
    assert _read("coffee@home") == []


@pytest.mark.parametrize(
    ("payload", "variant"),
    [
        ("https://u.wechat.com/EExample-fake", "wechat-card"),
        ("https://weixin.qq.com/g/AExampleFake", "wechat-group"),
        ("wxp://f2f0ExampleFake", "payment"),
        ("https://qr.alipay.com/fkx0example", "payment"),
        ("https://qm.qq.com/q/ExampleFake", "qq"),
        ("https://t.me/example_fake_user", "telegram"),
        ("t.me/example_fake_user", "telegram"),
        ("https://wa.me/8613800138000", "messenger"),
        ("BEGIN:VCARD\nFN:Lily\nEND:VCARD", "contact-card"),
        ("tel:+8613800138000", "contact-card"),
        ("https://xhslink.com/a/Example", "profile"),
        ("WIFI:S:home;T:WPA;P:secret;;", "wifi"),
        ("https://example.com/lily", "url"),
        ("hello from lily", "text"),
    ],
)
def test_code_payloads_are_classified(payload, variant):
    assert classify(Code(payload, "qr", (0, 0, 1, 1))).variant == variant


def test_a_barcode_is_classified_as_a_barcode():
    assert classify(Code("6901234567892", "barcode", (0, 0, 1, 1))).variant == "barcode"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["text"].append(dict(d["text"][0])), "appears twice"),
        (lambda d: d["text"][0].update(regex="(unclosed"), "bad regular expression"),
        (lambda d: d["text"][0].update(regex="小红书号(\\d+)"), "(?P<id>"),
        (lambda d: d["text"][0].update(label={"en": "RED ID"}), "Chinese"),
        (lambda d: d["text"][0].update(severity="urgent"), "severity"),
        (lambda d: d["text"][0].update(variant="no-such-wording"), "no wording"),
        (lambda d: d["text"][0].update(value="letters"), ".value: must be"),
        (lambda d: d["text"][0].pop("bits_source"), "bits_source"),
        (lambda d: d["code"][0].update(symbology="datamatrix"), "symbology"),
        (lambda d: d["code"][0].update(kind="secret"), "kind"),
        (lambda d: d.pop("code"), "[[code]]"),
    ],
)
def test_a_broken_data_file_is_refused_with_the_entry_named(change, message):
    data = copy.deepcopy(checkdata.load(rules_module.FILE))
    change(data)
    with pytest.raises(ChecksError) as raised:
        rules_module.parse(data)
    assert message in str(raised.value)
    assert "watermarks.toml" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wxd_etmvc35w", "wxid_etmvc35w"),
        ("wxidvww7msp9", "wxid_vww7msp9"),
        ("w x i d_abcdefgh", "wxid_abcdefgh"),
    ],
)
def test_a_known_misreading_of_a_wechat_id_is_undone_at_lower_confidence(text, expected):
    from audit.detectors.watermarks import detect
    from audit.models import Confidence
    from audit.pixels.ocr import Line

    (finding,) = detect([Line(text, normalise(text), 0.97, (0, 0, 100, 20))], lambda box: box)
    assert finding.evidence[0].value == expected
    assert finding.confidence is Confidence.MEDIUM


def test_a_correct_wechat_id_keeps_high_confidence():
    from audit.detectors.watermarks import detect
    from audit.models import Confidence
    from audit.pixels.ocr import Line

    text = "wxid_etmvc35w"
    (finding,) = detect([Line(text, normalise(text), 0.97, (0, 0, 100, 20))], lambda box: box)
    assert finding.confidence is Confidence.HIGH


@pytest.mark.parametrize(
    ("text", "near"),
    [
        ("抖音号：", True),  # the label was read, the ID was not
        ("@amber.", True),  # an ID that ends at punctuation may have been cut
        ("wxd_etm", True),
        ("TikT", True),  # the platform's name, the rest of the line not found
        ("快手", True),
        ("UID", True),
        ("@amber.70", False),
        ("小红书号：95123456", False),
        ("今天天气真好", False),
    ],
)
def test_lines_that_nearly_hold_an_id_are_told_apart(text, near):
    assert rules_module.nearly_matched(normalise(text)) is near


def test_a_second_reading_is_kept_only_when_it_reads_more():
    assert rules_module.reads_more(normalise("@amber.70"), normalise("@amber."))
    assert not rules_module.reads_more(normalise("@amber"), normalise("@amber.70"))
    assert not rules_module.reads_more(normalise("今天"), normalise("抖音号："))


def test_a_data_file_repair_must_be_a_pattern_and_its_replacement():
    data = copy.deepcopy(checkdata.load(rules_module.FILE, tables={"text", "code"}))
    data["text"][0]["repair"] = [["only-a-pattern"]]
    with pytest.raises(ChecksError, match="repair"):
        rules_module.parse(data)


def test_a_wechat_internal_id_read_with_a_capital_is_written_as_wechat_writes_it():
    from audit.detectors.watermarks import detect
    from audit.pixels.ocr import Line

    text = "Wxid_o5t4ayq69i"
    (finding,) = detect([Line(text, normalise(text), 0.97, (0, 0, 100, 20))], lambda box: box)
    assert finding.evidence[0].value == "wxid_o5t4ayq69i"


@pytest.mark.parametrize(
    ("text", "rule", "expected"),
    [
        ("t.me/miao.tao.59", "telegram-link", "miao_tao_59"),
        ("微信号：ming.mint.72", "wechat", "ming_mint_72"),
    ],
)
def test_a_dot_where_a_platform_allows_none_is_read_as_an_underscore(text, rule, expected):
    found = [(r.name, value, fixed) for r, value, fixed in rules_module.read_ids(normalise(text))]
    assert (rule, expected, True) in found


def test_a_dot_where_a_platform_allows_it_stays():
    text = normalise("抖音号：lily.dance")
    found = [(r.name, value) for r, value, _ in rules_module.read_ids(text)]
    assert found[0] == ("douyin", "lily.dance")


def test_an_id_with_a_letter_no_digit_looks_like_stays_as_read():
    assert rules_module.clean_id("le047", "id") == "le047"
    assert rules_module.clean_id("95l23456", "id") == "95123456"


def test_a_bilibili_space_link_with_a_letter_lost_is_still_read():
    text = "space.bilibli.com/890103867"
    found = [(r.name, value) for r, value, _ in rules_module.read_ids(text)]
    assert found[0] == ("bilibili-link", "890103867")


@pytest.mark.parametrize("text", ["WX dreamgirl88", "加wx dudu123456"])
def test_a_wechat_id_starting_with_d_after_wx_is_not_taken_for_an_internal_id(text):
    found = [r.name for r, _, _ in rules_module.read_ids(normalise(text))]
    assert "wxid" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("t.me/miao tao 59", "miao_tao_59"),  # every space in a link's path was an underscore
        ("chttos:/tme/miao tao 59", "miao_tao_59"),  # and the dot of t.me was lost
        ("https://t me/lily_chen", "lily_chen"),
    ],
)
def test_a_telegram_link_read_without_its_dot_or_underscores_is_mended(text, expected):
    found = [(r.name, value) for r, value, _ in rules_module.read_ids(normalise(text))]
    assert ("telegram-link", expected) in found


@pytest.mark.parametrize("text", ["it me/now", "Time/Date", "follow @amy for more photos"])
def test_mending_a_link_leaves_ordinary_words_alone(text):
    found = [(r.name, value) for r, value, _ in rules_module.read_ids(normalise(text))]
    assert all(name != "telegram-link" for name, _ in found)
    assert all("_" not in value for _, value in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [(".@linrain.29", ["linrain.29"]), ("leo.nana@example.com", []), ("mail lily.@x", [])],
)
def test_a_dot_before_an_at_is_a_colon_read_small_unless_a_word_comes_first(text, expected):
    handle = next(rule for rule in rules_module.rules().text if rule.name == "handle")
    assert match(handle, normalise(text)) == expected
