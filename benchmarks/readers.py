"""Metadata readers side by side, one process each, on the same files: why exiv2 leads.

For each reader it prints files per second (median of repeats) and how many files it failed on:
exposure's whole per-file audit (metadata only), exiv2 alone, exifread in full mode (maker notes,
as serial numbers need) and in quick mode, and ExifTool -fast2 when installed.

    python benchmarks/readers.py --count 2000
"""

from __future__ import annotations

import argparse
import io
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from library import build_library  # noqa: E402


def _rate(function, datas: list[bytes], repeats: int) -> tuple[float, int]:
    runs, failures = [], 0
    for _ in range(repeats):
        failures = 0
        started = time.perf_counter()
        for data in datas:
            try:
                function(data)
            except Exception:
                failures += 1
        runs.append(time.perf_counter() - started)
    return len(datas) / statistics.median(runs), failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import exifread
    import exiv2

    from audit.inspect import FileOptions, audit_file
    from audit.sources.walk import InputFile

    exiv2.LogMsg.setLevel(exiv2.LogMsg.Level.mute)
    logging.getLogger("exifread").setLevel(logging.CRITICAL)
    work = Path(tempfile.mkdtemp(prefix="exposure-readers-"))
    files = build_library(work / "library", args.count)
    datas = [p.read_bytes() for p in files]
    print(
        f"{len(files)} distinct camera JPEGs, {sum(map(len, datas)) / 1e6:.0f} MB, one process each"
    )

    def exiv2_read(data: bytes) -> None:
        image = exiv2.ImageFactory.open(data)
        image.readMetadata()
        for datum in image.exifData():
            datum.key()

    rows = []
    for name, function in (
        ("exiv2 (python-exiv2)", exiv2_read),
        (
            "exifread, full (maker notes)",
            lambda d: exifread.process_file(io.BytesIO(d), details=True),
        ),
        (
            "exifread, quick (no maker notes)",
            lambda d: exifread.process_file(io.BytesIO(d), details=False, extract_thumbnail=False),
        ),
    ):
        rows.append((name, *_rate(function, datas, args.repeats)))
    items = [InputFile(str(p), str(p)) for p in files]
    metadata_only = FileOptions(metadata_only=True)
    audit_file(items[0], metadata_only)
    runs = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        for item in items:
            audit_file(item, metadata_only)
        runs.append(time.perf_counter() - started)
    rows.append(
        (
            "exposure, one file's metadata audit (all detectors)",
            len(files) / statistics.median(runs),
            0,
        )
    )
    exiftool = shutil.which("exiftool")
    if exiftool:
        runs = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            subprocess.run(
                [exiftool, "-fast2", "-n", "-r", "-q", "-q", "-json", str(work / "library")],
                stdout=subprocess.DEVNULL,
                check=False,
            )
            runs.append(time.perf_counter() - started)
        rows.append(("exiftool -fast2 (one process)", len(files) / statistics.median(runs), 0))
    baseline = rows[1][1]
    for name, rate, failures in rows:
        print(
            f"{name:42s} {rate:8.0f} files/s  {rate / baseline:5.1f}x exifread-full  failures: "
            f"{failures}"
        )
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
