"""Every sentence ``exposure profile`` says, in English and Simplified Chinese.

Finding titles, reasons and fixes are data (``checks/``); these are the frame around them: what a
page could not show, where on a page something was found, and why an address could not be read.
Kept here, apart from the logic in ``audit/profile/`` and ``audit/sources/fetch.py``, so that the
words can be read and corrected in one place.
"""

from __future__ import annotations

from audit.models import Text

# The profile command (audit/profile/cli.py).
NO_PAGE = Text(
    "none of the pages could be read; see the reasons above",
    "没有一个页面能读取；原因见上文",
)
FETCHING = Text("Fetching {shown} …", "正在访问 {shown} …")


# The page's pictures (audit/profile/pictures.py).
PICTURE_TOO_LARGE = Text(
    "This picture is larger than the size limit and was not checked.",
    "这张图片超过了大小上限，没有检查。",
)
PICTURES_TIME_UP = Text(
    "This picture was not fetched: the page's pictures had taken the {seconds} seconds they "
    "are given, so it was not checked.",
    "没有下载这张图片：这个网页的图片已经用完了给它们的 {seconds} 秒，因此没有检查。",
)
PICTURE_NOT_SAVED = Text(
    "This picture was not saved with the page (its _files folder does not have it).",
    "保存网页时没有一并保存这张图片（_files 文件夹里没有它）。",
)


# Where on a page something was found (audit/profile/findings.py).
AT = Text("at", "位于")
WHERE_ON_PAGE = {
    "page text": Text("in the page's text", "在页面文字里"),
    "page address": Text("in the page's address", "在页面网址里"),
    "link on the page": Text("a link on the page", "页面上的链接"),
    "link in the bio": Text("a link in the bio", "简介里的链接"),
    "rel=me link": Text("a link marked as hers (rel=me)", "标明属于本人的链接（rel=me）"),
    "mailto link": Text("an e-mail link", "邮件链接"),
    "tel link": Text("a phone link", "电话链接"),
}
PARTS = {
    "name": Text("in the name", "在昵称处"),
    "bio": Text("in the bio", "在简介里"),
    "location": Text("in the location field", "在所在地一栏"),
    "ids": Text("in the id field", "在账号一栏"),
}


# Reading profile pages and comparing them (audit/profile/run.py).
PAGE_TRUNCATED = Text(
    "The page is larger than exposure reads (5 MB, or 100,000 tags); only its start was read.",
    "页面超过了 exposure 的读取上限（5 MB 或 10 万个标签），只读取了开头部分。",
)
PAGE_LOGIN_WALL = Text(
    "This page asks to log in first: it is not what a stranger sees of your profile. Open "
    "your profile in a private window and save it from there.",
    "这个页面要求先登录：它不是陌生人看到的你的主页。请在无痕窗口中打开你的主页，再从那里保存。",
)
PAGE_NOTHING = Text(
    "Nothing about a person was recognised on this page; check that it is a profile page.",
    "在这个页面上没有认出任何个人信息；请确认它是一个个人主页。",
)
ADDRESS_NEEDS_SCHEME = Text(
    "No file of that name: to fetch a page, give its whole address, starting with https:// "
    "(https://{address}).",
    "没有这个名字的文件：要获取网页，请给出完整的网址，以 https:// 开头（https://{address}）。",
)
PAGE_EMPTY = Text(
    "This file is empty: there is no page in it. Save your profile page again.",
    "这个文件是空的，里面没有网页。请重新保存你的主页。",
)
NOT_A_PAGE = Text(
    "This is not a saved web page: its contents look like {what}. Give the .html file your "
    "browser saved.",
    "这不是保存下来的网页：它的内容看起来像{what}。请给出浏览器保存的 .html 文件。",
)
PHOTO_NOT_A_PAGE = Text(
    "This is a photo, not a saved web page: check photos with `exposure scan`.",
    "这是一张照片，不是保存下来的网页：照片请用 `exposure scan` 检查。",
)
PAGE_IS_FOLDER = Text(
    "This is a folder; give the saved page's .html file.",
    "这是一个文件夹；请给出保存的网页 .html 文件。",
)
SAME_HANDLE = Text("the same id or handle", "同一个 ID 或账号")
SAME_NAME = Text("the same display name", "同一个昵称")
SAME_PHOTO = Text("the same profile photo", "同一张头像")


# Reading a page or picture from the web (audit/sources/fetch.py).
FETCH_NOT_AN_ADDRESS = Text("{url} is not a web address", "{url} 不是网址")
FETCH_BAD_SCHEME = Text(
    "only http and https addresses are fetched, not {scheme}:",
    "只会访问 http 和 https 网址，不会访问 {scheme}:",
)
FETCH_NO_HOST = Text("{url} has no host name", "{url} 里没有主机名")
FETCH_DNS = Text("the name {host} could not be found", "找不到域名 {host}")
FETCH_PRIVATE_ADDRESS = Text(
    "{host} leads to a local or private address ({address}); such addresses "
    "are not fetched (pages on the public web only)",
    "{host} 指向本机或内网地址（{address}）；这类地址不会被访问（只访问公网上的页面）",
)
FETCH_CERTIFICATE = Text(
    "the site's security certificate could not be verified, so nothing was read from it",
    "无法验证该网站的安全证书，因此没有读取任何内容",
)
FETCH_TIMEOUT = Text("the server did not answer in time", "服务器没有及时响应")
FETCH_BAD_ENCODING = Text(
    "the server sent a body that could not be decompressed", "服务器发送的内容无法解压"
)
FETCH_CONNECTION = Text("the connection to the server failed", "无法与服务器建立连接或连接中断")
FETCH_NOT_FOUND = Text(
    "{host} says there is no such page ({status}); check the address",
    "{host} 表示没有这个页面（{status}）；请检查网址",
)
FETCH_FORBIDDEN = Text(
    "{host} refused to show the page ({status}); it may need a login: open it in a "
    "private window, save it (Save page as, complete) and give the saved file instead",
    "{host} 拒绝显示这个页面（{status}）；可能需要登录：请在无痕窗口中打开、"
    "另存为“网页，全部”，再把保存的文件交给 exposure",
)
FETCH_RATE_LIMITED = Text(
    "{host} asks for fewer requests (429); try again later",
    "{host} 要求减少访问次数（429）；请稍后再试",
)
FETCH_SERVER_ERROR = Text(
    "{host} answered with an error ({status}); try again later",
    "{host} 返回了错误（{status}）；请稍后再试",
)
FETCH_TOO_SLOW = Text(
    "the server took longer than {seconds:g} seconds to send the page",
    "服务器发送页面超过了 {seconds:g} 秒",
)
FETCH_REDIRECT_LOOP = Text(
    "the page redirects in a circle and never arrives", "这个页面的跳转绕成了一个圈，始终无法到达"
)
FETCH_TOO_MANY_REDIRECTS = Text(
    "the page redirected more than {hops} times", "这个页面跳转超过了 {hops} 次"
)
A_WEB_PAGE = Text("a web page", "网页")
A_PICTURE = Text("a picture", "图片")
UNNAMED_TYPE = Text("an unnamed type", "未说明的类型")
ADDRESS_GIVES = Text(
    "the address gives {kind}, not {expected}", "这个网址给出的是 {kind}，不是{expected}"
)
