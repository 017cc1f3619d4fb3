"""OCR text normalisation and contact details: phone numbers, e-mail addresses, ID numbers."""

from __future__ import annotations

import pytest

from audit.detectors import contacts
from audit.detectors.contacts import text_findings
from audit.models import EvidenceKind, Severity
from audit.pixels import ocr
from audit.pixels.normalize import MAX_LINE, as_digits, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("小红书号：９５１２３４５６", "小红书号:95123456"),
        ("ＱＱ　：　12345", "QQ:12345"),
        ("hi @ lily", "hi @lily"),
        ("weibo。com / u / 123", "weibo.com/u/123"),
        ("weibo.c0m/u/123", "weibo.com/u/123"),
        ("a\u2014b\uff0dc", "a-b-c"),
        ("evil\u202etxt.exe\x00", "eviltxt.exe"),
        ("Instagram @ming.doudoú", "Instagram @ming.doudou"),
        ("Zoë Brontë ß ø 3×4", "Zoe Bronte ß ø 3×4"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_normalise_bounds_hostile_text():
    assert len(normalise("9" * 10_000)) <= MAX_LINE


def test_digit_confusions_are_undone_only_when_asked():
    assert as_digits("12 34-5O6l|") == "123450611"
    assert normalise("lily") == "lily"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电话：138 0013 8000", [("+8613800138000", True)]),
        ("手机 138-0013-8000", [("+8613800138000", True)]),
        ("手机 1380O138OOO", [("+8613800138000", True)]),
        ("+86 139 1234 5678", [("+8613912345678", True)]),
        ("Tel: +44 20 7946 0958", [("+442079460958", False)]),
        ("电话 028 5123 4567", [("+862851234567", False)]),
        ("2851234567", []),
        ("2024 05 12", []),
        ("价格 1999 元", []),
        ("IMG_20240512_153012", []),
    ],
)
def test_phone_numbers(text, expected):
    assert contacts.phones(normalise(text)) == expected


def test_a_number_read_as_an_account_is_not_also_a_phone():
    assert contacts.phones("QQ:2851234567 电话", frozenset({"2851234567"})) == []


def test_e_mail_addresses():
    assert contacts.emails("联系 lily.chen@example.com 谢谢") == ["lily.chen@example.com"]
    assert contacts.emails("@lily_chen88") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Email: foodie qing2311@example.net", ["foodie_qing2311@example.net"]),
        ("邮箱：ab cd@qq.com", ["ab_cd@qq.com"]),
        ("Email: qing2311@example.net", ["qing2311@example.net"]),
        # Without a label the words before an address are words.
        ("mail me at foodie qing@x.com", ["qing@x.com"]),
        ("Gmail: a b@gmail.com", ["b@gmail.com"]),
    ],
)
def test_a_space_inside_an_address_right_after_a_mail_label_is_its_underscore(text, expected):
    assert contacts.emails(normalise(text)) == expected


def test_a_handle_after_a_platform_name_is_not_an_e_mail_address():
    assert contacts.emails(normalise("TikTok @momo.ming")) == []
    assert contacts.emails(normalise("Instagram @daily.momo")) == []
    assert contacts.emails(normalise("lily.chen @example.com")) == ["lily.chen@example.com"]


def test_resident_id_numbers_need_a_valid_check_digit_and_birth_date():
    assert contacts.id_numbers("身份证 11010519491231002X") == ["11010519491231002X"]
    assert contacts.id_numbers("身份证 110105194912310021") == []
    assert contacts.id_numbers("110105194913310028") == []


def _line(text: str, score: float = 0.95, box=(10, 20, 200, 30)) -> ocr.Line:
    return ocr.Line(text, normalise(text), score, box)


