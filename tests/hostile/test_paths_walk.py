"""The folder walk under hostile layouts: links to folders, second names, mazes, unreadable files.

Each real file (device and inode) is audited once whatever leads to it; the walk is bounded;
a file that cannot be read is listed with its reason, never a reason to stop.
"""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from photo_factory import jpeg

from audit.cli import main
from audit.models import PhotoResult
from audit.sources.walk import InputFile, WalkLimits, iter_inputs

CAMERA = {
    "Exif.Image.Make": "Canon",
    "Exif.Image.Model": "Canon EOS R6",
    "Exif.Photo.BodySerialNumber": "083024001234",
}


def _scan_json(*args):
    result = CliRunner().invoke(
        main,
        ["scan", *map(os.fspath, args), "-f", "json", "--metadata-only", "-j", "1"],
        catch_exceptions=False,
    )
    return result, json.loads(result.stdout)


def test_a_photo_reached_through_a_folder_link_is_audited_once(tmp_path):
    album = tmp_path / "DCIM" / "album"
    album.mkdir(parents=True)
    jpeg(album / "IMG_0001.jpg", CAMERA)
    (tmp_path / "DCIM" / "favourites").symlink_to(album, target_is_directory=True)
    result, document = _scan_json(tmp_path / "DCIM", "--fail-on", "none")
    assert result.exit_code == 0
    audited = [p for p in document["photos"] if p["status"] == "audited"]
    assert [os.path.basename(p["path"]) for p in audited] == ["IMG_0001.jpg"]
    assert not [f for f in document["set_findings"] if f["id"] == "set.device-link"]
    (seen,) = [p for p in document["photos"] if p["reason_code"] == "folder-seen"]
    assert seen["path"].endswith("favourites")
    assert "album" in seen["reason"]


def test_second_names_and_repeated_paths_are_listed_beside_the_one_result(tmp_path):
    photo = jpeg(tmp_path / "a.jpg", CAMERA)
    os.link(photo, tmp_path / "b.jpg")
    (tmp_path / "c.jpg").symlink_to(photo)
    result, document = _scan_json(tmp_path, photo, "--fail-on", "none")
    assert result.exit_code == 0
    (only,) = document["photos"]
    assert only["status"] == "audited" and only["path"].endswith("a.jpg")
    assert sorted(os.path.basename(p) for p in only["also_at"]) == ["b.jpg", "c.jpg"]
    assert document["set_findings"] == [] or all(
        f["id"] != "set.device-link" for f in document["set_findings"]
    )


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_what_a_second_name_gives_away_is_reported(tmp_path, link):
    photo = jpeg(tmp_path / "a.jpg")
    other = tmp_path / "to-post" / "Lin_Xiaoyu_13800138000.jpg"
    other.parent.mkdir()
    if link == "hard":
        os.link(photo, other)
    else:
        other.symlink_to(photo)
    result, document = _scan_json(tmp_path, "--metadata-only")
    (only,) = document["photos"]
    evidence = [e for f in only["findings"] if f["id"] == "file.name" for e in f["evidence"]]
    assert {"13800138000", "Lin Xiaoyu"} <= {e["value"] for e in evidence}
    assert {e["source"] for e in evidence} == {"other file name"}
    assert result.exit_code == 1, "a phone number in a name fails the run as it would anywhere"
    _, quiet = _scan_json(tmp_path, "--metadata-only", "--ignore", "file.name")
    assert quiet["photos"][0]["findings"] == []


def _maze(root, depth: int) -> None:
    """``depth`` levels, each with two links to the next: 2**depth paths to the last folder."""
    levels = [root / f"level{index}" for index in range(depth + 1)]
    for level in levels:
        level.mkdir()
    for level, deeper in zip(levels, levels[1:], strict=False):
        (level / "left").symlink_to(deeper, target_is_directory=True)
        (level / "right").symlink_to(deeper, target_is_directory=True)
    jpeg(levels[-1] / "deep.jpg")


def test_a_maze_of_links_is_walked_once_per_folder(tmp_path):
    _maze(tmp_path, depth=16)
    items = list(iter_inputs([str(tmp_path / "level0")]))
    files = [item for item in items if isinstance(item, InputFile)]
    assert len(files) == 1 and os.path.basename(files[0].path) == "deep.jpg"
    # One walk of each of the 17 folders, and one line for each second way into one.
    assert len(items) <= 2 * 17


def test_the_walk_stops_at_its_bounds_and_says_so(tmp_path):
    for index in range(6):
        (tmp_path / f"folder{index}").mkdir()
        jpeg(tmp_path / f"folder{index}" / "photo.jpg")
    for limits in (WalkLimits(folders=3), WalkLimits(entries=4), WalkLimits(links=0)):
        if limits.links == 0:
            (tmp_path / "folder0" / "link.jpg").symlink_to(tmp_path / "folder1" / "photo.jpg")
        items = list(iter_inputs([str(tmp_path)], limits))
        stops = [i for i in items if isinstance(i, PhotoResult) and i.skip.code == "walk-limit"]
        assert len(stops) == 1, limits
        assert "limit" in stops[0].skip.message.en and "上限" in stops[0].skip.message.zh
        assert len([i for i in items if isinstance(i, InputFile)]) < 6


def _root_cannot_read() -> str | None:
    """A file that even root cannot open for reading, if this system has one."""
    candidate = "/proc/1/mem"
    try:
        with open(candidate, "rb"):
            return None
    except PermissionError:
        return candidate
    except OSError:
        return None


def test_an_unreadable_file_named_on_the_command_line_is_listed_not_fatal(tmp_path):
    photo = jpeg(tmp_path / "photo.jpg", CAMERA)
    if os.geteuid() == 0:
        unreadable = _root_cannot_read()
        if unreadable is None:
            pytest.skip("as root, every file here is readable; no unreadable file to name")
    else:
        locked = jpeg(tmp_path / "locked.jpg", CAMERA)
        locked.chmod(0)
        unreadable = str(locked)
    for order in ((unreadable, photo), (photo, unreadable)):
        result, document = _scan_json(*order, "--fail-on", "none")
        assert result.exit_code == 0, result.output
        by_path = {p["path"]: p for p in document["photos"]}
        assert by_path[str(photo)]["status"] == "audited"
        assert by_path[unreadable]["status"] == "skipped"
        assert by_path[unreadable]["reason_code"] in ("no-permission", "unreadable")
    alone = CliRunner().invoke(main, ["scan", unreadable, "--metadata-only"])
    assert alone.exit_code == 2
    assert "Not audited" in alone.stdout and "permission" in alone.stdout
