"""The planted benchmark: IDs, handles, contacts and QR codes drawn at random on real photos.

``benchmarks/pixel_accuracy.py --seed N`` calls :func:`planted_case`, :func:`qr_case` and
:func:`clean_case`. Everything is drawn from ``random.Random`` seeded by the seed given on the
command line, the kind of case and its number, so a seed always gives the same bytes (for the
same photos, fonts and Pillow), and a case does not change when more cases are asked for.

- **Backgrounds**: the JPEG photos of at least 3 megapixels in ``--photos`` (by default the
  shared camera corpus, ``../shared/corpus/exif-samples`` beside the repository), at their
  native size, turned upright by their EXIF orientation and saved again without metadata.
  Blank pictures (a flat test card) are left out.
- **Fonts**: system fonts the project's tests and demo never use: Noto Sans and Serif CJK
  (Simplified Chinese face) for anything with Chinese, and also Liberation Sans, Serif, Mono
  and Sans Narrow, DejaVu Serif and DejaVu Sans Condensed for Latin-only marks.
- **Marks**: one per photo, a platform and an ID valid by that platform's rules, written as
  one line (``抖音号：zhou_8996``), two lines with the platform's name above, or beside a
  logo-like box; 1.5-5 % of the picture's height (the font size); in a corner, at the middle of
  the top or bottom edge or anywhere; white mostly, sometimes black or grey; 55-100 % opaque;
  with or without a soft shadow and an outline; JPEG quality 70-92. A mark must be legible: a
  fill without shadow or outline that would stand out from the picture under it by less than
  WCAG's 3:1 for large text is drawn white or near-black instead, whichever reads. Platforms
  come in shuffled rounds so each is planted about as often.
- **QR codes**: a payload of each [[code]] class of ``checks/watermarks.toml``, 18-30 % of the
  picture's width (one in four 8-18 %), turned up to 12 degrees, with mild perspective, paper
  a little grey, blurred by up to 1.5 pixels, JPEG quality 70-92.
- **Clean photos**: the same backgrounds cropped differently, half with an everyday caption
  (今天天气真好, a date, a price) drawn in the same styles; nothing should be found.

Every ID, number and code is made up; e-mail addresses use the reserved example domains.
Seed ``TEST_SEED`` (0) belongs to the tests; figures are reported for other seeds only.
"""

from __future__ import annotations

import functools
import io
import random
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from audit.demo.pixel_samples import Case, Expected

if TYPE_CHECKING:
    from PIL.Image import Image

#: The seed the tests generate from; reported figures use any other seed.
TEST_SEED = 0
DEFAULT_PHOTOS = ROOT.parent / "shared" / "corpus" / "exif-samples"
MIN_PIXELS = 3_000_000
#: Font size as a share of the picture's height, and the bands recall is reported in.
SIZE_RANGE = (0.015, 0.05)
SIZE_BANDS = ((0.015, 0.025), (0.025, 0.035), (0.035, 0.05))
#: QR code side (with its quiet zone) as a share of the picture's width.
QR_SIZE_RANGES = ((0.18, 0.30), (0.08, 0.18))
QR_BANDS = ((0.08, 0.18), (0.18, 0.30))
QUALITY_RANGE = (70, 92)
PLACES = (
    "bottom-right",
    "bottom-left",
    "top-right",
    "top-left",
    "bottom-centre",
    "top-centre",
    "anywhere",
)
PLACE_WEIGHTS = (4, 4, 2, 2, 2, 1, 2)


class Missing(RuntimeError):
    """A font or the photos the benchmark needs are not on this machine."""


# Photos --------------------------------------------------------------------------------------


def photos(folder: Path) -> tuple[Path, ...]:
    """JPEG files under ``folder`` of at least 3 megapixels, in path order; blank ones left out."""
    from PIL import Image, ImageStat

    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in (".jpg", ".jpeg") or not path.is_file():
            continue
        try:
            with Image.open(path) as image:
                if image.width * image.height < MIN_PIXELS:
                    continue
                image.draft("L", (400, 400))
                if ImageStat.Stat(image.convert("L")).stddev[0] < 4:
                    continue
        except (OSError, ValueError):
            continue
        found.append(path)
    if not found:
        raise Missing(f"no JPEG photo of 3 megapixels or more in {folder} (--photos)")
    return tuple(found)


