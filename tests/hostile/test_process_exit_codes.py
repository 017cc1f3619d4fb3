"""Exit codes: nothing audited is 2, stopped is 130 with the report of what finished, and --help
says so for each command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from photo_factory import gps, jpeg

from audit import pool
from audit.cli import main


def _scan(*args):
    return CliRunner().invoke(main, ["scan", *map(str, args), "--metadata-only", "-j", "1"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_empty_folder_audits_nothing_and_exits_2(tmp_path, lang):
    result = _scan(tmp_path, "--lang", lang)
    assert result.exit_code == 2
    if lang == "en":
        assert "0 photos audited, 0 skipped" in result.stdout
        assert "no photo could be audited" in result.stderr
    else:
        assert "已检查0张照片，跳过0张" in result.stdout
        assert "没有任何照片能被检查" in result.stderr
    assert "This folder has no files in it." in result.stdout or "文件夹里没有文件" in result.stdout


def test_only_files_that_are_not_photos_exits_2(tmp_path):
    (tmp_path / "notes.txt").write_text("shopping list")
    (tmp_path / "words.jpg").write_text("not a picture at all")
    result = _scan(tmp_path, "-f", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["summary"]["audited"] == 0
    assert {p["reason_code"] for p in document["photos"]} == {"not-a-photo-name", "not-an-image"}


def test_one_photo_among_non_photos_is_not_an_error(tmp_path):
    (tmp_path / "notes.txt").write_text("shopping list")
    jpeg(tmp_path / "photo.jpg")
    assert _scan(tmp_path, "--fail-on", "none").exit_code == 0


def _stopping_pool(real_run, after: int):
    """pool.run that hands over ``after`` results and then meets a Ctrl-C."""

    def run(*args, **kwargs):
        for count, outcome in enumerate(real_run(*args, **kwargs)):
            if count == after:
                raise KeyboardInterrupt
            yield outcome

    return run


@pytest.mark.parametrize("output_format", ["json", "markdown", "table"])
def test_ctrl_c_writes_the_report_of_what_finished_and_exits_130(
    tmp_path, monkeypatch, output_format
):
    folder = tmp_path / "photos"
    folder.mkdir()
    for index in range(6):
        jpeg(folder / f"{index}.jpg", gps(31.2 + index / 10, 121.4))
    monkeypatch.setattr(pool, "run", _stopping_pool(pool.run, after=2))
    report = tmp_path / "report.out"
    result = _scan(folder, "-f", output_format, "-o", report, "--no-cache")
    assert result.exit_code == 130, result.output
    assert "Traceback" not in result.output
    assert "Stopped before the end: 2 of 6 file(s) were checked" in result.stderr
    assert str(report) in result.stderr
    text = report.read_text()
    if output_format == "json":
        document = json.loads(text)
        codes = [p["reason_code"] for p in document["photos"]]
        assert codes.count(None) == 2 and codes.count("stopped") == 4
    else:
        assert "0.jpg" in text and "stopped before this file was checked" in text


def test_ctrl_c_without_output_shows_what_finished(tmp_path, monkeypatch):
    for index in range(3):
        jpeg(tmp_path / f"{index}.jpg")
    monkeypatch.setattr(pool, "run", _stopping_pool(pool.run, after=1))
    result = _scan(tmp_path, "--lang", "zh")
    assert result.exit_code == 130
    assert "在完成前被中止" in result.stderr
    assert "0.jpg" in result.stdout


@pytest.mark.parametrize("command", [["scan"], ["checklist"]])
def test_help_lists_the_exit_codes(command):
    text = CliRunner().invoke(main, [*command, "--help"]).output
    assert "Exit codes" in text
    for code in ("0 ", "2 ", "130"):
        assert code in text
