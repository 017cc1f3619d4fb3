"""Run the CLI on hostile inputs and faults; print exit code, time, peak memory and verdict.

Each hostile file is scanned as two copies, so that with ``--jobs 2`` both workers decode it at
once and the peak is that of the whole tree at its worst.

    PYTHONPATH=$PWD python benchmarks/hostile.py [--jobs 2] [--only NAME ...] [--metadata-only]

Every case runs ``python -m audit scan ... --jobs 2 --format json --no-cache`` in a fresh
process with its own HOME and cache. Peak memory is the largest sum of resident memory over the
whole process tree (the CLI and its workers), polled from /proc every 20 ms. The verdict is one
line made from the JSON report (or, when there is none, the last line the CLI printed).
Nothing here asserts: it measures and reports, whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile import generators  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
#: Photos in the folder scanned while a process is signalled; the signal comes FAULT_AFTER
#: seconds in, once the workers have loaded their models and are busy.
FAULT_PHOTOS, FAULT_AFTER = 20, 8.0
#: Where the ``audit`` package run by the CLI lives (``--code`` compares another checkout).
CODE = [ROOT]


@dataclass
class Outcome:
    case: str
    code: int | None
    seconds: float
    peak_mb: float
    verdict: str
    left_running: int = 0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def tree_pids(root: int) -> list[int]:
    tree, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def run(
    case: str,
    arguments: list[str],
    home: Path,
    fault: Callable[[subprocess.Popen, float], None] | None = None,
    timeout: float = 300,
) -> Outcome:
    """Run one scan, polling the tree's memory; ``fault`` may signal processes meanwhile."""
    environment = dict(os.environ)
    environment.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONPATH=str(CODE[0]),
        NO_COLOR="1",
    )
    command = [sys.executable, "-m", "audit", "scan", *arguments]
    started = time.monotonic()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, cwd=home
    )
    assert process.stdout is not None and process.stderr is not None
    streams = {"out": process.stdout, "err": process.stderr}
    captured: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda k=key, s=stream: captured.update({k: s.read()}))
        for key, stream in streams.items()
    ]
    for reader in readers:
        reader.start()
    peak, descendants = 0, set()
    while process.poll() is None:
        elapsed = time.monotonic() - started
        pids = tree_pids(process.pid)
        descendants.update(pids[1:])
        peak = max(peak, sum(_rss(pid) for pid in pids))
        if fault is not None:
            fault(process, elapsed)
        if elapsed > timeout:
            process.kill()
        time.sleep(0.02)
    seconds = time.monotonic() - started
    # Workers the command left behind still hold its output open: wait a little, then count
    # and end them (they are this benchmark's own processes), so that the readers see the end.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in descendants):
        time.sleep(0.1)
    left = [pid for pid in descendants if _alive(pid)]
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for reader in readers:
        reader.join(30)
    for stream in streams.values():
        stream.close()
    stdout = captured.get("out", b"").decode("utf-8", "replace")
    stderr = captured.get("err", b"").decode("utf-8", "replace")
    return Outcome(
        case, process.returncode, seconds, peak / 2**20, verdict(stdout, stderr), len(left)
    )


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def verdict(stdout: str, stderr: str) -> str:
    """One line: what the report said about the (first) photo, or the last line printed."""
    try:
        report = json.loads(stdout)
    except ValueError:
        lines = [line for line in (stdout + "\n" + stderr).splitlines() if line.strip()]
        return ("no report: " + lines[-1].strip()) if lines else "no report, nothing printed"
    photos = report.get("photos", [])
    summary = report.get("summary", {})
    head = f"{summary.get('audited', 0)} audited, {summary.get('skipped', 0)} skipped"
    if not photos:
        return head
    first = photos[0]
    if first["status"] != "audited":
        return f"{head}; skipped: {first.get('reason_code')}"
    ids = sorted({finding["id"] for finding in first["findings"]})
    unread = [note["code"] for note in first["notes"] if note["code"]]
    read = first.get("fully_read")
    state = "fully read" if read else f"NOT fully read ({', '.join(unread)})"
    if read is None:
        state = "fully_read missing; notes: " + ", ".join(unread)
    found = f"{len(ids)} finding kinds ({', '.join(ids)})" if ids else "nothing found"
    return f"{head}; {found}; {state}"


# Cases ------------------------------------------------------------------------------------


def file_cases(folder: Path, only: list[str]) -> list[tuple[str, list[str]]]:
    """Each generated file twice, so that both workers meet it at the same time."""
    every = [*generators.CASES, *generators.LARGE_CASES]
    names = [name for name in every if not only or name in only]
    cases = []
    for name in names:
        first = generators.write(folder / "files" / name, [name])[0]
        second = first.with_name("copy-" + name)
        second.write_bytes(first.read_bytes())
        cases.append((name, [str(first), str(second)]))
    return cases