def upright(path: Path) -> Image:
    """The photo at its native size, turned by its EXIF orientation, as RGB."""
    from PIL import Image, ImageOps

    with Image.open(path) as source:
        source.load()
        return ImageOps.exif_transpose(source).convert("RGB")


def jpeg(image: Image, quality: int) -> bytes:
    """The picture as a baseline JPEG without metadata."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


# Fonts ---------------------------------------------------------------------------------------

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
#: (file name, whether it has Chinese); a .ttc's Simplified Chinese face is used.
FONT_FILES = (
    ("NotoSansCJK-Regular.ttc", True),
    ("NotoSansCJK-Bold.ttc", True),
    ("NotoSerifCJK-Regular.ttc", True),
    ("NotoSerifCJK-Bold.ttc", True),
    ("LiberationSans-Regular.ttf", False),
    ("LiberationSans-Bold.ttf", False),
    ("LiberationSerif-Regular.ttf", False),
    ("LiberationSerif-Bold.ttf", False),
    ("LiberationMono-Regular.ttf", False),
    ("LiberationSansNarrow-Bold.ttf", False),
    ("DejaVuSerif.ttf", False),
    ("DejaVuSerif-Bold.ttf", False),
    ("DejaVuSansCondensed.ttf", False),
    ("DejaVuSansCondensed-Bold.ttf", False),
)


@dataclass(frozen=True)
class Font:
    name: str
    path: str
    index: int
    chinese: bool


@functools.cache
def fonts() -> tuple[Font, ...]:
    """The fonts found on this machine; at least one with Chinese and one Latin-only."""
    from PIL import ImageFont

    found = []
    for name, chinese in FONT_FILES:
        paths = sorted(p for folder in FONT_DIRS if folder.is_dir() for p in folder.rglob(name))
        if not paths:
            continue
        index = 0
        if name.endswith(".ttc"):
            index = next(
                (
                    i
                    for i in range(10)
                    if ImageFont.truetype(str(paths[0]), 12, index=i).getname()[0].endswith(" SC")
                ),
                -1,
            )
            if index < 0:
                continue
        found.append(Font(Path(name).stem, str(paths[0]), index, chinese))
    if not any(font.chinese for font in found):
        raise Missing(
            "the planted benchmark needs Noto Sans CJK or Noto Serif CJK for Chinese text "
            "(Debian and Ubuntu: apt install fonts-noto-cjk)"
        )
    if all(font.chinese for font in found):
        raise Missing(
            "the planted benchmark needs Liberation or DejaVu Serif fonts for Latin text "
            "(Debian and Ubuntu: apt install fonts-liberation fonts-dejavu-extra)"
        )
    return tuple(found)


def pick_font(rng: random.Random, lines: tuple[str, ...]) -> Font:
    chinese = any(not ch.isascii() for line in lines for ch in line)
    return rng.choice([font for font in fonts() if font.chinese or not chinese])


# IDs valid for each platform -----------------------------------------------------------------

WORDS = (
    "lily", "amber", "luna", "zhou", "chen", "xiaomei", "yuki", "momo", "kiki", "coco", "nana",
    "leo", "ivy", "mint", "peach", "tian", "hao", "jing", "ming", "lin", "qing", "yan", "fei",
    "miao", "doudou", "tao", "sunny", "rain", "sky", "bobo", "lulu", "xixi", "anna", "mia",
    "zoe", "ryan", "kai", "jay", "ning", "rui", "wang", "zhang", "liu", "yang", "huang", "zhao",
    "travel", "daily", "cat", "foodie", "photo", "studio", "diary", "walker",
)  # fmt: skip
NICK_HEADS = ("柚子", "晴天", "小鱼", "阿梅", "橘子", "星星", "周周", "糖糖", "桃子", "大白")
NICK_TAILS = ("小姐", "的日常", "不吃香菜", "爱旅行", "酱", "同学", "在路上", "的相册", "")
LOWER_ALNUM = string.ascii_lowercase + string.digits
TOKEN = string.ascii_letters + string.digits


def digits(rng: random.Random, low: int, high: int) -> str:
    """A number of ``low`` to ``high`` digits not starting with 0."""
    length = rng.randint(low, high)
    return str(rng.randint(1, 9)) + "".join(rng.choice(string.digits) for _ in range(length - 1))


def handle(rng: random.Random, separators: str, longest: int) -> str:
    """A name like ``lily_chen88`` or ``amber.70``: words, separators and a few digits.

    At least five characters, as platforms ask; letters always outnumber digits, so no rule
    takes it for a number.
    """
    while True:
        name = rng.choice(WORDS)
        if rng.random() < 0.4:
            name += rng.choice(("", *separators)) + rng.choice(WORDS)
        if rng.random() < 0.75:
            number = digits(rng, 2, 4) if rng.random() < 0.7 else str(rng.randint(70, 99))
            name += rng.choice(("", "", *separators)) + number
        letters = sum(ch.isalpha() for ch in name)
        if 5 <= len(name) <= longest and letters > sum(ch.isdigit() for ch in name):
            return name


def token(rng: random.Random, length: int, alphabet: str = LOWER_ALNUM) -> str:
    """Random characters, starting with a letter and with more letters than digits."""
    while True:
        value = rng.choice(string.ascii_lowercase) + "".join(
            rng.choice(alphabet) for _ in range(length - 1)
        )
        if sum(ch.isdigit() for ch in value) < 0.5 * length:
            return value


def weibo_nick(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return handle(rng, "_", 20)
    nick = rng.choice(NICK_HEADS) + rng.choice(NICK_TAILS)
    if rng.random() < 0.3:
        nick += rng.choice(("", "_")) + digits(rng, 2, 4)
    return nick


#: Mobile prefixes of the three Chinese carriers (MIIT numbering plan).
MOBILE_PREFIXES = (
    "134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "182",
    "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180",
    "181", "189", "177", "199",
)  # fmt: skip


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choice(string.digits) for _ in range(8))


def phone_text(rng: random.Random, number: str) -> str:
    a, b, c = number[:3], number[3:7], number[7:]
    written = rng.choice(
        (f"{a} {b} {c}", f"{a}-{b}-{c}", number, f"+86 {a} {b} {c}", f"+86-{a}-{b}-{c}")
    )
    return rng.choice(("", "电话：", "手机：", "Tel: ", "联系电话 ", "手机号 ")) + written


# Marks: what is written and what should be found ---------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One planted mark: its lines (top to bottom) and the finding it must give."""

    platform: str
    #: The [[text]] rule meant to read it, or the contact variant (phone, email).
    rule: str
    lines: tuple[str, ...]
    expected: Expected
    #: The platform's own name, written above the ID or in the logo box ("" when it has none).
    brand: str = ""
    brand_colour: tuple[int, int, int] = (255, 255, 255)


