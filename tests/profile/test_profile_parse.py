"""The page parser, offline: fields, where they were seen, charsets, hostile and huge pages."""

from __future__ import annotations

import tracemalloc

import pytest

from audit.models import Confidence
from audit.profile.charset import decode, sniff
from audit.profile.links import account_of
from audit.profile.model import Field, ImageRole
from audit.profile.parse import parse_page
from audit.profile.rules import profile_rules


def _values(profile, field):
    return sorted(s.value for s in profile.values(field))


def _page(body: str, head: str = "") -> bytes:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def test_xiaohongshu_fields_sit_where_the_platform_puts_them():
    html = _page(
        '<div class="user-name">小雨</div><span class="user-redId">小红书号：95123456</span>'
        '<span class="user-IP">IP属地：浙江</span>'
        '<div class="user-desc">本科就读于浙江大学 坐标：杭州 电话 13800138000</div>'
        '<div class="avatar-wrapper"><img src="a_files/me.jpg"></div>',
        '<link rel="canonical" href="https://www.xiaohongshu.com/user/profile/5f1e2d3c4b5a697887654321">',
    )
    profile = parse_page(html)
    assert profile.platform == "xiaohongshu"
    name = profile.values(Field.NAME)[0]
    assert (name.value, name.where, name.confidence) == ("小雨", ".user-name", Confidence.HIGH)
    handles = {(s.platform, s.value, s.kind) for s in profile.values(Field.HANDLE)}
    assert handles == {
        ("xiaohongshu", "95123456", "id"),
        ("xiaohongshu", "5f1e2d3c4b5a697887654321", "id"),
    }
    assert _values(profile, Field.IP_LOCATION) == ["浙江"]
    assert _values(profile, Field.SCHOOL) == ["浙江大学"]
    assert _values(profile, Field.LOCATION) == ["杭州"]
    assert _values(profile, Field.PHONE) == ["+8613800138000"]
    assert [(i.role, i.src) for i in profile.images] == [(ImageRole.AVATAR, "a_files/me.jpg")]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://weibo.com/u/7301234567", ("weibo", "7301234567", "id")),
        ("https://weibo.com/linxy", ("weibo", "linxy", "handle")),
        ("https://space.bilibili.com/401234567/video", ("bilibili", "401234567", "id")),
        ("https://www.douyin.com/user/MS4wLjABAAAAx7kQm2ZpL0cVn3aYtWqR8", None),
        ("https://www.instagram.com/xiaoyu.lin/", ("instagram", "xiaoyu.lin", "handle")),
        ("https://www.instagram.com/explore/", None),
        ("https://x.com/lin_xy", ("x", "lin_xy", "handle")),
        ("https://twitter.com/intent", None),
        ("https://www.tiktok.com/@lin.xy", ("tiktok", "lin.xy", "handle")),
        (
            "https://www.facebook.com/profile.php?id=100001234567",
            ("facebook", "100001234567", "id"),
        ),
        ("https://github.com/linxy", ("github", "linxy", "handle")),
        ("https://t.me/linxiaoyu", ("telegram", "linxiaoyu", "handle")),
        ("https://user.qzone.qq.com/123456789", ("qq", "123456789", "id")),
        ("https://mastodon.social/@linxy", ("mastodon", "linxy@mastodon.social", "handle")),
        ("https://linktr.ee/lin_xy", ("linkinbio", "lin_xy", "handle")),
        ("javascript:alert(1)", None),
        ("https://example.org/about", None),
    ],
)
def test_links_map_to_platform_and_handle(url, expected):
    account = account_of(url, profile_rules())
    got = (account.platform, account.handle, account.kind) if account else None
    if url.startswith("https://www.douyin.com"):
        assert got is not None and got[0] == "douyin" and got[2] == "id"
    else:
        assert got == expected


def test_links_rel_me_and_bio_links_are_sure_other_links_less_so_own_site_links_ignored():
    html = _page(
        '<div class="user-desc">me elsewhere <a href="https://t.me/linxiaoyu">tg</a></div>'
        '<a rel="me" href="https://mastodon.social/@linxy">m</a>'
        '<a href="https://github.com/linxy">code</a>'
        '<a href="https://www.xiaohongshu.com/user/profile/0123456789abcdef01234567">'
        "other user</a>",
        '<link rel="canonical" href="https://www.xiaohongshu.com/user/profile/1">',
    )
    linked = {
        (s.platform, s.value, s.where, s.confidence)
        for s in parse_page(html).values(Field.LINKED_ACCOUNT)
    }
    assert linked == {
        ("telegram", "linxiaoyu", "link in the bio", Confidence.HIGH),
        ("mastodon", "linxy@mastodon.social", "rel=me link", Confidence.HIGH),
        ("github", "linxy", "link on the page", Confidence.MEDIUM),
    }


def test_generic_page_uses_opengraph_and_jsonld():
    head = (
        '<meta property="og:title" content="Mei | personal page">'
        '<meta property="og:description" content="Nurse at Ruijin Hospital. Based in Shanghai">'
        '<meta property="og:image" content="https://example.org/me.jpg">'
        '<script type="application/ld+json">{"@type": "Person", "name": "Mei Chen",'
        ' "email": "mailto:mei@example.org", "alumniOf": {"name": "Fudan University"},'
        ' "sameAs": ["https://github.com/meichen"]}</script>'
    )
    profile = parse_page(_page("<p>hello</p>", head))
    assert profile.platform is None
    assert _values(profile, Field.NAME) == ["Mei Chen"]
    assert _values(profile, Field.EMAIL) == ["mei@example.org"]
    assert _values(profile, Field.SCHOOL) == ["Fudan University"]
    assert _values(profile, Field.LOCATION) == ["Shanghai"]
    assert _values(profile, Field.EMPLOYER) == ["Ruijin Hospital"]
    assert _values(profile, Field.LINKED_ACCOUNT) == ["meichen"]
    assert ("og:title", "Mei | personal page") in profile.opengraph
    assert profile.jsonld_types == ("Person",)
    assert [(i.role, i.src) for i in profile.images] == [
        (ImageRole.OG_IMAGE, "https://example.org/me.jpg")
    ]


