"""The command line: exit codes, options, where output goes, report files."""

from __future__ import annotations

import json
import os
import stat

import pytest
from click.testing import CliRunner
from photo_factory import gps, jpeg

from audit.cli import main


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def photos(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    jpeg(folder / "gps.jpg", gps(31.2397, 121.4909))
    jpeg(folder / "model.jpg", {"Exif.Image.Make": "Canon", "Exif.Image.Model": "Canon EOS R6"})
    jpeg(folder / "clean.jpg")
    return folder


def _scan(runner, *args):
    return runner.invoke(main, ["scan", *map(str, args)], catch_exceptions=False)


def test_exit_1_when_a_finding_reaches_fail_on(runner, photos):
    assert _scan(runner, photos).exit_code == 1


def test_exit_0_below_fail_on(runner, photos):
    assert _scan(runner, photos / "model.jpg").exit_code == 0
    assert _scan(runner, photos, "--fail-on", "none").exit_code == 0
    assert _scan(runner, photos / "model.jpg", "--fail-on", "low").exit_code == 1


def test_exit_2_on_usage_errors(runner, photos):
    assert _scan(runner, photos, "--fail-on", "sometimes").exit_code == 2
    assert runner.invoke(main, ["scan"]).exit_code == 2


def test_exit_2_when_nothing_given_exists(runner, tmp_path):
    result = _scan(runner, tmp_path / "nope.jpg")
    assert result.exit_code == 2
    assert "none of the paths given exist" in result.output


def test_missing_path_beside_real_ones_is_listed_not_fatal(runner, photos, tmp_path):
    result = _scan(runner, photos / "clean.jpg", tmp_path / "nope.jpg")
    assert result.exit_code == 0
    assert "No such file or folder" in result.output


def test_json_to_stdout_parses(runner, photos):
    result = _scan(runner, photos, "--format", "json", "--fail-on", "none")
    document = json.loads(result.stdout)
    assert [os.path.basename(p["path"]) for p in document["photos"]] == [
        "clean.jpg",
        "gps.jpg",
        "model.jpg",
    ]


def test_select_and_ignore_by_prefix(runner, photos):
    def ids(result):
        return sorted({f["id"] for p in json.loads(result.stdout)["photos"] for f in p["findings"]})

    assert ids(_scan(runner, photos, "-f", "json", "--select", "location")) == ["location.gps"]
    assert ids(_scan(runner, photos, "-f", "json", "--ignore", "location,device")) == []
    assert ids(
        _scan(runner, photos, "-f", "json", "--select", "device", "--select", "location.gps")
    ) == ["device.model", "location.gps"]


@pytest.mark.parametrize(
    "given", [("--select", "gps"), ("--select", "LOCATION"), ("--ignore", "locaton"),
              ("--select", "location.gpsx/exif"), ("--select", "location,gps")]
)  # fmt: skip
def test_an_id_no_finding_has_is_refused_rather_than_hiding_everything(runner, photos, given):
    result = _scan(runner, photos, *given)
    assert result.exit_code == 2 and result.stdout == ""
    assert "no finding's id starts with this" in result.stderr and "location" in result.stderr


def test_report_file_is_private(runner, photos, tmp_path):
    target = tmp_path / "report.json"
    result = _scan(runner, photos, "-f", "json", "-o", target)
    assert result.stdout == ""
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert json.loads(target.read_text())["summary"]["audited"] == 3


def test_existing_report_file_is_tightened_to_private(runner, photos, tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old")
    target.chmod(0o644)
    _scan(runner, photos, "-f", "markdown", "-o", target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert target.read_text().startswith("# exposure")


def test_report_path_that_is_a_photo_is_refused(runner, photos):
    before = (photos / "gps.jpg").read_bytes()
    result = _scan(runner, photos, "-o", photos / "gps.jpg")
    assert result.exit_code == 2
    assert "one of the files being audited" in result.output
    assert (photos / "gps.jpg").read_bytes() == before


def test_chinese_report(runner, photos):
    result = _scan(runner, photos, "--lang", "zh")
    assert "文件里有精确的 GPS 定位" in result.stdout


def test_a_language_given_before_the_command_is_the_reports_too(runner, photos, tmp_path):
    scanned = runner.invoke(main, ["--lang", "zh", "scan", str(photos), "--fail-on", "none"])
    assert "文件里有精确的 GPS 定位" in scanned.stdout
    cleaned = runner.invoke(
        main, ["--lang", "zh", "clean", str(photos), "--out", str(tmp_path / "c")]
    )
    assert "清理" in cleaned.stdout and "Why:" not in cleaned.stdout
    # One given to the command itself wins.
    english = runner.invoke(main, ["--lang", "zh", "scan", str(photos), "--lang", "en"])
    assert "Exact GPS location in the file" in english.stdout


def test_language_follows_the_system(runner, photos, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert "怎么处理" in _scan(runner, photos).stdout


def test_no_colour_when_not_a_terminal(runner, photos):
    assert "\x1b[" not in _scan(runner, photos).stdout


def test_redact_hides_coordinates(runner, photos):
    result = _scan(runner, photos, "--redact", "-f", "json")
    document = json.loads(result.stdout)
    location = next(p["location"] for p in document["photos"] if p["location"])
    assert (location["lat"], location["lon"]) == (31.2, 121.5)
    assert document["redacted"] is True


def test_help_and_version(runner):
    assert "Audit photos" in runner.invoke(main, ["scan", "--help"]).output
    assert runner.invoke(main, ["--version"]).output.startswith("exposure, version")


@pytest.mark.parametrize("command", ["scan", "clean"])
def test_a_path_the_user_may_not_read_is_reported_not_refused_as_a_usage_error(
    runner, tmp_path, monkeypatch, command
):
    """Each input is audited or skipped with its reason: an unreadable one named on the command
    line must not stop the whole run before it starts."""
    photo = jpeg(tmp_path / "a.jpg")
    # What a permission check says for a file its owner locked (root reads it all the same).
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    extra = ["--out", str(tmp_path / "out")] if command == "clean" else []
    result = runner.invoke(main, [command, str(photo), "--metadata-only", *extra])
    assert result.exit_code != 2, result.output
    assert "not readable" not in result.output
