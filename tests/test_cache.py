"""The result cache: unchanged files come back from it, changed files are read again."""

from __future__ import annotations

import os
import stat

from photo_factory import gps, jpeg

from audit import cache as result_cache
from audit.engine import AuditOptions, audit_files


def _run(folder, **kwargs):
    return audit_files(AuditOptions(paths=(str(folder),), jobs=1, **kwargs))


def _ids(results):
    return {os.path.basename(r.path): sorted(f.id for f in r.findings) for r in results}


def test_second_run_comes_from_the_cache(tmp_path, monkeypatch):
    jpeg(tmp_path / "a.jpg", gps(31.2397, 121.4909))
    jpeg(tmp_path / "b.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    first = _run(tmp_path)
    monkeypatch.setattr("audit.pool.run", lambda *a, **k: iter(()))
    second = _run(tmp_path)
    assert _ids(second) == _ids(first) == {"a.jpg": ["location.gps"], "b.jpg": ["identity.owner"]}


def test_a_changed_file_is_read_again(tmp_path):
    path = jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    assert _ids(_run(tmp_path)) == {"a.jpg": ["identity.owner"]}
    jpeg(path, gps(31.2397, 121.4909))
    assert _ids(_run(tmp_path)) == {"a.jpg": ["location.gps"]}


def test_a_changed_file_with_its_old_time_is_read_again(tmp_path):
    path = jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    times = (os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns)
    _run(tmp_path)
    jpeg(path, {"Exif.Image.Artist": "Lin Xiaoyun"})
    os.utime(path, ns=times)
    assert os.stat(path).st_mtime_ns == times[1]
    (result,) = _run(tmp_path)
    assert result.findings[0].evidence[0].value == "Lin Xiaoyun"


def test_new_tool_data_invalidates(tmp_path, monkeypatch):
    jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    _run(tmp_path)
    calls = []
    real = result_cache.ResultCache.lookup

    def counting(self, keys):
        found = real(self, keys)
        calls.append(len(found))
        return found

    monkeypatch.setattr(result_cache.ResultCache, "lookup", counting)
    _run(tmp_path)
    monkeypatch.setattr(result_cache, "code_fingerprint", lambda: "a-newer-version")
    _run(tmp_path)
    assert calls == [1, 0]


def test_no_cache_option_neither_reads_nor_writes(tmp_path):
    jpeg(tmp_path / "a.jpg")
    _run(tmp_path, use_cache=False)
    assert not result_cache.default_path().exists()


def test_cache_file_is_private_and_holds_no_pixels(tmp_path):
    jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"}, size=(800, 600))
    _run(tmp_path)
    path = result_cache.default_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert b"\xff\xd8\xff" not in path.read_bytes()


def test_damaged_cache_is_replaced_not_fatal(tmp_path):
    jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    path = result_cache.default_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    assert _ids(_run(tmp_path)) == {"a.jpg": ["identity.owner"]}
    assert _ids(_run(tmp_path)) == {"a.jpg": ["identity.owner"]}


def test_tampered_records_are_read_again(tmp_path):
    import sqlite3

    jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    _run(tmp_path)
    connection = sqlite3.connect(result_cache.default_path())
    connection.execute("UPDATE results SET result = ?", ("__import__('os').system('false')",))
    connection.commit()
    connection.close()
    assert _ids(_run(tmp_path)) == {"a.jpg": ["identity.owner"]}


def test_each_sentence_is_kept_once_however_many_photos_name_it(tmp_path):
    import sqlite3

    for index in range(3):
        jpeg(tmp_path / f"{index}.jpg", {"Exif.Image.Artist": f"Person {index}"})
    first = _run(tmp_path)
    connection = sqlite3.connect(result_cache.default_path())
    rows = connection.execute("SELECT en FROM sentences").fetchall()
    bodies = [body for (body,) in connection.execute("SELECT result FROM results")]
    connection.close()
    why = first[0].findings[0].why.en
    assert [en for (en,) in rows].count(why) == 1
    assert len(bodies) == 3 and not any(why in body for body in bodies)
    assert _ids(_run(tmp_path)) == _ids(first)


def test_a_damaged_sentence_sends_its_photos_to_be_read_again(tmp_path, monkeypatch):
    import sqlite3

    jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    first = _run(tmp_path)
    connection = sqlite3.connect(result_cache.default_path())
    connection.execute("UPDATE sentences SET en = 'Nothing to worry about.'")
    connection.commit()
    connection.close()
    read = []
    real = result_cache.ResultCache.store
    monkeypatch.setattr(
        result_cache.ResultCache, "store", lambda self, *a: read.append(a[0]) or real(self, *a)
    )
    second = _run(tmp_path)
    assert len(read) == 1
    assert second[0].findings[0].why == first[0].findings[0].why
    assert _run(tmp_path) == second
    assert len(read) == 1  # the sentence was written again: the third run reads from the cache


def test_a_sentence_that_is_not_text_does_not_turn_the_cache_off(tmp_path, monkeypatch):
    import sqlite3

    jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    first = _run(tmp_path)
    connection = sqlite3.connect(result_cache.default_path())
    connection.execute(
        "INSERT INTO sentences (code, key, en, zh) SELECT code, 'junk', CAST(x'ff41' AS TEXT), "
        "'x' FROM sentences LIMIT 1"
    )
    connection.commit()
    connection.close()
    monkeypatch.setattr("audit.pool.run", lambda *a, **k: iter(()))
    cache = result_cache.ResultCache(result_cache.default_path(), "any")
    assert cache.sentences() and cache.problem is None
    cache.close()
    assert _run(tmp_path) == first


def test_info_and_clear(tmp_path):
    jpeg(tmp_path / "a.jpg", {"Exif.Image.Artist": "Lin Xiaoyu"})
    _run(tmp_path)
    details = result_cache.info()
    assert details.exists and details.entries == details.current_entries == 1
    assert result_cache.clear().freed > 0
    assert not result_cache.info().exists


def test_interrupted_scan_keeps_what_finished(tmp_path):
    import pytest

    for index in range(12):
        jpeg(tmp_path / f"{index:02d}.jpg", {"Exif.Image.Artist": f"Person {index}"}, size=(64, 48))
    seen = []

    def stop_halfway(done, total):
        seen.append(done)
        if done == 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        audit_files(AuditOptions(paths=(str(tmp_path),), jobs=1), progress=stop_halfway)
    assert result_cache.info().current_entries == 6


def test_a_changed_code_file_changes_the_fingerprint_although_it_was_remembered(
    tmp_path, monkeypatch
):
    package = tmp_path / "audit"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(result_cache, "__file__", str(package / "cache.py"))
    first = result_cache.code_fingerprint.__wrapped__()
    assert result_cache.code_fingerprint.__wrapped__() == first  # from the remembered stamp
    (package / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert result_cache.code_fingerprint.__wrapped__() != first
