"""Synthetic photos for the pixel checks: the demo's samples, and the accuracy sets.

Everything is drawn deterministically from fixed seeds on photographic backgrounds (public-domain
and CC0 photos in ``assets/`` beside this module, enlarged, with sensor-like noise) or procedural
textures, never flat colour, because OCR and face detectors behave differently on real texture.
Every ID, number and code is made up: ``138 0013 8000`` is the number Chinese documentation uses
as an example, and the QR payloads point at hosts that hold no such account.

The tests and the benchmarks import this module; the sample set (:mod:`audit.demo.scenes`,
behind ``exposure demo`` and ``examples/``) calls :func:`write_samples`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image

    from audit.models import Finding

ASSETS = Path(__file__).resolve().parent / "assets"
FONTS = {
    "wqy": ASSETS / "fonts" / "wqy-microhei-subset.ttf",
    "dejavu": ASSETS / "fonts" / "dejavu-sans-subset.ttf",
    "dejavu-bold": ASSETS / "fonts" / "dejavu-sans-bold-subset.ttf",
}
#: Chinese characters in the WenQuanYi subset; a sample may use only these (and ASCII).
SUBSET_HAN = (
    "小红书号抖音快手微博信号码电话手机邮箱哔哩关注我的账分享自来源用户名联系方式欢迎加好友扫一扫二维码群聊"
    "客服热线官方地址路街道区市省收件人寄件快递单号今天天气真好周末出去玩啦拍照片美食旅行生活记录日常咖啡猫"
    "猫可爱的下午茶晚安早上好朋友圈更新"
)
PHOTOS = ("coffee", "rocket", "chelsea")
FULL_SIZE = (4032, 3024)


@dataclass(frozen=True)
class Expected:
    """A finding the pixel checks should report: its id and, where one is shown, its value."""

    finding_id: str
    value: str | None = None


@dataclass(frozen=True)
class Case:
    """One generated photo and what should (and only what should) be found in it."""

    name: str
    data: bytes
    expected: tuple[Expected, ...]
    #: "text", "qr", "face" or "clean": what the photo was made to test.
    category: str
    #: Free-form facts about how it was drawn (size, opacity, quality...), for reports.
    traits: dict[str, Any] = field(default_factory=dict)


# Backgrounds ---------------------------------------------------------------------------------


def photo_background(name: str, size: tuple[int, int] = FULL_SIZE, seed: int = 0) -> Image:
    """A public-domain or CC0 photo from assets, cropped to the shape, enlarged, with noise."""
    from PIL import Image

    with Image.open(ASSETS / f"{name}.jpg") as source:
        photo = source.convert("RGB")
    width, height = size
    target = width / height
    if photo.width / photo.height > target:
        crop = round(photo.height * target)
        photo = photo.crop(
            ((photo.width - crop) // 2, 0, (photo.width - crop) // 2 + crop, photo.height)
        )
    else:
        crop = round(photo.width / target)
        photo = photo.crop(
            (0, (photo.height - crop) // 2, photo.width, (photo.height - crop) // 2 + crop)
        )
    return _with_grain(photo.resize(size, Image.Resampling.BICUBIC), seed)


def texture_background(size: tuple[int, int] = FULL_SIZE, seed: int = 0) -> Image:
    """A procedural scene: smooth colour fields at several scales, soft shapes and grain."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    rng = np.random.default_rng(seed)
    width, height = size
    small = (max(8, width // 8), max(8, height // 8))
    field_ = np.zeros((small[1], small[0], 3), np.float32)
    for octave in range(5):
        cells = 2 ** (octave + 1)
        noise = rng.random((max(2, cells * small[1] // small[0]), cells, 3)).astype(np.float32)
        layer = Image.fromarray((noise * 255).astype(np.uint8)).resize(
            small, Image.Resampling.BICUBIC
        )
        field_ += np.asarray(layer, np.float32) / (octave + 1)
    field_ -= field_.min()
    field_ *= 255.0 / max(1.0, float(field_.max()))
    image = Image.fromarray(field_.astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = int(rng.integers(0, small[0])), int(rng.integers(0, small[1]))
        rx, ry = (
            int(rng.integers(small[0] // 30 + 1, small[0] // 5)),
            int(rng.integers(small[1] // 30 + 1, small[1] // 5)),
        )
        colour = tuple(int(v) for v in rng.integers(30, 230, 3))
        draw.ellipse((x - rx, y - ry, x + rx, y + ry), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(1.5)).resize(size, Image.Resampling.BICUBIC)
    return _with_grain(image, seed)


def _with_grain(image: Image, seed: int) -> Image:
    """Add fine luminance noise, as a phone sensor does, so no region is perfectly smooth."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed + 1)
    grain = rng.normal(0.0, 5.0, (image.height // 2, image.width // 2)).astype(np.float32)
    grain = np.asarray(Image.fromarray(grain, "F").resize(image.size, Image.Resampling.BILINEAR))
    pixels = np.asarray(image, np.float32) + grain[:, :, None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def background(index: int, size: tuple[int, int] = FULL_SIZE) -> Image:
    """The ``index``-th background: photos and textures in turn."""
    kinds = (*PHOTOS, "texture")
    kind = kinds[index % len(kinds)]
    if kind == "texture":
        return texture_background(size, seed=index)
    return photo_background(kind, size, seed=index)


# Things drawn on a background ------------------------------------------------------------------


def stamp_text(
    image: Image,
    text: str,
    *,
    height: float,
    where: str = "bottom-right",
    font: str = "wqy",
    opacity: float = 1.0,
    colour: tuple[int, int, int] = (255, 255, 255),
    shadow: bool = True,
) -> tuple[Image, tuple[int, int, int, int]]:
    """Draw ``text`` like a platform watermark; ``height`` is the text's height over the width."""
    from PIL import Image, ImageDraw, ImageFont

    size = max(8, round(height * image.width))
    face = ImageFont.truetype(str(FONTS[font]), size)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=face)
    margin = round(0.03 * image.width)
    x = {
        "left": margin,
        "centre": (image.width - (right - left)) // 2,
        "right": image.width - (right - left) - margin,
    }
    y = {
        "top": margin,
        "middle": (image.height - (bottom - top)) // 2,
        "bottom": image.height - (bottom - top) - margin,
    }
    vertical, _, horizontal = where.partition("-")
    position = (x[horizontal or "centre"] - left, y[vertical] - top)
    alpha = round(255 * opacity)
    if shadow:
        offset = max(1, size // 18)
        draw.text(
            (position[0] + offset, position[1] + offset),
            text,
            font=face,
            fill=(0, 0, 0, alpha // 2),
        )
    draw.text(position, text, font=face, fill=(*colour, alpha))
    box = (int(position[0] + left), int(position[1] + top), int(right - left), int(bottom - top))
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB"), box


def qr_picture(payload: str, side: int, *, angle: float = 0.0, blur: float = 0.0) -> Image:
    """A QR code of ``payload`` on a white card, ``side`` pixels square, turned and softened."""
    import cv2
    from PIL import Image, ImageFilter

    modules = cv2.QRCodeEncoder.create().encode(payload)
    card = Image.fromarray(modules).convert("RGB").resize((side, side), Image.Resampling.NEAREST)
    card = card.rotate(
        angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(255, 255, 255)
    )
    if blur:
        card = card.filter(ImageFilter.GaussianBlur(blur))
    return card


def face_picture(side: int, *, mirror: bool = False) -> Image:
    """The public-domain NASA portrait (Eileen Collins), ``side`` pixels square."""
    from PIL import Image, ImageOps

    with Image.open(ASSETS / "astronaut.jpg") as source:
        portrait = source.convert("RGB").resize((side, side), Image.Resampling.BICUBIC)
    return ImageOps.mirror(portrait) if mirror else portrait


#: Share of the astronaut portrait's width that her face takes up.
FACE_SHARE = 0.2


def jpeg(image: Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


# Accuracy sets -------------------------------------------------------------------------------

#: (text drawn, font, expected findings): platform watermarks, handles and contacts.
TEXTS: tuple[tuple[str, str, tuple[Expected, ...]], ...] = (
    ("小红书号：95123456", "wqy", (Expected("text.watermark", "95123456"),)),
    ("@lily_chen88", "dejavu-bold", (Expected("text.watermark", "lily_chen88"),)),
    ("抖音号：lily.dance_22", "wqy", (Expected("text.watermark", "lily.dance_22"),)),
    ("微博 @咖啡猫猫", "wqy", (Expected("text.watermark", "咖啡猫猫"),)),
    ("QQ：2851234567", "wqy", (Expected("text.watermark", "2851234567"),)),
    ("微信号：lily_chen_88", "wqy", (Expected("text.watermark", "lily_chen_88"),)),
    ("weibo.com/u/5123456789", "dejavu", (Expected("text.watermark", "5123456789"),)),
    ("t.me/lily_chen", "dejavu", (Expected("text.watermark", "lily_chen"),)),
    ("TikTok @lily.c88", "dejavu-bold", (Expected("text.watermark", "lily.c88"),)),
    ("快手号：kuai_lily520", "wqy", (Expected("text.watermark", "kuai_lily520"),)),
    ("电话：138 0013 8000", "wqy", (Expected("text.contact", "+8613800138000"),)),
    ("lily.chen@example.com", "dejavu", (Expected("text.contact", "lily.chen@example.com"),)),
    ("+86 139 1234 5678", "dejavu", (Expected("text.contact", "+8613912345678"),)),
)
#: Text that names no one: it must not produce a finding.
CLEAN_TEXTS = (
    "今天天气真好",
    "周末出去玩啦",
    "下午茶 2024.05.12",
    "coffee time",
    "美食 旅行 生活记录",
)
QR_PAYLOADS = (
    "https://u.wechat.com/EExample-fake",
    "https://weixin.qq.com/g/AExampleFakeGroup",
    "https://qm.qq.com/q/ExampleFake",
    "https://t.me/example_fake_user",
    "https://example.com/lily",
    "hello from lily",
)
WHERE = ("bottom-right", "top-left", "bottom-left", "middle-centre", "top-right")
#: Text heights, as a share of the photo's width: 1.2 % is a small caption, 3.5 % a large mark.
TEXT_HEIGHTS = (0.012, 0.018, 0.025, 0.035)
OPACITIES = (1.0, 0.8, 0.6)
QUALITIES = (92, 80, 68)
#: QR code sides, as a share of the photo's width.
QR_SIDES = (0.08, 0.12, 0.18, 0.3)
#: Face widths, as a share of the photo's width.
FACE_SIDES = (0.04, 0.07, 0.12, 0.25)


def text_case(i: int, size: tuple[int, int] = FULL_SIZE) -> Case:
    """The ``i``-th watermark or contact: text ``i`` mod 13, at size ``i`` // 13 mod 4, ..."""
    text, font, expected = TEXTS[i % len(TEXTS)]
    height = TEXT_HEIGHTS[(i // len(TEXTS)) % len(TEXT_HEIGHTS)]
    where = WHERE[i % len(WHERE)]
    opacity = OPACITIES[i % len(OPACITIES)]
    quality = QUALITIES[(i // 2) % len(QUALITIES)]
    image, _ = stamp_text(
        background(i, size), text, height=height, where=where, font=font, opacity=opacity
    )
    traits = {
        "text": text,
        "height": height,
        "where": where,
        "opacity": opacity,
        "quality": quality,
    }
    return Case(f"text-{i:03d}", jpeg(image, quality), expected, "text", traits)


def text_cases(count: int, size: tuple[int, int] = FULL_SIZE, offset: int = 0) -> list[Case]:
    """Watermarks and contacts cycling through texts, sizes, positions, opacities and qualities."""
    return [text_case(i, size) for i in range(offset, offset + count)]


def qr_cases(count: int, size: tuple[int, int] = FULL_SIZE, offset: int = 0) -> list[Case]:
    """QR codes of several payloads and sizes, turned up to 25 degrees and slightly blurred."""
    cases = []
    for i in range(offset, offset + count):
        payload = QR_PAYLOADS[i % len(QR_PAYLOADS)]
        side_share = QR_SIDES[(i // len(QR_PAYLOADS)) % len(QR_SIDES)]
        angle = (i * 7) % 26
        blur = (0.0, 0.8, 1.6)[i % 3] * size[0] / 1000
        image = background(i + 100, size)
        card = qr_picture(payload, round(side_share * size[0]), angle=angle, blur=blur)
        where = ((i * 37) % max(1, size[0] - card.width), (i * 53) % max(1, size[1] - card.height))
        image.paste(card, where)
        quality = QUALITIES[i % len(QUALITIES)]
        traits = {
            "payload": payload,
            "side": side_share,
            "angle": angle,
            "blur": round(blur, 1),
            "quality": quality,
        }
        cases.append(
            Case(f"qr-{i:03d}", jpeg(image, quality), (Expected("code.qr", payload),), "qr", traits)
        )
    return cases


def face_cases(count: int, size: tuple[int, int] = FULL_SIZE, offset: int = 0) -> list[Case]:
    """The portrait at several sizes and places, mirrored every other time."""
    cases = []
    for i in range(offset, offset + count):
        share = FACE_SIDES[i % len(FACE_SIDES)]
        side = round(share * size[0] / FACE_SHARE)
        side = min(side, size[1])
        image = background(i + 200, size)
        where = ((i * 613) % max(1, size[0] - side), (i * 419) % max(1, size[1] - side))
        image.paste(face_picture(side, mirror=bool(i % 2)), where)
        quality = QUALITIES[i % len(QUALITIES)]
        traits = {"face": share, "quality": quality}
        cases.append(
            Case(f"face-{i:03d}", jpeg(image, quality), (Expected("face.visible"),), "face", traits)
        )
    return cases


def clean_cases(count: int, size: tuple[int, int] = FULL_SIZE, offset: int = 0) -> list[Case]:
    """Backgrounds with nothing identifying: half bare, half with everyday captions."""
    cases = []
    for i in range(offset, offset + count):
        image = background(i + 300, size)
        traits: dict[str, Any] = {}
        if i % 2:
            text = CLEAN_TEXTS[i % len(CLEAN_TEXTS)]
            image, _ = stamp_text(
                image, text, height=TEXT_HEIGHTS[i % len(TEXT_HEIGHTS)], where=WHERE[i % len(WHERE)]
            )
            traits["text"] = text
        cases.append(
            Case(f"clean-{i:03d}", jpeg(image, QUALITIES[i % len(QUALITIES)]), (), "clean", traits)
        )
    return cases


# Sample photos for the demo ------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    path: Path
    #: Finding ids the pixel checks report for this file, one entry per finding.
    expected_ids: tuple[str, ...]


def watermark_sample(folder: Path) -> Sample:
    """(a) A photo carrying a Xiaohongshu watermark, 小红书号：95123456, and an @handle."""
    image = photo_background("coffee", (2400, 1800), seed=11)
    image, _ = stamp_text(image, "小红书号：95123456", height=0.03, where="bottom-right")
    image, _ = stamp_text(image, "@lily_chen88", height=0.03, where="top-left", font="dejavu-bold")
    path = folder / "pixels-watermark.jpg"
    path.write_bytes(jpeg(image, 90))
    return Sample(path, ("text.watermark", "text.watermark"))


def wechat_qr_sample(folder: Path) -> Sample:
    """(b) A photo with a WeChat personal-card QR code (a made-up u.wechat.com payload)."""
    image = photo_background("rocket", (2400, 1800), seed=12)
    card = qr_picture("https://u.wechat.com/EExample-fake", 480, angle=6)
    image.paste(card, (1700, 1100))
    path = folder / "pixels-wechat-qr.jpg"
    path.write_bytes(jpeg(image, 90))
    return Sample(path, ("code.qr",))


def face_sample(folder: Path) -> Sample:
    """(c) A clear frontal face: the public-domain NASA portrait in a scene."""
    image = photo_background("coffee", (2400, 1800), seed=13)
    image.paste(face_picture(1400), (500, 200))
    path = folder / "pixels-face.jpg"
    path.write_bytes(jpeg(image, 90))
    return Sample(path, ("face.visible",))


def phone_sample(folder: Path) -> Sample:
    """(d) A visible Chinese mobile number, 138 0013 8000 (the documentation example number)."""
    image = texture_background((2400, 1800), seed=14)
    image, _ = stamp_text(
        image,
        "收件人 电话：138 0013 8000",
        height=0.035,
        where="middle-centre",
        colour=(20, 20, 20),
        shadow=False,
    )
    path = folder / "pixels-phone.jpg"
    path.write_bytes(jpeg(image, 90))
    return Sample(path, ("text.contact",))


def clean_sample(folder: Path) -> Sample:
    """(e) A photo with no text, code or face: the pixel checks must find nothing."""
    image = photo_background("chelsea", (2400, 1800), seed=15)
    path = folder / "pixels-clean.jpg"
    path.write_bytes(jpeg(image, 90))
    return Sample(path, ())


SAMPLES = (watermark_sample, wechat_qr_sample, face_sample, phone_sample, clean_sample)


def write_samples(folder: Path) -> list[Sample]:
    """Render every sample into ``folder``; returns each path with its expected finding ids."""
    folder.mkdir(parents=True, exist_ok=True)
    return [make(folder) for make in SAMPLES]


def found(expected: Expected, findings: Iterable[Finding]) -> bool:
    """Whether ``findings`` include ``expected`` (its id, and its value in some evidence)."""
    for finding in findings:
        if finding.id != expected.finding_id:
            continue
        if expected.value is None or any(e.value == expected.value for e in finding.evidence):
            return True
    return False
