"""Phone numbers, e-mail addresses and ID numbers written into a file's own text."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from photo_factory import jpeg

from audit.cli import main
from audit.detectors import metadata_contacts
from audit.models import Severity


@pytest.mark.parametrize(
    ("text", "variant", "value"),
    [
        ("call me 13911112222", "metadata-phone", "+8613911112222"),
        ("联系我 lin.xiaoyu@example.com", "metadata-email", "lin.xiaoyu@example.com"),
        ("身份证 11010519491231002X", "metadata-id-card", "11010519491231002X"),
    ],
)
def test_a_contact_in_a_caption_is_as_critical_as_one_in_the_picture(text, variant, value):
    (found,) = metadata_contacts.detect([("Exif.Image.ImageDescription", text)])
    assert found.id == "text.contact" and found.rule == f"text.contact/{variant}"
    assert found.severity is Severity.CRITICAL and found.bits > 30
    assert [(e.source, e.value) for e in found.evidence] == [("Exif.Image.ImageDescription", value)]


@pytest.mark.parametrize("text", ["Taken 2024-06-01 at 18:31", "price 1299.00 yuan", "ISO 3200"])
def test_dates_prices_and_settings_are_not_contacts(text):
    assert metadata_contacts.detect([("Exif.Image.ImageDescription", text)]) == []


def test_the_scan_reports_a_number_in_a_comment(tmp_path):
    import json

    photo = jpeg(tmp_path / "a.jpg", {"Exif.Photo.UserComment": "wechat: 13911112222"})
    result = CliRunner().invoke(
        main, ["scan", str(photo), "--metadata-only", "--no-cache", "-f", "json"]
    )
    (only,) = json.loads(result.stdout)["photos"]
    rules = {f["rule"] for f in only["findings"]}
    assert "text.contact/metadata-phone" in rules
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "text",
    [
        "pastel colors, hotel lobby, Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 2012345678",
        "headphones, smartphone on desk, Seed: 2771203845, Size: 512x768",
        "Seed: 15698541235, Model: sdxl",
        '{"3": {"inputs": {"seed": 13912345678, "steps": 20}}}',
        "Serial 13901234567",
        "Order #13800138000",
        "订单号：15012345678",
        "Intel NUC render 1050403020",
    ],
)
def test_seeds_serials_and_order_numbers_are_not_phones(text):
    assert metadata_contacts.detect([("PNG.tEXt.parameters", text)]) == []


def test_a_phone_word_counts_only_as_a_word():
    from audit.detectors.contacts import phones

    assert phones("pastel 2087654321") == []
    assert phones("Tel: 2087654321") != []


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("Xmp.exif.UserComment", "wechat 13912345618", "text.contact/metadata-phone"),
        ("Xmp.xmp.Label", "13912345620", "text.contact/metadata-phone"),
        ("Xmp.photoshop.Source", "from lily@example.com", "text.contact/metadata-email"),
        ("Exif.Image.Software", "Snapseed lily31@example.com", "text.contact/metadata-email"),
        ("Exif.Image.ImageDescription", "lily.chen＠qq.com", "text.contact/metadata-email"),
        ("Xmp.dc.contributor", "Lily Chen", "identity.owner/owner-name"),
        ("Iptc.Application2.Writer", "Lily Chen", "identity.owner/owner-name"),
        ("Xmp.iptcExt.PersonInImage", "Lily Chen", "content.description/people-tags"),
    ],
)
def test_fields_people_and_apps_write_into_are_searched(tmp_path, key, value, rule):
    assert rule in {f["rule"] for f in _scanned(tmp_path, key, value)}


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("Xmp.dc.source", "Lin Xiaoyu", "content.description/other-text"),
        ("Iptc.Application2.Source", "Lin Xiaoyu", "content.description/other-text"),
        ("Xmp.pdf.Author", "lin.xiaoyu@example.com", "text.contact/metadata-email"),
        (
            "Xmp.xmpMM.LastURL",
            "file:///C:/Users/LinXiaoyu/Pictures/a.psd",
            "content.description/other-text",
        ),
    ],
)
def test_a_field_no_rule_names_is_still_read_for_what_a_person_wrote(tmp_path, key, value, rule):
    assert rule in {f["rule"] for f in _scanned(tmp_path, key, value)}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("Xmp.dc.format", "image/jpeg"),
        ("Iptc.Application2.ReleaseDate", "2024-06-01"),
        ("Xmp.xmpRights.Marked", "True"),
        ("Iptc.Application2.RecordVersion", "4"),
    ],
)
def test_dates_numbers_and_formats_in_those_fields_say_nothing(tmp_path, key, value):
    assert _scanned(tmp_path, key, value) == []


def _scanned(tmp_path, key: str, value: str) -> list[dict]:
    """The findings of a metadata-only scan of a photo holding ``value`` in the field ``key``."""
    import json

    photo = jpeg(tmp_path / "a.jpg", {key: value})
    result = CliRunner().invoke(
        main, ["scan", str(photo), "--metadata-only", "--no-cache", "-f", "json"]
    )
    (only,) = json.loads(result.stdout)["photos"]
    return only["findings"]


def test_a_label_word_inside_another_word_does_not_hide_a_phone():
    (found,) = metadata_contacts.detect([("Exif.Image.ImageDescription", "border 13912345678")])
    assert found.evidence[0].value == "+8613912345678"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("Iptc.Application2.BylineTitle", "Photographer"),
        ("Xmp.photoshop.AuthorsPosition", "Photographer"),
        ("Exif.Image.Copyright", "CC BY-SA 4.0"),
        ("Xmp.dc.rights", "CC0 1.0"),
        ("Iptc.Application2.SubLocation", "Indoors"),
        ("Xmp.iptc.Location", "Home"),
        ("Xmp.iptcExt.PersonInImage", "Unknown"),
        ("Iptc.Application2.Contact", "n/a"),
    ],
)
def test_ordinary_words_in_identity_fields_are_not_high(tmp_path, key, value):
    severities = {f["severity"] for f in _scanned(tmp_path, key, value)}
    assert not severities & {"high", "critical"}, severities
