"""Speed of the whole pixel pass on 12-megapixel photos, against OCR at full resolution.

Run from the repository root:

    python benchmarks/pixels.py            # 3 repeats, 2 worker processes
    python benchmarks/pixels.py --repeats 5 --workers 2

Both sides run in the same way and in the same run, so that a busy machine slows both: a pool
of worker processes (one per core, one thread each, models loaded before the clock starts) maps
over the same photos. "Pixel pass" is ``audit.inspect.analyse_pixels``: one draft-mode decode to the
shared working copy, OCR, QR codes and faces. "Full-resolution OCR" decodes every pixel and
runs RapidOCR on the whole picture, then the same pattern matching. Photos per second and the
ratio are medians over the repeats; recall is the share of drawn watermarks and contacts found
(and, for the pixel pass, of QR codes and faces too).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import pixel_accuracy

from audit.demo import pixel_samples


def photos() -> list:
    """24 photos: each of the 13 texts once at a watermark's size (1.8-3.5 % of the width),
    four QR codes, four faces and three clean photos."""
    count = len(pixel_samples.TEXTS)
    text = [pixel_samples.text_case(k + count * (1 + k % 3)) for k in range(count)]
    return [
        *text,
        *pixel_samples.qr_cases(4, offset=8),
        *pixel_samples.face_cases(4, offset=1),
        *pixel_samples.clean_cases(3),
    ]


def timed(pool, function, items) -> tuple[float, list]:
    started = time.perf_counter()
    results = pool.map(function, items, chunksize=1)
    return time.perf_counter() - started, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from audit.pixels import decode

    cases = photos()
    data = [case.data for case in cases]
    size = sum(len(item) for item in data) / len(data) / 1e6
    print(
        f"{len(cases)} photos, {pixel_samples.FULL_SIZE[0]}x{pixel_samples.FULL_SIZE[1]}, "
        f"{size:.1f} MB each on average; working copy {decode.WORK_SIDE} px; {args.workers} "
        f"workers x 1 thread; {args.repeats} repeats"
    )
    fast_rates, naive_rates, ratios = [], [], []
    with (
        Pool(args.workers, initializer=pixel_accuracy._start, initargs=(decode.WORK_SIDE,)) as fast,
        Pool(args.workers, initializer=pixel_accuracy._start_naive) as naive,
    ):
        fast.map(pixel_accuracy._analyse, data[:2], chunksize=1)
        naive.map(pixel_accuracy.naive_findings, data[:2], chunksize=1)
        for repeat in range(args.repeats):
            fast_seconds, fast_results = timed(fast, pixel_accuracy._analyse, data)
            naive_seconds, naive_results = timed(naive, pixel_accuracy.naive_findings, data)
            fast_rates.append(len(data) / fast_seconds)
            naive_rates.append(len(data) / naive_seconds)
            ratios.append(naive_seconds / fast_seconds)
            print(
                f"  repeat {repeat + 1}: pixel pass {fast_rates[-1]:.2f} photos/s, "
                f"full-resolution OCR {naive_rates[-1]:.2f} photos/s, ratio {ratios[-1]:.1f}x"
            )
    fast_score = pixel_accuracy.score(cases, fast_results)
    naive_score = pixel_accuracy.score(cases, naive_results)
    text_cases = [case for case in cases if case.category == "text"]
    fast_text = pixel_accuracy.score(
        text_cases, [r for r, c in zip(fast_results, cases, strict=False) if c.category == "text"]
    )

    def share(outcome, categories) -> str:
        hits = sum(outcome["hits"][c] for c in categories)
        total = sum(outcome["expected"][c] for c in categories)
        return f"{hits}/{total} ({hits / total:.0%})"

    print(f"median pixel pass:          {statistics.median(fast_rates):.2f} photos/s")
    print(f"median full-resolution OCR: {statistics.median(naive_rates):.2f} photos/s")
    print(f"median ratio:               {statistics.median(ratios):.1f}x")
    print(
        f"text recall:    pixel pass {share(fast_text, ['text'])}, full-resolution OCR "
        f"{share(naive_score, ['text'])}"
    )
    print(
        f"overall recall: pixel pass {share(fast_score, ['text', 'qr', 'face'])} (QR "
        f"{share(fast_score, ['qr'])}, faces {share(fast_score, ['face'])})"
    )
    print(
        f"false positives: pixel pass {sum(fast_score['false_positives'].values())}, "
        f"full-resolution OCR {sum(naive_score['false_positives'].values())}"
    )
    print(
        f"misreadings:     pixel pass {sum(fast_score['misread'].values())}, full-resolution OCR "
        f"{sum(naive_score['misread'].values())}"
    )


if __name__ == "__main__":
    main()
