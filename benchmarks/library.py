"""Whole-library benchmark: cold and warm scans, the pixel pass, and ExifTool on the same files.

Builds a library of N distinct photos carrying real camera metadata (the shared exifread sample
corpus, each copy made distinct by a private APP15 segment, so no two files share their bytes,
and given its own capture time and GPS position, as the photos of a real library have),
then, in one run and with medians over repeats:

  * a cold metadata-only scan (``--no-cache``: every file read again),
  * a warm re-scan (everything from the cache, the default table report), and the start-up
    (the same re-scan of one photo), to give the re-scan's rate beyond start-up,
  * the full pixel pass on a sample of realistic 12-megapixel photos,
  * ExifTool on the same library (``exiftool -fast2 -n -r -json``), when installed,

and prints throughput, ratios, peak memory of the whole process tree, and how far exposure's
GPS, serial-number, owner and unique-id findings agree with what ExifTool reads.

    python benchmarks/library.py --count 10000 --repeats 3
    python benchmarks/library.py --large --count 1000 --repeats 5   # full-size photos, 2-8 MB

The machine is shared and noisy: compare the ratios, which are measured in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "exif-samples"
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".tif", ".tiff", ".heic", ".heif"}


def corpus_jpegs() -> list[Path]:
    sources = sorted(
        p for p in CORPUS.rglob("*") if p.suffix.lower() in PHOTO_SUFFIXES and p.stat().st_size > 0
    )
    sources = [
        p
        for p in sources
        if p.suffix.lower() in (".jpg", ".jpeg") and p.read_bytes()[:2] == b"\xff\xd8"
    ]
    if not sources:
        raise SystemExit(f"no corpus found at {CORPUS}")
    return sources


def build_library(target: Path, count: int, large: bool = False) -> list[Path]:
    """``count`` distinct copies of the corpus photos; JPEGs get a unique APP15 segment.

    With ``large``, each corpus photo first gets full-size picture data (see ``full_size``), so
    the library looks like what cameras and phones write: 2-8 MB, 12 megapixels and more.
    """
    sources = [(p.name, p.read_bytes()) for p in corpus_jpegs()]
    if large:
        enlarged = [(name, full_size(data, seed)) for seed, (name, data) in enumerate(sources)]
        sources = [(name, data) for name, data in enlarged if data]
    target.mkdir(parents=True, exist_ok=True)
    made = []
    for index in range(count):
        name, data = sources[index % len(sources)]
        marker = b"exposure-benchmark copy %08d" % index
        segment = b"\xff\xef" + (len(marker) + 2).to_bytes(2, "big") + marker
        folder = target / f"{index // 500:03d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"{index:06d}_{name}"
        path.write_bytes(data[:2] + segment + moved_in_time_and_place(data, index)[2:])
        made.append(path)
    return made


#: Picture sizes (megapixels) given to the corpus photos by ``--large``, in turn.
LARGE_MEGAPIXELS = (12, 16, 20, 24)


def full_size(data: bytes, seed: int) -> bytes | None:
    """The photo upscaled to 12-24 MP with sensor-like noise, re-encoded at quality 92.

    The original's APP and COM segments (EXIF, maker notes, XMP, IPTC...) are kept byte for
    byte in front of the new picture data, so every metadata reader sees the same fields.
    """
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as source:
            picture = source.convert("RGB")
    except (OSError, ValueError):
        return None  # the corpus keeps some broken files on purpose
    aspect = picture.width / picture.height
    pixels = LARGE_MEGAPIXELS[seed % len(LARGE_MEGAPIXELS)] * 1e6
    size = (round((pixels * aspect) ** 0.5), round((pixels / aspect) ** 0.5))
    picture = picture.resize(size, Image.Resampling.BICUBIC)
    noise = Image.effect_noise(size, 20 + seed % 25).convert("RGB")
    picture = Image.blend(picture, noise, 0.22)
    encoded = io.BytesIO()
    picture.save(encoded, "JPEG", quality=92)
    return data[:2] + header_segments(data) + coded_segments(encoded.getvalue())


_DATE_TIME = re.compile(rb"(\d{4}([:-])\d\d\2\d\d[ T])\d\d:\d\d:\d\d")


def moved_in_time_and_place(data: bytes, index: int) -> bytes:
    """The photo as if taken at another moment and a few metres away, as the photos of a real
    library are: every date-time in its metadata gets its own time of day, and its GPS
    latitude and longitude their own hundredths of a second. Copies that shared every value
    would let a reader or a cache share all their work, which no real library allows.

    Each value keeps its length and place, so the file's structure is untouched.
    """
    moment = b"%02d:%02d:%02d" % (index // 3600 % 24, index // 60 % 60, index % 60)
    edited = bytearray(data)
    for marker, start, end in _segments(data):
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            continue
        body = bytes(edited[start + 4 : end])
        body = _DATE_TIME.sub(lambda found: found.group(1) + moment, body)
        if marker == 0xE1 and body.startswith(b"Exif\0\0"):
            body = body[:6] + _gps_moved(body[6:], index)
        edited[start + 4 : end] = body
    return bytes(edited)


def _gps_moved(tiff: bytes, index: int) -> bytes:
    """The TIFF block with the seconds of GPSLatitude and GPSLongitude moved by up to 10 s."""
    if tiff[:2] not in (b"II", b"MM"):
        return tiff
    order = "little" if tiff[:2] == b"II" else "big"

    def number(at: int, size: int) -> int:
        return int.from_bytes(tiff[at : at + size], order)

    def entries(ifd: int) -> list[tuple[int, int, int, int]]:
        """(tag, type, count, value or offset) of each entry of the directory at ``ifd``."""
        if ifd + 2 > len(tiff):
            return []
        found = []
        for n in range(number(ifd, 2)):
            at = ifd + 2 + 12 * n
            if at + 12 > len(tiff):
                break
            found.append((number(at, 2), number(at + 2, 2), number(at + 4, 4), number(at + 8, 4)))
        return found

    gps = next((value for tag, _, _, value in entries(number(4, 4)) if tag == 0x8825), None)
    if gps is None:
        return tiff
    edited = bytearray(tiff)
    shift = (index * 37) % 1000  # hundredths of a second
    for tag, kind, count, offset in entries(gps):
        # GPSLatitude and GPSLongitude: three (signed) rationals, the third the seconds.
        if tag in (2, 4) and kind in (5, 10) and count == 3 and offset + 24 <= len(tiff):
            at = offset + 16
            moved = _seconds_moved(number(at, 4), number(at + 4, 4), shift, kind == 10)
            if moved is not None:
                edited[at : at + 8] = moved[0].to_bytes(4, order) + moved[1].to_bytes(4, order)
    return bytes(edited)


def _seconds_moved(
    seconds: int, scale: int, hundredths: int, signed: bool
) -> tuple[int, int] | None:
    """``seconds / scale`` moved by ``hundredths`` of a second, staying below 60 (moved back
    instead when it would not), as a rational that fits the field; None if it cannot be."""
    if scale == 0:
        return None
    if scale < 100:
        seconds, scale = seconds * 100, scale * 100
    step = hundredths * scale // 100
    moved = seconds + step if seconds + step < 60 * scale else seconds - step
    limit = 2**31 if signed else 2**32
    if not (0 <= moved < limit and scale < limit):
        return None
    return moved, scale


def _segments(data: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of each segment before the scan data."""
    found, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        found.append((marker, pos, pos + 2 + length))
        if marker == 0xDA:
            break
        pos += 2 + length
    return found


