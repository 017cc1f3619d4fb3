"""Recall and false positives of the pixel checks on generated photos.

Run from the repository root:

    python benchmarks/pixel_accuracy.py                  # the shipped working resolution
    python benchmarks/pixel_accuracy.py --sides 640,800,960,1280 --naive
    python benchmarks/pixel_accuracy.py --seed 20261202 --planted 60 --qr 25 --clean 30

With ``--seed``, the planted benchmark (``benchmarks/planted.py``, described there and in
docs/pixels.md): platform IDs, handles, contacts and QR codes drawn at random from the seed, in
fonts, sizes, places and styles the tests never use, on real photos (``--photos``, by default
the shared camera corpus). It prints recall per platform and per size band, ID and handle
recall, QR and contact recall, false alarms on the clean photos (listed), misreadings (the
right kind of finding with a wrong value: what was read against what was planted) and the
speed. Seed 0 belongs to the tests; report figures for other seeds. Without ``--seed``:

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

import planted

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
    """RapidOCR as one would call it on a whole photo: every pixel, one thread, with the
    wheel's own detector and exposure's recogniser (so the two differ in how they look, not in
    how they read)."""
    global _naive
    if _naive is None:
        import cv2
        from rapidocr_onnxruntime import RapidOCR

        from audit.pixels.ocr import RECOGNISER

        cv2.setNumThreads(1)
        _naive = RapidOCR(
            intra_op_num_threads=1,
            inter_op_num_threads=1,
            rec_model_path=str(RECOGNISER),
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


def percent(hits: int, total: int) -> str:
    return f"{hits}/{total} ({hits / total:.0%})" if total else "0/0"


def tally(pairs) -> str:
    """``key hits/total`` for each key, from (key, hit) pairs."""
    totals: collections.Counter = collections.Counter()
    hits: collections.Counter = collections.Counter()
    for key, hit in pairs:
        totals[key] += 1
        hits[key] += hit
    return ", ".join(f"{key} {hits[key]}/{totals[key]}" for key in totals)


def shown(finding) -> str:
    """A finding as ``id/rule 'value'`` and, for OCR, the line it was read from."""
    values = [evidence.value for evidence in finding.evidence]
    read = f" (line read {values[1]!r})" if len(values) > 1 else ""
    return f"{finding.rule} {values[0]!r}{read}"


def report_planted(cases, results, seconds: float, misses: bool) -> None:
    """Recall per platform, size band and kind; false alarms on clean photos; misreadings."""
    marks, rows = [], []
    misread, others, alarms, missed = [], [], [], []
    faces = 0
    for case, findings in zip(cases, results, strict=True):
        faces += any(finding.id == "face.visible" for finding in findings)
        findings = [finding for finding in findings if finding.id != "face.visible"]
        if case.category == "clean":
            alarms += [(case, finding) for finding in findings]
            continue
        (expected,) = case.expected
        hit = pixel_samples.found(expected, findings)
        rows.append((case, hit))
        if case.category == "text":
            marks.append((case, hit))
        if not hit:
            missed.append(case)
        for finding in findings:
            if pixel_samples.found(expected, [finding]):
                continue
            if finding.id == expected.finding_id and not hit:
                misread.append((case, expected, finding))
            else:
                others.append((case, finding))
    ids = [(c, h) for c, h in marks if c.traits["platform"] not in planted.CONTACTS]
    contacts = [(c, h) for c, h in marks if c.traits["platform"] in planted.CONTACTS]
    codes = [(c, h) for c, h in rows if c.category == "qr"]
    clean = [case for case in cases if case.category == "clean"]
    print(f"ID and handle recall: {percent(sum(h for _, h in ids), len(ids))}")
    order = list(planted.PLATFORMS)
    by_platform = sorted(ids, key=lambda row: order.index(row[0].traits["platform"]))
    print(f"    per platform: {tally((c.traits['platform'], h) for c, h in by_platform)}")
    bands = sorted(ids, key=lambda row: row[0].traits["size"])
    print(f"    per size band: {tally((c.traits['band'], h) for c, h in bands)}")
    print(f"    per layout: {tally((c.traits['layout'], h) for c, h in ids)}")
    by_size = sorted(codes, key=lambda row: row[0].traits["size"])
    print(
        f"contacts recall: {percent(sum(h for _, h in contacts), len(contacts))} "
        f"[{tally((c.traits['platform'], h) for c, h in contacts)}]"
    )
    print(
        f"QR recall: {percent(sum(h for _, h in codes), len(codes))} "
        f"[{tally((c.traits['band'], h) for c, h in by_size)}]"
    )
    flagged = {case.name for case, _ in alarms}
    print(
        f"false alarms on clean photos: {len(alarms)} findings on {len(flagged)} of "
        f"{len(clean)} photos"
    )
    for case, finding in alarms:
        caption = case.traits.get("caption")
        print(f"    {case.name} ({case.traits['photo']}, caption {caption!r}): {shown(finding)}")
    print(f"misreadings: {len(misread)}")
    for case, expected, finding in misread:
        print(f"    {case.name}: planted {expected.value!r}, reported {shown(finding)}")
    print(f"other findings on planted photos: {len(others)}")
    for case, finding in others:
        print(f"    {case.name} ({case.traits['photo']}): {shown(finding)}")
    print(f"photos where a face was reported (not counted; real photos may show one): {faces}")
    print(f"analysis: {len(cases) / seconds:.2f} photos/s ({len(cases)} photos in {seconds:.0f} s)")
    if misses:
        for case in missed:
            print(f"    missed {case.name}: {case.traits}")


def run_planted(args) -> None:
    """Generate the planted set for ``args.seed`` and report what the pixel checks find in it."""
    from audit.pixels import decode

    try:
        photos = planted.photos(Path(args.photos))
        planted.fonts()
    except planted.Missing as problem:
        sys.exit(f"pixel_accuracy.py: {problem}")
    if args.seed == planted.TEST_SEED:
        print(f"note: seed {planted.TEST_SEED} is the tests' seed; report figures for another one")
    counts = (("planted", args.planted), ("qr", args.qr), ("clean", args.clean))
    jobs = [(kind, args.seed, i, photos) for kind, count in counts for i in range(count)]
    started = time.perf_counter()
    with Pool(args.workers) as pool:
        cases = pool.map(planted.make, jobs, chunksize=1)
    print(
        f"seed {args.seed}: {args.planted} marks, {args.qr} QR codes and {args.clean} clean "
        f"photos on {len(photos)} photos from {args.photos}, generated in "
        f"{time.perf_counter() - started:.0f} s; {args.workers} worker processes, 1 thread each"
    )
    for side in [int(v) for v in args.sides.split(",") if v] or [decode.WORK_SIDE]:
        with Pool(args.workers, initializer=_start, initargs=(side,)) as pool:
            started = time.perf_counter()
            results = pool.map(_analyse, [case.data for case in cases], chunksize=1)
            seconds = time.perf_counter() - started
        print(f"working copy {side} px:")
        report_planted(cases, results, seconds, args.misses)
    if args.naive:
        marks = [case for case in cases if case.category in ("text", "clean")]
        with Pool(args.workers, initializer=_start_naive) as pool:
            started = time.perf_counter()
            results = pool.map(naive_findings, [case.data for case in marks], chunksize=1)
            seconds = time.perf_counter() - started
        print("full-resolution OCR (text only):")
        report_planted(marks, results, seconds, args.misses)


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
    parser.add_argument(
        "--seed", type=int, help="run the planted benchmark drawn from this seed (tests use 0)"
    )
    parser.add_argument("--planted", type=int, default=60, help="planted IDs and contacts")
    parser.add_argument("--qr", type=int, default=25, help="planted QR codes")
    parser.add_argument("--clean", type=int, default=30, help="photos with nothing planted")
    parser.add_argument(
        "--photos",
        default=str(planted.DEFAULT_PHOTOS),
        help="folder of JPEG photos of 3 MP or more to plant on (default: the shared corpus)",
    )
    args = parser.parse_args()
    if args.seed is not None:
        run_planted(args)
        return

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
