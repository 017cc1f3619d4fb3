"""Generate the synthetic saved profile pages in examples/profiles/ and their pictures.

Each page follows the structure of a real public profile page as a browser saves it ("Save page
as, complete"): the page's .html file and a ``<name>_files`` folder with its pictures. The person
is fictional (Lin Xiaoyu, the same person as audit/demo/me.toml); every id, number and address is
made up, and the pictures come from audit/demo/assets/ (public-domain or CC0 photos) and from the
sample photos in examples/photos/ (one with a platform watermark, one with GPS).

What is planted: display names, 小红书号, 抖音号, a Weibo uid and a Bilibili UID, IP属地, a
school, an employer, a phone number, an e-mail, links between the accounts (a link in the bio,
rel=me, a link-in-bio page, JSON-LD sameAs), the same avatar on three pages, a watermark in a
post photo, GPS in another. The Weibo page is encoded in GBK, as older Sina pages are, and
carries a script and broken markup that the parser must ignore.

Run it from the repository root after make_examples.py:  python examples/make_profiles.py
The functional test (tests/profile/test_examples.py) pins the findings exactly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
ASSETS = HERE.parent / "audit" / "demo" / "assets"
PHOTOS = HERE / "photos"
PROFILES = HERE / "profiles"


def _avatar(
    source: str, box: tuple[int, int, int, int], size: int, path: Path, quality: int
) -> None:
    with Image.open(ASSETS / source) as image:
        image.convert("RGB").crop(box).resize((size, size), Image.Resampling.LANCZOS).save(
            path, "JPEG", quality=quality
        )


def _copy(source: Path, path: Path) -> None:
    shutil.copyfile(source, path)


WEIBO = """<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>林小雨的微博_微博</title>
<link rel="canonical" href="https://weibo.com/u/7301234567">
<meta property="og:site_name" content="微博">
<script>window.$CONFIG = {}; fetch("https://tracker.example.net/collect?uid=7301234567");</script>
<style>.ProfileHeader_name_1KbBs { font-weight: bold }</style>
</head><body>
<div id="app"><div class="Frame_wrap_3g67Q"><main class="Main_full_1dfQX">
<div class="ProfileHeader_box1_1qC-g">
  <div class="ProfileHeader_avatar2_1gEyo">
<img class="woo-avatar-img" src="./weibo_files/avatar.jpg" alt="林小雨"></div>
  <div class="ProfileHeader_h3_2nhjc"><div class="ProfileHeader_name_1KbBs">林小雨</div></div>
  <div class="ProfileHeader_h4_gcwJi">粉丝 1,208 · 关注 316</div>
</div>
<div class="ProfileHeader_box3_2R7tq">
  <div class="ProfileHeader_desc_2hhIl">复旦大学 新闻系 | 坐标：上海 | 合作请加 微信：linxy_2001
    <a href="https://www.xiaohongshu.com/user/profile/5f1e2d3c4b5a697887654321">我的小红书</a></div>
  <div class="ProfileHeader_location_1Xr6v">IP属地：上海</div>
</div>
<div class="Feed_body_3R0rO"><article class="Feed_wrap_3v9LH">
  <div class="detail_wbtext_4CRf9">今天的晚霞 <b>真好看<i></div>
  <div class="picture_inlineNum3_3P7k1"><img src="./weibo_files/post1.jpg" alt=""></div>
</article></div>
<aside><a href="https://weibo.com/u/1900000001">推荐关注：某个博主</a>
<a href="https://weibo.com/login.php">登录</a></aside>
</main></div></div>
<noscript>微博需要 JavaScript</noscript>
</body></html>
"""

XIAOHONGSHU = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>小雨Lin - 小红书</title>
<meta name="description" content="小雨Lin 的小红书主页">
<link rel="canonical" href="https://www.xiaohongshu.com/user/profile/5f1e2d3c4b5a697887654321">
<script>window.__INITIAL_STATE__ = {"user": {"redId": "95123456"}}</script>
</head><body><div id="app"><div class="user-page">
<div class="user-info">
  <div class="avatar"><div class="avatar-wrapper">
<img class="user-image" src="xiaohongshu_files/avatar.jpg"></div></div>
  <div class="info-part"><div class="info">
    <div class="basic-info"><div class="user-name">小雨Lin</div>
      <div class="user-content"><span class="user-redId">小红书号：95123456</span>
<span class="user-IP"> IP属地：上海</span></div></div>
    <div class="user-desc">
      00后 | 在读研究生@华东师范大学 📍静安 | 约拍邮箱 lin.xiaoyu@example.com</div>
    <div class="user-tags"><div class="tag-item">双子座</div></div>
  </div></div>
</div>
<div class="feeds-tab-container"><div class="feeds-container">
  <section class="note-item"><a href="/explore/64a1b2c3d4e5f60718293a4b">
<img src="xiaohongshu_files/note1.jpg"></a><div class="footer">外滩散步</div></section>
</div></div>
</div></div></body></html>
"""

