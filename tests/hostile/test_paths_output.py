"""Report files: never over an input, whole or not at all, and a plain word when they cannot be."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from photo_factory import gps, jpeg

from audit.cli import main
from hostile.process_tools import exposure_env


def _scan(*args, lang="en"):
    return CliRunner().invoke(
        main, ["scan", *map(os.fspath, args), "--metadata-only", "--lang", lang, "-j", "1"]
    )


@pytest.fixture
def photo(tmp_path):
    (tmp_path / "photos").mkdir()
    return jpeg(tmp_path / "photos" / "gps.jpg", gps(31.2397, 121.4909))


def test_photo_whose_name_is_not_utf8_is_never_overwritten(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), b"\xff\xfe-shanghai.jpg")
    source = jpeg(tmp_path / "source.jpg", gps(31.2397, 121.4909))
    with open(raw, "wb") as handle:
        handle.write(source.read_bytes())
    before = source.read_bytes()
    result = _scan(folder, "-o", os.fsdecode(raw))
    assert result.exit_code == 2
    assert "one of the files being audited" in result.output
    with open(raw, "rb") as handle:
        assert handle.read() == before


def test_a_link_or_second_name_of_a_photo_is_refused(tmp_path, photo):
    before = photo.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(photo)
    second = tmp_path / "second-name.json"
    os.link(photo, second)
    for target in (link, second):
        result = _scan(photo.parent, "-o", target)
        assert result.exit_code == 2, result.output
        assert "one of the files being audited" in result.output
    assert photo.read_bytes() == before and link.is_symlink()


def test_report_in_a_folder_through_a_link_to_the_photos_is_refused(tmp_path, photo):
    through = tmp_path / "through"
    through.symlink_to(photo.parent, target_is_directory=True)
    result = _scan(photo, "-o", through / "gps.jpg", lang="zh")
    assert result.exit_code == 2
    assert "正在检查的文件之一" in result.output


def test_new_report_beside_the_photos_is_written_owner_only(tmp_path, photo):
    target = photo.parent / "report.md"
    result = _scan(photo.parent, "-f", "markdown", "-o", target, "--fail-on", "none")
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("# exposure")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in photo.parent.iterdir()) == ["gps.jpg", "report.md"]


def _limited_run(args, home: Path, limit: int) -> subprocess.CompletedProcess:
    """Run exposure with files capped at ``limit`` bytes: writes past it fail as on a full disk."""

    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "audit", *args],
        env=exposure_env(home),
        capture_output=True,
        timeout=120,
        preexec_fn=cap,
    )


def test_a_full_disk_leaves_no_partial_report_and_says_why(tmp_path, photo):
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    target.write_text("the previous report\n")
    args = ["scan", str(photo), "--metadata-only", "--no-cache", "-f", "json", "-o", str(target)]
    result = _limited_run(args, tmp_path / "home", limit=300)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "Traceback" not in err
    assert "could not write the report" in err and "larger than this disk" in err
    assert target.read_text() == "the previous report\n"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


def test_checklist_worksheet_on_a_full_disk(tmp_path):
    target = tmp_path / "wechat.md"
    args = [
        "checklist",
        "worksheet",
        "-f",
        "markdown",
        "-p",
        "wechat",
        "-o",
        str(target),
        "--lang",
        "zh",
    ]
    result = _limited_run(args, tmp_path / "home", limit=300)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "Traceback" not in err and "无法把报告写入" in err
    assert list(tmp_path.glob("*.md")) == [] and list(tmp_path.glob(".*tmp")) == []


@pytest.mark.parametrize("command", ["scan", "checklist"])
def test_a_device_is_never_replaced_by_a_report(photo, command):
    args = (
        ["scan", str(photo), "--metadata-only"]
        if command == "scan"
        else ["checklist", "worksheet", "-f", "markdown", "-p", "wechat"]
    )
    result = CliRunner().invoke(main, [*args, "-o", "/dev/full"])
    assert result.exit_code == 2
    assert "not an ordinary file" in result.output
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_folder_where_no_file_can_be_made(photo):
    result = _scan(photo, "-o", "/proc/exposure-report.json")
    assert result.exit_code == 2
    assert "could not write the report" in result.output
    assert "Traceback" not in result.output


def test_a_read_only_folder(tmp_path, photo):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; this case needs an ordinary user")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    result = _scan(photo, "-o", folder / "report.json")
    assert result.exit_code == 2
    assert "not allowed to write in that folder" in result.output
