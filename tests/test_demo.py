"""`exposure demo`: a workshop's sample set and its redacted report, from the installed package."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from paths import EXAMPLES

from audit.demo import pixel_samples, scenes
from audit.demo.run import MARKER, DemoFolderError, prepare, remember, write_example_me


def test_the_samples_are_made_from_the_package_alone():
    package = Path(scenes.__file__).resolve().parent
    assert package / "assets" == pixel_samples.ASSETS
    for font in pixel_samples.FONTS.values():
        assert font.is_file() and package in font.parents


def test_the_demo_set_is_the_examples_set(tmp_path):
    made, expected = scenes.write_examples(tmp_path)
    assert expected == json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    assert sorted(made) == sorted(p.name for p in (EXAMPLES / "photos").iterdir())


def test_a_folder_of_her_own_files_is_never_used(tmp_path):
    own = tmp_path / "mine"
    own.mkdir()
    (own / "holiday.jpg").write_bytes(b"not ours")
    with pytest.raises(DemoFolderError) as refused:
        prepare(own)
    assert "already holds other files" in refused.value.message.en
    assert (own / "holiday.jpg").read_bytes() == b"not ours"
    file = tmp_path / "a-file"
    file.write_text("x")
    with pytest.raises(DemoFolderError):
        prepare(file)


def test_a_folder_made_by_the_demo_may_be_made_again(tmp_path):
    photos = prepare(tmp_path / "demo")
    photos.mkdir()
    (photos / "old.jpg").write_bytes(b"x")
    remember(tmp_path / "demo", ["old.jpg"])
    assert (tmp_path / "demo" / MARKER).is_file()
    assert prepare(tmp_path / "demo") == photos and not list(photos.iterdir())


@pytest.mark.parametrize("change", ["added photo", "sub-folder", "link", "photos is a link"])
def test_what_she_put_in_a_demo_folder_is_never_removed(tmp_path, change):
    photos = prepare(tmp_path / "demo")
    photos.mkdir()
    (photos / "sample.jpg").write_bytes(b"x")
    remember(tmp_path / "demo", ["sample.jpg"])
    mine = tmp_path / "mine.jpg"
    mine.write_bytes(b"hers")
    if change == "added photo":
        (photos / "holiday.jpg").write_bytes(b"hers")
    elif change == "sub-folder":
        (photos / "trip").mkdir()
    elif change == "link":
        (photos / "sample.jpg").unlink()
        (photos / "sample.jpg").symlink_to(mine)
    else:
        (photos / "sample.jpg").unlink()
        photos.rmdir()
        (tmp_path / "elsewhere").mkdir()
        photos.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(DemoFolderError) as refused:
        prepare(tmp_path / "demo")
    assert "nothing of yours is removed" in refused.value.message.en
    assert mine.read_bytes() == b"hers"
    assert change != "added photo" or (photos / "holiday.jpg").read_bytes() == b"hers"


def test_an_edited_example_me_file_is_kept(tmp_path):
    write_example_me(tmp_path)
    assert "names = " in (tmp_path / "me.toml").read_text(encoding="utf-8")
    (tmp_path / "me.toml").write_text('names = ["Her Own Name"]\n', encoding="utf-8")
    write_example_me(tmp_path)
    assert (tmp_path / "me.toml").read_text(encoding="utf-8") == 'names = ["Her Own Name"]\n'


@pytest.mark.parametrize("where", ["/proc/exposure-demo", "a-file/sub", "x" * 300])
def test_a_folder_that_cannot_be_made_is_said_without_a_traceback(tmp_path, monkeypatch, where):
    from click.testing import CliRunner

    from audit.cli import main

    (tmp_path / "a-file").write_text("x")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["demo", where, "--lang", "en"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "The demo could not write into" in result.output


def test_the_demo_command_in_chinese_outside_the_source_tree(tmp_path):
    """What a facilitator runs after `pip install .`: no file from the source tree is needed."""
    installed = Path(scenes.__file__).resolve().parents[2]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(installed)}
    result = subprocess.run(
        [sys.executable, "-m", "audit", "demo", "--lang", "zh", "--jobs", "2"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    folder = tmp_path / "exposure-demo"
    expected = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in (folder / "photos").iterdir()) == sorted(expected["photos"])
    reports = [p for p in folder.iterdir() if p.name.startswith("report.")]
    assert len(reports) == 1 and stat.S_IMODE(reports[0].stat().st_mode) == 0o600
    assert "可以投影展示的报告" in result.stderr and "exposure clean" in result.stderr
    me = folder / "me.toml"
    assert stat.S_IMODE(me.stat().st_mode) == 0o600 and "names = " in me.read_text(encoding="utf-8")
    text = reports[0].read_text(encoding="utf-8")
    assert "82021004417" not in text and "Lin Xiaoyu" not in text, "the report is redacted"
    assert text.count('src="data:image/jpeg;base64,') >= 10, "the room sees the samples, blurred"
    assert "31.2397" not in text and "121.4909" not in text
