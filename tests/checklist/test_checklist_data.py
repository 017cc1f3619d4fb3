"""The shipped checklists: every file loads, and each item keeps the rules its sources set.

These read the TOML files directly as well as through the loader, so a loader that silently
dropped a rule would not make its own data pass.
"""

from __future__ import annotations

import datetime
import tomllib

import pytest

from audit import catalog
from audit.checkdata import checks_dir
from audit.checklist import load_platforms
from audit.checklist.model import Kind, Label
from audit.models import Severity

PLATFORMS_DIR = checks_dir() / "platforms"
FILES = sorted(PLATFORMS_DIR.glob("*.toml"))
REQUIRED = {
    "wechat",
    "qq",
    "weibo",
    "douyin",
    "xiaohongshu",
    "telegram",
    "instagram",
    "x",
    "facebook",
    "tiktok",
}
LABELS = {"C-OFF", "C-SEC", "C-WEAK", "B"}
LOOK_EN, LOOK_ZH = "exact place varies", "具体位置因版本而异"


def raw_items():
    for path in FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for entry in data["items"]:
            yield path.stem, entry


def test_every_required_platform_has_a_file():
    assert {path.stem for path in FILES} >= REQUIRED
    assert {p.id for p in load_platforms()} == {path.stem for path in FILES}


def test_all_platforms_load_and_validate():
    platforms = load_platforms()
    assert len(platforms) == len(FILES)
    for platform in platforms:
        assert platform.questions, platform.id
        ids = [item.id for item in platform.items]
        assert len(ids) == len(set(ids)), platform.id


def test_every_user_facing_string_exists_in_both_languages():
    for platform in load_platforms():
        assert platform.name.en.strip() and platform.name.zh.strip()
        for item in platform.items:
            for text in (item.title, item.prompt, item.why, item.fix):
                assert text.en.strip() and text.zh.strip(), (platform.id, item.id)
                assert text.en != text.zh, (platform.id, item.id)
            for path in item.paths:
                assert path.path.en.strip() and path.path.zh.strip(), (platform.id, item.id)


@pytest.mark.parametrize(
    ("platform", "entry"), list(raw_items()), ids=lambda v: v if isinstance(v, str) else v["id"]
)
def test_raw_item_fields(platform, entry):
    assert entry["confidence"] in LABELS
    assert isinstance(entry["checked"], str)
    checked = datetime.date.fromisoformat(entry["checked"])
    assert datetime.date(2019, 1, 1) <= checked <= datetime.date(2026, 11, 24)
    assert entry["source"].strip()
    for path in entry.get("paths", []):
        assert path["confidence"] in LABELS
    if entry.get("kind", "question") == "question":
        assert entry["severity"] in {"low", "medium", "high", "critical"}
    else:
        assert "severity" not in entry and "question" not in entry


def test_worsens_names_existing_findings():
    known = catalog.known_ids()
    for platform in load_platforms():
        for item in platform.questions:
            for prefix in item.worsens:
                assert prefix == "*" or any(
                    k == prefix or k.startswith(prefix + ".") for k in known
                ), (platform.id, item.id, prefix)
            assert (item.combined is not None) == bool(item.worsens), (platform.id, item.id)


def test_combined_sentences_fill_in():
    for platform in load_platforms():
        for item in platform.questions:
            if item.combined:
                filled = item.combined.format(count=3, findings="GPS")
                assert (
                    "3" in filled.en
                    and "3" in filled.zh
                    and "GPS" in filled.en
                    and "GPS" in filled.zh
                )


def test_unverified_questions_ask_the_user_to_look():
    weak = [
        (p.id, item) for p in load_platforms() for item in p.questions if not item.label.verified
    ]
    assert weak, "some settings are only weakly sourced; some items must carry that label"
    for platform, item in weak:
        assert LOOK_EN in item.fix.en, (platform, item.id)
        assert LOOK_ZH in item.fix.zh, (platform, item.id)


def test_every_item_keeps_a_confidence_label():
    labels = {item.label for p in load_platforms() for item in p.items}
    assert labels == set(Label)


def test_questions_have_severities_and_facts_do_not():
    for platform in load_platforms():
        for item in platform.items:
            if item.kind is Kind.FACT:
                assert item.severity is None and not item.worsens
            else:
                assert isinstance(item.severity, Severity)


def test_province_label_is_told_as_a_fact_on_chinese_platforms():
    by_id = {p.id: p for p in load_platforms()}
    for platform in ("weibo", "douyin", "xiaohongshu", "bilibili"):
        item = by_id[platform].item("ip-location")
        assert item is not None and item.is_fact, platform
        assert "IP" in item.prompt.en + item.prompt.zh


def test_watermark_facts_say_downloads_are_not_stopped():
    facts = [
        item
        for p in load_platforms()
        for item in p.items
        if item.is_fact and "watermark" in item.id
    ]
    assert len(facts) >= 3
    assert any("does not stop" in item.prompt.en for item in facts)


def test_wechat_gives_both_the_older_and_newer_path_where_menus_moved():
    wechat = {p.id: p for p in load_platforms()}["wechat"]
    for item_id in (
        "strangers-ten-posts",
        "moments-range",
        "find-by-phone",
        "find-by-id",
        "add-without-approval",
    ):
        item = wechat.item(item_id)
        where = {path.where: path for path in item.paths}
        assert {"older", "newer"} <= set(where), item_id
        assert "隐私" in where["older"].path.zh and "朋友权限" in where["newer"].path.zh
        assert not where["newer"].label.verified, "the newer WeChat path is weakly sourced"


def test_menu_paths_keep_clean_markdown():
    for platform in load_platforms():
        for item in platform.items:
            for path in item.paths:
                assert "`" not in path.path.en + path.path.zh
