"""Stopping a scan any way a person can: nothing left running, nothing finished lost.

Each test runs exposure as a real command in its own session, waits until its two workers are
busy reading photos, signals the main process, and then looks in /proc for anything left of
that session.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from photo_factory import gps, jpeg

from hostile.process_tools import children, run, session_members, start

#: Enough photos that a scan is still reading them when the signal comes on a fast, quiet
#: machine (with 30, two workers could finish before it and the signal found the report).
PHOTOS = 120
FIRST = 4


def _photos(folder: Path) -> Path:
    folder.mkdir()
    for index in range(PHOTOS):
        jpeg(folder / f"{index:02d}.jpg", gps(31.2 + index / 100, 121.4), seed=index + 1)
    return folder


def _wait_for_workers(process: subprocess.Popen, count: int = 2) -> None:
    """Poll until the scan has started ``count`` workers (they then load models and read)."""
    deadline = time.monotonic() + 60
    while len(children(process.pid)) < count:
        if process.poll() is not None or time.monotonic() > deadline:
            out, err = process.communicate()
            pytest.fail(f"the scan never started its workers: {err.decode()[-2000:]}")
        time.sleep(0.05)
    time.sleep(0.5)


def _left_running(session: int) -> list[int]:
    """What is still alive in the scan's session, after giving it a few seconds to go."""
    deadline = time.monotonic() + 10
    while session_members(session) and time.monotonic() < deadline:
        time.sleep(0.1)
    return session_members(session)


def _kill_session(session: int) -> None:
    for pid in session_members(session):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


def _stopped_by(signum, options, folder, home):
    """A two-worker scan of ``folder`` sent ``signum`` once its workers run; every process of
    its session must be gone when it returns (the process and what it wrote to stderr)."""
    process = start(["scan", str(folder), "-j", "2", *options], home)
    try:
        _wait_for_workers(process)
        process.send_signal(signum)
        _, err = process.communicate(timeout=30)
        assert _left_running(process.pid) == []
    finally:
        _kill_session(process.pid)
    return process, err


def test_sigterm_ends_the_workers_and_writes_what_finished(tmp_path, home):
    folder = _photos(tmp_path / "photos")
    # The first photos are read once beforehand: remembered, they are finished at once.
    first = [str(folder / f"{index:02d}.jpg") for index in range(FIRST)]
    warm = run(["scan", *first, "--fail-on", "none", "-j", "1"], home, timeout=300)
    assert warm.returncode == 0, warm.stderr.decode()[-2000:]
    report = tmp_path / "report.json"
    process, err = _stopped_by(signal.SIGTERM, ["-f", "json", "-o", str(report)], folder, home)
    assert process.returncode == 130, err.decode()[-2000:]
    assert "Traceback" not in err.decode()
    assert "Stopped before the end" in err.decode()
    document = json.loads(report.read_text())
    assert document["summary"]["inputs"] == PHOTOS
    by_name = {os.path.basename(p["path"]): p for p in document["photos"]}
    assert all(by_name[f"{index:02d}.jpg"]["status"] == "audited" for index in range(FIRST))
    assert any(p["reason_code"] == "stopped" for p in document["photos"])
    assert all(p["status"] == "audited" or p["reason_code"] == "stopped" for p in by_name.values())


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGINT])
def test_sighup_and_ctrl_c_stop_the_same_way(tmp_path, home, signum):
    folder = _photos(tmp_path / "photos")
    report = tmp_path / "report.md"
    process, err = _stopped_by(signum, ["-f", "markdown", "-o", str(report)], folder, home)
    assert process.returncode == 130, err.decode()[-2000:]
    assert "Traceback" not in err.decode()
    assert report.read_text().startswith("# exposure")


def test_workers_die_with_a_killed_main_process(tmp_path, home):
    folder = _photos(tmp_path / "photos")
    process = start(["scan", str(folder), "-j", "2", "--no-cache"], home)
    try:
        _wait_for_workers(process)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        assert _left_running(process.pid) == []
    finally:
        _kill_session(process.pid)