def filesystem_cases(folder: Path) -> list[tuple[str, list[str], Callable[[], None] | None]]:
    """Links, mazes, pipes, devices, unreadable files and hostile names."""
    cases: list[tuple[str, list[str], Callable[[], None] | None]] = []
    photo = generators.jpeg_with_xmp(generators.BARE_AMPERSAND)

    loop = folder / "link-loop"
    (loop / "inner").mkdir(parents=True)
    (loop / "inner" / "photo.jpg").write_bytes(photo)
    (loop / "inner" / "back").symlink_to("..")
    cases.append(("symlink loop", [str(loop)], None))

    maze = folder / "maze"
    maze.mkdir()
    (maze / "photo.jpg").write_bytes(photo)
    for index in range(16):
        # Two links to the parent at each of 16 levels: 2^16 paths to the same photo.
        level = maze / f"d{index}"
        level.mkdir()
        (level / "a").symlink_to("..")
        (level / "b").symlink_to("..")
    cases.append(("symlink maze 2^16", [str(maze)], None))

    fifo = folder / "pipe.jpg"
    os.mkfifo(fifo)
    cases.append(("FIFO named .jpg", [str(fifo)], None))
    devices = folder / "devices"
    devices.mkdir()
    (devices / "zero.jpg").symlink_to("/dev/zero")
    (devices / "photo.jpg").write_bytes(photo)
    cases.append(("link to /dev/zero in a folder", [str(devices)], None))
    cases.append(("/dev/zero named directly", ["/dev/zero"], None))

    unreadable = folder / "unreadable.jpg"
    unreadable.write_bytes(photo)
    unreadable.chmod(0)
    label = "unreadable file" + (" (root: readable)" if os.geteuid() == 0 else "")
    cases.append((label, [str(unreadable)], None))

    names = folder / "names"
    names.mkdir()
    bad_utf8 = os.fsencode(names) + b"/bad-\xff\xfe-utf8.jpg"
    with open(bad_utf8, "wb") as handle:
        handle.write(photo)
    with open(os.fsencode(names) + b"/ctl-\x1b]2;pwned\x07-\x1b[31m.jpg", "wb") as handle:
        handle.write(photo)
    cases.append(("invalid UTF-8 and control-character names", [str(names)], None))
    return cases


def _fault(target: str, signum: int, after: float) -> Callable[[subprocess.Popen, float], None]:
    """Send ``signum`` once, ``after`` seconds in, to the main process or one worker."""
    sent = [False]

    def fault(process: subprocess.Popen, elapsed: float) -> None:
        if sent[0] or elapsed < after:
            return
        pids = tree_pids(process.pid)
        if target == "main":
            victim = process.pid
        elif len(pids) > 1:
            victim = pids[-1]
        else:
            return
        with contextlib.suppress(OSError):
            os.kill(victim, signum)
        sent[0] = True

    return fault


def fault_cases(folder: Path) -> list[tuple[str, Callable[[subprocess.Popen, float], None]]]:
    photos = folder / "many"
    photos.mkdir()
    base = generators.small_jpeg((1600, 1200))
    for index in range(FAULT_PHOTOS):
        (photos / f"p{index:02d}.jpg").write_bytes(base[:-2] + bytes([index]) + base[-2:])
    cases = []
    for target in ("worker", "main"):
        for name, signum in (("kill -9", signal.SIGKILL), ("SIGTERM", signal.SIGTERM)):
            cases.append((f"{name} to {target} during a scan", _fault(target, signum, FAULT_AFTER)))
        cases.append((f"SIGINT to {target} during a scan", _fault(target, signal.SIGINT, 6.0)))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--metadata-only", action="store_true")
    parser.add_argument("--skip-faults", action="store_true")
    parser.add_argument("--code", type=Path, default=ROOT, help="run this checkout's audit/")
    options = parser.parse_args()
    CODE[0] = options.code.resolve()
    common = ["--jobs", options.jobs, "--format", "json", "--no-cache", "--fail-on", "high"]
    if options.metadata_only:
        common.append("--metadata-only")
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="exposure-hostile-") as scratch:
        folder = Path(scratch)
        home = folder / "home"
        home.mkdir()
        for case, arguments in file_cases(folder, options.only):
            outcomes.append(run(case, arguments + common, home))
            _print(outcomes[-1])
        if not options.only:
            for case, arguments, _ in filesystem_cases(folder):
                outcomes.append(run(case, arguments + common, home, timeout=120))
                _print(outcomes[-1])
            if not options.skip_faults:
                for case, fault in fault_cases(folder):
                    outcomes.append(
                        run(case, [str(folder / "many"), *common], home, fault, timeout=180)
                    )
                    _print(outcomes[-1])
        for path in folder.rglob("*"):
            with contextlib.suppress(OSError):
                if not path.is_symlink():
                    path.chmod(0o700)
    print()
    print(f"{'case':44} {'exit':>4} {'seconds':>8} {'peak MB':>8} {'left':>4}  verdict")
    for outcome in outcomes:
        _print(outcome)


def _print(outcome: Outcome) -> None:
    code = "-" if outcome.code is None else str(outcome.code)
    print(
        f"{outcome.case[:44]:44} {code:>4} {outcome.seconds:8.1f} {outcome.peak_mb:8.0f} "
        f"{outcome.left_running:>4}  {outcome.verdict[:150]}",
        flush=True,
    )


if __name__ == "__main__":
    main()