def test_labels_in_any_text_name_their_platform():
    text = "QQ：123456789 微信号: linxy_2001 抖音号：lin_xy Telegram @linxiaoyu 微博UID 7301234567"
    handles = {(s.platform, s.value) for s in parse_page(_page(f"<p>{text}</p>")).seen}
    assert {
        ("qq", "123456789"),
        ("wechat", "linxy_2001"),
        ("douyin", "lin_xy"),
        ("telegram", "linxiaoyu"),
        ("weibo", "7301234567"),
    } <= handles


def test_a_bare_uid_counts_only_on_the_platforms_own_page():
    bare = "<span class='info-uid'>UID：401234567</span>"
    assert parse_page(_page(bare)).values(Field.HANDLE) == ()
    own = parse_page(_page(bare, "<link rel='canonical' href='https://space.bilibili.com/1'>"))
    assert ("bilibili", "401234567") in {(s.platform, s.value) for s in own.values(Field.HANDLE)}


@pytest.mark.parametrize("declared", [None, "gbk", "GB2312", "utf-8"])
def test_gbk_pages_decode_whatever_the_header_says(declared):
    html = (
        "<html><head><meta charset='gbk'></head>"
        "<body><p>小红书号：95123456 IP属地：广东</p></body></html>"
    )
    profile = parse_page(html.encode("gbk"), declared)
    assert profile.charset == "gb18030"
    assert _values(profile, Field.IP_LOCATION) == ["广东"]


def test_charset_without_any_declaration():
    text = "<p>林小雨 复旦大学</p>"
    assert sniff(text.encode("utf-8")) == "utf-8"
    assert sniff(text.encode("gb18030")) == "gb18030"
    assert decode(b"\xef\xbb\xbf<p>hi</p>") == ("<p>hi</p>", "utf-8")
    assert sniff(text.encode("utf-8")[:-2]) == "utf-8"  # cut inside a character by the cap


def test_scripts_are_not_read_and_broken_markup_is_still_parsed():
    html = (
        "<html><head><script>var phone = '13800138000'; document.write('QQ：99999999')</script>"
        "<style>.x{}</style></head><body><div class='user-name'>小雨<b><i>"
        "<p>IP属地：上海<div><table><tr><td>unclosed</body>"
    ).encode()
    profile = parse_page(html)
    assert profile.values(Field.PHONE) == ()
    assert not any(s.platform == "qq" for s in profile.seen)
    assert _values(profile, Field.IP_LOCATION) == ["上海"]


def test_a_login_wall_is_recognised():
    html = _page("<form><input name='u'><input type='password'></form><p>登录后查看更多内容</p>")
    assert parse_page(html).login_wall
    canonical = "<link rel='canonical' href='https://www.xiaohongshu.com/user/profile/1'>"
    shown = _page("<div class='user-name'>小雨</div><p>请先登录</p>", canonical)
    assert not parse_page(shown).login_wall


def test_hostile_values_are_bounded_and_kept_as_text():
    name = "\x1b[31m" + "A" * 10_000
    profile = parse_page(_page("", f'<meta property="og:title" content="{name}">'))
    assert len(profile.values(Field.NAME)[0].value) <= 200


def test_deep_jsonld_does_not_break_the_parser():
    deep = "[" * 100_000 + "]" * 100_000
    profile = parse_page(
        _page("<h1>Mei</h1>", f'<script type="application/ld+json">{deep}</script>')
    )
    assert _values(profile, Field.NAME) == ["Mei"]


def test_a_big_saved_page_is_read_within_bounded_memory(tmp_path):
    from audit.profile.run import MAX_PAGE_BYTES, ProfileOptions, run_profile

    page = tmp_path / "huge.html"
    with page.open("wb") as handle:
        canonical = "<link rel='canonical' href='https://www.xiaohongshu.com/user/profile/1'>"
        handle.write(_page("<div class='user-desc'>复旦大学</div>", canonical)[:-14])
        block = b"<div><p>filler " + b"x" * 1000 + b"</p></div>\n"
        for _ in range(200 * 1024 * 1024 // len(block)):
            handle.write(block)
    tracemalloc.start()
    report = run_profile(ProfileOptions(inputs=(str(page),), no_pictures=True))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    entry = report.photos[0]
    assert [note.code for note in entry.notes] == ["page-truncated"]
    assert [f.id for f in entry.findings] == ["profile.page.school"]
    assert peak < 40 * MAX_PAGE_BYTES


def test_a_page_of_more_tags_than_are_parsed_is_read_as_cut_short(monkeypatch):
    from audit.profile import parse

    monkeypatch.setattr(parse, "MAX_TAGS", 50)
    page = b"<html><head><title>Lin Xiaoyu</title></head><body>" + b"<div>" * 500
    cut = parse.parse_page(page)
    assert cut.truncated
    assert not parse.parse_page(b"<html><body>" + b"<p>x</p>" * 10).truncated
