"""Recall and false positives of the pixel checks on generated 12-megapixel photos.

Run from the repository root:

    python benchmarks/pixel_accuracy.py                  # the shipped working resolution
    python benchmarks/pixel_accuracy.py --sides 640,800,960,1280 --naive

Every photo is drawn by ``audit/demo/pixel_samples.py`` from fixed seeds: platform watermarks,
handles and contacts at 1.2-3.5 % of the width in five places, three opacities and three JPEG
qualities; QR codes of 8-30 % of the width turned up to 25 degrees and blurred; the public-domain
portrait with her face at 4-25 % of the width; and clean photos, half of them with everyday
captions. Recall is the share of expected findings reported (with the exact ID or payload);
a false positive is any finding nobody drew. ``--naive`` adds OCR on the full-resolution
picture, the yardstick for the text recall of the downscaled copy. A finding with the right id
where something was drawn but a wrong value (OCR read ``lily_chen`` for ``lily_chen_88``) is
counted as a misreading, not as a false positive.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from audit.demo import pixel_samples


def _start(side: int) -> None:
    os.environ["OMP_NUM_THREADS"] = "1"
    from audit import pixels
    from audit.pixels import decode

    decode.WORK_SIDE = side
    pixels.warm_up()


def _analyse(data: bytes):
    from audit.inspect import analyse_pixels as analyse

    return analyse(data, "jpeg").findings


def _start_naive() -> None:
    os.environ["OMP_NUM_THREADS"] = "1"
    naive_engine()


_naive = None


def naive_engine():
    """RapidOCR as one would call it on a whole photo: every pixel, one thread."""
    global _naive
    if _naive is None:
        import cv2
        from rapidocr_onnxruntime import RapidOCR

        cv2.setNumThreads(1)
        _naive = RapidOCR(
            intra_op_num_threads=1,
            inter_op_num_threads=1,
            max_side_len=100_000,
            det_limit_type="max",
            det_limit_side_len=100_000,
        )
    return _naive


def naive_findings(data: bytes):
    """Full decode, OCR at full resolution, then the same pattern matching as the pixel pass."""
    import io

    import numpy as np
    from PIL import Image

    from audit.detectors.contacts import text_findings
    from audit.pixels import ocr
    from audit.pixels.normalize import normalise

    with Image.open(io.BytesIO(data)) as image:
        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
    result, _ = naive_engine()(bgr)
    lines = []
    for polygon, raw, score in result or []:
        xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
        box = (int(min(xs)), int(min(ys)), int(max(xs) - min(xs)), int(max(ys) - min(ys)))
        lines.append(ocr.Line(raw, normalise(raw), float(score), box))
    return text_findings(ocr.phrases(lines), lambda box: box)


def score(cases, results) -> dict:
    """Recall per category and false positives, over the cases and their findings."""
    expected = collections.Counter()
    hits = collections.Counter()
    false_positives = collections.Counter()
    misread = collections.Counter()
    misses = []
    for case, findings in zip(cases, results, strict=False):
        for item in case.expected:
            expected[case.category] += 1
            if pixel_samples.found(item, findings):
                hits[case.category] += 1
            else:
                misses.append((case.name, case.traits))
        drawn = {item.finding_id for item in case.expected}
        for finding in findings:
            if any(pixel_samples.found(item, [finding]) for item in case.expected):
                continue
            if finding.id in drawn:
                misread[case.category] += 1
            else:
                false_positives[case.category] += 1
    return {
        "expected": expected,
        "hits": hits,
        "false_positives": false_positives,
        "misread": misread,
        "misses": misses,
    }


def report(label: str, outcome: dict, seconds: float, photos: int) -> None:
    parts = []
    for category in ("text", "qr", "face", "clean"):
        total = outcome["expected"][category]
        hits = outcome["hits"][category]
        if total:
            parts.append(f"{category} {hits}/{total} ({hits / total:.0%})")
    recall_all = sum(outcome["hits"].values()) / max(1, sum(outcome["expected"].values()))
    fps = sum(outcome["false_positives"].values())
    misread = sum(outcome["misread"].values())
    print(
        f"{label:>14}: recall {recall_all:.1%} [{', '.join(parts)}]; false positives {fps} "
        f"{dict(outcome['false_positives'])}; misread {misread}; {photos / seconds:.2f} photos/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sides", default="", help="working resolutions to compare, e.g. 640,800,960"
    )
    parser.add_argument(
        "--naive", action="store_true", help="also OCR the text photos at full resolution"
    )
    parser.add_argument(
        "--per-kind",
        type=int,
        default=12,
        help="QR, face and clean photos each (text: all texts x all sizes)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--misses", action="store_true", help="list what was missed")
    args = parser.parse_args()

    from audit.pixels import decode

    sides = [int(v) for v in args.sides.split(",") if v] or [decode.WORK_SIDE]
    started = time.perf_counter()
    text = pixel_samples.text_cases(len(pixel_samples.TEXTS) * len(pixel_samples.TEXT_HEIGHTS))
    cases = [
        *text,
        *pixel_samples.qr_cases(args.per_kind),
        *pixel_samples.face_cases(args.per_kind),
        *pixel_samples.clean_cases(args.per_kind),
    ]
    print(
        f"{len(cases)} photos of {pixel_samples.FULL_SIZE[0]}x{pixel_samples.FULL_SIZE[1]} "
        f"generated in {time.perf_counter() - started:.0f} s; {args.workers} worker processes, 1 "
        f"thread each"
    )
    for side in sides:
        with Pool(args.workers, initializer=_start, initargs=(side,)) as pool:
            started = time.perf_counter()
            results = pool.map(_analyse, [case.data for case in cases], chunksize=1)
            seconds = time.perf_counter() - started
        outcome = score(cases, results)
        report(f"side {side}", outcome, seconds, len(cases))
        if args.misses:
            for name, traits in outcome["misses"]:
                print(f"    missed {name}: {traits}")
    if args.naive:
        with Pool(args.workers, initializer=_start_naive) as pool:
            started = time.perf_counter()
            results = pool.map(naive_findings, [case.data for case in text], chunksize=1)
            seconds = time.perf_counter() - started
        outcome = score(text, results)
        report("full-res OCR", outcome, seconds, len(text))
        if args.misses:
            for name, traits in outcome["misses"]:
                print(f"    missed {name}: {traits}")


if __name__ == "__main__":
    main()
