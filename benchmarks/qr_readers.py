"""Which QR reader reads the most codes planted in real photos, and what each costs.

Run from the repository root:

    python benchmarks/qr_readers.py --backgrounds FOLDER     # seed 12: 60 QR, 20 barcodes, 20 none
    python benchmarks/qr_readers.py --backgrounds FOLDER --seed 7 --count 150 --misses

FOLDER holds real photos (the public exif-samples collection was used); its JPEGs of at least
3 megapixels that decode whole are the backgrounds, else the photos in ``audit/demo/assets``.
Every photo is made from ``--seed`` alone: a background brought to 4032 px on its long side,
with one QR code of a payload like those the [[code]] rules classify (WeChat card and group,
WeChat Pay, Alipay, QQ, Telegram, a contact card, mailto:, tel:; error correction L to H) or
one barcode (a Code 128 parcel number or an EAN-13, a quarter of them turned upright), 8-30 %
of the frame's width, turned 0-12 degrees with a mild perspective, anywhere in the frame; dark
modules 10-80 and light ones 160-245 of 255, the whole photo blurred (sigma 0-1.5 px) and saved
as JPEG at quality 70-92. The photos with no code are the same backgrounds, untouched.

Every reader sees the same photos in the same run. The working copy (960 px, grey) is decoded
before the clock starts, as the pixel pass shares it with OCR; a reader that needs the sharper
copy decodes it on the clock. Times are medians per photo, one thread; "x ref" compares the
time on photos with no code with the first reader's.

``wechat-960`` is OpenCV contrib's WeChat reader, which needs opencv-contrib-python's ``cv2``:
unpack its wheel to a folder and put that folder first on PYTHONPATH for that run. It runs
without its CNN models, which the wheel does not hold.
"""

from __future__ import annotations

import argparse
import functools
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from audit.pixels import decode as decoding
from audit.pixels import qr as project_qr

LONG_SIDE = 4032
MIN_PIXELS = 3_000_000


@dataclass(frozen=True)
class Photo:
    name: str
    data: bytes
    payload: str | None
    #: "qr", "barcode" or "clean".
    kind: str
    traits: dict[str, Any]


# Photos ---------------------------------------------------------------------------------------


def background_paths(folder: Path | None) -> list[Path]:
    """JPEGs of at least 3 MP under ``folder`` that decode whole, else the demo's photos."""
    from PIL import Image

    found = []
    if folder is not None and folder.is_dir():
        for path in sorted(folder.rglob("*.jp*g")):
            try:
                with Image.open(path) as image:
                    if image.width * image.height < MIN_PIXELS:
                        continue
                    image.load()
            except Exception:
                continue
            found.append(path)
    return found or sorted((ROOT / "audit" / "demo" / "assets").glob("*.jpg"))


def background(path: Path) -> Any:
    """The photo upright, RGB, 4032 px on its long side, as an array."""
    import numpy as np
    from PIL import Image, ImageOps

    with Image.open(path) as source:
        image = ImageOps.exif_transpose(source).convert("RGB")
    factor = LONG_SIDE / max(image.size)
    size = (round(image.width * factor), round(image.height * factor))
    return np.array(image.resize(size, Image.Resampling.BICUBIC))


def payload(rng: random.Random) -> str:
    def word(
        n: int, alphabet: str = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    ) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    digits = "0123456789"
    choices = (
        lambda: f"https://u.wechat.com/{word(22)}",
        lambda: f"https://weixin.qq.com/g/{word(24)}",
        lambda: f"wxp://f2f0{word(24)}",
        lambda: f"https://qr.alipay.com/{word(18).lower()}",
        lambda: f"https://qm.qq.com/q/{word(10)}",
        lambda: f"https://t.me/{word(9).lower()}_{word(3, digits)}",
        lambda: (
            "BEGIN:VCARD\nVERSION:3.0\nN:Chen;Lily\nFN:Lily Chen\n"
            f"TEL;TYPE=CELL:+86138{word(8, digits)}\nEMAIL:lily.{word(4).lower()}@example.com\n"
            "END:VCARD"
        ),
        lambda: f"mailto:{word(8).lower()}@example.com",
        lambda: f"tel:+86139{word(8, digits)}",
    )
    return rng.choice(choices)()


