"""Malformed checklist files stop the tool with the file and the item named."""

from __future__ import annotations

import pytest

from audit.checkdata import ChecksError
from audit.checklist import load_platforms_from

VALID = """\
schema = 1
id = "demo"
name = { en = "Demo", zh = "演示" }
order = 1
labels = "en"

[[items]]
id = "first"
title = { en = "A title", zh = "标题" }
question = { en = "Is it on?", zh = "开着吗？" }
why = { en = "Because.", zh = "因为。" }
fix = { en = "Turn it off.", zh = "关掉它。" }
severity = "high"
worsens = ["location"]
combined = { en = "{count} photos ({findings}).", zh = "{count} 张照片（{findings}）。" }
checked = "2026-11-24"
source = "example.org"
confidence = "C-SEC"

[[items.paths]]
where = "app"
path = { en = "Settings > Privacy", zh = "设置 > 隐私" }
confidence = "C-SEC"

[[items]]
id = "second"
kind = "fact"
title = { en = "A fact", zh = "事实" }
statement = { en = "It is so.", zh = "就是这样。" }
why = { en = "Because.", zh = "因为。" }
fix = { en = "Nothing to do.", zh = "无需操作。" }
checked = "2026-11-24"
source = "example.org"
confidence = "B"
"""


def write(directory, text, name="demo.toml"):
    (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_a_valid_file_loads(tmp_path):
    (platform,) = load_platforms_from(write(tmp_path, VALID))
    assert platform.id == "demo"
    assert [item.id for item in platform.items] == ["first", "second"]
    assert platform.items[0].paths[0].path.zh == "设置 > 隐私"
    assert platform.items[1].is_fact and platform.items[1].severity is None


BROKEN = [
    (
        "missing Chinese",
        ('why = { en = "Because.", zh = "因为。" }', 'why = { en = "Because." }'),
        "item 'first'.why",
    ),
    ("bad severity", ('severity = "high"', 'severity = "urgent"'), "item 'first'.severity"),
    (
        "bad label",
        ('confidence = "C-SEC"\n\n[[items.paths]]', 'confidence = "sure"\n\n[[items.paths]]'),
        "item 'first'.confidence",
    ),
    (
        "bad date",
        (
            'checked = "2026-11-24"\nsource = "example.org"\nconfidence = "C-SEC"',
            'checked = "24/11/2026"\nsource = "example.org"\nconfidence = "C-SEC"',
        ),
        "item 'first'.checked",
    ),
    (
        "no source",
        ('source = "example.org"\nconfidence = "C-SEC"', 'source = " "\nconfidence = "C-SEC"'),
        "item 'first'.source",
    ),
    (
        "unknown finding",
        ('worsens = ["location"]', 'worsens = ["locaton"]'),
        "item 'first'.worsens",
    ),
    (
        "typo in a key",
        ('question = { en = "Is it on?"', 'qestion = { en = "Is it on?"'),
        "item 'first'",
    ),
    (
        "bad placeholder",
        ("{count} photos ({findings}).", "{photos} photos."),
        "item 'first'.combined",
    ),
    ("bad path place", ('where = "app"', 'where = "somewhere"'), "item 'first'.paths[0].where"),
    (
        "bad path label",
        ('隐私" }\nconfidence = "C-SEC"', '隐私" }\nconfidence = "maybe"'),
        "item 'first'.paths[0].confidence",
    ),
    (
        "fact with severity",
        ('kind = "fact"\n', 'kind = "fact"\nseverity = "low"\n'),
        "item 'second'",
    ),
    ("bad kind", ('kind = "fact"', 'kind = "rumour"'), "item 'second'.kind"),
    ("duplicate id", ('id = "second"', 'id = "first"'), "item 'first' appears twice"),
    ("bad item id", ('id = "first"', 'id = "First Item"'), "items[0].id"),
    ("wrong platform id", ('id = "demo"', 'id = "other"'), "platforms/demo.toml"),
    (
        "exposed_if",
        ('severity = "high"', 'severity = "high"\nexposed_if = "no"'),
        "word the question so that 'yes' is the answer that leaves her exposed",
    ),
]


@pytest.mark.parametrize(
    ("change", "where"), [(b[1], b[2]) for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_a_broken_item_is_named(tmp_path, change, where):
    old, new = change
    assert old in VALID
    write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(ChecksError) as caught:
        load_platforms_from(tmp_path)
    message = str(caught.value)
    assert "platforms/demo.toml" in message
    assert where in message


def test_invalid_toml_names_the_file(tmp_path):
    write(tmp_path, VALID + "\n[[items]\n")
    with pytest.raises(ChecksError, match=r"platforms/demo\.toml: not valid TOML"):
        load_platforms_from(tmp_path)


def test_two_files_cannot_share_a_place_in_the_list(tmp_path):
    write(tmp_path, VALID)
    write(tmp_path, VALID.replace('id = "demo"', 'id = "other"'), name="other.toml")
    with pytest.raises(ChecksError, match=r"order = 1.*also used by demo\.toml"):
        load_platforms_from(tmp_path)


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(ChecksError, match="no platform files"):
        load_platforms_from(tmp_path)


def test_a_platform_without_items_is_an_error(tmp_path):
    write(tmp_path, VALID.split("[[items]]")[0])
    with pytest.raises(ChecksError, match=r"platforms/demo\.toml: no \[\[items\]\]"):
        load_platforms_from(tmp_path)