def _watermark(platform: str, rule: str, line: str, value: str, brand: str = "", colour=None):
    return Mark(
        platform,
        rule,
        (line,),
        Expected("text.watermark", value),
        brand,
        colour or (255, 255, 255),
    )


def xiaohongshu(rng: random.Random) -> Mark:
    value = digits(rng, 8, 10) if rng.random() < 0.5 else handle(rng, "_.", 15)
    label = rng.choice(("小红书号：", "小红书号:", "小红书号 "))
    return _watermark("xiaohongshu", "xiaohongshu", label + value, value, "小红书", (255, 36, 66))


def douyin(rng: random.Random) -> Mark:
    roll = rng.random()
    if roll < 0.6:
        value = handle(rng, "_.", 16)
    elif roll < 0.8:
        value = "dy" + token(rng, rng.randint(6, 10))
    else:
        value = digits(rng, 9, 10)
    label = rng.choice(("抖音号：", "抖音号:", "抖音号 "))
    return _watermark("douyin", "douyin", label + value, value, "抖音", (22, 24, 35))


def kuaishou(rng: random.Random) -> Mark:
    value = handle(rng, "_.", 20) if rng.random() < 0.7 else token(rng, rng.randint(8, 12))
    label = rng.choice(("快手号：", "快手号:", "快手号 "))
    return _watermark("kuaishou", "kuaishou", label + value, value, "快手", (255, 80, 0))


def weibo(rng: random.Random) -> Mark:
    if rng.random() < 0.3:
        value = digits(rng, 10, 10)
        line = rng.choice(("weibo.com/u/", "https://weibo.com/u/")) + value
        return _watermark("weibo", "weibo-link", line, value, "微博", (230, 22, 45))
    value = weibo_nick(rng)
    line = rng.choice(("微博 @", "微博@", "微博：@")) + value
    return _watermark("weibo", "weibo", line, value, "微博", (230, 22, 45))


