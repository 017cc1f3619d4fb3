"""Owner-only files: created new, never through a link, readable by their owner alone."""

from __future__ import annotations

import os
import stat

import pytest

from audit import private_files


def _mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_folders_and_files_are_the_owners_alone(tmp_path):
    private_files.folder(tmp_path / "a" / "b")
    private_files.write_new(tmp_path / "a" / "b" / "log.json", b"{}")
    private_files.write_new(tmp_path / "a" / "b" / "manifest.txt", b"x", mode=0o400)
    assert _mode(tmp_path / "a" / "b") == 0o700
    assert _mode(tmp_path / "a" / "b" / "log.json") == 0o600
    assert _mode(tmp_path / "a" / "b" / "manifest.txt") == 0o400


def test_a_name_already_taken_even_by_a_dangling_link_is_refused(tmp_path):
    (tmp_path / "kept").write_bytes(b"hers")
    os.symlink(tmp_path / "elsewhere", tmp_path / "link")
    for name in ("kept", "link"):
        with pytest.raises(FileExistsError):
            private_files.write_new(tmp_path / name, b"new")
    assert (tmp_path / "kept").read_bytes() == b"hers"
    assert not (tmp_path / "elsewhere").exists()


def test_a_file_that_is_not_a_database_is_replaced(tmp_path):
    path = tmp_path / "cache" / "index.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"not a database at all" * 50)
    connection = private_files.sqlite(path, ("journal_mode=WAL",), "CREATE TABLE t (x);")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    assert connection.execute("SELECT x FROM t").fetchall() == [(1,)]
    connection.close()
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
