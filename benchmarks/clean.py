"""Cleaning copies side by side: exposure clean, ExifTool and (where installed) mat2, in one run.

On the same distinct camera JPEGs (copies of the shared corpus, see library.py; with --large,
given full-size picture data as phones and cameras write) each tool writes copies into its own
folder. For each it prints files per second (median of repeats, whole command, start-up
included), the bytes it removed, and what the copies kept: decoded pixels
identical to the original's, the colour profile where the original had one, and the orientation
where the original was rotated, each found by the benchmark itself (it decodes every original
and copy with Pillow, independently of exposure's own proof). exposure's time includes its proof
of each copy (the re-audit, the byte search and the picture-data comparison); --decode also
times ``--verify-pixels decode`` (every copy decoded and compared as well), --full adds the
picture checks (text, QR codes, faces) to the re-audit. The last column is the speed as a ratio
to ExifTool's, measured in the same run (the machine may be shared: compare ratios, not files/s).

exposure flushes each copy to disk before giving it its name, so a power cut never leaves a
half-written copy; ExifTool leaves its copies in memory for the system to write later. Both are
timed as a person runs them, and ExifTool once more with a ``sync`` after it, the time until
its copies are on disk too. Every run starts with nothing waiting to be written. On a shared
virtual machine the disk's speed changes from hour to hour; ``--folder /dev/shm`` writes
everything to memory, where a flush costs nothing, and compares the tools' own work.

exposure runs from a copy of the package laid out and compiled as an installation is (pip
compiles every module when it installs), so its start-up reads bytecode instead of compiling
the sources again on every run, which a checkout run with PYTHONDONTWRITEBYTECODE would do.

    python benchmarks/clean.py --large --count 200 --repeats 5   # full-size photos, 2-8 MB
    python benchmarks/clean.py --count 500 --repeats 3           # the corpus's own small files
    python benchmarks/clean.py --large --folder /dev/shm         # without the disk
    python benchmarks/clean.py --large --count 60 --cpu          # CPU per photo, one process
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from library import build_library  # noqa: E402


@dataclass(frozen=True)
class Outcome:
    name: str
    seconds: float
    copies: int
    bytes_in: int
    bytes_out: int
    identical: int
    profiles: tuple[int, int]
    upright: tuple[int, int]


ROOT = Path(__file__).resolve().parents[1]


def _install(target: Path) -> dict[str, str]:
    """Copy the package where an installation puts it (checks/ inside it), compile it, and
    return the environment that runs it."""
    package = target / "audit"
    shutil.copytree(ROOT / "audit", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "checks", package / "checks")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    return {**os.environ, "PYTHONPATH": str(target)}


def _run(
    command: list[str],
    repeats: int,
    out: Path,
    env: dict[str, str] | None = None,
    then_sync: bool = False,
) -> float:
    """Median seconds of ``command``; each run starts with nothing waiting to be written to disk,
    and with ``then_sync`` its time includes writing what it left in memory."""
    times = []
    for _ in range(repeats):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        os.sync()
        started = time.perf_counter()
        subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env
        )
        if then_sync:
            os.sync()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _cpu_per_photo(work: Path, repeats: int) -> str:
    """CPU milliseconds per photo for ``exposure clean --metadata-only`` in one process, without
    start-up or workers (the first photo, which loads the libraries, is not counted)."""
    sys.path.insert(0, str(ROOT))
    from audit import memory
    from audit.clean import engine

    memory.reuse_large_buffers()
    medians = []
    for _ in range(repeats):
        out = work / "cpu"
        shutil.rmtree(out, ignore_errors=True)
        options = engine.CleanOptions(
            paths=(str(work / "library"),), out=str(out), metadata_only=True
        )
        tasks, _ = engine.prepare(options)
        engine.clean_one(tasks[0])
        times = []
        for task in tasks[1:]:
            started = time.process_time()
            engine.clean_one(task)
            times.append(time.process_time() - started)
        medians.append(statistics.median(times))
    shutil.rmtree(work / "cpu", ignore_errors=True)
    return f"CPU per photo, one process: {statistics.median(medians) * 1000:.1f} ms (median)"


def _facts(data: bytes) -> tuple[bytes, bool, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.tobytes(), bool(image.info.get("icc_profile")), image.getexif().get(0x0112, 1)


def _measure(name: str, seconds: float, pairs: list[tuple[Path, Path]]) -> Outcome:
    identical = 0
    profiles = [0, 0]
    upright = [0, 0]
    bytes_in = bytes_out = copies = 0
    for original, copy in pairs:
        if not copy.exists():
            continue
        before, after = original.read_bytes(), copy.read_bytes()
        copies += 1
        bytes_in += len(before)
        bytes_out += len(after)
        try:
            pixels_a, icc_a, turn_a = _facts(before)
            pixels_b, icc_b, turn_b = _facts(after)
        except Exception:
            continue
        identical += pixels_a == pixels_b
        if icc_a:
            profiles[0] += 1
            profiles[1] += icc_b
        if turn_a not in (1, None):
            upright[0] += 1
            upright[1] += turn_a == turn_b
    return Outcome(
        name, seconds, copies, bytes_in, bytes_out, identical, tuple(profiles), tuple(upright)
    )  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="exposure's worker processes")
    parser.add_argument(
        "--large", action="store_true", help="full-size photos (2-8 MB) as phones write"
    )
    parser.add_argument("--full", action="store_true", help="also time the default full proof")
    parser.add_argument(
        "--decode", action="store_true", help="also time --verify-pixels decode (decoded proof)"
    )
    parser.add_argument(
        "--folder",
        help="where the photos and copies are written (default: the system's temporary folder); "
        "a memory file system such as /dev/shm leaves the disk out of the comparison",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="also clean every photo in this process and print the CPU time each one takes",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="exposure-clean-bench-", dir=args.folder))
    try:
        files = build_library(work / "library", args.count, large=args.large)
        total = sum(p.stat().st_size for p in files)
        print(
            f"{len(files)} distinct camera JPEGs, {total / 1e6:.0f} MB; median of {args.repeats} "
            f"repeats; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        if args.cpu:
            print(_cpu_per_photo(work, args.repeats))
        outcomes = []
        installed = _install(work / "installed")
        base = [sys.executable, "-m", "audit", "clean", str(work / "library")]
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        runs = [("exposure clean --metadata-only", ["--metadata-only"])]
        if args.decode:
            runs.append(
                (
                    "exposure clean --metadata-only (decode)",
                    ["--metadata-only", "--verify-pixels", "decode"],
                )
            )
        if args.full:
            runs.append(("exposure clean (picture checks too)", []))
        for name, extra in runs:
            out = work / "exposure"
            seconds = _run([*base, "--out", str(out), *extra, *jobs], args.repeats, out, installed)
            pairs = [(p, out / p.relative_to(work / "library")) for p in files]
            outcomes.append(_measure(name, seconds, pairs))
        exiftool = shutil.which("exiftool")
        if exiftool:
            out = work / "exiftool"
            command = [exiftool, "-q", "-q", "-r", "-all=", "-o", f"{out}/", str(work / "library")]
            seconds = _run(command, args.repeats, out)
            outcomes.append(
                _measure("exiftool -all= -o", seconds, [(p, out / p.name) for p in files])
            )
            seconds = _run(command, args.repeats, out, then_sync=True)
            outcomes.append(
                _measure(
                    "exiftool -all= -o, then sync", seconds, [(p, out / p.name) for p in files]
                )
            )
        mat2 = shutil.which("mat2")
        if mat2:
            out = work / "mat2"
            copies = [out / p.name for p in files]

            def run_mat2() -> float:
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir()
                for source, target in zip(files, copies, strict=True):
                    shutil.copy(source, target)
                started = time.perf_counter()
                subprocess.run([mat2, *map(str, copies)], capture_output=True, check=False)
                return time.perf_counter() - started

            seconds = statistics.median(run_mat2() for _ in range(args.repeats))
            cleaned = [(p, out / (p.stem + ".cleaned" + p.suffix)) for p in files]
            outcomes.append(_measure("mat2", seconds, cleaned))
        else:
            print("mat2 is not installed: left out")
        reference = next((o for o in outcomes if o.name.startswith("exiftool")), None)
        print()
        print(
            f"{'tool':40} {'files/s':>8} {'copies':>7} {'removed':>9} {'pixels same':>12} "
            f"{'ICC kept':>9} {'upright':>8} {'vs ExifTool':>12}"
        )
        for o in outcomes:
            removed = (o.bytes_in - o.bytes_out) / o.bytes_in * 100 if o.bytes_in else 0.0
            ratio = f"{reference.seconds / o.seconds:11.2f}x" if reference else "-"
            print(
                f"{o.name:40} {len(files) / o.seconds:8.1f} {o.copies:7d} {removed:8.1f}% "
                f"{o.identical:5d}/{o.copies:<6d} {o.profiles[1]:4d}/{o.profiles[0]:<4d} "
                f"{o.upright[1]:3d}/{o.upright[0]:<4d} {ratio:>12}"
            )
        synced = next((o for o in outcomes if o.name.endswith("then sync")), None)
        if synced is not None:
            for o in outcomes:
                if o.name.startswith("exposure"):
                    print(
                        f"{o.name} against ExifTool with its copies on disk too: "
                        f"{synced.seconds / o.seconds:.2f}x"
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