def wechat(rng: random.Random) -> Mark:
    if rng.random() < 0.35:
        value = "wxid_" + token(rng, rng.randint(8, 14))
        return _watermark("wechat", "wxid", value, value)
    value = handle(rng, "_", 20)
    if len(value) < 6:
        value += rng.choice(string.digits)
    line = rng.choice(("微信号：", "微信号:", "微信：", "WeChat: ", "VX：")) + value
    return _watermark("wechat", "wechat", line, value, "微信", (7, 193, 96))


def qq(rng: random.Random) -> Mark:
    value = digits(rng, 6, 10)
    line = rng.choice(("QQ号 ", "QQ号：", "QQ：", "QQ: ")) + value
    return _watermark("qq", "qq", line, value, "QQ", (18, 183, 245))


def bilibili(rng: random.Random) -> Mark:
    value = digits(rng, 6, 10)
    if rng.random() < 0.3:
        line = "space.bilibili.com/" + value
        return _watermark("bilibili", "bilibili-link", line, value, "bilibili", (251, 114, 153))
    line = rng.choice(("UID:", "UID：", "bilibili UID:", "B站UID：")) + value
    return _watermark("bilibili", "bilibili", line, value, "bilibili", (251, 114, 153))


def tiktok(rng: random.Random) -> Mark:
    value = handle(rng, "_.", 24)
    return _watermark("tiktok", "tiktok", "TikTok @" + value, value, "TikTok", (0, 0, 0))


def telegram(rng: random.Random) -> Mark:
    value = handle(rng, "_", 32)
    if rng.random() < 0.7:
        line = rng.choice(("t.me/", "https://t.me/")) + value
        return _watermark("telegram", "telegram-link", line, value)
    return _watermark("telegram", "telegram", "Telegram: @" + value, value)


def instagram(rng: random.Random) -> Mark:
    value = handle(rng, "_.", 30)
    roll = rng.random()
    if roll < 0.4:
        return _watermark("instagram", "instagram", "IG: @" + value, value)
    if roll < 0.7:
        return _watermark("instagram", "instagram-link", "instagram.com/" + value, value)
    return _watermark("instagram", "handle", "Instagram @" + value, value)


def bare_handle(rng: random.Random) -> Mark:
    value = handle(rng, "_.", 24)
    return _watermark("handle", "handle", "@" + value, value)


def phone(rng: random.Random) -> Mark:
    number = mobile(rng)
    return Mark(
        "phone", "phone", (phone_text(rng, number),), Expected("text.contact", "+86" + number)
    )


def email(rng: random.Random) -> Mark:
    address = (
        handle(rng, "._", 20) + "@" + rng.choice(("example.com", "example.net", "example.org"))
    )
    line = rng.choice(("", "邮箱：", "Email: ", "E-mail：")) + address
    return Mark("email", "email", (line,), Expected("text.contact", address))


PLATFORMS: dict[str, Callable[[random.Random], Mark]] = {
    "xiaohongshu": xiaohongshu,
    "douyin": douyin,
    "kuaishou": kuaishou,
    "weibo": weibo,
    "wechat": wechat,
    "qq": qq,
    "bilibili": bilibili,
    "tiktok": tiktok,
    "telegram": telegram,
    "instagram": instagram,
    "handle": bare_handle,
    "phone": phone,
    "email": email,
}
CONTACTS = ("phone", "email")

#: Everyday captions: dates, prices, greetings. None names anyone.
CAPTIONS = (
    "今天天气真好",
    "周末出去玩啦",
    "Sunday brunch",
    "2024.05.12",
    "下午茶 15:30",
    "¥38.00",
    "美食 旅行 生活记录",
    "Happy birthday!",
    "2023年10月1日",
    "第3天 · 大理",
    "Paris, June 2019",
    "价格 ¥128",
    "晚安",
    "Best coffee in town",
    "Day 12 / 365",
    "早上好",
    "2019-08-17 18:42",
    "海边的日落",
)


def platform_of(seed: int, index: int) -> str:
    """The platform of planted case ``index``: every platform once per shuffled round."""
    names = list(PLATFORMS)
    round_, place = divmod(index, len(names))
    random.Random(f"{seed}/order/{round_}").shuffle(names)
    return names[place]