def test_text_findings_carry_platform_value_box_and_bits():
    def double(box):
        return tuple(2 * v for v in box)

    findings = text_findings(
        [_line("小红书号：95123456"), _line("电话：138 0013 8000", 0.8, (5, 100, 300, 30))], double
    )
    by_id = {f.id: f for f in findings}
    mark = by_id["text.watermark"]
    assert mark.title.en == "Xiaohongshu ID in the picture"
    assert mark.evidence[0].value == "95123456"
    assert mark.evidence[0].kind is EvidenceKind.IDENTIFIER
    assert mark.evidence[0].label.zh == "小红书号"
    assert mark.evidence[0].box == (20, 40, 400, 60)
    assert mark.severity is Severity.CRITICAL
    assert mark.bits == pytest.approx(32.9 * 0.95, abs=0.1)
    phone = by_id["text.contact"]
    assert phone.evidence[0].value == "+8613800138000"
    assert phone.evidence[0].kind is EvidenceKind.CONTACT
    assert phone.bits == pytest.approx(32.9 * 0.8, abs=0.1)
    assert phone.confidence < mark.confidence


def test_one_finding_per_account_even_when_read_twice():
    findings = text_findings(
        [_line("QQ：2851234567"), _line("QQ:2851234567", 0.7)], lambda box: box
    )
    assert [f.id for f in findings] == ["text.watermark"]


def test_an_id_cut_short_where_it_was_read_in_full_is_not_reported():
    cut = _line("Telegram:@tia", 0.97, (400, 900, 150, 30))
    whole = _line("Telegram: @tian947", 0.93, (398, 899, 230, 32))
    findings = text_findings([cut, whole], lambda box: box)
    assert [f.evidence[0].value for f in findings] == ["tian947"]


def test_an_id_that_begins_another_is_kept_when_read_elsewhere():
    # two accounts in one picture, one name the beginning of the other: both are hers to see
    first = _line("抖音号：lily", 0.95, (10, 10, 150, 30))
    second = _line("抖音号：lily_88", 0.95, (10, 600, 190, 30))
    findings = text_findings([first, second], lambda box: box)
    assert sorted(f.evidence[0].value for f in findings) == ["lily", "lily_88"]


def test_neighbouring_boxes_are_read_together():
    label = _line("小红书号：", box=(100, 500, 120, 30))
    number = _line("95123456", box=(240, 502, 140, 28))
    joined = ocr.phrases([label, number])
    findings = text_findings(joined, lambda box: box)
    assert [f.evidence[0].value for f in findings] == ["95123456"]
    assert findings[0].evidence[0].box == (100, 500, 280, 30)


def test_a_line_split_at_punctuation_is_joined_without_a_space():
    handle, rest = _line("@amber.", box=(10, 20, 80, 30)), _line("70", box=(95, 20, 30, 30))
    assert "@amber.70" in [line.text for line in ocr.phrases([handle, rest])]
    label, value = _line("抖音号：", box=(10, 20, 80, 30)), _line("zhou_8996", box=(95, 20, 90, 30))
    assert "抖音号:zhou_8996" in [line.text for line in ocr.phrases([label, value])]


def test_spaces_read_beside_an_underscore_are_dropped():
    assert normalise("IG: @luna _amber6497") == "IG:@luna_amber6497"
    assert normalise("lily_ chen") == "lily_chen"


def _quad(left, top, right, bottom):
    import numpy as np

    return np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float32)


def test_a_closer_look_completes_a_line_the_coarse_pass_cut_short():
    region = (0, 0, 400, 100)
    label_and_start = _quad(100, 40, 200, 60)
    (grown,) = ocr._merge([label_and_start], [_quad(140, 42, 300, 58)], region)
    assert grown[:, 0].min() == 100 and grown[:, 0].max() == 300


def test_a_closer_look_does_not_join_two_lines_the_coarse_pass_saw_apart():
    region = (0, 0, 400, 100)
    logo, text = _quad(20, 40, 80, 60), _quad(100, 40, 300, 60)
    merged = ocr._merge([logo, text], [_quad(60, 40, 310, 60)], region)
    assert [tuple(q[:, 0].tolist()) for q in merged] == [
        tuple(logo[:, 0].tolist()),
        tuple(text[:, 0].tolist()),
    ]


