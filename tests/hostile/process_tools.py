"""Helpers for the hostile-process tests: run exposure as a real command, and see its processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def exposure_env(home: Path) -> dict[str, str]:
    """An environment for a child exposure: this checkout on the path, private user folders."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["XDG_CACHE_HOME"] = str(home / "cache")
    env["XDG_DATA_HOME"] = str(home / "data")
    env["LANG"] = "C.UTF-8"
    return env


def start(args: list[str], home: Path, **kwargs) -> subprocess.Popen:
    """``python -m audit ARGS`` in its own session, so that its whole process tree can be found."""
    return subprocess.Popen(
        [sys.executable, "-m", "audit", *args],
        env=exposure_env(home),
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def run(args: list[str], home: Path, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "audit", *args],
        env=exposure_env(home),
        capture_output=True,
        timeout=timeout,
        **kwargs,
    )


def _live_processes() -> Iterator[tuple[int, list[bytes]]]:
    """Each live process (not a zombie) and the fields of its /proc stat after the name."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != b"Z":
            yield int(entry), fields


def session_members(session: int) -> list[int]:
    """Live processes whose session id is ``session``, read from /proc."""
    return [pid for pid, fields in _live_processes() if int(fields[4]) == session]


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (its workers), read from /proc."""
    return [child for child, fields in _live_processes() if int(fields[1]) == pid]
