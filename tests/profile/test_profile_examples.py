"""``exposure profile`` on examples/profiles/: saved, and served on 127.0.0.1, exact findings.

The pages are made by examples/make_profiles.py; what each one shows is pinned here by id and
value, so a change in the parser or in checks/profiles.toml that loses or invents a finding
fails this test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from local_server import send, serve
from paths import EXAMPLES, ROOT

from audit.cli import main

PROFILES = EXAMPLES / "profiles"

PAGES = {
    "weibo.html": {
        ("profile.page.name", "林小雨"),
        ("profile.page.handle", "7301234567"),
        ("profile.page.handle", "linxy_2001"),
        (
            "profile.page.linked-account",
            "https://www.xiaohongshu.com/user/profile/5f1e2d3c4b5a697887654321",
        ),
        ("profile.page.school", "复旦大学"),
        ("profile.page.ip-location", "上海"),
        ("profile.page.location", "上海"),
    },
    "xiaohongshu.html": {
        ("profile.page.name", "小雨Lin"),
        ("profile.page.handle", "95123456"),
        ("profile.page.handle", "5f1e2d3c4b5a697887654321"),
        ("profile.page.ip-location", "上海"),
        ("profile.page.school", "华东师范大学"),
        ("profile.page.location", "静安"),
        ("profile.page.email", "lin.xiaoyu@example.com"),
    },
    "douyin.html": {
        ("profile.page.name", "小雨日常"),
        ("profile.page.handle", "lin_xy"),
        ("profile.page.handle", "xiaoyu.lin"),
        ("profile.page.handle", "MS4wLjABAAAAx7kQm2ZpL0cVn3aYtWqR8sDfGhJkLzXcVbNm"),
        ("profile.page.ip-location", "上海"),
        ("profile.page.phone", "+8613800138000"),
    },
    "bilibili.html": {
        ("profile.page.name", "林小雨"),
        ("profile.page.handle", "401234567"),
        ("profile.page.school", "华东师范大学"),
        ("profile.page.employer", "星云科技有限公司"),
    },
    "instagram.html": {
        ("profile.page.name", "Lin Xiaoyu"),
        ("profile.page.handle", "xiaoyu.lin"),
        ("profile.page.linked-account", "https://space.bilibili.com/401234567"),
        ("profile.page.linked-account", "https://linktr.ee/lin_xy"),
        ("profile.page.school", "East China Normal University"),
        ("profile.page.location", "Shanghai"),
    },
}
PICTURES = {
    "weibo.html › avatar: avatar.jpg": set(),
    "weibo.html › photo: post1.jpg": {"text.watermark"},
    "xiaohongshu.html › avatar: avatar.jpg": set(),
    "xiaohongshu.html › photo: note1.jpg": {"location.gps", "time.original", "device.model"},
    "douyin.html › avatar: avatar.jpg": set(),
    "douyin.html › photo: cover1.jpg": set(),
    "bilibili.html › avatar: face.jpg": {"face.visible"},
    "bilibili.html › photo: cover1.jpg": set(),
    "instagram.html › avatar: profile_pic.jpg": set(),
    "instagram.html › photo: post1.jpg": set(),
}


def _run(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(
        main, ["profile", *args, "--format", "json"], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.stdout)


def _page_findings(document: dict) -> dict[str, set[tuple[str, str]]]:
    return {
        Path(p["path"]).name: {(f["id"], f["evidence"][0]["value"]) for f in p["findings"]}
        for p in document["photos"]
        if "›" not in p["path"]
    }


def _picture_findings(document: dict) -> dict[str, set[str]]:
    return {
        p["path"].rsplit("/", 1)[-1]: {f["id"] for f in p["findings"]}
        for p in document["photos"]
        if "›" in p["path"]
    }


@pytest.fixture(scope="module")
def saved() -> dict:
    pages = [str(PROFILES / name) for name in PAGES]
    code, document = _run(*pages, "--me", str(ROOT / "audit" / "demo" / "me.toml"))
    assert code == 1
    return document


def test_saved_pages_give_exactly_the_expected_findings(saved):
    found = _page_findings(saved)
    assert {
        page: values - {f for f in values if f[0] == "identity.match"}
        for page, values in found.items()
    } == PAGES
    assert all(p["status"] == "audited" for p in saved["photos"])


def test_the_pages_pictures_are_audited_like_photos(saved):
    assert _picture_findings(saved) == PICTURES


def test_her_own_identifiers_are_matched_on_every_page(saved):
    matched = {
        Path(p["path"]).name
        for p in saved["photos"]
        if "›" not in p["path"] and any(f["id"] == "identity.match" for f in p["findings"])
    }
    assert matched == set(PAGES)


def test_what_links_her_pages_is_a_set_finding(saved):
    links = sorted(
        sorted(
            e["source"].rsplit("/", 1)[-1] + "=" + e["value"].rsplit("/", 1)[-1]
            for e in f["evidence"]
        )
        for f in saved["set_findings"]
        if f["id"] == "set.profile-link"
    )
    assert links == [
        ["bilibili.html=林小雨", "weibo.html=林小雨"],
        ["douyin.html=xiaoyu.lin", "instagram.html=xiaoyu.lin"],
        [
            "instagram.html › avatar: profile_pic.jpg=instagram.html › avatar: profile_pic.jpg",
            "weibo.html › avatar: avatar.jpg=weibo.html › avatar: avatar.jpg",
            "xiaohongshu.html › avatar: avatar.jpg=xiaohongshu.html › avatar: avatar.jpg",
        ],
    ]


def _file_route(path: Path, content_type: str):
    body = path.read_bytes()
    return lambda handler: send(handler, body, content_type=content_type)


def test_the_same_page_served_on_loopback_gives_the_same_findings():
    routes = {"/weibo.html": _file_route(PROFILES / "weibo.html", "text/html")}
    for picture in (PROFILES / "weibo_files").iterdir():
        routes[f"/weibo_files/{picture.name}"] = _file_route(picture, "image/jpeg")
    with serve(routes) as server:
        code, document = _run(server.base + "/weibo.html", "--allow-local")
        fetched = [path for path, _ in server.requests]
    assert code == 1
    assert fetched == ["/weibo.html", "/weibo_files/avatar.jpg", "/weibo_files/post1.jpg"]
    assert _page_findings(document) == {"weibo.html": PAGES["weibo.html"]}
    assert _picture_findings(document) == {
        "weibo.html › avatar: avatar.jpg": set(),
        "weibo.html › photo: post1.jpg": {"text.watermark"},
    }


def test_a_loopback_address_is_refused_without_allow_local():
    with serve({"/": lambda h: send(h, b"<h1>x</h1>")}) as server:
        result = CliRunner().invoke(main, ["profile", server.base + "/", "--lang", "en"])
        assert server.requests == []
    assert result.exit_code == 2
    assert "local or private address" in result.stdout
    assert "Traceback" not in result.output
