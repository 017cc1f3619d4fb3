"""Walking the paths a person gives: order, skips with reasons, loops, odd names."""

from __future__ import annotations

import os

from audit.models import PhotoResult
from audit.sources.walk import InputFile, iter_inputs


def _summary(items):
    return [
        (os.path.basename(item.display), "file")
        if isinstance(item, InputFile)
        else (os.path.basename(item.path), item.skip.code)
        for item in items
    ]


def test_folder_is_walked_recursively_in_name_order(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/z.jpg", "a.JPG", "c.heic", "notes.txt", "b/y.png"):
        (tmp_path / name).write_bytes(b"x")
    items = list(iter_inputs([str(tmp_path)]))
    assert _summary(items) == [
        ("a.JPG", "file"),
        ("y.png", "file"),
        ("z.jpg", "file"),
        ("c.heic", "file"),
        ("notes.txt", "not-a-photo-name"),
    ]
    assert items[1].display == os.path.join(str(tmp_path), "b", "y.png")


def test_display_path_keeps_the_folder_as_given(tmp_path, monkeypatch):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "one.jpg").write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    (item,) = iter_inputs(["pics"])
    assert item.display == os.path.join("pics", "one.jpg")


def test_missing_path_is_a_skip_not_an_error(tmp_path):
    (item,) = iter_inputs([str(tmp_path / "nope.jpg")])
    assert isinstance(item, PhotoResult) and item.skip.code == "not-found"


def test_empty_folder_is_reported(tmp_path):
    (item,) = iter_inputs([str(tmp_path)])
    assert item.skip.code == "empty-folder"


def test_a_file_without_an_extension_is_said_to_have_none(tmp_path):
    (tmp_path / "README").write_bytes(b"x")
    (item,) = iter_inputs([str(tmp_path)])
    assert item.skip.code == "not-a-photo-name"
    assert item.skip.message.en == "Not a photo type exposure reads (no extension)."
    assert "没有扩展名" in item.skip.message.zh


def test_broken_link_is_reported(tmp_path):
    (tmp_path / "gone.jpg").symlink_to(tmp_path / "missing.jpg")
    (item,) = iter_inputs([str(tmp_path)])
    assert item.skip.code == "broken-link"


def test_link_loop_ends_with_a_skip(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "photo.jpg").write_bytes(b"x")
    (tmp_path / "a" / "back").symlink_to(tmp_path, target_is_directory=True)
    items = list(iter_inputs([str(tmp_path)]))
    assert ("photo.jpg", "file") in _summary(items)
    assert any(isinstance(i, PhotoResult) and i.skip.code == "link-loop" for i in items)
    assert len(items) < 10


def test_link_to_itself_given_directly(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    (item,) = iter_inputs([str(loop)])
    assert item.skip.code == "link-loop"


def test_a_loop_of_file_links_in_a_folder_is_called_a_loop_not_a_missing_file(tmp_path):
    (tmp_path / "a.jpg").symlink_to(tmp_path / "b.jpg")
    (tmp_path / "b.jpg").symlink_to(tmp_path / "a.jpg")
    items = list(iter_inputs([str(tmp_path)]))
    assert [item.skip.code for item in items] == ["link-loop", "link-loop"]
    assert "loop" in items[0].skip.message.en and "folder already" in items[0].skip.message.en


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    (item,) = iter_inputs([str(locked)])
    assert item.skip.code == "no-permission"


def test_non_utf8_file_name_is_shown_escaped(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.jpg")
    with open(raw, "wb") as handle:
        handle.write(b"x")
    (item,) = iter_inputs([str(tmp_path)])
    assert isinstance(item, InputFile)
    assert item.display.endswith("caf\\xe9.jpg")
    assert os.path.exists(item.path)
