"""Speed of the whole scan (metadata and pixels) on full-size photos, against full-resolution OCR.

Run from the repository root:

    python benchmarks/pixels.py --seed 5 --count 40 --repeats 3
    python benchmarks/pixels.py --seed 5 --photos ~/Pictures/DCIM --count 60
    python benchmarks/pixels.py --seed 5 --count 24 --repeats 1 --skip-naive --stages

The photos are real camera photos at their native size (by default the shared corpus's JPEGs of
3 megapixels or more, 3-16 MP), written to a temporary folder: one in four carries a planted
platform ID, handle or contact and one in eight a planted QR code (``benchmarks/planted.py``,
from the seed given), the rest nothing, as in a real library where most photos show no text.

"Scan" is ``exposure scan FOLDER --no-cache --jobs 2 -f json`` as a user runs it: start-up,
metadata, one decode per photo, text, codes and faces, and the report. "Full-resolution OCR"
decodes every pixel of every photo and runs RapidOCR on the whole picture, one thread in each of
as many worker processes, models loaded before the clock starts, then the same pattern
matching. Both run in the same run, one after the other in each repeat, so a busy machine slows
both; photos per second and the ratio are medians over the repeats. Recall is the share of
planted IDs, contacts and codes each one reports exactly.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import pixel_accuracy
import planted

#: Shares of the photos that carry a planted mark and a planted code.
MARKED, CODED = 0.25, 0.125


def cases(seed: int, count: int, photos: tuple[Path, ...]) -> list:
    marked = round(count * MARKED)
    coded = round(count * CODED)
    jobs = [("planted", seed, i, photos) for i in range(marked)]
    jobs += [("qr", seed, i, photos) for i in range(coded)]
    jobs += [("clean", seed, i, photos) for i in range(count - marked - coded)]
    with Pool(2) as pool:
        return pool.map(planted.make, jobs, chunksize=1)


def scan(folder: Path, workers: int) -> tuple[float, dict]:
    """Seconds for the whole scan, and its report."""
    report = folder.parent / "report.json"
    command = [
        sys.executable,
        "-m",
        "audit",
        "scan",
        str(folder),
        "--no-cache",
        "--jobs",
        str(workers),
        "-f",
        "json",
        "-o",
        str(report),
    ]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=False, capture_output=True)
    seconds = time.perf_counter() - started
    return seconds, json.loads(report.read_text(encoding="utf-8"))


def found_in_report(report: dict, name: str, expected) -> bool:
    for photo in report["photos"]:
        if Path(photo["path"]).name != name:
            continue
        for finding in photo.get("findings", []):
            if finding["id"] != expected.finding_id:
                continue
            values = [evidence.get("value") for evidence in finding.get("evidence", [])]
            if expected.value is None or expected.value in values:
                return True
    return False


def stages(library: list) -> None:
    """Where the pixel pass spends its time, per photo and core, in this process (one thread)."""
    import collections

    from audit import pixels
    from audit.inspect import analyse_pixels
    from audit.pixels import decode, faces, ocr, qr

    pixels.warm_up()
    spent: dict[str, float] = collections.defaultdict(float)
    #: The first detection of each photo is the one on the working copy.
    first = [True]

    def timed(name, function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name(*args) if callable(name) else name] += time.perf_counter() - started

        return run

    detector = ocr.engine().text_det

    def which(blob) -> str:
        whole, first[0] = first[0], False
        return "text detector, working copy" if whole else "text detector, closer look"

    detector.infer = timed(which, detector.infer)
    ocr._recognise = timed("recogniser", ocr._recognise)
    faces.find = timed("faces", faces.find)
    qr.find = timed("codes", qr.find)
    decode.decode = timed("decode", decode.decode)
    analyse_pixels(library[0].data, "jpeg")
    spent.clear()
    started = time.perf_counter()
    for case in library:
        first[0] = True
        analyse_pixels(case.data, "jpeg")
    total = time.perf_counter() - started
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {name}: {seconds / len(library) * 1000:.0f} ms/photo ({seconds / total:.0%})")
    print(f"  whole pixel pass: {total / len(library) * 1000:.0f} ms/photo")


def _megapixels(data: bytes) -> float:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.width * image.height / 1e6


def recall(outcomes: list[bool]) -> str:
    return f"{sum(outcomes)}/{len(outcomes)} ({sum(outcomes) / max(1, len(outcomes)):.0%})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--count", type=int, default=40, help="photos in the library")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--photos", default=str(planted.DEFAULT_PHOTOS))
    parser.add_argument("--skip-naive", action="store_true", help="time the scan alone")
    parser.add_argument(
        "--stages", action="store_true", help="also time each stage of the pixel pass"
    )
    args = parser.parse_args()
    if args.seed == planted.TEST_SEED:
        parser.error(f"seed {planted.TEST_SEED} belongs to the tests; report another")

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    photos = planted.photos(Path(args.photos).expanduser())
    library = cases(args.seed, args.count, photos)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "library"
        folder.mkdir()
        names = []
        for index, case in enumerate(library):
            name = f"photo-{index:03d}.jpg"
            (folder / name).write_bytes(case.data)
            names.append(name)
        megabytes = sum(len(case.data) for case in library) / len(library) / 1e6
        megapixels = statistics.median(_megapixels(case.data) for case in library)
        print(
            f"{len(library)} photos from {len(photos)} real photos, {megabytes:.1f} MB each on "
            f"average (median {megapixels:.0f} MP); {sum(bool(c.expected) for c in library)} "
            f"with a planted mark or code; {args.workers} workers; {args.repeats} repeats; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        scan_rates, naive_rates, ratios = [], [], []
        report: dict = {}
        naive_results: list = []
        with Pool(args.workers, initializer=pixel_accuracy._start_naive) as naive:
            if not args.skip_naive:
                naive.map(pixel_accuracy.naive_findings, [library[0].data], chunksize=1)
            for repeat in range(args.repeats):
                scan_seconds, report = scan(folder, args.workers)
                scan_rates.append(len(library) / scan_seconds)
                line = f"  repeat {repeat + 1}: scan {scan_rates[-1]:.2f} photos/s"
                if not args.skip_naive:
                    started = time.perf_counter()
                    naive_results = naive.map(
                        pixel_accuracy.naive_findings, [c.data for c in library], chunksize=1
                    )
                    naive_seconds = time.perf_counter() - started
                    naive_rates.append(len(library) / naive_seconds)
                    ratios.append(naive_seconds / scan_seconds)
                    line += (
                        f", full-resolution OCR {naive_rates[-1]:.2f} photos/s, "
                        f"ratio {ratios[-1]:.1f}x"
                    )
                print(line)
        scan_hits, naive_hits, text_hits = [], [], []
        for index, case in enumerate(library):
            for item in case.expected:
                scan_hits.append(found_in_report(report, names[index], item))
                if case.category != "qr" and naive_results:
                    text_hits.append(scan_hits[-1])
                    naive_hits.append(
                        any(
                            pixel_accuracy.pixel_samples.found(item, [f])
                            for f in naive_results[index]
                        )
                    )
        clean_alarms = sum(
            len(photo.get("findings", []))
            for photo in report["photos"]
            if not library[names.index(Path(photo["path"]).name)].expected
            and any(f["id"].startswith(("text.", "code.")) for f in photo.get("findings", []))
        )
    print(f"median scan:                {statistics.median(scan_rates):.2f} photos/s")
    if ratios:
        print(f"median full-resolution OCR: {statistics.median(naive_rates):.2f} photos/s")
        print(f"median ratio:               {statistics.median(ratios):.1f}x")
        print(f"text recall:    scan {recall(text_hits)}, full-resolution OCR {recall(naive_hits)}")
    print(f"overall recall: scan {recall(scan_hits)} (IDs, contacts and QR codes)")
    print(f"text or code findings on photos with nothing planted: {clean_alarms}")
    if args.stages:
        print(f"per stage, one process, load average {os.getloadavg()[0]:.1f}:")
        stages(library)


if __name__ == "__main__":
    main()