def draw_mark(platform: str, rng: random.Random) -> Mark:
    """A mark of ``platform`` in one of its layouts: one line, brand above, or a logo box."""
    mark = PLATFORMS[platform](rng)
    if mark.brand and rng.random() < 0.35:
        return Mark(
            mark.platform,
            mark.rule,
            (mark.brand, *mark.lines),
            mark.expected,
            mark.brand,
            mark.brand_colour,
        )
    return mark


# Drawing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How a mark or caption is drawn."""

    font: Font
    #: Font size as a share of the picture's height.
    size: float
    where: str
    colour: tuple[int, int, int]
    opacity: float
    shadow: bool
    outline: bool
    logo: bool
    quality: int


def draw_style(rng: random.Random, lines: tuple[str, ...], brand: str | None) -> Style:
    """A random style; ``brand`` is the platform's name for a logo box (None: no logo)."""
    logo = brand is not None and len(lines) == 1 and rng.random() < 0.3
    roll = rng.random()
    if roll < 0.7:
        colour = (255, 255, 255)
    elif roll < 0.85:
        colour = (20, 20, 20)
    else:
        grey = rng.randint(150, 215)
        colour = (grey, grey, grey)
    light = colour[0] > 128
    return Style(
        font=pick_font(rng, (*lines, brand) if logo and brand else lines),
        size=round(rng.uniform(*SIZE_RANGE), 4),
        where=rng.choices(PLACES, PLACE_WEIGHTS)[0],
        colour=colour,
        opacity=round(rng.uniform(0.55, 1.0), 2),
        shadow=rng.random() < (0.65 if light else 0.2),
        outline=rng.random() < 0.25,
        logo=logo,
        quality=rng.randint(*QUALITY_RANGE),
    )


