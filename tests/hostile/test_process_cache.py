"""A cache that cannot be used is said once, in plain words, and the scan goes on without it.

The cases: a folder in place of the database, a damaged database, and (as another user, by
dropping privileges in a forked child) a cache folder or file left owned by root by a run with
sudo. ``exposure cache clear`` repairs what it can and says what it cannot.
"""

from __future__ import annotations

import os
import pwd
import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from photo_factory import gps, jpeg

from audit import cache as result_cache
from audit.cli import main

WORDS = {"en": "cannot be used", "zh": "无法使用"}


@pytest.fixture
def photos(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    jpeg(folder / "a.jpg", gps(31.2397, 121.4909))
    jpeg(folder / "b.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    return folder


def _scan(folder, lang):
    return CliRunner().invoke(
        main,
        ["scan", str(folder), "--metadata-only", "-j", "1", "--lang", lang, "--fail-on", "none"],
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_folder_in_place_of_the_cache_file(photos, lang):
    database = result_cache.default_path()
    (database / "inside").mkdir(parents=True)
    result = _scan(photos, lang)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.stderr.count(WORDS[lang]) == 1
    assert "a.jpg" in result.stdout
    cleared = CliRunner().invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0 and not database.exists()
    again = _scan(photos, lang)
    assert WORDS[lang] not in again.stderr and result_cache.info().current_entries == 2


def test_a_damaged_cache_is_said_once_and_repaired_by_clear(photos):
    assert _scan(photos, "en").exit_code == 0
    database = result_cache.default_path()
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(database.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    data[page:] = b"\xa5" * (len(data) - page)
    database.write_bytes(bytes(data))
    result = _scan(photos, "en")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.stderr.count("damaged") == 1
    assert "a.jpg" in result.stdout
    assert CliRunner().invoke(main, ["cache", "clear"]).exit_code == 0
    again = _scan(photos, "en")
    assert "damaged" not in again.stderr and result_cache.info().current_entries == 2


def test_a_file_that_is_not_a_database_is_replaced(photos):
    database = result_cache.default_path()
    database.parent.mkdir(parents=True)
    database.write_bytes(b"not sqlite at all" * 100)
    result = _scan(photos, "en")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert result_cache.info().current_entries == 2


def _nobody() -> pwd.struct_passwd:
    """The user who plays "another user"; only root can become it."""
    if os.geteuid() != 0:
        pytest.skip("dropping to another user needs root")
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no 'nobody' user on this system to play another user")


def _as_nobody(action) -> str:
    """Run ``action()`` in a forked child as user nobody; return what it returned or raised."""
    nobody = _nobody()
    result_cache.code_fingerprint()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        os.close(reader)
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            text = str(action())
        except BaseException as error:  # noqa: BLE001 - any escape is what the test looks for
            text = f"RAISED {type(error).__name__}: {error}"
        os.write(writer, text.encode())
        os._exit(0)
    os.close(writer)
    chunks = []
    while chunk := os.read(reader, 65536):
        chunks.append(chunk)
    os.close(reader)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


@pytest.fixture
def shared_base():
    """A folder every user can enter (pytest's own folders are root's alone)."""
    base = Path(tempfile.mkdtemp(prefix="exposure-other-user-"))
    base.chmod(0o755)
    yield base
    import shutil

    shutil.rmtree(base, ignore_errors=True)


def test_cache_folder_left_by_a_sudo_run(shared_base):
    folder = shared_base / "exposure"
    folder.mkdir(mode=0o700)
    database = folder / result_cache.FILE_NAME
    result_cache.ResultCache(database, "mode").close()

    def open_cache() -> str:
        cache = result_cache.ResultCache(database, "mode")
        cache.close()
        return f"{cache.problem.en}\n{cache.problem.zh}" if cache.problem else "no problem"

    said = _as_nobody(open_cache)
    assert "RAISED" not in said, said
    assert "another user" in said and "sudo" in said and "另一个用户" in said

    def clear() -> str:
        cleared = result_cache.clear(database)
        return "\n".join(text.en for text in cleared.left)

    said = _as_nobody(clear)
    assert "RAISED" not in said and "sudo rm -r" in said
    assert database.exists()
    assert "sudo rm" not in "\n".join(t.en for t in result_cache.clear(database).left)
    assert not database.exists()


def test_cache_file_left_read_only_by_a_sudo_run(shared_base):
    folder = shared_base / "exposure"
    folder.mkdir(mode=0o700)
    database = folder / result_cache.FILE_NAME
    result_cache.ResultCache(database, "mode").close()
    os.chown(folder, _nobody().pw_uid, -1)
    database.chmod(0o644)

    def open_cache() -> str:
        cache = result_cache.ResultCache(database, "mode")
        cache.store(b"key", "state", "{}")
        cache.close()
        return cache.problem.en if cache.problem else "no problem"

    said = _as_nobody(open_cache)
    assert "RAISED" not in said, said
    assert "cannot be used" in said
    said = _as_nobody(lambda: "\n".join(t.en for t in result_cache.clear(database).left) or "ok")
    assert said == "ok" and not database.exists()
