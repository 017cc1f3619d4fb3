"""How well and how fast `exposure trace` finds her photos in a dump.

Her photos: the corpus's camera JPEGs (at least 300 px on the short side), with near-copies
dropped (the corpus holds one picture saved with each of the eight EXIF orientations, and HDR
on/off pairs) and pictures too flat to hash or describe (a blank frame). The dump: every one of
them edited in every way reposts are (crop 5, 10 and 20 %, stickers over 12 %, tiled text, a
phone screenshot with status and navigation bars, a 2-up collage, rotation by 5 and 90 degrees,
a mirror image, JPEG quality 30, Telegram's 1280 px), plus unrelated pictures drawn
procedurally (examples/repost_edits.synthetic_picture), none of which is any of hers.

Prints recall per edit, false matches (an unrelated picture matched, or an edit matched to the
wrong photo), and found pictures per second against her set padded with generated pictures to
100 and to 1,000 photos, so that the cost per found picture can be compared across set sizes.
It also measures the perceptual-hash stage alone with PDQ (256 bits, eight rotations and flips)
against the classic 64-bit pHash, on the same dump.

Run from the repository root:
    PYTHONPATH=$PWD python benchmarks/trace.py [--unrelated 1000] [--jobs 2] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))
sys.path.insert(0, str(ROOT))

import repost_edits as edits  # noqa: E402

from audit import pool  # noqa: E402
from audit.trace import features, index, match, run  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "exif-samples" / "jpg"


def edit_table(other: Image.Image) -> dict[str, object]:
    return {
        "crop 5%": edits.crop(0.05),
        "crop 10%": edits.crop(0.10),
        "crop 20%": edits.crop(0.20),
        "sticker 12%": edits.sticker,
        "tiled text": edits.text_overlay,
        "phone screenshot": edits.screenshot,
        "2-up collage": edits.collage(other),
        "rotate 5°": edits.rotate(5),
        "rotate 90°": edits.rotate(90),
        "mirror": edits.flip,
        "JPEG q30": edits.recompress,
        "Telegram 1280 px": edits.telegram,
    }


def choose_own(corpus: Path) -> list[Path]:
    """Corpus photos at least 300 px on the short side, near-copies and flat frames dropped."""
    chosen: list[Path] = []
    kept_hashes: list[np.ndarray] = []
    for path in sorted(corpus.rglob("*.jpg")):
        entry = index.index_one(str(path))
        if not isinstance(entry, index.Entry) or min(entry.full_size) < 300:
            continue
        if entry.features.quality < match.PDQ_MIN_QUALITY or len(entry.features.points) < 100:
            continue
        hashes = entry.features.hashes
        near = any(
            int(np.bitwise_count(np.bitwise_xor(kept, hashes)).sum(axis=1).min())
            <= match.PDQ_MAX_DISTANCE
            for kept in kept_hashes
        )
        if not near:
            chosen.append(path)
            kept_hashes.append(hashes[:1])
    return chosen


def _save_synthetic(job: tuple[int, str, bool]) -> None:
    seed, target, small = job
    rng = random.Random(seed)
    sizes = [(960, 720), (720, 960), (800, 800), (1024, 576), (1280, 960), (640, 480)]
    size = (640, 480) if small else rng.choice(sizes)
    edits.synthetic_picture(seed, size).save(target, "JPEG", quality=rng.randint(70, 92))


def synthesise(seeds: range, folder: Path, jobs: int, small: bool = False) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    targets = [folder / f"synthetic-{seed}.jpg" for seed in seeds]
    todo = [(s, str(t), small) for s, t in zip(seeds, targets, strict=True) if not t.exists()]
    with multiprocessing.Pool(jobs) as workers:
        workers.map(_save_synthetic, todo)
    return targets


def make_dump(own: list[Path], folder: Path, other: Image.Image) -> dict[Path, tuple[str, int]]:
    """Every photo edited every way; returns file -> (edit, index of her photo)."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[Path, tuple[str, int]] = {}
    for number, path in enumerate(own):
        with Image.open(path) as image:
            from PIL import ImageOps

            picture = ImageOps.exif_transpose(image).convert("RGB")
        for kind, edit in edit_table(other).items():
            target = folder / f"{number:03d}-{kind.replace(' ', '_').replace('%', 'pc')}.jpg"
            made[target] = (kind, number)
            if target.exists():
                continue
            result = edit(picture, random.Random(number * 100 + len(made)))  # type: ignore[operator]
            if max(result.size) > 1280:  # what a chat app delivers
                scale = 1280 / max(result.size)
                result = result.resize(
                    (round(result.width * scale), round(result.height * scale)),
                    Image.Resampling.LANCZOS,
                )
            result.save(target, "JPEG", quality=90)
    return made


