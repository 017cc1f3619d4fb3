"""The figures behind the pixel and preview thresholds: what each side of each cut-off looks like.

Run from the repository root:

    python benchmarks/thresholds.py                     # previews, faces and OCR scores
    python benchmarks/thresholds.py --previews FOLDER   # also the largest preview in real files

Printed, each with the constant it supports (docs/pixels.md quotes the figures):

- previews (``detectors/thumbnail.py``): the 32x32 grey difference between a photo and a
  preview of the same picture (JPEG quality 50-95, 160 to 640 px wide) against one where a
  part was covered or cut away (CONTENT_TOLERANCE); the shape error that rounding a preview to
  whole pixels makes against the smallest crop worth reporting (ASPECT_TOLERANCE); the
  brightest pixel JPEG leaves in a black bar (the bar level); with ``--previews``, the largest
  preview in a folder of real camera files (the 4-megapixel preview limit);
- faces (``pixels/faces.py`` MIN_SCORE): BlazeFace's score for the drawn face against the best
  score of anything else it proposes, in photos with and without a face;
- OCR (``detectors/watermarks.py`` ocr_confidence): the recogniser's score of each line that
  gave an ID, and whether the ID was read right, by score band.

Every photo is drawn by ``audit/demo/pixel_samples.py`` from fixed seeds.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from PIL import Image, ImageChops, ImageDraw, ImageStat  # noqa: E402

from audit.demo import pixel_samples  # noqa: E402


def _grey_difference(first: Image.Image, second: Image.Image) -> float:
    """What detectors/thumbnail.py measures: mean absolute difference of 32x32 grey copies."""
    small = (32, 32)
    a = first.convert("L").resize(small)
    b = second.convert("L").resize(small)
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


def _jpeg_copy(image: Image.Image, width: int, quality: int) -> Image.Image:
    height = round(width * image.height / image.width)
    buffer = io.BytesIO()
    image.resize((width, height)).save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def _covered(image: Image.Image, share: float, seed: int) -> Image.Image:
    """The picture with a rectangle of ``share`` of its area painted over (an edit)."""
    edited = image.copy()
    side_w, side_h = round(image.width * share**0.5), round(image.height * share**0.5)
    left = (seed * 997) % max(1, image.width - side_w)
    top = (seed * 613) % max(1, image.height - side_h)
    shade = (seed * 53) % 256
    ImageDraw.Draw(edited).rectangle(
        (left, top, left + side_w, top + side_h), fill=(shade, shade, shade)
    )
    return edited


def previews(count: int) -> None:
    size = (1600, 1200)
    same, edited = [], {0.02: [], 0.05: [], 0.1: []}
    for i in range(count):
        photo = pixel_samples.background(i, size)
        for width in (160, 320, 640):
            for quality in (50, 75, 95):
                same.append(_grey_difference(photo, _jpeg_copy(photo, width, quality)))
        for share, found in edited.items():
            before = _covered(photo, share, i)
            found.append(_grey_difference(photo, _jpeg_copy(before, 160, 75)))
    print(f"previews: {count} photos, each against 9 previews of itself and 3 edited ones")
    print(
        f"  same picture:   largest difference {max(same):.1f} (mean {sum(same) / len(same):.1f})"
    )
    for share, found in edited.items():
        over = sum(value > 28.0 for value in found)
        print(
            f"  {share:.0%} covered:    smallest {min(found):.1f}, median "
            f"{sorted(found)[len(found) // 2]:.1f}; above 28: {over} of {len(found)}"
        )
    worst = 0.0
    for ratio in (4 / 3, 3 / 2, 16 / 9, 1.0):
        for width in (120, 160, 256, 320, 640, 1920):
            height = round(width / ratio)
            worst = max(worst, abs((width / height) / ratio - 1))
    print(f"  rounding a preview to whole pixels changes its shape by at most {worst:.2%}")
    print(
        "  a 4:3 photo cropped to 3:2 changes shape by "
        f"{(3 / 2) / (4 / 3) - 1:.1%}, to 16:9 by {(16 / 9) / (4 / 3) - 1:.1%}"
    )
    brightest = 0
    for quality in (50, 75, 95):
        for i in range(count):
            photo = pixel_samples.background(i, (1600, 1200)).resize((160, 90))
            padded = Image.new("RGB", (160, 120))
            padded.paste(photo, (0, 15))
            copy = _jpeg_copy(padded, 160, quality).convert("L")
            for box in ((0, 0, 160, 13), (0, 107, 160, 120)):
                brightest = max(brightest, copy.crop(box).getextrema()[1])
    print(f"  brightest pixel left in a black bar by JPEG (quality 50-95): {brightest}")


def real_previews(folder: Path) -> None:
    """The largest preview in real camera files, and how far same-shaped ones differ."""
    from audit.detectors import thumbnail
    from audit.readers import read_metadata
    from audit.sources.photo import open_photo

    sizes, differences = [], []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        with open_photo(str(path)) as photo:
            if not hasattr(photo, "data"):
                continue
            result = read_metadata(photo, lambda key: True)
        for preview in getattr(getattr(result, "metadata", None), "previews", ()):
            try:
                with Image.open(io.BytesIO(preview.data)) as image:
                    sizes.append((image.width * image.height, image.size, path.name))
                with Image.open(path) as main:
                    main.draft("RGB", (main.width // 8 or 1, main.height // 8 or 1))
                    picture = main.convert("RGB")
            except Exception:
                continue
            small = thumbnail._decoded(preview)
            if small is None:
                continue
            shape = thumbnail._aspect(picture.width, picture.height)
            if thumbnail._same_shape(thumbnail._trimmed_aspect(small), shape):
                differences.append((_grey_difference(small, picture), path.name))
    sizes.sort(reverse=True)
    differences.sort(reverse=True)
    print(f"previews in {folder.name}: {len(sizes)} decodable")
    for pixels, (width, height), name in sizes[:3]:
        print(f"  {width} x {height} ({pixels / 1e6:.2f} MP) in {name}")
    print(f"  {len(differences)} of the same shape as their photo; largest differences:")
    for value, name in differences[:5]:
        print(f"    {value:.1f} in {name}")


def faces(count: int) -> None:
    import numpy as np

    from audit.pixels import decode
    from audit.pixels import faces as face_module

    face_module.MIN_SCORE = 0.2
    drawn, other_in_face, other_in_clean = [], [], []
    cases = pixel_samples.face_cases(count) + pixel_samples.clean_cases(count)
    for case in cases:
        decoded = decode.decode(case.data, "jpeg", decode.DEFAULT_MAX_PIXELS)
        rgb = np.asarray(decoded.upright.convert("RGB"))
        found = sorted(face_module.find(rgb, decoded.scale), key=lambda f: -f.score)
        if case.category == "face":
            if found:
                drawn.append(found[0].score)
            other_in_face += [f.score for f in found[1:]]
        else:
            other_in_clean += [f.score for f in found]
    others = other_in_face + other_in_clean
    print(f"faces: {count} photos with the portrait (face 4-25 % of the width), {count} without")
    print(
        f"  drawn face: found in {len(drawn)} of {count}; lowest score {min(drawn):.2f}, median "
        f"{sorted(drawn)[len(drawn) // 2]:.2f}; below 0.6: {sum(s < 0.6 for s in drawn)}, "
        f"0.8 or more: {sum(s >= 0.8 for s in drawn)}"
    )
    print(
        f"  anything else proposed (score >= 0.2): {len(others)}; highest "
        f"{max(others, default=0):.2f}; at or above 0.6: {sum(s >= 0.6 for s in others)}"
    )


def ocr(count: int) -> None:
    from audit.detectors.contacts import text_findings
    from audit.pixels import Pixels

    bands = {"0.90 and above": [0, 0], "0.75 to 0.90": [0, 0], "below 0.75": [0, 0]}
    for case in pixel_samples.text_cases(count):
        pixels = Pixels(case.data, "jpeg")
        expected = {item.value for item in case.expected}
        ids = {item.finding_id for item in case.expected}
        for line in pixels.phrases():
            for finding in text_findings([line], lambda box: box):
                if finding.id not in ids:
                    continue
                right = any(e.value in expected for e in finding.evidence)
                band = (
                    "0.90 and above"
                    if line.score >= 0.9
                    else "0.75 to 0.90"
                    if line.score >= 0.75
                    else "below 0.75"
                )
                bands[band][0 if right else 1] += 1
    print(f"OCR: {count} photos with a watermark or contact (1.2-3.5 % of the width tall)")
    for band, (right, wrong) in bands.items():
        total = right + wrong
        share = f"{right / total:.0%}" if total else "-"
        print(f"  line score {band:>14}: {total:3d} IDs read, {share} right ({wrong} misread)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=24, help="photos of each kind")
    parser.add_argument("--previews", type=Path, help="a folder of real camera files")
    parser.add_argument("--skip-ocr", action="store_true", help="leave out the slow OCR part")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    previews(args.count)
    if args.previews:
        real_previews(args.previews)
    faces(args.count)
    if not args.skip_ocr:
        ocr(2 * args.count)


if __name__ == "__main__":
    main()
