"""`exposure clean` end to end: receipts, exit codes, options, and the originals left alone."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import struct
from pathlib import Path

import pytest
from clean_factory import CANARIES, LAT, LON, pixels, rich_jpeg, rich_png, rich_webp
from click.testing import CliRunner
from paths import EXAMPLES
from photo_factory import gps, jpeg, scene
from PIL import Image

from audit.clean import entropy, icc
from audit.cli import main


@pytest.fixture
def photos(tmp_path):
    folder = tmp_path / "photos"
    (folder / "trip").mkdir(parents=True)
    rich_jpeg(folder / "rotated.jpg", orientation=6)
    rich_png(folder / "trip" / "notes.png")
    rich_webp(folder / "trip" / "sticker.webp")
    jpeg(folder / "plain.jpg")
    return folder


def _clean(*args, fast=True):
    extra = ["--jobs", "1", "--metadata-only"] if fast else ["--jobs", "1"]
    return CliRunner().invoke(main, ["clean", *map(str, args), *extra], catch_exceptions=False)


def _json(*args):
    result = _clean(*args, "--format", "json")
    return result, json.loads(result.output)


def _state(folder):
    """Every file's hash and the stat fields a write would change."""
    state = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            info = os.stat(path)
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
            state[path] = (digest, info.st_size, info.st_mode, info.st_mtime_ns, info.st_ctime_ns)
    return state


def test_every_copy_is_clean_and_the_run_exits_0(photos, tmp_path):
    out = tmp_path / "out"
    result, report = _json(photos, "--out", out)
    assert result.exit_code == 0, result.output
    assert report["summary"] == {"inputs": 4, "clean": 4, "remains": 0, "not_cleaned": 0}
    copies = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert copies == ["plain.jpg", "rotated.jpg", "trip/notes.png", "trip/sticker.webp"]
    for path in out.rglob("*.*"):
        data = path.read_bytes()
        for canary in CANARIES:
            assert canary not in data, (path, canary)
        assert pixels(data) == pixels((photos / path.relative_to(out)).read_bytes())
    for entry in report["files"]:
        assert entry["checks"]["pixels"] == "identical"
        assert entry["checks"]["values_found"] == []


def test_receipt_says_what_was_removed_and_kept_and_why(photos, tmp_path):
    _, report = _json(photos / "rotated.jpg", "--out", tmp_path / "out")
    (entry,) = report["files"]
    assert entry["verdict"] == "clean"
    assert {"location.gps", "device.serial", "identity.owner", "device.unique-id"} <= set(
        entry["removed_ids"]
    )
    removed = ", ".join(entry["removed"])
    for words in ("GPS location", "camera serial number", "owner name", "a hidden preview"):
        assert words in removed
    assert "motion-photo video" in removed
    kept = {item["what"]: item["why"] for item in entry["kept"]}
    assert kept["orientation"] == "orientation: so it shows upright"
    assert "for colours" in kept["standard-profile"]
    assert entry["checks"]["values_searched"] >= 5
    assert entry["checks"]["reaudit_findings"] == []


def test_table_and_markdown_receipts_in_both_languages(photos, tmp_path):
    table = _clean(photos / "rotated.jpg", "--out", tmp_path / "a", "--lang", "zh").output
    table = table.replace("\n    ", "")  # Chinese lines wrap without a space
    assert "已去除：GPS 定位" in table and "方向标记：保证照片正着显示" in table
    markdown = _clean(photos / "rotated.jpg", "--out", tmp_path / "b", "-f", "markdown").output
    assert markdown.startswith("# exposure: clean copies")
    assert "- Removed: GPS location" in markdown


def test_receipt_lines_wrap_to_the_width_with_a_hanging_indent(tmp_path):
    from audit.formats.layout import text_width
    from audit.formats.table import DEFAULT_WIDTH

    broken = tmp_path / "cut_off.jpg"
    broken.write_bytes((EXAMPLES / "photos" / "evening_1.jpg").read_bytes()[:5000])
    for lang in ("en", "zh"):
        table = _clean(broken, "--out", tmp_path / f"out-{lang}", "--lang", lang).output
        lines = table.splitlines()
        receipt = [line for line in lines if line.startswith("  ")]  # not the file's path
        assert len(receipt) >= 2 and max(text_width(line) for line in receipt) <= DEFAULT_WIDTH
        why = lines.index(receipt[0])
        assert lines[why + 1].startswith("    ")  # the reason goes on, indented under it