def _face(font: Font, size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(font.path, size, index=font.index)


def stamp(
    image: Image,
    lines: tuple[str, ...],
    style: Style,
    rng: random.Random,
    brand: str = "",
    brand_colour: tuple[int, int, int] = (255, 255, 255),
) -> tuple[Image, float, Style]:
    """Draw ``lines`` on ``image``; returns the picture, the size used (shrunk to fit) and the
    style drawn (its fill changed where the picture would have left it unreadable)."""
    from PIL import Image, ImageFilter

    width, height = image.size
    margin = round(rng.uniform(0.015, 0.05) * min(width, height))
    share = style.size
    while True:
        size = max(8, round(share * height))
        layer, anchor_pad = _render(lines, style, size, brand, brand_colour)
        if layer.width <= width - 2 * margin and layer.height <= height - 2 * margin:
            break
        share *= 0.9
    vertical, _, horizontal = style.where.partition("-")
    if style.where == "anywhere":
        x = rng.randint(margin, width - margin - layer.width) - anchor_pad
        y = rng.randint(margin, height - margin - layer.height) - anchor_pad
    else:
        x = {
            "left": margin - anchor_pad,
            "centre": (width - layer.width) // 2,
            "right": width - margin - layer.width + anchor_pad,
        }[horizontal]
        y = {
            "top": margin - anchor_pad,
            "bottom": height - margin - layer.height + anchor_pad,
        }[vertical]
    x = min(max(0, x), width - layer.width)
    y = min(max(0, y), height - layer.height)
    box = (x, y, x + layer.width, y + layer.height)
    region = image.crop(box).convert("RGBA")
    legible = legible_style(style, region)
    if legible != style:
        style = legible
        layer, anchor_pad = _render(lines, style, size, brand, brand_colour)
    if style.shadow:
        shadow_colour = (0, 0, 0) if style.colour[0] > 128 else (235, 235, 235)
        alpha = layer.getchannel("A").point(lambda v: round(v * 0.75 * style.opacity))
        offset = max(1, round(size * 0.06))
        shade = Image.new("RGBA", layer.size, (*shadow_colour, 0))
        shade.putalpha(alpha)
        shade = shade.transform(
            layer.size, Image.Transform.AFFINE, (1, 0, -offset, 0, 1, -offset)
        ).filter(ImageFilter.GaussianBlur(max(1.0, size * 0.08)))
        region.alpha_composite(shade)
    faded = layer.copy()
    faded.putalpha(layer.getchannel("A").point(lambda v: round(v * style.opacity)))
    region.alpha_composite(faded)
    image.paste(region.convert("RGB"), box[:2])
    return image, round(share, 4), style


#: Least contrast between a mark's fill (as blended at its opacity) and the picture under it,
#: as WCAG defines the ratio: 3:1, its minimum for large text. A mark nobody can read names
#: nobody, and platforms draw theirs to be read on any picture.
MIN_CONTRAST = 3.0


def _luminance(value: float) -> float:
    channel = value / 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def contrast(fill: int, opacity: float, under: float) -> float:
    """WCAG contrast ratio of a grey ``fill`` at ``opacity`` over a grey background."""
    seen = _luminance(opacity * fill + (1 - opacity) * under)
    background = _luminance(under)
    return (max(seen, background) + 0.05) / (min(seen, background) + 0.05)


def legible_style(style: Style, region: Image) -> Style:
    """``style``, or the same with its fill turned white or near-black where the picture under
    it would leave it unreadable. White marks with a shadow and outlined marks carry their own
    contrast and are left as drawn."""
    import dataclasses

    from PIL import ImageStat

    light = style.colour[0] > 128
    if style.outline or (style.shadow and light):
        return style
    under = ImageStat.Stat(region.convert("L")).mean[0]
    if contrast(style.colour[0], style.opacity, under) >= MIN_CONTRAST:
        return style
    best = max((255, 20), key=lambda fill: contrast(fill, style.opacity, under))
    return dataclasses.replace(style, colour=(best, best, best))


def _render(
    lines: tuple[str, ...],
    style: Style,
    size: int,
    brand: str,
    brand_colour: tuple[int, int, int],
) -> tuple[Image, int]:
    """The mark alone on a transparent layer, with room around it for the shadow."""
    from PIL import Image, ImageDraw

    pad = max(4, round(size * 0.4))
    stroke = max(1, round(size * 0.05)) if style.outline else 0
    stroke_colour = (0, 0, 0) if style.colour[0] > 128 else (255, 255, 255)
    sizes = [size] * len(lines)
    if len(lines) > 1:
        sizes[0] = round(size * 1.25)
    faces = [_face(style.font, s) for s in sizes]
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    boxes = [
        probe.textbbox((0, 0), line, font=face, stroke_width=stroke)
        for line, face in zip(lines, faces, strict=True)
    ]
    gap = round(size * 0.35)
    text_width = max(right - left for left, _, right, _ in boxes)
    text_height = sum(bottom - top for _, top, _, bottom in boxes) + gap * (len(lines) - 1)
    logo_side = round(size * 1.5) if style.logo else 0
    logo_gap = round(size * 0.4) if style.logo else 0
    width = 2 * pad + logo_side + logo_gap + text_width
    height = 2 * pad + max(text_height, logo_side)
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    if style.logo:
        top = pad + (height - 2 * pad - logo_side) // 2
        draw.rounded_rectangle(
            (pad, top, pad + logo_side, top + logo_side),
            radius=logo_side // 5,
            fill=(*brand_colour, 255),
        )
        ink = (255, 255, 255, 255) if sum(brand_colour) < 600 else (20, 20, 20, 255)
        if brand:
            label = brand if len(brand) <= 2 else brand[:1]
            face = _face(style.font, logo_side // 2)
            draw.text(
                (pad + logo_side // 2, top + logo_side // 2),
                label,
                font=face,
                fill=ink,
                anchor="mm",
            )
        else:
            inset = logo_side // 4
            draw.ellipse(
                (pad + inset, top + inset, pad + logo_side - inset, top + logo_side - inset),
                outline=ink,
                width=max(2, logo_side // 12),
            )
    x0 = pad + logo_side + logo_gap
    y = pad + (height - 2 * pad - text_height) // 2
    align = style.where.rpartition("-")[2]
    for line, face, (left, top, right, bottom) in zip(lines, faces, boxes, strict=True):
        line_width = right - left
        x = {"right": x0 + text_width - line_width, "centre": x0 + (text_width - line_width) // 2}
        draw.text(
            (x.get(align, x0) - left, y - top),
            line,
            font=face,
            fill=(*style.colour, 255),
            stroke_width=stroke,
            stroke_fill=(*stroke_colour, 255),
        )
        y += bottom - top + gap
    return layer, pad


def band(share: float, bands: tuple[tuple[float, float], ...]) -> str:
    """The band ``share`` falls in, as ``low-high %`` (the last band holds its top end)."""
    low, high = next(((low, high) for low, high in bands if share < high), bands[-1])
    return f"{low * 100:g}-{high * 100:g} %"


# Cases ---------------------------------------------------------------------------------------


def planted_case(seed: int, index: int, photo_paths: tuple[Path, ...]) -> Case:
    """Planted case ``index``: one platform mark or contact on one photo."""
    rng = random.Random(f"{seed}/planted/{index}")
    platform = platform_of(seed, index)
    mark = draw_mark(platform, rng)
    style = draw_style(rng, mark.lines, mark.brand)
    path = rng.choice(photo_paths)
    image, share, style = stamp(
        upright(path), mark.lines, style, rng, mark.brand, mark.brand_colour
    )
    layout = "logo" if style.logo else ("two lines" if len(mark.lines) > 1 else "one line")
    traits = {
        "platform": platform,
        "rule": mark.rule,
        "text": " / ".join(mark.lines),
        "layout": layout,
        "font": style.font.name,
        "size": share,
        "band": band(share, SIZE_BANDS),
        "where": style.where,
        "colour": style.colour,
        "opacity": style.opacity,
        "shadow": style.shadow,
        "outline": style.outline,
        "quality": style.quality,
        "photo": path.name,
    }
    return Case(
        f"planted-{index:03d}", jpeg(image, style.quality), (mark.expected,), "text", traits
    )


def qr_payload(rng: random.Random) -> tuple[str, str]:
    """A payload of a random [[code]] class, and that class's rule name."""
    name = handle(rng, "_", 20)
    payloads = {
        "wechat-card": lambda: "https://u.wechat.com/" + token(rng, 22, TOKEN + "-_"),
        "wechat-group": lambda: "https://weixin.qq.com/g/" + token(rng, 20, TOKEN + "-_"),
        "wechat-official": lambda: "http://weixin.qq.com/r/" + token(rng, 20, TOKEN + "-_"),
        "wechat-pay": lambda: "wxp://f2f0" + token(rng, 40, TOKEN + "-_"),
        "alipay": lambda: "https://qr.alipay.com/fkx" + token(rng, 20, TOKEN),
        "qq": lambda: "https://qm.qq.com/q/" + token(rng, 10, TOKEN),
        "telegram": lambda: "https://t.me/" + name,
        "whatsapp": lambda: "https://wa.me/86" + mobile(rng),
        "line": lambda: "https://line.me/ti/p/" + token(rng, 10, TOKEN + "-_"),
        "contact-card": lambda: (
            f"BEGIN:VCARD\nVERSION:3.0\nN:{name}\nFN:{name}\nTEL;TYPE=CELL:+86{mobile(rng)}\n"
            f"EMAIL:{name}@example.com\nEND:VCARD"
        ),
        "phone-or-mail": lambda: rng.choice(
            ("tel:+86" + mobile(rng), f"mailto:{name}@example.org")
        ),
        "social-profile": lambda: rng.choice(
            (
                "https://v.douyin.com/" + token(rng, 7, TOKEN) + "/",
                "https://xhslink.com/" + token(rng, 6, TOKEN),
                "https://weibo.com/u/" + digits(rng, 10, 10),
                "https://b23.tv/" + token(rng, 7, TOKEN),
                "https://www.instagram.com/" + name + "/",
            )
        ),
        "wifi": lambda: f"WIFI:S:{name}-{digits(rng, 3, 4)};T:WPA;P:{token(rng, 12, TOKEN)};;",
        "url": lambda: "https://example.com/" + name,
        "text": lambda: f"hello from {name}, see you at {rng.randint(1, 12)} pm",
    }
    kind = rng.choice(list(payloads))
    return payloads[kind](), kind


def qr_card(payload: str, side: int, paper: int, ink: int) -> Any:
    """The code with a four-module quiet zone, ``side`` pixels square, as a grey numpy array."""
    import cv2
    import numpy as np

    modules = cv2.QRCodeEncoder.create().encode(payload)  # carries a two-module border
    modules = np.pad(modules, 2, constant_values=255)
    card = cv2.resize(modules, (side, side), interpolation=cv2.INTER_NEAREST)
    return np.where(card > 127, paper, ink).astype(np.uint8)


def qr_case(seed: int, index: int, photo_paths: tuple[Path, ...]) -> Case:
    """QR case ``index``: one code turned, in mild perspective and softened, on one photo."""
    import cv2
    import numpy as np
    from PIL import Image

    rng = random.Random(f"{seed}/qr/{index}")
    payload, kind = qr_payload(rng)
    low, high = QR_SIZE_RANGES[1] if rng.random() < 0.25 else QR_SIZE_RANGES[0]
    share = round(rng.uniform(low, high), 4)
    angle = round(rng.uniform(-12, 12), 1)
    blur = round(rng.uniform(0, 1.5), 2)
    quality = rng.randint(*QUALITY_RANGE)
    path = rng.choice(photo_paths)
    picture = np.array(upright(path))
    height, width = picture.shape[:2]
    side = min(round(share * width), round(0.8 * min(width, height)))
    card = qr_card(payload, side, rng.randint(215, 255), rng.randint(0, 45))
    corners = np.array([(0, 0), (side, 0), (side, side), (0, side)], np.float64) - side / 2
    turn = np.deg2rad(angle)
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    jitter = np.array([[rng.uniform(-0.04, 0.04) * side for _ in range(2)] for _ in range(4)])
    placed = corners @ rotation.T + jitter
    reach = int(np.ceil(np.abs(placed).max())) + 4
    centre = (rng.randint(reach, width - reach), rng.randint(reach, height - reach))
    target = placed + reach
    source = np.array([(0, 0), (side, 0), (side, side), (0, side)], np.float32)
    matrix = cv2.getPerspectiveTransform(source, target.astype(np.float32))
    span = 2 * reach
    warped = cv2.warpPerspective(card, matrix, (span, span), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(
        np.full((side, side), 255, np.uint8), matrix, (span, span), flags=cv2.INTER_LINEAR
    )
    top, left = centre[1] - reach, centre[0] - reach
    region = picture[top : top + span, left : left + span].astype(np.float32)
    weight = (mask.astype(np.float32) / 255)[:, :, None]
    region = region * (1 - weight) + warped.astype(np.float32)[:, :, None] * weight
    if blur:
        region = cv2.GaussianBlur(region, (0, 0), blur)
    picture[top : top + span, left : left + span] = np.clip(region, 0, 255).astype(np.uint8)
    traits = {
        "payload": payload,
        "class": kind,
        "size": share,
        "band": band(share, QR_BANDS),
        "angle": angle,
        "blur": blur,
        "quality": quality,
        "photo": path.name,
    }
    image = Image.fromarray(picture)
    return Case(
        f"qr-{index:03d}", jpeg(image, quality), (Expected("code.qr", payload),), "qr", traits
    )


def clean_case(seed: int, index: int, photo_paths: tuple[Path, ...]) -> Case:
    """Clean case ``index``: a photo cropped anew, half of them with an everyday caption."""
    rng = random.Random(f"{seed}/clean/{index}")
    path = rng.choice(photo_paths)
    image = upright(path)
    keep_w, keep_h = rng.uniform(0.7, 1.0), rng.uniform(0.7, 1.0)
    w, h = round(image.width * keep_w), round(image.height * keep_h)
    x, y = rng.randint(0, image.width - w), rng.randint(0, image.height - h)
    image = image.crop((x, y, x + w, y + h))
    traits: dict[str, Any] = {"photo": path.name, "crop": (x, y, w, h)}
    quality = rng.randint(*QUALITY_RANGE)
    if index % 2:
        caption = (rng.choice(CAPTIONS),)
        style = draw_style(rng, caption, None)
        image, share, _ = stamp(image, caption, style, rng)
        quality = style.quality
        traits.update(caption=caption[0], font=style.font.name, size=share, where=style.where)
    traits["quality"] = quality
    return Case(f"clean-{index:03d}", jpeg(image, quality), (), "clean", traits)


MAKERS = {"planted": planted_case, "qr": qr_case, "clean": clean_case}


def make(job: tuple[str, int, int, tuple[Path, ...]]) -> Case:
    """One case from ``(kind, seed, index, photos)``: a picklable job for a process pool."""
    kind, seed, index, photo_paths = job
    return MAKERS[kind](seed, index, photo_paths)
