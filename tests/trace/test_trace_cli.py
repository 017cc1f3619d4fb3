"""`exposure trace` end to end: the example exports, the evidence record, the index cache,
hostile pictures, and the rule that nothing under --in is ever written."""

from __future__ import annotations

import json
import os
import stat
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import tree_state
from paths import EXAMPLES

from audit.cli import main
from audit.trace import index

TRACE = EXAMPLES / "trace"


def _trace(*args: object):
    return CliRunner().invoke(main, ["trace", *map(str, args)], catch_exceptions=False)


@pytest.mark.parametrize("export", ["telegram-html", "telegram-json"])
def test_example_export_names_chat_date_and_sender_for_every_repost(export):
    expected = json.loads((TRACE / "expected.json").read_text("utf-8"))
    before = tree_state(TRACE)
    result = _trace(EXAMPLES / "photos", "--in", TRACE / export, "--format", "json", "-j", "1")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    found = {Path(m["own_path"]).name: m for m in report["matches"]}
    assert set(found) == set(expected["senders"])
    for name, sender in expected["senders"].items():
        match = found[name]
        assert match["chat"] == expected["chat"]
        assert match["sender"] == sender
        assert match["message_date"].startswith(("05.05.2024", "2024-05-05"))
        assert match["source_kind"] == "chat-export"
    assert any("not in the export" in item["reason"] for item in report["skipped"])
    assert tree_state(TRACE) == before


def test_text_report_in_chinese_names_the_sender():
    result = _trace(EXAMPLES / "photos", "--in", TRACE / "telegram-html", "--lang", "zh", "-j", "1")
    assert "发送者：匿名 Anon" in result.output and "校园树洞" in result.output
    assert "Traceback" not in result.output


def test_evidence_record_verifies_and_nothing_in_found_is_written(tmp_path, mine, found):
    before = tree_state(found)
    record = tmp_path / "record"
    result = _trace(mine, "--in", found, "--evidence", record, "--lang", "en", "-j", "2")
    assert result.exit_code == 1, result.output
    assert tree_state(found) == before
    log = json.loads((record / "log.json").read_text("utf-8"))
    names = sorted(Path(row["found_path"]).name for row in log["matches"])
    assert names == ["resent.jpg", "shot.jpg"]
    assert any(Path(item["path"]).name == "broken.jpg" for item in log["not_compared"])
    for row in log["matches"]:
        assert (record / row["copy"]).read_bytes() == Path(
            found / Path(row["found_path"]).name
        ).read_bytes()
        assert row["copy_sha256"] == row["found_sha256"]
    assert stat.S_IMODE(os.stat(record).st_mode) == 0o700
    assert _trace("--verify", record).exit_code == 0
    copy = record / log["matches"][0]["copy"]
    os.chmod(copy, 0o600)
    copy.write_bytes(copy.read_bytes() + b"x")
    changed = _trace("--verify", record, "--lang", "en")
    assert changed.exit_code == 1 and "changed: found/" in changed.output


def test_evidence_folder_inside_found_is_refused(mine, found):
    before = tree_state(found)
    result = _trace(mine, "--in", found, "--evidence", found / "record", "--lang", "en")
    assert result.exit_code == 2 and "inside" in result.output
    assert tree_state(found) == before


def test_read_only_found_material_is_enough(tmp_path, mine, found):
    for path in found.iterdir():
        os.chmod(path, 0o444)
    os.chmod(found, 0o555)
    try:
        result = _trace(mine, "--in", found, "-j", "1", "--lang", "en")
    finally:
        os.chmod(found, 0o755)
    assert result.exit_code == 1


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes whose header claims width x height pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1000)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels)
            + _chunk(b"IEND", b""))  # fmt: skip


def test_hostile_pictures_are_listed_with_reasons_and_the_run_goes_on(tmp_path, mine, found):
    (found / "bomb.png").write_bytes(_png_claiming(60_000, 60_000))
    (found / "empty.jpg").write_bytes(b"")
    (found / "not-a-picture.jpg").write_bytes(b"hello, this is text")
    result = _trace(mine, "--in", found, "--format", "json", "-j", "2", "--lang", "en")
    report = json.loads(result.output)
    reasons = {Path(item["path"]).name: item["reason"] for item in report["skipped"]}
    assert "megapixels" in reasons["bomb.png"]
    assert {"empty.jpg", "not-a-picture.jpg", "broken.jpg"} <= set(reasons)
    assert len(report["matches"]) == 2


