"""Profile pages: parse time per sample page, and a 200 MB saved page read within bounded memory.

    python benchmarks/profile_pages.py --repeats 5 --huge-mb 200

Prints the median time to parse each page in examples/profiles/ (pictures not included: those
are photo checks, measured by the other benchmarks), then writes a page of --huge-mb megabytes
(a real profile header followed by filler markup), audits it without pictures, and prints the
time and the peak of Python allocations (tracemalloc) against the size of the file. The machine
is shared and noisy: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.profile.parse import parse_page  # noqa: E402
from audit.profile.run import ProfileOptions, run_profile  # noqa: E402

HEAD = (
    b"<html><head><meta charset='utf-8'><link rel='canonical' "
    b"href='https://www.xiaohongshu.com/user/profile/5f1e2d3c4b5a697887654321'></head><body>"
    b"<div class='user-name'>Mei</div><div class='user-desc'>Fudan University</div>"
)


def parse_times(repeats: int) -> None:
    print("page                    bytes   median parse (ms)")
    for page in sorted((ROOT / "examples" / "profiles").glob("*.html")):
        data = page.read_bytes()
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            parse_page(data)
            times.append(time.perf_counter() - started)
        print(f"{page.name:20} {len(data):8,}   {statistics.median(times) * 1000:8.1f}")


def huge_page(megabytes: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "huge.html"
        block = b"<div><p>filler " + b"x" * 1000 + b"</p></div>\n"
        with path.open("wb") as handle:
            handle.write(HEAD)
            for _ in range(megabytes * 1024 * 1024 // len(block)):
                handle.write(block)
        size = path.stat().st_size
        tracemalloc.start()
        started = time.perf_counter()
        report = run_profile(ProfileOptions(inputs=(str(path),), no_pictures=True))
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        notes = [note.code for note in report.photos[0].notes]
        found = [f.id for f in report.photos[0].findings]
        print(
            f"\n{size / 1e6:.0f} MB page: {elapsed:.1f} s (with tracemalloc), peak Python "
            f"allocations {peak / 1e6:.1f} MB = {peak / size:.3f} of the file; notes {notes}; "
            f"findings {found}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--huge-mb", type=int, default=200)
    args = parser.parse_args()
    parse_times(args.repeats)
    huge_page(args.huge_mb)


if __name__ == "__main__":
    main()