def test_hostile_names_are_escaped_in_every_format(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    rich_jpeg(folder / "a\x1b[31m[x](http:evil).jpg")
    table = _clean(folder, "--out", tmp_path / "t").output
    assert "\x1b" not in table
    markdown = _clean(folder, "--out", tmp_path / "m", "-f", "markdown").output
    assert "](http" not in markdown and "\x1b" not in markdown


def test_originals_are_byte_identical_and_keep_their_times(photos, tmp_path):
    before = _state(photos)
    _clean(photos, "--out", tmp_path / "out", "--rename", "--keep", "date")
    _clean(photos, "--out", tmp_path / "out", "--overwrite")
    assert _state(photos) == before


def test_an_existing_copy_is_never_replaced_without_overwrite(photos, tmp_path):
    out = tmp_path / "out"
    assert _clean(photos / "plain.jpg", "--out", out).exit_code == 0
    (out / "plain.jpg").write_bytes(b"mine")
    result, report = _json(photos / "plain.jpg", "--out", out)
    assert result.exit_code == 1
    assert report["files"][0]["reason_code"] == "exists"
    assert (out / "plain.jpg").read_bytes() == b"mine"
    assert _clean(photos / "plain.jpg", "--out", out, "--overwrite").exit_code == 0
    assert (out / "plain.jpg").read_bytes()[:2] == b"\xff\xd8"


def test_something_left_is_said_and_exits_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    jpeg(folder / "Lin_Xiaoyu_13800138000.jpg")
    result, report = _json(folder, "--out", tmp_path / "out")
    assert result.exit_code == 1
    (entry,) = report["files"]
    assert entry["verdict"] == "remains"
    assert [item["id"] for item in entry["remaining"]] == ["file.name"]
    renamed, report = _json(folder, "--out", tmp_path / "renamed", "--rename")
    assert renamed.exit_code == 0
    assert report["files"][0]["output"].endswith("photo-001.jpg")


def test_a_broken_file_gets_no_copy_and_a_reason(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    data = rich_jpeg(folder / "whole.jpg").read_bytes()
    (folder / "broken.jpg").write_bytes(data[: len(data) // 2])
    result, report = _json(folder, "--out", tmp_path / "out")
    assert result.exit_code == 1
    broken = next(f for f in report["files"] if f["source"].endswith("broken.jpg"))
    assert broken["verdict"] == "not-cleaned" and broken["output"] is None
    assert "no copy was made" in broken["reason"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["whole.jpg"]


@pytest.mark.parametrize("where", ["same", "inside", "holds"])
def test_unsafe_output_folders_stop_with_exit_2(photos, tmp_path, where):
    out = {"same": photos, "inside": photos / "trip" / "clean", "holds": tmp_path}[where]
    result = CliRunner().invoke(main, ["clean", str(photos), "--out", str(out)])
    assert result.exit_code == 2
    assert "Choose a folder" in result.output
    assert not (photos / "trip" / "clean").exists()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_failed_write_stops_and_leaves_no_partial_copy(photos, tmp_path, monkeypatch, code):
    def failing_fsync(descriptor):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("audit.clean.write.os.fsync", failing_fsync)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(photos), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 2
    said = {errno.ENOSPC: "the disk is full", errno.EROFS: "that folder is read-only"}[code]
    assert said in result.output and "partial copy was removed" in result.output
    assert [p for p in out.rglob("*") if p.is_file()] == []
    chinese = CliRunner().invoke(
        main, ["clean", str(photos), "--out", str(out), "--jobs", "1", "--lang", "zh"]
    )
    said = {errno.ENOSPC: "磁盘已满", errno.EROFS: "那个文件夹是只读的"}[code]
    assert said in chinese.output and os.strerror(code) not in chinese.output


def test_heic_needs_a_choice_then_converts(tmp_path):
    source = EXAMPLES / "photos" / "phone_gps.heic"
    result, report = _json(source, "--out", tmp_path / "refused")
    assert result.exit_code == 1
    assert report["files"][0]["reason_code"] == "needs-choice"
    assert "--convert jpeg" in report["files"][0]["reason"]
    result, report = _json(source, "--out", tmp_path / "jpeg", "--convert", "jpeg")
    assert result.exit_code == 0, result.output
    entry = report["files"][0]
    assert entry["output_format"] == "jpeg" and entry["checks"]["pixels"] == "converted"
    assert entry["checks"]["psnr_db"] > 40
    with Image.open(tmp_path / "jpeg" / "phone_gps.jpg") as copy:
        assert copy.size == (800, 600) and not copy.getexif()
    result, report = _json(source, "--out", tmp_path / "heic", "--convert", "heic")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "heic" / "phone_gps.heic").exists()
    assert report["files"][0]["remaining"] == []


def test_a_file_that_cannot_be_converted_says_why_in_plain_words(tmp_path):
    import pillow_heif

    pillow_heif.register_heif_opener()
    folder = tmp_path / "in"
    folder.mkdir()
    out = io.BytesIO()
    scene(2, (64, 48)).save(out, "HEIF")
    (folder / "cut.heic").write_bytes(out.getvalue()[:-40])  # the picture data cut short
    result, report = _json(folder, "--out", tmp_path / "out", "--convert", "jpeg", "--lang", "en")
    (entry,) = report["files"]
    assert entry["reason_code"] == "cannot-convert"
    assert "take a screenshot" in entry["reason"]
    assert "Error" not in entry["reason"] and "0x" not in entry["reason"]


def test_a_heic_converted_again_holds_no_metadata_item_of_any_type(tmp_path):
    """An EXIF item whose type is written "EXIF" is no item exposure or ExifTool reads, but a
    re-encode that copied the decoded file's items would carry it, serial and all."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    exif = Image.Exif()
    exif[0x013B] = "Lin Xiaoyu"
    exif.get_ifd(0x8769)[0xA431] = "BODY0824001234"
    folder = tmp_path / "in"
    folder.mkdir()
    out = io.BytesIO()
    scene(2, (64, 48)).save(out, "HEIF", exif=exif.tobytes())
    data = bytearray(out.getvalue())
    item = data.index(b"Exif", data.index(b"infe"))
    data[item : item + 4] = b"EXIF"
    (folder / "typed.heic").write_bytes(bytes(data))
    result, report = _json(folder, "--out", tmp_path / "out", "--convert", "heic")
    copy = (tmp_path / "out" / "typed.heic").read_bytes()
    assert b"BODY0824001234" not in copy and b"Lin Xiaoyu" not in copy
    assert report["files"][0]["verdict"] == "clean"


def test_keep_date_and_coarse_location_are_written_and_nothing_more(photos, tmp_path):
    out = tmp_path / "out"
    result, report = _json(
        photos / "rotated.jpg", "--out", out, "--keep", "date", "--coarsen-location", "city"
    )
    assert result.exit_code == 0, result.output
    remaining = {item["id"]: item["chosen"] for item in report["files"][0]["remaining"]}
    assert remaining == {"location.gps": True, "time.original": True}
    with Image.open(out / "rotated.jpg") as copy:
        exif = copy.getexif()
        assert exif.get_ifd(0x8769)[0x9003] == "2024:05:02 00:00:00"
        position = exif.get_ifd(0x8825)
        assert float(position[2][0]) == pytest.approx(round(LAT, 1))
        assert float(position[4][0]) == pytest.approx(round(LON, 1))
    assert b"18:31:07" not in (out / "rotated.jpg").read_bytes()


def test_blur_covers_the_qr_code_and_says_pixels_changed(tmp_path):
    source = EXAMPLES / "photos" / "pixels-wechat-qr.jpg"
    result = _clean(source, "--out", tmp_path / "out", "--blur", "qr", "-f", "json", fast=False)
    assert result.exit_code == 0, result.output
    entry = json.loads(result.output)["files"][0]
    assert entry["checks"]["pixels"] == "covered" and entry["checks"]["regions_covered"] == 1
    assert "code.qr" in entry["removed_ids"]
    assert entry["checks"]["reaudit_findings"] == []


def test_unknown_blur_kind_is_a_usage_error(photos, tmp_path):
    result = CliRunner().invoke(
        main, ["clean", str(photos), "--out", str(tmp_path / "o"), "--blur", "cats"]
    )
    assert result.exit_code == 2


def test_scan_clean_to_cleans_only_photos_with_findings(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    jpeg(folder / "gps.jpg", gps(LAT, LON))
    jpeg(folder / "plain.jpg")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "scan",
            str(folder),
            "--metadata-only",
            "--no-cache",
            "--jobs",
            "1",
            "--clean-to",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 1  # the scan found GPS (high)
    assert sorted(p.name for p in out.iterdir()) == ["gps.jpg"]
    assert b"GPS" not in (out / "gps.jpg").read_bytes()


def test_scan_clean_to_refuses_an_unsafe_folder_before_scanning(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    jpeg(folder / "gps.jpg", gps(LAT, LON))
    result = CliRunner().invoke(main, ["scan", str(folder), "--clean-to", str(folder / "x")])
    assert result.exit_code == 2 and not (folder / "x").exists()


def test_examples_are_all_cleaned(tmp_path):
    photos = tmp_path / "photos"
    shutil.copytree(EXAMPLES / "photos", photos)
    result, report = _json(photos, "--out", tmp_path / "out", "--rename", "--convert", "jpeg")
    assert result.exit_code == 0, result.output
    assert report["summary"]["clean"] == len(list(photos.iterdir()))
    for entry in report["files"]:
        if entry["format"] in ("jpeg", "png"):
            assert entry["checks"]["pixels"] == "identical"


def test_tiff_is_converted_only_on_request_and_raw_is_refused(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    picture = scene(6, (64, 48))
    picture.save(folder / "scan.tif")
    picture.save(folder / "camera.dng", "TIFF")
    result, report = _json(folder, "--out", tmp_path / "refused")
    codes = {Path(f["source"]).name: f["reason_code"] for f in report["files"]}
    assert codes == {"camera.dng": "unsupported", "scan.tif": "needs-choice"}
    assert result.exit_code == 1
    result, report = _json(folder, "--out", tmp_path / "out", "--convert", "jpeg")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["scan.jpg"]
    converted = next(f for f in report["files"] if f["source"].endswith("scan.tif"))
    assert converted["verdict"] == "clean" and converted["checks"]["psnr_db"] > 40


def test_a_converted_multi_page_tiff_says_the_copy_holds_its_first_page(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    pages = [scene(seed, (64, 48)) for seed in (1, 2, 3)]
    pages[0].save(folder / "letter.tif", save_all=True, append_images=pages[1:])
    result, report = _json(folder, "--out", tmp_path / "out", "--convert", "jpeg")
    (entry,) = report["files"]
    assert {"part": "pictures", "bytes": 0, "count": 2} in entry["dropped"]
    assert any("2 more pictures stored in the file" in phrase for phrase in entry["removed"])
    assert not any("hidden preview" in phrase for phrase in entry["removed"])
    single = tmp_path / "single"
    single.mkdir()
    pages[0].save(single / "scan.tif")
    result, report = _json(single, "--out", tmp_path / "out2", "--convert", "jpeg")
    assert report["files"][0]["dropped"] == []


def test_a_converted_copy_says_it_kept_the_colour_profile(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    scene(3, (64, 48)).save(folder / "scan.tif", icc_profile=icc.standard_profile("sRGB"))
    scene(4, (64, 48)).save(folder / "plain.tif")
    result, report = _json(folder, "--out", tmp_path / "out", "--convert", "jpeg")
    kept = {Path(f["source"]).name: f["kept"] for f in report["files"]}
    assert [item["what"] for item in kept["scan.tif"]] == ["colour-profile"]
    assert kept["plain.tif"] == []


def test_a_tiff_page_pillow_cannot_open_does_not_stop_the_conversion(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    page = tmp_path / "page.tif"
    scene(1, (64, 48)).save(page)
    data = bytearray(page.read_bytes())
    first = struct.unpack_from("<I", data, 4)[0]
    link = first + 2 + 12 * struct.unpack_from("<H", data, first)[0]
    data += b"\x00" * (len(data) % 2)
    struct.pack_into("<I", data, link, len(data))
    no_strips = struct.pack("<HHII", 256, 3, 1, 1) + struct.pack("<HHII", 257, 3, 1, 1)
    data += struct.pack("<H", 2) + no_strips + struct.pack("<I", 0)  # a 1x1 page, no pixels
    (folder / "odd.tif").write_bytes(bytes(data))
    result, report = _json(folder, "--out", tmp_path / "out", "--convert", "jpeg")
    (entry,) = report["files"]
    assert entry["verdict"] == "clean" and entry["checks"]["psnr_db"] > 40
    assert {"part": "pictures", "bytes": 0, "count": 1} in entry["dropped"]


def test_a_worker_that_dies_leaves_no_unproven_copy(photos, tmp_path, monkeypatch):
    def die(*args, **kwargs):
        os._exit(3)  # the copy is written, the proof never runs

    monkeypatch.setattr("audit.clean.engine._prove", die)
    out = tmp_path / "out"
    result, report = _json(photos / "plain.jpg", "--out", out)
    assert result.exit_code == 1
    assert report["files"][0]["reason_code"] == "failed"
    assert "the process cleaning it stopped" in report["files"][0]["reason"]
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_a_stopped_run_leaves_no_temporary_copy(photos, tmp_path, monkeypatch):
    """A worker killed while writing (Ctrl-C, SIGTERM) leaves its temporary file: the run
    removes it on its way out."""
    from audit.clean import engine
    from audit.clean.write import temporary_prefix

    out = tmp_path / "out"

    def stopped_while_writing(function, tasks, **kwargs):
        target = tasks[0].target
        os.makedirs(os.path.dirname(target), exist_ok=True)
        Path(os.path.dirname(target), temporary_prefix(target) + "x1.part").write_bytes(b"half")
        raise KeyboardInterrupt
        yield  # a generator, as pool.run is

    monkeypatch.setattr(engine.pool, "run", stopped_while_writing)
    options = engine.CleanOptions(paths=(str(photos / "plain.jpg"),), out=str(out))
    with pytest.raises(KeyboardInterrupt):
        engine.clean_paths(options)
    assert [p.name for p in out.rglob("*") if p.is_file()] == []


def test_a_copy_gets_its_name_only_after_its_proof(photos, tmp_path, monkeypatch):
    from audit.clean import engine

    prove = engine._prove
    seen = tmp_path / "seen.json"

    def watched(item, target, *args):
        # Runs in the worker process: what it saw is passed back through a file.
        folder = [p.name for p in Path(target).parent.iterdir()]
        seen.write_text(json.dumps([os.path.exists(target), folder]), encoding="utf-8")
        return prove(item, target, *args)

    monkeypatch.setattr("audit.clean.engine._prove", watched)
    out = tmp_path / "out"
    result, report = _json(photos / "plain.jpg", "--out", out)
    assert result.exit_code == 0, result.output
    named, present = json.loads(seen.read_text(encoding="utf-8"))
    assert not named and len(present) == 1 and present[0].endswith(".part")
    assert [p.name for p in out.iterdir()] == ["plain.jpg"]


def test_a_proof_that_fails_leaves_no_copy(photos, tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the proof broke")

    monkeypatch.setattr("audit.clean.engine._prove", fail)
    out = tmp_path / "out"
    result, report = _json(photos / "plain.jpg", "--out", out)
    assert result.exit_code == 1
    assert report["files"][0]["reason_code"] == "failed"
    assert "a problem of its own (RuntimeError)" in report["files"][0]["reason"]
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_a_value_a_rewriter_left_behind_is_found_and_the_copy_is_not_clean(
    photos, tmp_path, monkeypatch
):
    from audit.clean import jpeg as jpeg_rewriter

    rewrite = jpeg_rewriter.rewrite

    def leaky(data, *args, **kwargs):
        made = rewrite(data, *args, **kwargs)
        leaked = made.data[:2] + b"\xff\xfe\x00\x0bSN8812345" + made.data[2:]
        return type(made)(leaked, made.dropped, made.kept, made.orientation)

    monkeypatch.setattr(jpeg_rewriter, "rewrite", leaky)
    result, report = _json(photos / "rotated.jpg", "--out", tmp_path / "out")
    assert result.exit_code == 1
    (entry,) = report["files"]
    assert entry["verdict"] == "remains"
    assert "SN8812345" in entry["checks"]["values_found"]


def _hide_in_scan(data: bytes, text: bytes) -> bytes:
    """``data`` with ``text`` (no 0xFF in it) inside its compressed picture data."""
    pos = 2
    while data[pos + 1] != 0xDA:  # the picture's own scan, not the one of a preview in EXIF
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    start = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    middle = (start + entropy.end(data, start)) // 2
    while data[middle - 1] == 0xFF:
        middle += 1
    return data[:middle] + text + data[middle:]


@pytest.mark.parametrize("proof", ["data", "decode"])
def test_a_value_hidden_in_the_picture_data_is_found_by_either_proof(photos, tmp_path, proof):
    original = photos / "rotated.jpg"
    original.write_bytes(_hide_in_scan(original.read_bytes(), b"SN8812345"))
    _, report = _json(original, "--out", tmp_path / proof, "--verify-pixels", proof)
    (entry,) = report["files"]
    assert "SN8812345" in entry["checks"]["values_found"]
    assert entry["verdict"] == "remains"


def test_copies_are_searched_in_one_pass_where_it_is_installed(photos, tmp_path, monkeypatch):
    from audit.clean import verify

    def one_form_at_a_time(*args):
        raise AssertionError("the search fell back to one form at a time")

    monkeypatch.setattr(verify, "search_each", one_form_at_a_time)
    monkeypatch.setattr(verify, "ONE_PASS_FROM", 0)  # the example photo is small
    original = photos / "rotated.jpg"
    original.write_bytes(_hide_in_scan(original.read_bytes(), b"SN8812345"))
    _, report = _json(original, "--out", tmp_path / "copies")
    (entry,) = report["files"]
    assert "SN8812345" in entry["checks"]["values_found"]


def test_a_heic_and_a_jpeg_of_one_name_get_two_copies(tmp_path):
    """iPhone exports give IMG_0001.jpg beside IMG_0001.HEIC; converted, they must not meet."""
    photos = tmp_path / "photos"
    photos.mkdir()
    shutil.copy(EXAMPLES / "photos" / "phone_gps.heic", photos / "IMG_0001.HEIC")
    rich_jpeg(photos / "IMG_0001.jpg")
    out = tmp_path / "out"
    result, report = _json(photos, "--out", out, "--convert", "jpeg", "--overwrite")
    assert result.exit_code == 0, result.output
    outputs = sorted(os.path.basename(r["output"]) for r in report["files"])
    assert len(set(outputs)) == 2 and sorted(p.name for p in out.iterdir()) == outputs


def test_a_link_to_another_folder_inside_the_output_folder_is_not_written_through(tmp_path):
    photos = tmp_path / "photos"
    (photos / "sub").mkdir(parents=True)
    rich_jpeg(photos / "sub" / "a.jpg")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(photos / "sub")
    before = _state(photos)
    result, report = _json(photos, "--out", out, "--overwrite")
    assert _state(photos) == before, "the original is untouched"
    assert [r["reason_code"] for r in report["files"]] == ["through-link"]
    assert result.exit_code == 1


def test_a_file_that_fails_removes_no_other_copy(tmp_path):
    from audit.clean import engine

    target = tmp_path / "out" / "b.heic"
    target.parent.mkdir()
    finished = tmp_path / "out" / "b.jpg"
    finished.write_bytes(b"made before this run")
    engine._remove_partial(str(target), engine._existing_names(str(target)))
    assert finished.read_bytes() == b"made before this run"
    half = tmp_path / "out" / "b.heic"
    half.write_bytes(b"left by the worker that died")
    engine._remove_partial(str(target), frozenset({str(finished)}))
    assert not half.exists() and finished.exists()


@pytest.mark.parametrize("kind", ["png", "webp"])
def test_keep_date_writes_the_date_into_png_and_webp_copies(tmp_path, kind):
    exif = Image.Exif()
    exif[0x0132] = "2024:05:02 18:31:07"
    exif.get_ifd(0x8769)[0x9003] = "2024:05:02 18:31:07"
    exif[0x013B] = "Li Mei"
    source = tmp_path / f"a.{kind}"
    extra = {"icc_profile": icc.standard_profile("sRGB")} if kind == "webp" else {}
    scene(4, (80, 60)).save(source, kind.upper(), exif=exif.tobytes(), **extra)
    out = tmp_path / "out"
    result, report = _json(source, "--out", out, "--keep", "date")
    assert result.exit_code == 0, result.output
    assert "date" in {item["what"] for item in report["files"][0]["kept"]}
    with Image.open(out / f"a.{kind}") as copy:
        assert copy.getexif().get_ifd(0x8769)[0x9003] == "2024:05:02 00:00:00"
    assert b"18:31:07" not in (out / f"a.{kind}").read_bytes()
    assert b"Li Mei" not in (out / f"a.{kind}").read_bytes()


def test_blur_on_a_picture_too_large_to_look_at_makes_no_copy(tmp_path, monkeypatch):
    from audit.clean import picture
    from audit.pixels import decode

    monkeypatch.setattr(decode, "MAX_WHOLE_DECODE_PIXELS", 1000)
    monkeypatch.setattr(picture, "MAX_WHOLE_DECODE_PIXELS", 1000)
    source = tmp_path / "big.png"
    scene(4, (80, 60)).save(source)
    out = tmp_path / "out"
    result, report = _json(source, "--out", out, "--blur", "faces,text")
    assert result.exit_code == 1
    assert report["files"][0]["reason_code"] == "cannot-look"
    assert not out.exists() or not list(out.iterdir())
    result, report = _json(source, "--out", out, "--verify-pixels", "decode")
    assert report["files"][0]["verdict"] == "clean", "its picture bytes are proven the same"
