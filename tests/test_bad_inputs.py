"""Broken and hostile inputs: each is audited or skipped with a reason; none stops the run."""

from __future__ import annotations

import json
import os
import random
import struct
import zlib

from click.testing import CliRunner
from photo_factory import gps, jpeg

from audit.cli import main
from audit.engine import AuditOptions, run_audit
from audit.models import Status


def _scan_json(*paths, extra=()):
    result = CliRunner().invoke(
        main,
        ["scan", *map(str, paths), "-f", "json", "--fail-on", "none", *extra],
        catch_exceptions=False,
    )
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout)


def _png_header(width, height):
    body = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + body
        + struct.pack(">I", zlib.crc32(b"IHDR" + body))
    )


def test_a_zoo_of_bad_files(tmp_path):
    good = jpeg(tmp_path / "good.jpg", gps(31.2397, 121.4909))
    data = good.read_bytes()
    (tmp_path / "truncated.jpg").write_bytes(data[: len(data) // 3])
    (tmp_path / "header_only.jpg").write_bytes(data[:20])
    (tmp_path / "zero.jpg").write_bytes(b"")
    (tmp_path / "text.jpg").write_text("just words")
    (tmp_path / "random.png").write_bytes(random.Random(4).randbytes(5000))
    (tmp_path / "bomb.png").write_bytes(_png_header(100_000, 100_000) + b"\x00" * 100)
    garbled = bytearray(data)
    for position in random.Random(5).sample(range(30, 600), 60):
        garbled[position] = 0xFF
    (tmp_path / "garbled.jpg").write_bytes(bytes(garbled))
    os.mkfifo(tmp_path / "pipe.jpg")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "empty_dir").mkdir()
    raw_name = os.path.join(os.fsencode(tmp_path), b"\xff\xfename.jpg")
    with open(raw_name, "wb") as handle:
        handle.write(data)
    result, document = _scan_json(tmp_path, tmp_path / "missing.jpg", tmp_path / "empty_dir")
    assert result.exit_code == 0
    by_name = {os.path.basename(p["path"]): p for p in document["photos"]}
    assert by_name["good.jpg"]["status"] == "audited"
    assert by_name["\\xff\\xfename.jpg"]["status"] == "audited"
    assert by_name["zero.jpg"]["reason_code"] == "empty-file"
    assert by_name["text.jpg"]["reason_code"] == "not-an-image"
    assert by_name["random.png"]["reason_code"] in ("corrupt", "not-an-image")
    assert by_name["pipe.jpg"]["reason_code"] == "not-regular"
    assert by_name["missing.jpg"]["reason_code"] == "not-found"
    # Given again after its parent was walked: listed once, as another way into that folder.
    assert by_name["empty_dir"]["reason_code"] == "folder-seen"
    assert by_name["loop"]["reason_code"] == "link-loop"
    for name in ("truncated.jpg", "header_only.jpg", "garbled.jpg", "bomb.png"):
        photo = by_name[name]
        assert photo["status"] in ("audited", "skipped")
        assert photo["status"] == "audited" or photo["reason"]
    assert all(p["status"] == "audited" or p["reason"] for p in document["photos"])


def test_a_thousand_broken_files_are_all_accounted_for(tmp_path):
    source = jpeg(
        tmp_path / "source.jpg", {"Exif.Image.Artist": "Lin Xiaoyu", **gps(31.2397, 121.4909)}
    ).read_bytes()
    rng = random.Random(7)
    folder = tmp_path / "broken"
    folder.mkdir()
    for index in range(1000):
        data = bytearray(source)
        mode = index % 4
        if mode == 0:
            data = data[: rng.randint(0, len(data))]
        elif mode == 1:
            for _ in range(rng.randint(1, 40)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif mode == 2:
            start = rng.randrange(2, 400)
            data[start : start + 64] = rng.randbytes(64)
        else:
            data = bytearray(b"\xff\xd8" + rng.randbytes(rng.randint(0, 3000)))
        (folder / f"broken_{index:04d}.jpg").write_bytes(bytes(data))
    report = run_audit(AuditOptions(paths=(str(folder),), jobs=2, time_budget=20))
    assert len(report.photos) == 1000
    assert all(p.status is Status.AUDITED or p.skip is not None for p in report.photos)
    assert not [p for p in report.photos if p.skip and p.skip.code == "internal-error"]
    assert sum(p.status is Status.AUDITED for p in report.photos) > 200