def test_index_is_cached_owner_only_reused_and_cleared(mine, found):
    assert _trace(mine, "--in", found, "-j", "1").exit_code == 1
    path = index.default_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    built = index.build([(str(p), str(p)) for p in sorted(mine.iterdir())], jobs=1, budget=60)
    assert built.reused == 3
    assert CliRunner().invoke(main, ["cache", "clear"]).exit_code == 0
    assert not path.exists()


def test_usage_errors_exit_2(mine):
    assert _trace(mine).exit_code == 2
    assert _trace("--verify", "/nonexistent-record").exit_code == 2


def test_names_from_a_tampered_record_reach_the_terminal_made_safe(tmp_path):
    record = tmp_path / "record"
    (record / "found").mkdir(parents=True)
    (record / "manifest.sha256").write_text("junk \x1b]0;TITLE\x07\x1b[2Jline\n", "utf-8")
    (record / "found" / "x\x1b[31mred").write_bytes(b"x")
    result = _trace("--verify", record, "--lang", "en")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "not in the manifest: found/x\N{REPLACEMENT CHARACTER}[31mred" in result.output


def test_a_report_inside_the_material_searched_is_refused(mine, found):
    before = tree_state(found)
    result = _trace(mine, "--in", found, "-o", found / "report.txt", "--lang", "en")
    assert result.exit_code == 2 and "inside the material being examined" in result.output
    assert tree_state(found) == before


def test_an_evidence_folder_among_her_own_photos_is_refused(mine, found):
    result = _trace(mine, "--in", found, "--evidence", mine / "record", "--lang", "en")
    assert result.exit_code == 2 and "your photos" in result.output
    assert not (mine / "record").exists()


def test_nothing_to_search_is_an_error_not_a_none_found(mine, tmp_path):
    result = _trace(mine, "--in", tmp_path / "misspelt", "--lang", "en")
    assert result.exit_code == 2 and "Nothing was searched" in result.output
    assert "None of your photos" not in result.output


def test_pictures_named_otherwise_are_compared_or_listed(mine, tmp_path):
    from PIL import Image

    chat = tmp_path / "chat"
    chat.mkdir()
    (chat / "photo_without_extension").write_bytes((mine / "mine-1.jpg").read_bytes())
    with Image.open(mine / "mine-2.jpg") as picture:
        picture.save(chat / "sticker.gif")  # a chat's GIF of her photo
    with Image.open(mine / "mine-3.jpg") as picture:
        picture.save(chat / "saved.bmp")
    (chat / "clip.mp4").write_bytes(
        b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64
    )
    (chat / "style.css").write_text("body { color: red }", "utf-8")
    result = _trace(mine, "--in", chat, "--format", "json", "--lang", "en")
    report = json.loads(result.output)
    found = {Path(m["found_path"]).name: Path(m["own_path"]).name for m in report["matches"]}
    assert found == {
        "photo_without_extension": "mine-1.jpg",
        "sticker.gif": "mine-2.jpg",
        "saved.bmp": "mine-3.jpg",
    }
    listed = {Path(item["path"]).name for item in report["skipped"]}
    assert listed == {"clip.mp4"}


def test_ctrl_c_stops_with_the_exit_code_every_command_uses(mine, found, monkeypatch):
    from audit.trace import run

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "run_trace", interrupted)
    result = CliRunner().invoke(main, ["trace", str(mine), "--in", str(found), "--lang", "en"])
    assert result.exit_code == 130 and "Stopped." in result.output


def test_a_pipe_in_the_material_is_not_opened(mine, tmp_path):
    chat = tmp_path / "chat"
    chat.mkdir()
    os.mkfifo(chat / "stream.dat")
    (chat / "copy").write_bytes((mine / "mine-1.jpg").read_bytes())
    result = _trace(mine, "--in", chat, "--format", "json", "--lang", "en")
    assert [Path(m["found_path"]).name for m in json.loads(result.output)["matches"]] == ["copy"]
