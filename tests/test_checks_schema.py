"""Every data file in checks/ refuses a misspelt key and a missing one, naming file, entry and key.

Each case edits the shipped file's text (the first occurrence after an anchor), parses it as the
tool would and checks the message: a typo must never be silently ignored.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

import pytest

from audit import catalog, checkdata, harm, places
from audit.checkdata import BITS, ChecksError, Field, Schema, checks_dir, entries, string
from audit.checklist import load_platforms_from
from audit.detectors import device, fields, filename, freetext
from audit.pixels import rules
from audit.profile import rules as profile_rules

PARSERS: dict[str, Callable[[dict[str, Any]], object]] = {
    "findings.toml": catalog.parse,
    "metadata.toml": fields.parse,
    "filenames.toml": filename.parse,
    "devices.toml": device.parse,
    "watermarks.toml": rules.parse,
    "profiles.toml": profile_rules.parse,
    "freetext.toml": freetext.parse,
    "places.toml": places.parse,
    "harm.toml": harm.parse,
}


def edited(name: str, anchor: str, old: str, new: str) -> str:
    text = (checks_dir() / name).read_text(encoding="utf-8")
    start = text.index(anchor)
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


def refusal(name: str, text: str) -> str:
    data = tomllib.loads(text)
    with pytest.raises(ChecksError) as raised:
        PARSERS[name](data)
    return str(raised.value)


# (file, anchor of the entry, text to change, its replacement, entry and key in the message)
TYPOS = [
    ("findings.toml", '"location.gps"]', "why =", "wy =", "findings.location.gps", "wy"),
    ("metadata.toml", '"owner-name"', "severity =", "severty =", "rule 'owner-name'", "severty"),
    ("filenames.toml", '"cn-mobile"', "label =", "lable =", "pattern 'cn-mobile'", "lable"),
    ("devices.toml", "[classes.phone]", "bits_source", "source", "classes.phone", "source"),
    ("devices.toml", '"iphone"', "class =", "clas =", "device 'iphone'", "clas"),
    ("devices.toml", "[lens]", "bits_source", "lens_source", "lens", "lens_source"),
    ("watermarks.toml", '"douyin"', "valid =", "vaild =", "text 'douyin'", "vaild"),
    ("watermarks.toml", '"wechat-card"', "symbology", "symbol", "code 'wechat-card'", "symbol"),
    ("profiles.toml", "[platforms.weibo]", "hosts =", "host =", "platforms.weibo", "host"),
    ("profiles.toml", "[fields.school]", "people =", "peopel =", "fields.school", "peopel"),
    ("freetext.toml", '"home-zh"', "what =", "wat =", "rule 'home-zh'", "wat"),
    ("places.toml", '"Taiwan"', "population =", "populaton =", "places 'Taiwan'", "populaton"),
    ("harm.toml", '[harm."location.place"]', "zh =", "zn =", "harm.location.place", "zn"),
]

MISSING = [
    ("findings.toml", '"device.serial"]', "fix =", "# fix =", "findings.device.serial", "fix"),
    ("metadata.toml", '"copyright"', "confidence =", "# c =", "rule 'copyright'", "confidence"),
    ("filenames.toml", '"email"', "kind =", "# kind =", "pattern 'email'", "kind"),
    ("filenames.toml", "[names]", "bits_source", "# bits_source", "names", "bits_source"),
    ("devices.toml", "[classes.camera]", "bits_source", "# s", "classes.camera", "bits_source"),
    ("devices.toml", "[lens]", "bits =", "# bits =", "lens", "bits"),
    ("devices.toml", '"sony-xperia"', "model =", "# model =", "device 'sony-xperia'", "model"),
    ("watermarks.toml", '"douyin"', "value =", "# value =", "text 'douyin'", "value"),
    ("watermarks.toml", '"wechat-group"', "bits =", "# bits =", "code 'wechat-group'", "bits"),
    ("profiles.toml", "[fields.email]", "severity =", "# s =", "fields.email", "severity"),
    ("profiles.toml", "[platforms.qq]", "name =", "# name =", "platforms.qq", "name"),
    ("freetext.toml", '"school-en"', "pattern =", "# pattern =", "rule 'school-en'", "pattern"),
    ("places.toml", '"Hong Kong"', 'zh = "香港", ', "", "places 'Hong Kong'", "zh"),
    ("harm.toml", '[harm."location.gps"]', "zh =", "# zh =", "harm.location.gps", "zh"),
]


@pytest.mark.parametrize(("name", "anchor", "old", "new", "entry", "key"), TYPOS + MISSING)
def test_a_data_file_names_file_entry_and_key(name, anchor, old, new, entry, key):
    message = refusal(name, edited(name, anchor, old, new))
    assert message.startswith(f"{name}: {entry}")
    assert key in message.removeprefix(f"{name}: {entry}")


def test_an_unknown_table_is_refused(tmp_path, monkeypatch):
    text = (checks_dir() / "metadata.toml").read_text(encoding="utf-8")
    (tmp_path / "metadata.toml").write_text(text + '\n[[rules]]\nname = "x"\n', encoding="utf-8")
    monkeypatch.setattr(checkdata, "checks_dir", lambda: tmp_path)
    checkdata._cached.cache_clear()
    try:
        with pytest.raises(ChecksError, match=r"^metadata\.toml: unknown key\(s\) rules$"):
            checkdata.load("metadata.toml", tables={"rule"})
    finally:
        checkdata._cached.cache_clear()


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("why = {", "wyh = {", "item 'strangers-ten-posts': unknown key(s) wyh"),
        ("severity =", "# severity =", "item 'strangers-ten-posts'.severity: missing"),
        ("strips =", "strip =", "routes[0]: unknown key(s) strip"),
    ],
)
def test_a_platform_file_names_file_entry_and_key(tmp_path, old, new, where):
    text = (checks_dir() / "platforms" / "wechat.toml").read_text(encoding="utf-8")
    (tmp_path / "wechat.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ChecksError) as raised:
        load_platforms_from(tmp_path)
    assert str(raised.value).startswith(f"platforms/wechat.toml: {where}")


NEW = Schema({"name": Field(string), **BITS})


def test_a_new_data_file_adopts_the_schema_in_a_few_lines():
    data = {"schema": 1, "rule": [{"name": "a", "bits": 3, "bits_source": "measured"}]}
    ((where, values),) = entries(data, "rule", NEW, "new.toml")
    assert where == "new.toml: rule 'a'" and values["bits"] == 3.0
    duplicate = {"rule": data["rule"] * 2}
    with pytest.raises(ChecksError, match="new.toml: rule 'a' appears twice"):
        list(entries(duplicate, "rule", NEW, "new.toml"))
    for entry, message in [
        ({"name": "b", "bits": 3}, r"new\.toml: rule 'b'\.bits_source: missing"),
        ({"name": "b", "bits": 99, "bits_source": "x"}, r"rule 'b'\.bits: bits must be"),
        ({"name": "b", "bits": True, "bits_source": "x"}, r"rule 'b'\.bits: bits must be"),
    ]:
        with pytest.raises(ChecksError, match=message):
            list(entries({"rule": [entry]}, "rule", NEW, "new.toml"))