LEVELS = ("L", "M", "Q", "H")


def code_modules(text: str, level: str) -> Any:
    """The code's modules (255 light, 0 dark) with a four-module quiet zone."""
    import cv2
    import numpy as np

    params = cv2.QRCodeEncoder.Params()
    params.correction_level = getattr(cv2, f"QRCodeEncoder_CORRECT_LEVEL_{level}")
    modules = cv2.QRCodeEncoder.create(params).encode(text)
    # The encoder leaves two modules of quiet zone; a printed code has four.
    return np.pad(modules, 2, constant_values=255)


def barcode_text(rng: random.Random) -> tuple[str, str]:
    """A parcel tracking number (Code 128) or a product number (EAN-13), and its format."""
    digits = "0123456789"
    if rng.random() < 0.7:
        prefix = rng.choice(("SF", "YT", "JT", "ZTO"))
        return prefix + "".join(rng.choice(digits) for _ in range(12)), "Code128"
    body = "69" + "".join(rng.choice(digits) for _ in range(10))
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body)) % 10) % 10
    return body + str(check), "EAN13"


def barcode_modules(text: str, symbology: str) -> Any:
    """The bars (255 light, 0 dark) with their quiet zones, one pixel a module."""
    import numpy as np
    import zxingcpp

    made = zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, symbology))
    bars = np.asarray(made.to_image(scale=1))[:1]
    return np.repeat(bars, max(8, bars.shape[1] // 3), axis=0)


def plant(
    image: Any, modules: Any, rng: random.Random, turn_quarter: bool = False
) -> dict[str, Any]:
    """Draw ``modules`` onto ``image`` (in place); what was drawn, for the report."""
    import cv2
    import numpy as np

    height, width = image.shape[:2]
    share = rng.uniform(0.08, 0.30)
    across = share * width
    rows, columns = modules.shape
    down = across * rows / columns
    angle = rng.uniform(0, 12) * rng.choice((-1, 1)) + (90 if turn_quarter else 0)
    source = np.float32([[0, 0], [columns, 0], [columns, rows], [0, rows]])
    corners = np.float32([[-1, -1], [1, -1], [1, 1], [-1, 1]]) * np.float32([across, down]) / 2
    turn = np.deg2rad(angle)
    rotation = np.float32([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    corners = corners @ rotation.T
    shift = 0.04 * min(across, down)
    corners += np.float32([[rng.uniform(-shift, shift) for _ in range(2)] for _ in range(4)])
    reach_x, reach_y = np.abs(corners).max(axis=0)
    centre = (rng.uniform(reach_x, width - reach_x), rng.uniform(reach_y, height - reach_y))
    corners += np.float32(centre)
    matrix = cv2.getPerspectiveTransform(source, corners)
    grey = cv2.warpPerspective(
        modules, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=0
    )
    mask = cv2.warpPerspective(
        np.full_like(modules, 255), matrix, (width, height), flags=cv2.INTER_NEAREST
    )
    inside = mask > 0
    # Printed and photographed, black is never black nor white white.
    dark, light = rng.uniform(10, 80), rng.uniform(160, 245)
    image[inside] = (dark + grey[inside] / 255 * (light - dark)).astype(np.uint8)[:, None]
    sigma = rng.uniform(0, 1.5)
    if sigma > 0.05:
        cv2.GaussianBlur(image, (0, 0), sigma, dst=image)
    return {
        "share": round(share, 3),
        "angle": round(angle, 1),
        "sigma": round(sigma, 2),
        "contrast": round(light - dark),
    }


def jpeg(image: Any, quality: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def photos(seed: int, count: int, barcodes: int, clean: int, folder: Path | None) -> list[Photo]:
    rng = random.Random(seed)
    paths = background_paths(folder)
    kinds = ["qr"] * count + ["barcode"] * barcodes + ["clean"] * clean
    made = []
    for index, kind in enumerate(kinds):
        path = rng.choice(paths)
        image = background(path)
        quality = rng.randint(70, 92)
        text: str | None = None
        traits: dict[str, Any] = {}
        if kind == "qr":
            text = payload(rng)
            level = rng.choice(LEVELS)
            modules = code_modules(text, level)
            traits = plant(image, modules, rng)
            traits.update(level=level, modules=modules.shape[0] - 8)
        elif kind == "barcode":
            text, symbology = barcode_text(rng)
            traits = plant(image, barcode_modules(text, symbology), rng, rng.random() < 0.25)
            traits.update(symbology=symbology)
        traits.update(background=path.name, quality=quality)
        made.append(Photo(f"{kind}-{index:03d}", jpeg(image, quality), text, kind, traits))
    return made


# Readers --------------------------------------------------------------------------------------


class View:
    """One photo as the pixel pass holds it: the grey working copy, the sharper copy on demand."""

    def __init__(self, data: bytes) -> None:
        import cv2
        import numpy as np

        self.data = data
        decoded = decoding.decode(data, "jpeg")
        assert not isinstance(decoded, decoding.Skip)
        self.scale = decoded.scale
        self.full_size = decoded.full_size
        self.gray = cv2.cvtColor(np.asarray(decoded.upright), cv2.COLOR_RGB2GRAY)

    def detail_getter(self) -> Callable[[], Any]:
        import numpy as np

        held: list[Any] = []

        def detail() -> Any:
            if not held:
                image = decoding.decode_detail(self.data, "jpeg")
                held.append(None if image is None else np.asarray(image))
            return held[0]

        return detail


def opencv_before(view: View) -> list[str]:
    """The pipeline before zxing-cpp: OpenCV's ArUco-based detector on the working copy, the
    classic one too on a 480 px crop of the sharper copy when a code is located but not read."""
    import cv2

    aruco, classic = opencv_detectors()
    detail = view.detail_getter()
    width, height = view.full_size

    def decode(gray: Any, thorough: bool) -> tuple[list[str], list[Any]]:
        for detector in (aruco, classic)[: 2 if thorough else 1]:
            try:
                ok, texts, points, _ = detector.detectAndDecodeMulti(gray)
            except cv2.error:
                continue
            if ok and points is not None and len(points) and (any(texts) or not thorough):
                return list(texts), list(points)
        return [], []

    read = []
    texts, points = decode(view.gray, False)
    for text, corners in zip(texts, points, strict=False):
        if not text and view.scale > 1.2:
            box = project_qr_box(corners, view.scale, width, height)
            sharp = detail()
            factor = sharp.shape[1] / width
            left, top, w, h = (int(v * factor) for v in box)
            margin = int(0.2 * max(w, h)) + 8
            crop = sharp[
                max(0, top - margin) : top + h + margin, max(0, left - margin) : left + w + margin
            ]
            shrink = 480 / max(crop.shape[:2])
            if shrink < 1:
                crop = cv2.resize(crop, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
            text = next((t for t in decode(crop, True)[0] if t), "")
        if text:
            read.append(text)
    return read


@functools.cache
def opencv_detectors() -> tuple[Any, Any]:
    import cv2

    return cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector()


def project_qr_box(points: Any, scale: float, width: int, height: int) -> tuple[int, int, int, int]:
    xs = [float(p[0]) * scale for p in points]
    ys = [float(p[1]) * scale for p in points]
    left, top = max(0, int(min(xs))), max(0, int(min(ys)))
    right, bottom = min(width, int(max(xs)) + 1), min(height, int(max(ys)) + 1)
    return left, top, max(1, right - left), max(1, bottom - top)


def zxing_texts(gray: Any, formats: Any = None, **options: Any) -> list[Any]:
    import zxingcpp

    formats = zxingcpp.BarcodeFormat.QRCode if formats is None else formats
    return list(zxingcpp.read_barcodes(gray, formats=formats, **options))


def zxing_working(view: View) -> list[str]:
    return [found.text for found in zxing_texts(view.gray) if found.valid]


def zxing_full(view: View) -> list[str]:
    sharp = view.detail_getter()()
    return [found.text for found in zxing_texts(sharp) if found.valid]


def straighten(sharp: Any, quad: Any, side: int = 480) -> Any:
    """The located code in the sharper copy, its corners mapped onto an upright square."""
    import cv2
    import numpy as np

    margin = side // 8
    far = margin + side
    target = np.float32([[margin, margin], [far, margin], [far, far], [margin, far]])
    matrix = cv2.getPerspectiveTransform(np.float32(quad), target)
    return cv2.warpPerspective(
        sharp, matrix, (far + margin, far + margin), flags=cv2.INTER_LINEAR, borderValue=255
    )


def warp_retry(sharp: Any, quad: Any) -> list[str]:
    """Read one located code again from the sharper copy, straightened."""
    return [found.text for found in zxing_texts(straighten(sharp, quad)) if found.valid]


def warp_retry_opencv(sharp: Any, quad: Any) -> list[str]:
    """As :func:`warp_retry`, then OpenCV's two detectors on the same square if that failed."""
    import cv2

    square = straighten(sharp, quad)
    texts = [found.text for found in zxing_texts(square) if found.valid]
    for detector in () if texts else opencv_detectors():
        try:
            ok, found, _, _ = detector.detectAndDecodeMulti(square)
        except cv2.error:
            continue
        texts = [text for text in found if ok and text]
        if texts:
            break
    return texts


def crop_retry(sharp: Any, quad: Any) -> list[str]:
    """Read one located code again from an unwarped crop of the sharper copy."""
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    reach = 0.25 * max(max(xs) - min(xs), max(ys) - min(ys)) + 8
    left, top = int(max(0, min(xs) - reach)), int(max(0, min(ys) - reach))
    crop = sharp[top : int(max(ys) + reach), left : int(max(xs) + reach)]
    return [found.text for found in zxing_texts(crop) if found.valid]


def zxing_with_retry(retry: Callable[[Any, Any], list[str]]) -> Callable[[View], list[str]]:
    def read(view: View) -> list[str]:
        found = zxing_texts(view.gray, return_errors=True)
        texts = [item.text for item in found if item.valid]
        unread = [item for item in found if not item.valid]
        if unread and view.scale > 1.2:
            sharp = view.detail_getter()()
            factor = sharp.shape[1] / view.full_size[0] * view.scale
            for item in unread[:6]:
                position = item.position
                quad = [
                    (corner.x * factor, corner.y * factor)
                    for corner in (
                        position.top_left,
                        position.top_right,
                        position.bottom_right,
                        position.bottom_left,
                    )
                ]
                texts += retry(sharp, quad)
        return texts

    return read


def zxing_then_opencv(view: View) -> list[str]:
    """zxing-cpp with the warped retry; OpenCV's pipeline only when zxing-cpp read nothing."""
    return zxing_with_retry(warp_retry)(view) or opencv_before(view)


@functools.cache
def wechat_detector() -> Any:
    """OpenCV contrib's WeChat reader, without its two CNN models (the wheel holds none)."""
    import cv2

    return cv2.wechat_qrcode.WeChatQRCode()


def wechat(view: View) -> list[str]:
    """WeChat's reader on the working copy (needs opencv-contrib-python's ``cv2``)."""
    texts, _ = wechat_detector().detectAndDecode(view.gray)
    return [text for text in texts if text]


def opencv_barcodes(view: View) -> list[str]:
    ok, texts, _, _ = barcode_detector().detectAndDecodeMulti(view.gray)
    return [text for text in texts if text] if ok else []


@functools.cache
def barcode_detector() -> Any:
    import cv2

    return cv2.barcode.BarcodeDetector()


def zxing_linear(try_rotate: bool) -> Callable[[View], list[str]]:
    def read(view: View) -> list[str]:
        import zxingcpp

        found = zxing_texts(view.gray, zxingcpp.BarcodeFormat.AllLinear, try_rotate=try_rotate)
        return [item.text for item in found if item.valid]

    return read


def project(view: View) -> list[str]:
    """What ``audit.pixels.qr.find`` reads now, QR codes and barcodes."""
    codes = project_qr.find(view.gray, view.scale, view.full_size, view.detail_getter())
    return [code.payload for code in codes]


READERS: dict[str, Callable[[View], list[str]]] = {
    "opencv-before": opencv_before,
    "zxing-960": zxing_working,
    "zxing-full": zxing_full,
    "zxing-960+crop": zxing_with_retry(crop_retry),
    "zxing-960+warp": zxing_with_retry(warp_retry),
    "zxing+warp+opencv-sq": zxing_with_retry(warp_retry_opencv),
    "zxing+warp|opencv": zxing_then_opencv,
    "wechat-960": wechat,
    "cv2.barcode-960": opencv_barcodes,
    "zxing-linear-960": zxing_linear(True),
    "zxing-linear-upright": zxing_linear(False),
    "project": project,
}


def main() -> None:
    import cv2

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--count", type=int, default=60, help="photos with a QR code")
    parser.add_argument("--barcodes", type=int, default=20, help="photos with a barcode")
    parser.add_argument("--clean", type=int, default=20, help="photos with no code")
    parser.add_argument("--backgrounds", type=Path, default=None)
    parser.add_argument(
        "--readers",
        default=",".join(name for name in READERS if name != "wechat-960"),
        help="wechat-960 needs opencv-contrib-python's cv2 first on the path",
    )
    parser.add_argument("--misses", action="store_true", help="list the codes each reader missed")
    args = parser.parse_args()
    cv2.setNumThreads(1)
    chosen = {name: READERS[name] for name in args.readers.split(",")}

    made = photos(args.seed, args.count, args.barcodes, args.clean, args.backgrounds)
    backgrounds = sorted({photo.traits["background"] for photo in made})
    print(
        f"seed {args.seed}: {args.count} photos with a QR code, {args.barcodes} with a barcode, "
        f"{args.clean} with neither; {LONG_SIDE} px long side, on {len(backgrounds)} backgrounds"
    )
    views = [View(photo.data) for photo in made]
    for read in chosen.values():  # load models and warm caches off the clock
        read(views[0])
    times: dict[str, dict[str, list[float]]] = {name: {} for name in chosen}
    hits = {name: dict.fromkeys(("qr", "barcode"), 0) for name in chosen}
    false_reads = dict.fromkeys(chosen, 0)
    misses: dict[str, list[str]] = {name: [] for name in chosen}
    for photo, view in zip(made, views, strict=True):
        for name, read in chosen.items():
            started = time.perf_counter()
            texts = read(view)
            elapsed = (time.perf_counter() - started) * 1000
            times[name].setdefault(photo.kind, []).append(elapsed)
            if photo.payload in texts:
                hits[name][photo.kind] += 1
            elif photo.payload:
                misses[name].append(f"{photo.kind} {photo.name} {photo.traits}")
            false_reads[name] += len({text for text in texts if text != photo.payload})

    def median(name: str, kind: str) -> float:
        values = times[name].get(kind)
        return statistics.median(values) if values else float("nan")

    reference = next(iter(chosen))
    print(
        f"{'reader':<22} {'QR read':>9} {'barcodes':>9} {'ms QR':>7} {'ms bar':>7} "
        f"{'ms none':>7} {'x ref':>6} {'false':>5}"
    )
    for name in chosen:
        qr_hits, bar_hits = hits[name]["qr"], hits[name]["barcode"]
        ratio = median(name, "clean") / median(reference, "clean")
        print(
            f"{name:<22} {qr_hits:>4}/{args.count:<4} {bar_hits:>4}/{args.barcodes:<4} "
            f"{median(name, 'qr'):>7.1f} {median(name, 'barcode'):>7.1f} "
            f"{median(name, 'clean'):>7.1f} {ratio:>6.2f} {false_reads[name]:>5}"
        )
    print(f"(x ref: time on photos with no code, against {reference})")
    if args.misses:
        for name in chosen:  # only the kinds of code the reader reads at all
            for line in misses[name]:
                if hits[name][line.split()[0]]:
                    print(f"  missed by {name}: {line.split(' ', 1)[1]}")


if __name__ == "__main__":
    main()