DOUYIN = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>小雨日常的抖音 - 抖音</title>
<link rel="canonical" href="https://www.douyin.com/user/MS4wLjABAAAAx7kQm2ZpL0cVn3aYtWqR8sDfGhJkLzXcVbNm">
</head><body><div id="douyin-right-container">
<div data-e2e="user-detail"><div data-e2e="user-info">
  <div data-e2e="live-avatar"><img src="douyin_files/avatar.jpg" alt="小雨日常的头像"></div>
  <h1><span><span>小雨日常</span></span></h1>
  <p><span class="unique-id">抖音号：lin_xy</span>
    <span data-e2e="user-info-ip">IP属地：上海</span></p>
  <div data-e2e="user-info-desc">分享生活 | ins: xiaoyu.lin | 商务合作 138 0013 8000</div>
</div></div>
<div data-e2e="user-post-list"><ul data-e2e="scroll-list">
  <li><a href="https://www.douyin.com/video/7301234567890123456">
<img src="douyin_files/cover1.jpg"></a></li>
</ul></div>
<div class="login-guide">登录后查看更多作品</div>
</div></body></html>
"""

BILIBILI = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>林小雨的个人空间-林小雨个人主页-哔哩哔哩视频</title>
<meta name="description" content="哔哩哔哩林小雨的个人空间">
<link rel="canonical" href="https://space.bilibili.com/401234567">
</head><body><div id="app"><div class="h">
  <div class="h-inner">
    <div class="h-avatar"><img src="bilibili_files/face.jpg"></div>
    <div class="h-basic"><span id="h-name">林小雨</span>
      <div class="h-basic-spacing">
        <h4 id="h-sign">本科就读于华东师范大学，现就职于星云科技有限公司</h4></div>
    </div>
  </div>
</div>
<div class="n"><div class="n-inner"><span class="info-uid">UID：401234567</span></div></div>
<div class="section video"><div class="small-item"><a class="cover">
<img src="bilibili_files/cover1.jpg"></a></div></div>
</div></body></html>
"""

INSTAGRAM = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Lin Xiaoyu (@xiaoyu.lin) • Instagram photos and videos</title>
<meta property="og:type" content="profile">
<meta property="og:title" content="Lin Xiaoyu (@xiaoyu.lin) • Instagram photos and videos">
<meta property="og:description" content="1,024 Followers, 180 Following, 52 Posts -
 See Instagram photos and videos from Lin Xiaoyu (@xiaoyu.lin)">
<meta property="og:image" content="instagram_files/profile_pic.jpg">
<meta property="og:url" content="https://www.instagram.com/xiaoyu.lin/">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "ProfilePage",
 "mainEntity": {"@type": "Person", "name": "Lin Xiaoyu", "alternateName": "@xiaoyu.lin",
 "sameAs": ["https://space.bilibili.com/401234567"]}}</script>
</head><body><div id="react-root"><main><div>
<header>
  <div><img alt="xiaoyu.lin's profile picture" src="instagram_files/profile_pic.jpg"></div>
  <section>
    <h2>xiaoyu.lin</h2>
    <div><span dir="auto">Lin Xiaoyu</span></div>
    <div class="_aa_c">
<span dir="auto">📍 Shanghai · Student at East China Normal University ✨</span>
      <a href="https://linktr.ee/lin_xy" rel="me nofollow noopener">linktr.ee/lin_xy</a></div>
  </section>
</header>
<article><a href="/p/C0ffee123/"><img src="instagram_files/post1.jpg" alt="Photo by Lin Xiaoyu">
</a></article>
<a href="https://www.instagram.com/explore/">Explore</a>
</div></main></div></body></html>
"""


def main() -> None:
    if PROFILES.exists():
        shutil.rmtree(PROFILES)
    PROFILES.mkdir()
    pages = {
        "weibo": (WEIBO, "gbk"),
        "xiaohongshu": (XIAOHONGSHU, "utf-8"),
        "douyin": (DOUYIN, "utf-8"),
        "bilibili": (BILIBILI, "utf-8"),
        "instagram": (INSTAGRAM, "utf-8"),
    }
    for name, (html, encoding) in pages.items():
        (PROFILES / f"{name}.html").write_bytes(html.encode(encoding))
        (PROFILES / f"{name}_files").mkdir()
    cat = (80, 20, 330, 270)
    # The same profile photo on three pages, saved at different sizes and qualities.
    _avatar("chelsea.jpg", cat, 300, PROFILES / "weibo_files" / "avatar.jpg", 90)
    _avatar("chelsea.jpg", cat, 160, PROFILES / "xiaohongshu_files" / "avatar.jpg", 75)
    _avatar("chelsea.jpg", cat, 320, PROFILES / "instagram_files" / "profile_pic.jpg", 85)
    _avatar("coffee.jpg", (150, 0, 550, 400), 200, PROFILES / "douyin_files" / "avatar.jpg", 85)
    _avatar("astronaut.jpg", (0, 0, 512, 512), 400, PROFILES / "bilibili_files" / "face.jpg", 90)
    _copy(PHOTOS / "pixels-watermark.jpg", PROFILES / "weibo_files" / "post1.jpg")
    _copy(PHOTOS / "landmark_gps.jpg", PROFILES / "xiaohongshu_files" / "note1.jpg")
    _copy(PHOTOS / "clean.jpg", PROFILES / "douyin_files" / "cover1.jpg")
    _copy(ASSETS / "rocket.jpg", PROFILES / "bilibili_files" / "cover1.jpg")
    _copy(ASSETS / "coffee.jpg", PROFILES / "instagram_files" / "post1.jpg")


if __name__ == "__main__":
    main()
