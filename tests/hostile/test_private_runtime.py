"""A full scan leaves nothing behind but the exposure cache and the report it was asked for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hostile import generators

ROOT = Path(__file__).resolve().parents[2]


def test_a_scan_with_pixels_writes_only_its_cache_and_report(tmp_path):
    """ONNX Runtime used to write a device id and an event database under ~/.cache/Microsoft."""
    home, photos = tmp_path / "home", tmp_path / "photos"
    home.mkdir()
    photos.mkdir()
    (photos / "photo.jpg").write_bytes(generators.small_jpeg((320, 240)))
    report = home / "report.json"
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "ORT_")) and key != "HOME"
    }
    environment.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        PYTHONPATH=str(ROOT),
        TMPDIR=str(tmp_path / "tmp"),
    )
    (tmp_path / "tmp").mkdir()
    before = {path for path in tmp_path.rglob("*")}
    completed = subprocess.run(
        [sys.executable, "-m", "audit", "scan", str(photos), "--jobs", "1", "-f", "json"]
        + ["-o", str(report), "--fail-on", "none"],
        env=environment,
        cwd=home,
        capture_output=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    assert json.loads(report.read_text())["metadata_only"] is False  # the OCR runtime ran
    created = {
        path.relative_to(tmp_path).as_posix()
        for path in set(tmp_path.rglob("*")) - before
        if path.is_file()
    }
    cache = (home / ".cache" / "exposure").relative_to(tmp_path).as_posix()
    unexpected = {
        path
        for path in created
        if not path.startswith(cache + "/") and path != report.relative_to(tmp_path).as_posix()
    }
    assert not unexpected, unexpected
    assert report.relative_to(tmp_path).as_posix() in created
