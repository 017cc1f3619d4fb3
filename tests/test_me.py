"""--me: the person's own identifiers, found in metadata, file names and (later) pixels."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from paths import ROOT
from photo_factory import jpeg

from audit.cli import main
from audit.me import MeFileError, digits, load_me, match, normalise
from audit.models import EvidenceKind


@pytest.fixture
def me():
    return load_me(str(ROOT / "audit" / "demo" / "me.toml"))


def test_normalising():
    assert normalise("Lin_Xiaoyu") == normalise("lin xiaoyu") == normalise("ＬＩＮ-XIAOYU")
    assert digits("+86 138-0013-8000") == "8613800138000"


def test_example_file_loads(me):
    kinds = {identifier.kind for identifier in me.identifiers}
    assert kinds == {"names", "handles", "phones", "emails", "places"}


@pytest.mark.parametrize(
    ("where", "text", "value"),
    [
        ("metadata", "© Lin Xiaoyu 2024", "Lin Xiaoyu"),
        ("metadata", "摄影：林小雨", "林小雨"),
        ("file name", "lin_xiaoyu_beach", "Lin Xiaoyu"),
        ("ocr", "小红书号：lin_xy", "@lin_xy"),
        ("ocr", "call 138 0013 8000", "+86 138 0013 8000"),
        ("qr", "mailto:LIN.XIAOYU@outlook.example", "Lin Xiaoyu"),
        ("metadata", "for Mei, at my flat in Jing'an", "Jing'an"),
    ],
)
def test_identifiers_are_found_wherever_they_are(me, where, text, value):
    (finding,) = match(me, [(where, text)])
    assert finding.id == "identity.match"
    assert [(e.source, e.value) for e in finding.evidence] == [(where, value)]


@pytest.mark.parametrize("text", ["Lindsay Xiaoyuan", "1380013", "lin_xyz", "林小", "静海"])
def test_near_misses_do_not_match(me, text):
    assert match(me, [("metadata", text)]) == []


def test_every_identifier_found_in_one_text_is_listed(me):
    (finding,) = match(me, [("qr", "mailto:lin.xiaoyu@example.com")])
    assert [e.value for e in finding.evidence] == ["Lin Xiaoyu", "lin.xiaoyu@example.com"]


def test_scan_with_me_reports_matches_and_only_what_matched(tmp_path):
    jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    jpeg(tmp_path / "13800138000.jpg")
    result = CliRunner().invoke(
        main,
        ["scan", str(tmp_path), "--me", str(ROOT / "audit" / "demo" / "me.toml"), "-f", "json"],
        catch_exceptions=False,
    )
    document = json.loads(result.stdout)
    matches = {
        os.path.basename(p["path"]): [
            e["value"] for f in p["findings"] if f["id"] == "identity.match" for e in f["evidence"]
        ]
        for p in document["photos"]
    }
    assert matches == {"13800138000.jpg": ["+86 138 0013 8000"], "a.jpg": ["Lin Xiaoyu"]}
    assert "lin.xiaoyu@example.com" not in result.stdout


def test_redacted_match_is_masked(tmp_path):
    jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    result = CliRunner().invoke(
        main,
        [
            "scan",
            str(tmp_path),
            "--me",
            str(ROOT / "audit" / "demo" / "me.toml"),
            "--redact",
            "-f",
            "json",
        ],
    )
    assert "Lin Xiaoyu" not in result.stdout
    assert any(
        f["id"] == "identity.match" and f["evidence"][0]["kind"] == EvidenceKind.NAME
        for f in json.loads(result.stdout)["photos"][0]["findings"]
    )


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("names = [", "not valid TOML"),
        ("nicknames = ['x']", "unknown entries"),
        ("names = 'ok'\nphones = [1]", "list of text values"),
        ("names = []", "no usable"),
    ],
)
def test_bad_me_files_are_explained(tmp_path, content, words):
    path = tmp_path / "me.toml"
    path.write_text(content)
    with pytest.raises(MeFileError, match=words):
        load_me(str(path))
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--me", str(path)])
    assert result.exit_code == 2 and words in result.output


def test_missing_me_file(tmp_path):
    result = CliRunner().invoke(
        main, ["scan", str(tmp_path), "--me", str(tmp_path / "nope.toml"), "--lang", "zh"]
    )
    assert result.exit_code == 2 and "错误：--me 文件" in result.output