def test_a_closer_look_adds_a_line_the_coarse_pass_missed():
    region = (0, 0, 400, 100)
    merged = ocr._merge([_quad(20, 10, 80, 30)], [_quad(100, 60, 300, 80)], region)
    assert len(merged) == 2


def test_a_handle_on_its_own_box_after_a_word_keeps_its_space():
    word, handle = _line("TikTok", box=(10, 20, 80, 30)), _line("@momo.ming", box=(95, 20, 90, 30))
    joined = [line.text for line in ocr.phrases([word, handle])]
    assert "TikTok @momo.ming" in joined
    assert contacts.emails(joined[-1]) == []


def test_the_edges_are_read_first_and_the_boxes_are_bounded():
    inside = [_quad(10, y, 60, y + 8) for y in range(20, 80, 10)]
    boxes = [*inside, _quad(10, 92, 60, 99), _quad(10, 2, 60, 10)]
    tops = [float(quad[:, 1].min()) for quad in ocr._bounded(boxes, 100)]
    assert tops == [2, 92, 20, 30, 40, 50, 60, 70]
    many = [_quad(10, 40, 60, 48)] * (ocr.MAX_BOXES + 5)
    assert len(ocr._bounded(many, 100)) == ocr.MAX_BOXES


def test_a_stretched_box_reaches_right_and_stays_inside_the_picture():
    line = _quad(100, 40, 140, 60)  # 20 px high
    stretched = ocr._stretched(line, 2.0, 12.0, (100, 400, 3))
    assert float(stretched[:, 0].min()) == 60  # two line heights on the left
    assert float(stretched[:, 0].max()) == 399  # would be 420: held at the picture's side
    assert float(stretched[:, 1].min()) == 40 and float(stretched[:, 1].max()) == 60


def test_a_platform_name_without_an_id_is_read_further_right():
    name = _quad(20, 40, 60, 60)
    alone = ocr._reach(0, [name], [("TikT", 0.99)])
    assert alone == ocr.REACH
    beside = ocr._reach(0, [name, _quad(70, 40, 200, 60)], [("快手", 0.99), ("快手号:liu_64", 0.9)])
    assert beside == 0.0  # the ID beside it is a line of its own, joined by phrases()
    split = ocr._reach(0, [name, _quad(70, 40, 200, 60)], [("快手号", 0.99), ("f6etlji", 0.9)])
    assert split == 7.0  # (200 - 60) / 20: the two halves of one line read together
    below = ocr._reach(0, [name, _quad(70, 80, 200, 100)], [("TikT", 0.99), ("@lily", 0.9)])
    assert below == ocr.REACH
    assert ocr._reach(0, [name], [("抖音号:lily.dance", 0.99)]) == 0.0  # the ID was read


@pytest.mark.parametrize(
    ("readings", "kept"),
    [
        # the same ID but for a lost underscore: the reading with the mark
        (["快手号:kuailily520", "快手号:kuai_lily520", "快手号:kuailily520"], 1),
        # the third reading saw what the first crop cut off
        (["小红书号28727", "小红书号28727", "小红书号287274951"], 2),
        # two readings agree but for an underscore, the first misread a letter
        (["@phototily 42", "@photolily 42", "@photolily42"], 1),
        # a TikTok name is an @handle too: the third reading still continues the first's ID
        (["TikTok @yuki.studio.7", "TikTok @yuki.studio.7", "TikTok @yuki.studio.72"], 2),
        # no two agree: the first stands
        (["Telegram:@bobozivy69", "Telegram:@boborivy69", "Telegram:@bbbozivy69"], 0),
    ],
)
def test_the_reading_kept_of_three(readings, kept):
    candidates = [(text, 0.95) for text in readings]
    assert ocr._choose(candidates) is candidates[kept]