def timed_pass(own_index: index.OwnIndex, files: list[Path], jobs: int, window: int = 100):
    """Compare every file in worker processes. Returns the results, the found pictures per
    second in each window of ``window`` results (the machine is shared, so the median of these
    says more than the mean), and the workers' CPU seconds per picture."""
    run.install(own_index)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    results = {}
    stamps = [time.perf_counter()]
    for number, result in pool.run(
        run.compare, [str(f) for f in files], jobs=jobs, budget=60, batch_size=4
    ):
        results[files[number]] = result
        stamps.append(time.perf_counter())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rates = [
        window / (stamps[end] - stamps[end - window]) for end in range(window, len(stamps), window)
    ]
    return results, rates, cpu / len(files), stamps[-1] - stamps[0]


def hash_stage(own: list[Path], dump: dict[Path, tuple[str, int]], unrelated: list[Path]):
    """Recall and false matches of the hash stage alone: PDQ (dihedral) against 64-bit pHash."""

    def rgb(path: Path) -> np.ndarray:
        decoded = features.decode_picture(path.read_bytes(), "jpeg", features.HASH_SIDE)
        return np.asarray(decoded.upright, dtype=np.uint8)

    own_rgb = [rgb(p) for p in own]
    pdq_own = np.concatenate([features.pdq_hashes(a, dihedral=True)[0] for a in own_rgb])
    variants = []
    for a in own_rgb:
        for turned in (a, np.rot90(a, 1), np.rot90(a, 2), np.rot90(a, 3), a[::-1], a[:, ::-1],
                       a.transpose(1, 0, 2), np.rot90(a, 2).transpose(1, 0, 2)):  # fmt: skip
            variants.append(features.phash64(np.ascontiguousarray(turned)))
    ph_own = np.stack(variants)
    hits: dict[str, Counter[str]] = {"PDQ": Counter(), "pHash": Counter()}
    false = Counter()
    times: dict[str, list[float]] = {"PDQ": [], "pHash": []}
    for path, (kind, number) in list(dump.items()) + [(u, ("unrelated", -1)) for u in unrelated]:
        picture = rgb(path)
        started = time.perf_counter()
        pdq, _ = features.pdq_hashes(picture, dihedral=False)
        times["PDQ"].append(time.perf_counter() - started)
        started = time.perf_counter()
        ph = features.phash64(picture)
        times["pHash"].append(time.perf_counter() - started)
        for name, stored, query, limit in (("PDQ", pdq_own, pdq[0], match.PDQ_MAX_DISTANCE),
                                           ("pHash", ph_own, ph, 10)):  # fmt: skip
            distances = np.bitwise_count(np.bitwise_xor(stored, query)).sum(axis=1)
            best = int(np.argmin(distances))
            if distances[best] <= limit:
                if best // 8 == number:
                    hits[name][kind] += 1
                else:
                    false[name] += 1
    return hits, false, {k: statistics.median(v) * 1000 for k, v in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--unrelated", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument(
        "--keep", type=Path, help="Keep the generated pictures in this folder and reuse them."
    )
    arguments = parser.parse_args()
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="trace-bench-cache-"))
    with tempfile.TemporaryDirectory(prefix="trace-bench-") as scratch:
        work = arguments.keep or Path(scratch)
        started = time.perf_counter()
        own = choose_own(arguments.corpus)
        print(f"her photos from the corpus: {len(own)} (after dropping near-copies)")
        other = edits.synthetic_picture(7_777_777)
        dump = make_dump(own, work / "dump", other)
        unrelated = synthesise(range(1_000_000, 1_000_000 + arguments.unrelated),
                               work / "unrelated", arguments.jobs)  # fmt: skip
        sizes = [int(s) for s in arguments.sizes.split(",")]
        padding = synthesise(range(2_000_000, 2_000_000 + max(sizes) - len(own)),
                             work / "padding", arguments.jobs, small=True)  # fmt: skip
        print(f"dump: {len(dump)} edited copies of hers + {len(unrelated)} unrelated pictures; "
              f"built in {time.perf_counter() - started:.0f} s")  # fmt: skip
        files = list(dump) + unrelated
        for size in sizes:
            mine = [(str(p), str(p)) for p in own + padding[: size - len(own)]]
            started = time.perf_counter()
            built = index.build(mine, jobs=arguments.jobs, budget=60, use_cache=False)
            index_time = time.perf_counter() - started
            results, rates, cpu_each, wall = timed_pass(built.index, files, arguments.jobs)
            recall: Counter[str] = Counter()
            lowest: dict[str, int] = {}
            wrong = 0
            for path, (kind, number) in dump.items():
                result = results[path]
                if isinstance(result, run.Compared):
                    if result.own == number:
                        recall[kind] += 1
                        if result.method is run.Method.FEATURES:
                            lowest[kind] = min(lowest.get(kind, 1 << 30), result.score)
                    else:
                        wrong += 1
            false_unrelated = sum(isinstance(results[u], run.Compared) for u in unrelated)
            failed = sum(not isinstance(r, run.Compared | type(None)) for r in results.values())
            print(f"\n== her set: {size} photos ({len(built.index.descriptors):,} descriptors), "
                  f"indexed in {index_time:.1f} s on {arguments.jobs} workers")  # fmt: skip
            for kind in edit_table(other):
                share = 100 * recall[kind] / len(own)
                fewest = f"  fewest inliers {lowest[kind]}" if kind in lowest else ""
                print(f"  {kind:18s} {recall[kind]:3d}/{len(own)}  {share:5.1f} %{fewest}")
            print(f"  false matches: {false_unrelated} of {len(unrelated)} unrelated pictures, "
                  f"{wrong} edits matched to the wrong photo; not compared: {failed}")  # fmt: skip
            print(f"  speed: median {statistics.median(rates):.1f} found pictures/s over windows "
                  f"of 100 (min {min(rates):.1f}, max {max(rates):.1f}; {len(files)} in "
                  f"{wall:.0f} s) on {arguments.jobs} workers, on a shared machine")  # fmt: skip
            print(f"  CPU time per found picture: {1000 * cpu_each:.1f} ms, so "
                  f"{arguments.jobs / cpu_each:.0f} pictures/s on {arguments.jobs} free "
                  "cores")  # fmt: skip
        hits, false, times = hash_stage(own, dump, unrelated)
        print("\n== hash stage alone (PDQ <= 31 of 256 bits, 8 rotations/flips; "
              "pHash <= 10 of 64 bits, 8 rotations/flips)")  # fmt: skip
        for kind in edit_table(other):
            print(f"  {kind:18s} PDQ {100 * hits['PDQ'][kind] / len(own):5.1f} %   "
                  f"pHash {100 * hits['pHash'][kind] / len(own):5.1f} %")  # fmt: skip
        print(f"  false or wrong matches: PDQ {false['PDQ']}, pHash {false['pHash']}; "
              f"median time per picture at {features.HASH_SIDE} px: PDQ {times['PDQ']:.1f} ms, "
              f"pHash {times['pHash']:.1f} ms")  # fmt: skip
        print(f"\nload average while running: {os.getloadavg()[0]:.1f} "
              f"({os.cpu_count()} cores; the machine may be shared)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
