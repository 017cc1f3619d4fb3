"""What reposts do to a photo, as code: the edits the trace examples and benchmark apply.

Chatroom reposts are rarely the original file: they are re-encoded by the app (Telegram sends
photos at 1280 px), cropped, covered with stickers or text, screenshotted on a phone with its
status and navigation bars, put side by side with another picture, rotated or mirrored. Each
function here takes a picture and a random generator and returns the edited picture, drawn
from the seed alone. ``synthetic_picture`` draws varied unrelated pictures (landscapes, noise,
shapes, text) to stand for the thousands of other images in a dump.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = Path(__file__).resolve().parent.parent / "audit" / "demo" / "assets" / "fonts"


def _font(size: int, chinese: bool = False) -> ImageFont.FreeTypeFont:
    name = "wqy-microhei-subset.ttf" if chinese else "dejavu-sans-subset.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    """A round trip through JPEG at ``quality``, as a messenger re-encodes."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def telegram(image: Image.Image, rng: random.Random) -> Image.Image:
    """Telegram's photo sending: long side at most 1280 px, JPEG quality about 80."""
    scale = min(1.0, 1280 / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return jpeg(image.resize(size, Image.Resampling.LANCZOS), 80)


def recompress(image: Image.Image, rng: random.Random) -> Image.Image:
    return jpeg(image, 30)


def crop(fraction: float) -> Callable[[Image.Image, random.Random], Image.Image]:
    """Cut ``fraction`` of the width and of the height, unevenly between the sides."""

    def edit(image: Image.Image, rng: random.Random) -> Image.Image:
        cut_x, cut_y = image.width * fraction, image.height * fraction
        left, top = rng.uniform(0, cut_x), rng.uniform(0, cut_y)
        box = (round(left), round(top), round(image.width - (cut_x - left)),
               round(image.height - (cut_y - top)))  # fmt: skip
        return image.crop(box)

    return edit


def sticker(image: Image.Image, rng: random.Random) -> Image.Image:
    """Opaque stickers (a face, a heart, a banner) covering about 12% of the picture."""
    out = image.convert("RGB").copy()
    draw = ImageDraw.Draw(out)
    area = out.width * out.height * 0.12
    placed = 0.0
    while placed < area:
        radius = int(math.sqrt(area / 3 / math.pi) * rng.uniform(0.7, 1.2))
        x = rng.randint(radius, max(radius, out.width - radius))
        y = rng.randint(radius, max(radius, out.height - radius))
        colour = (rng.randint(200, 255), rng.randint(150, 230), rng.randint(0, 80))
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
        eye = max(2, radius // 6)
        for dx in (-radius // 3, radius // 3):
            draw.ellipse([x + dx - eye, y - radius // 4 - eye, x + dx + eye, y - radius // 4 + eye],
                         fill=(30, 30, 30))  # fmt: skip
        draw.arc([x - radius // 2, y - radius // 4, x + radius // 2, y + radius // 2], 20, 160,
                 fill=(30, 30, 30), width=max(2, radius // 12))  # fmt: skip
        placed += math.pi * radius * radius
    return out


def text_overlay(image: Image.Image, rng: random.Random) -> Image.Image:
    """Tiled semi-transparent text across the picture and a caption, as reposters stamp."""
    base = image.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    size = max(14, base.width // 18)
    font = _font(size)
    step_x, step_y = size * 8, size * 4
    for y in range(0, base.height, step_y):
        for x in range(-(y // 2) % step_x - step_x, base.width, step_x):
            draw.text((x, y), "@channel 8821", font=font, fill=(255, 255, 255, 110))
    caption = _font(max(16, base.width // 14))
    draw.rectangle([0, base.height - size * 2, base.width, base.height], fill=(0, 0, 0, 150))
    draw.text((size // 2, base.height - size * 2 + size // 3), "new 0417 join", font=caption,
              fill=(255, 255, 255, 255))  # fmt: skip
    return Image.alpha_composite(base, layer).convert("RGB")


def screenshot(image: Image.Image, rng: random.Random) -> Image.Image:
    """Her photo on a phone screen (1080 x 2340): status bar, chat header, caption, nav bar."""
    width, height = 1080, 2340
    screen = Image.new("RGB", (width, height), (237, 237, 237))
    draw = ImageDraw.Draw(screen)
    draw.rectangle([0, 0, width, 90], fill=(20, 20, 20))
    draw.text((40, 22), f"{rng.randint(10, 23)}:{rng.randint(10, 59)}", font=_font(44),
              fill=(255, 255, 255))  # fmt: skip
    for i in range(4):
        draw.rectangle([width - 220 + i * 40, 60 - i * 10, width - 200 + i * 40, 66],
                       fill=(255, 255, 255))  # fmt: skip
    draw.rectangle([width - 90, 30, width - 30, 62], outline=(255, 255, 255), width=4)
    draw.rectangle([0, 90, width, 250], fill=(250, 250, 250))
    draw.text((140, 140), f"Group {rng.randint(100, 999)} (5{rng.randint(100, 999)})",
              font=_font(52), fill=(10, 10, 10))  # fmt: skip
    shown_width = rng.randint(760, 980)
    scale = shown_width / image.width
    shown = image.convert("RGB").resize(
        (shown_width, max(1, round(image.height * scale))), Image.Resampling.LANCZOS
    )
    if shown.height > 1500:
        shown = shown.resize((round(shown.width * 1500 / shown.height), 1500))
    top = 320 + rng.randint(0, 200)
    left = 40 if rng.random() < 0.5 else width - shown.width - 40
    draw.rounded_rectangle([left - 12, top - 12, left + shown.width + 12,
                            top + shown.height + 110], 24, fill=(255, 255, 255))  # fmt: skip
    screen.paste(shown, (left, top))
    draw.text((left + 10, top + shown.height + 20), "who is she? 0417", font=_font(48),
              fill=(20, 20, 20))  # fmt: skip
    draw.rectangle([0, height - 130, width, height], fill=(0, 0, 0))
    for x in (270, 540, 810):
        draw.ellipse([x - 28, height - 93, x + 28, height - 37], outline=(200, 200, 200), width=5)
    return jpeg(screen, 90)


def collage(other: Image.Image) -> Callable[[Image.Image, random.Random], Image.Image]:
    """Her photo beside another picture, both scaled to the same height, with a white gutter."""

    def edit(image: Image.Image, rng: random.Random) -> Image.Image:
        height = 800
        first = image.convert("RGB").resize(
            (max(1, round(image.width * height / image.height)), height), Image.Resampling.LANCZOS
        )
        second = other.convert("RGB").resize(
            (max(1, round(other.width * height / other.height)), height), Image.Resampling.LANCZOS
        )
        pair = [first, second] if rng.random() < 0.5 else [second, first]
        gutter = 16
        canvas = Image.new("RGB", (pair[0].width + pair[1].width + gutter * 3, height + gutter * 2),
                           (255, 255, 255))  # fmt: skip
        canvas.paste(pair[0], (gutter, gutter))
        canvas.paste(pair[1], (pair[0].width + gutter * 2, gutter))
        return telegram(canvas, rng)

    return edit


def rotate(degrees: float) -> Callable[[Image.Image, random.Random], Image.Image]:
    def edit(image: Image.Image, rng: random.Random) -> Image.Image:
        if degrees % 90 == 0:
            return image.rotate(degrees, expand=True)
        return image.rotate(degrees, expand=True, resample=Image.Resampling.BICUBIC,
                            fillcolor=(0, 0, 0))  # fmt: skip

    return edit


def flip(image: Image.Image, rng: random.Random) -> Image.Image:
    return image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)


def synthetic_picture(seed: int, size: tuple[int, int] = (960, 720)) -> Image.Image:
    """An unrelated picture, different for every seed: fractal-noise terrain, a sky, shapes,
    lines, text and grain, mixed in proportions the seed chooses."""
    rng = random.Random(seed)
    generator = np.random.default_rng(seed)
    width, height = size
    noise = np.zeros((height, width), np.float32)
    for octave in range(1, 7):
        cells = 2**octave
        grid = generator.random((cells + 1, cells + 1)).astype(np.float32)
        layer = Image.fromarray((grid * 255).astype(np.uint8)).resize(
            (width, height), Image.Resampling.BICUBIC
        )
        noise += np.asarray(layer, np.float32) / 255 / octave
    noise = (noise - noise.min()) / max(1e-6, float(noise.max() - noise.min()))
    palette = generator.integers(0, 256, (3, 3)).astype(np.float32)
    weights = np.stack([noise, 1 - noise, np.abs(noise - 0.5) * 2], axis=-1, dtype=np.float32)
    rgb = (weights.reshape(-1, 3) @ palette).reshape(height, width, 3) / 1.5
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(5, 40)):
        kind = rng.random()
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(5, width // 4)
        if kind < 0.35:
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        elif kind < 0.6:
            points = [
                (x + rng.randint(-r, r), y + rng.randint(-r, r)) for _ in range(rng.randint(3, 7))
            ]
            draw.polygon(points, fill=colour)
        elif kind < 0.8:
            draw.line([(x, y), (rng.randint(0, width), rng.randint(0, height))], fill=colour,
                      width=rng.randint(1, 12))  # fmt: skip
        else:
            words = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789 ") for _ in range(8))
            draw.text((x, y), words, font=_font(rng.randint(14, 70)), fill=colour)
    if rng.random() < 0.5:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.5)))
    grain = generator.standard_normal((height, width, 1), dtype=np.float32)
    pixels = np.asarray(image, np.float32) + grain * np.float32(rng.uniform(2, 10))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