def header_segments(data: bytes) -> bytes:
    """The APPn and COM segments of a JPEG, as they are in the file."""
    return b"".join(
        data[start:end]
        for marker, start, end in _segments(data)
        if 0xE0 <= marker <= 0xEF or marker == 0xFE
    )


def coded_segments(data: bytes) -> bytes:
    """Everything from the first segment that is not APPn or COM to the end of the picture."""
    for marker, start, _ in _segments(data):
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            return data[start:]
    raise ValueError("no picture data")


def build_pixel_sample(target: Path, count: int) -> list[Path]:
    """Realistic 12-megapixel photos (4000x3000) with a watermark, from the example generator."""
    from audit.demo import scenes

    target.mkdir(parents=True, exist_ok=True)
    made = []
    for index in range(count):
        path = target / f"pixel_{index:03d}.jpg"
        scenes.scene(100 + index, (4000, 3000)).save(path, "JPEG", quality=90)
        made.append(path)
    return made


class TreeMemory:
    """Peak resident memory of a process and all its children, sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _children(pid: int) -> list[int]:
        found = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
        return found

    def _rss(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            pids, queue = [], [self.pid]
            while queue:
                pid = queue.pop()
                pids.append(pid)
                queue.extend(self._children(pid))
            self.peak = max(self.peak, sum(self._rss(pid) for pid in pids))
            time.sleep(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed(
    command: list[str], env: dict[str, str] | None = None, stdout=subprocess.DEVNULL
) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    memory = TreeMemory(process.pid)
    output, _ = process.communicate()
    elapsed = time.perf_counter() - started
    return elapsed, memory.stop(), output or b""


def exposure_command(paths: list[str], *extra: str) -> list[str]:
    return [sys.executable, "-m", "audit", "scan", *paths, "--fail-on", "none", *extra]


def child_environment(work: Path) -> dict[str, str]:
    """The scans' environment: their own cache folder, and bytecode kept as an install keeps it.

    An installed package comes with its modules compiled; a checkout run with
    PYTHONDONTWRITEBYTECODE would compile every module on every start instead.
    """
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(work / "bytecode"))
    return env


def median(values: list[float]) -> float:
    return statistics.median(values)


def agreement(report: dict, exiftool_rows: list[dict]) -> dict[str, tuple[int, int]]:
    """For each kind, (values ExifTool reads that exposure also reports, values ExifTool reads)."""
    ours = {}
    for photo in report["photos"]:
        values = {}
        for finding in photo["findings"]:
            values.setdefault(finding["id"], []).extend(
                e["value"].lower() for e in finding["evidence"]
            )
        ours[os.path.realpath(photo["path"])] = (photo["location"], values)
    counts = {"gps": [0, 0], "serial": [0, 0], "owner": [0, 0], "unique-id": [0, 0]}
    columns = {
        "serial": (("SerialNumber", "InternalSerialNumber", "LensSerialNumber"), "device.serial"),
        "owner": (("OwnerName", "Artist", "Copyright"), "identity.owner"),
        "unique-id": (("ImageUniqueID",), "device.unique-id"),
    }
    for row in exiftool_rows:
        location, values = ours.get(os.path.realpath(row["SourceFile"]), (None, {}))
        if isinstance(row.get("GPSLatitude"), (int, float)) and isinstance(
            row.get("GPSLongitude"), (int, float)
        ):
            counts["gps"][1] += 1
            if (
                location
                and abs(location["lat"] - row["GPSLatitude"]) <= 1e-5
                and abs(location["lon"] - row["GPSLongitude"]) <= 1e-5
            ):
                counts["gps"][0] += 1
        for kind, (tags, finding_id) in columns.items():
            for tag in tags:
                expected = str(row.get(tag, "")).strip().lower()
                if expected:
                    counts[kind][1] += 1
                    counts[kind][0] += any(
                        expected in value for value in values.get(finding_id, [])
                    )
    return {kind: (found, total) for kind, (found, total) in counts.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--count", type=int, default=2000, help="photos in the library (default 2000)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each measurement; medians are quoted"
    )
    parser.add_argument(
        "--pixel-sample", type=int, default=24, help="12-megapixel photos for the pixel pass"
    )
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    parser.add_argument(
        "--large",
        action="store_true",
        help="full-size photos: the corpus photos re-encoded at 12-24 MP (2-8 MB), metadata kept",
    )
    parser.add_argument("--keep", type=Path, help="build the library here and keep it")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --keep: measure the library already there instead of building a new one",
    )
    parser.add_argument(
        "--pixel-library",
        action="store_true",
        help="also run the full pixel pass over the whole library once (slow), for its peak memory",
    )
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="exposure-bench-"))
    library = work / "library"
    if args.reuse and library.is_dir():
        files = sorted(p for p in library.rglob("*") if p.is_file())
    else:
        if library.exists():
            shutil.rmtree(library)
        files = build_library(library, args.count, args.large)
    size = sum(p.stat().st_size for p in files)
    print(
        f"machine: {os.cpu_count()} cores; library: {len(files)} distinct photos, "
        f"{size / 1e6:.0f} MB ({size / len(files) / 1e6:.1f} MB each), real camera metadata"
    )
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    env = child_environment(work)
    exiftool = shutil.which("exiftool")
    exiftool_command = [exiftool or "exiftool", "-fast2", "-n", "-r", "-json", "-q", "-q"]

    # Untimed: compiles the bytecode, keeps the place arrays and fills the result cache, as any
    # earlier run on this computer would have.
    timed(exposure_command([str(library)], "--metadata-only", *jobs), env)
    cold, warm, startup, cold_memory, exif_runs = [], [], [], [], []
    report, rows = None, []
    for _ in range(args.repeats):
        seconds, memory, output = timed(
            exposure_command([str(library)], "--metadata-only", "--no-cache", "-f", "json", *jobs),
            env,
            stdout=None,
        )
        cold.append(seconds)
        cold_memory.append(memory)
        report = report or json.loads(output)
        if exiftool:
            seconds, _, output = timed([*exiftool_command, str(library)], stdout=None)
            exif_runs.append(seconds)
            rows = rows or json.loads(output or b"[]")
        warm.append(timed(exposure_command([str(library)], "--metadata-only", *jobs), env)[0])
        startup.append(timed(exposure_command([str(files[0])], "--metadata-only"), env)[0])
    cold_rate = len(files) / median(cold)
    warm_rate = len(files) / median(warm)
    beyond_startup = max(median(warm) - median(startup), 1e-3)
    print(f"load average at the end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(
        f"cold metadata-only scan (--no-cache): {median(cold):6.2f} s  {cold_rate:8.0f} files/s  "
        f"peak memory {max(cold_memory) / 2**20:.0f} MB"
    )
    print(f"warm re-scan (cache, table report):   {median(warm):6.2f} s  {warm_rate:8.0f} files/s")
    print(f"start-up (re-scan of one cached photo): {median(startup):6.2f} s")
    print(
        f"warm re-scan beyond start-up: {beyond_startup:6.2f} s  "
        f"{len(files) / beyond_startup:8.0f} files/s"
    )

    if exiftool:
        exif_rate = len(files) / median(exif_runs)
        print(f"exiftool -fast2 -n -r:   {median(exif_runs):6.2f} s  {exif_rate:8.0f} files/s")
        print(
            f"ratio cold scan / exiftool: {cold_rate / exif_rate:.1f}x   "
            f"warm / exiftool: {warm_rate / exif_rate:.0f}x"
        )
        for kind, (found, total) in agreement(report, rows).items():
            share = 100.0 * found / total if total else 100.0
            print(f"agreement with exiftool, {kind:9s}: {found}/{total} ({share:.1f}%)")
    else:
        print("exiftool not installed (Debian: libimage-exiftool-perl): no comparison")

    if args.pixel_sample:
        sample = build_pixel_sample(work / "pixels", args.pixel_sample)
        runs, memories = [], []
        for repeat in range(args.repeats):
            env = {**os.environ, "XDG_CACHE_HOME": str(work / f"pixel-cache-{repeat}")}
            seconds, memory, _ = timed(exposure_command([str(p) for p in sample], *jobs), env)
            runs.append(seconds)
            memories.append(memory)
        print(
            f"full pixel pass, {len(sample)} photos of 12 MP: {median(runs):6.2f} s  "
            f"{len(sample) / median(runs):5.1f} photos/s  "
            f"peak memory {max(memories) / 2**20:.0f} MB"
        )
    if args.pixel_library:
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "pixel-library-cache")}
        seconds, memory, _ = timed(
            exposure_command([str(library)], "-f", "json", "-o", str(work / "pixels.json"), *jobs),
            env,
        )
        print(
            f"full pixel pass over the whole library: {seconds:6.1f} s  "
            f"{len(files) / seconds:5.1f} photos/s  peak memory {memory / 2**20:.0f} MB"
        )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
