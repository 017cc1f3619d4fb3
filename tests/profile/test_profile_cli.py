"""``exposure profile`` on the command line: bad inputs never stop the run, formats, redaction."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from local_server import send, serve
from paths import EXAMPLES

from audit.checkdata import ChecksError
from audit.cli import main
from audit.profile import rules

XHS = str(EXAMPLES / "profiles" / "xiaohongshu.html")
LOGIN = (
    "<html><head><meta charset='utf-8'><title>小红书</title></head><body>"
    "<form><input name='phone'><input type='password'></form><p>登录后查看更多内容</p>"
    "</body></html>"
).encode()


def _invoke(*args: str):
    return CliRunner().invoke(main, ["profile", *args], catch_exceptions=False)


def test_a_failing_address_and_a_missing_file_do_not_stop_the_other_pages(tmp_path):
    with serve({"/login": lambda h: send(h, LOGIN)}) as server:
        result = _invoke(
            server.base + "/gone",
            server.base + "/login",
            str(tmp_path / "nope.html"),
            XHS,
            "--allow-local",
            "--no-pictures",
            "--format",
            "json",
            "--lang",
            "en",
        )
    document = json.loads(result.stdout)
    states = [(p["status"], p["reason_code"]) for p in document["photos"]]
    assert states == [
        ("skipped", "fetch-not-found"),
        ("skipped", "page-login-wall"),  # the site's words: nothing about her was read
        ("skipped", "not-found"),
        ("audited", None),
    ]
    assert "no such page (404)" in document["photos"][0]["reason"]
    assert "log in" in document["photos"][1]["reason"]
    assert result.exit_code == 1


def test_only_failures_is_exit_code_2_with_a_sentence(tmp_path):
    result = _invoke(str(tmp_path / "missing.html"), "--lang", "zh")
    assert result.exit_code == 2
    assert "没有一个页面能读取" in result.stderr
    assert "找不到这个文件" in result.stdout


def test_table_in_chinese_and_markdown_show_the_page():
    table = _invoke(XHS, "--no-pictures", "--lang", "zh", "--fail-on", "none")
    assert table.exit_code == 0
    # The table wraps long cells to the terminal's width: a value may go to the cell's next line.
    flat = "".join(table.stdout.split())
    assert "主页上的账号ID" in flat and "小红书，在账号一栏（.user-redId）：" in flat
    assert "95123456" in table.stdout
    markdown = _invoke(XHS, "--no-pictures", "--format", "markdown", "--fail-on", "none")
    assert "95123456" in markdown.stdout


def test_redact_masks_what_the_page_shows():
    result = _invoke(XHS, "--no-pictures", "--redact", "--format", "json", "--fail-on", "none")
    text = result.stdout
    for secret in ("95123456", "lin.xiaoyu@example.com", "小雨Lin", "华东师范大学"):
        assert secret not in text
    assert json.loads(text)["redacted"] is True


def test_select_and_ignore_pick_finding_ids():
    result = _invoke(XHS, "--no-pictures", "--select", "profile.page.handle", "--format", "json")
    ids = {f["id"] for p in json.loads(result.stdout)["photos"] for f in p["findings"]}
    assert ids == {"profile.page.handle"}
    result = _invoke(XHS, "--no-pictures", "--ignore", "profile.page", "--format", "json")
    assert all(not p["findings"] for p in json.loads(result.stdout)["photos"])


def test_report_file_is_private(tmp_path):
    out = tmp_path / "report.json"
    _invoke(XHS, "--no-pictures", "--format", "json", "-o", str(out), "--fail-on", "none")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_hostile_text_reaches_the_terminal_escaped(tmp_path):
    page = tmp_path / "evil.html"
    page.write_text(
        "<html><head><meta property='og:title' content='\x1b]0;owned\x07Mei\u202e'></head></html>",
        encoding="utf-8",
    )
    result = _invoke(str(page), "--fail-on", "none", "--lang", "en")
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout


def test_help_says_how_to_save_a_page_in_both_languages():
    result = _invoke("--help")
    assert "Save page as" in result.stdout and "网页，全部" in result.stdout
    assert "private" in result.stdout and "无痕" in result.stdout


def test_profiles_data_is_validated():
    good = rules.profile_rules()
    assert {p.id for p in good.platforms} >= {
        "weibo", "xiaohongshu", "douyin", "bilibili", "instagram", "x", "tiktok", "facebook",
        "github", "telegram", "qq", "wechat", "mastodon",
    }  # fmt: skip
    broken = {
        "schema": 1,
        "platforms": {"p": {"name": {"en": "P"}, "hosts": ["p.example"]}},
        "words": {},
        "fields": {},
    }
    with pytest.raises(ChecksError, match="Chinese text"):
        rules.parse(broken)
    broken["platforms"]["p"]["name"]["zh"] = "P"
    broken["platforms"]["p"]["accounts"] = ["p\\.example/(?P<nothing>x)"]
    with pytest.raises(ChecksError, match="named group"):
        rules.parse(broken)


@pytest.mark.parametrize(
    "content_type", ["text/html; charset=utf-8", "text/html", "text/html; charset=bogus-9"]
)
def test_a_served_gbk_page_reads_right_whatever_the_header_says(content_type):
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        "<link rel='canonical' href='https://www.xiaohongshu.com/user/profile/1'></head><body>"
        "<div class='user-name'>小雨</div><span class='user-IP'>IP属地：广东</span></body></html>"
    ).encode("gbk")
    with serve({"/": lambda h: send(h, page, content_type=content_type)}) as server:
        result = _invoke(
            server.base + "/", "--allow-local", "--format", "json", "--fail-on", "none"
        )
    values = {
        (f["id"], f["evidence"][0]["value"])
        for f in json.loads(result.stdout)["photos"][0]["findings"]
    }
    assert values == {("profile.page.name", "小雨"), ("profile.page.ip-location", "广东")}


def test_two_login_walls_are_not_linked_by_the_sites_own_title():
    with serve({"/a": lambda h: send(h, LOGIN), "/b": lambda h: send(h, LOGIN)}) as server:
        result = _invoke(
            server.base + "/a", server.base + "/b", "--allow-local", "--format", "json"
        )
    document = json.loads(result.stdout)
    assert document["set_findings"] == []
    # Neither page shows anything of her: not "nothing found", but nothing read.
    assert [p["reason_code"] for p in document["photos"]] == ["page-login-wall"] * 2
    assert result.exit_code == 2


def test_a_saved_page_never_fetches_and_never_reads_outside_its_folder(tmp_path):
    from PIL import Image

    folder = tmp_path / "saved"
    (folder / "me_files").mkdir(parents=True)
    Image.new("RGB", (32, 32), "white").save(tmp_path / "secret.jpg")
    Image.new("RGB", (32, 32), "white").save(folder / "me_files" / "ok.jpg")
    (folder / "me.html").write_text(
        "<html><head><meta property='og:title' content='Mei'>"
        "<meta property='og:image' content='https://cdn.example.net/avatar.jpg'></head><body>"
        "<main><img src='../secret.jpg'><img src='me_files/ok.jpg'>"
        "<img src='https://cdn.example.net/ok.jpg'></main></body></html>",
        encoding="utf-8",
    )
    result = _invoke(str(folder / "me.html"), "--format", "json", "--fail-on", "none")
    pictures = [
        (p["path"].rsplit("› ", 1)[-1], p["status"], p["reason_code"])
        for p in json.loads(result.stdout)["photos"][1:]
    ]
    assert pictures == [
        ("og:image: avatar.jpg", "skipped", "picture-not-saved"),
        ("photo: secret.jpg", "skipped", "picture-not-saved"),
        ("photo: ok.jpg", "audited", None),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "is a photo"),
        (b"PK\x03\x04" + b"\x00" * 64, "ZIP"),
        (bytes(range(256)) * 4, "not a saved web page"),
    ],
    ids=["empty", "photo", "archive", "binary"],
)
def test_a_file_that_is_no_page_is_never_called_free_of_findings(tmp_path, content, reason):
    saved = tmp_path / "page.html"
    saved.write_bytes(content)
    result = _invoke(str(saved), "--lang", "en")
    assert result.exit_code == 2
    assert reason in result.output and "Nothing identifying" not in result.output


def test_a_page_saved_as_utf16_is_still_a_page(tmp_path):
    saved = tmp_path / "page.html"
    saved.write_bytes(Path(XHS).read_text("utf-8").encode("utf-16"))
    result = _invoke(str(saved), "--format", "json", "--lang", "en")
    assert json.loads(result.stdout)["photos"][0]["status"] == "audited"


@pytest.mark.parametrize(
    ("given", "hinted"),
    [("www.instagram.com/lin", True), ("weibo.com/u/2024", True), ("me.html", False)],
)
def test_an_address_typed_without_https_gets_the_hint(tmp_path, monkeypatch, given, hinted):
    monkeypatch.chdir(tmp_path)
    result = _invoke(given, "--lang", "en")
    assert result.exit_code == 2
    assert ("starting with https://" in result.output) is hinted
