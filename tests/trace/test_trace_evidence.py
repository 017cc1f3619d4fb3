"""The evidence record: its manifest, its checks, and the summary page's safety."""

from __future__ import annotations

import csv
import hashlib
import os
import stat

import pytest

from audit.models import Lang, Text
from audit.trace import evidence
from audit.trace.model import (
    Edit,
    Match,
    Method,
    OwnPhoto,
    Posting,
    Region,
    Skipped,
    TraceReport,
)  # fmt: skip

HOSTILE = '<script>alert(1)</script><img src="http://evil.example/x.png">'


@pytest.fixture
def report(tmp_path, mine, found):
    own = sorted(mine.iterdir())[0]
    target = found / "resent.jpg"
    data = target.read_bytes()
    posting = Posting(str(found), chat=HOSTILE, date="05.05.2024 21:14:03 UTC+08:00",
                      sender="=HYPERLINK(\"http://evil.example\")", text=HOSTILE,
                      message_id="7", kind="chat-export")  # fmt: skip
    match = Match(
        found_path=str(target), found_file=str(target), found_size=len(data),
        found_sha256=hashlib.sha256(data).hexdigest(), found_md5=hashlib.md5(data).hexdigest(),
        found_full_size=(900, 675), found_format="jpeg", found_metadata={"Model": HOSTILE},
        own=OwnPhoto(str(own), "ab" * 32, own.stat().st_size, str(own)),
        method=Method.HASH, score=4, region=Region(0, 0, 900, 675),
        edits=(Edit.RECOMPRESSED,), rotation=0.0, scale=1.0, posting=posting,
    )  # fmt: skip
    return TraceReport(1, 5, (match,), (Skipped("x.jpg", Text("bad", "坏")),),
                       "2026-01-01T00:00:00+00:00", {"version": "0.1.0"}, (HOSTILE,))  # fmt: skip


def test_manifest_lists_every_file_and_verifies(tmp_path, report, found):
    record = tmp_path / "record"
    written = evidence.write_record(report, record, [str(found)], Lang.EN)
    listed = (record / evidence.MANIFEST).read_text().splitlines()
    files = sorted(p.relative_to(record).as_posix() for p in record.rglob("*") if p.is_file())
    assert sorted(line.split("  ", 1)[1] for line in listed) == [
        f for f in files if f != evidence.MANIFEST
    ]
    assert (
        written.manifest_sha256
        == hashlib.sha256((record / evidence.MANIFEST).read_bytes()).hexdigest()
    )
    result = evidence.verify(record)
    assert result.intact and result.checked == len(listed)
    copy = next((record / evidence.COPIES).iterdir())
    assert stat.S_IMODE(copy.stat().st_mode) == 0o400
    assert copy.read_bytes() == (found / "resent.jpg").read_bytes()


def test_verify_reports_changed_missing_and_added_files(tmp_path, report, found):
    record = tmp_path / "record"
    evidence.write_record(report, record, [str(found)], Lang.EN)
    (record / evidence.LOG_CSV).write_text("changed")
    (record / evidence.LOG_JSON).unlink()
    (record / "added.txt").write_text("new")
    result = evidence.verify(record)
    assert not result.intact
    assert result.changed == (evidence.LOG_CSV,)
    assert result.missing == (evidence.LOG_JSON,)
    assert result.unlisted == ("added.txt",)


def test_verify_refuses_paths_that_leave_the_record(tmp_path):
    record = tmp_path / "record"
    record.mkdir()
    (tmp_path / "outside.txt").write_text("x")
    digest = hashlib.sha256(b"x").hexdigest()
    (record / evidence.MANIFEST).write_text(f"{digest}  ../outside.txt\n")
    result = evidence.verify(record)
    assert not result.intact and result.changed == ("../outside.txt",)
    assert evidence.verify(tmp_path / "nothing").no_manifest


def test_summary_is_self_contained_and_escapes_everything(tmp_path, report, found):
    record = tmp_path / "record"
    evidence.write_record(report, record, [str(found)], Lang.ZH)
    page = (record / evidence.SUMMARY).read_text("utf-8")
    assert "<script>" not in page and "http://evil" not in page.replace("&quot;http://evil", "")
    assert "&lt;script&gt;" in page
    assert "default-src 'none'; img-src data:; style-src 'unsafe-inline'" in page
    assert 'lang="zh-CN"' in page and "不是鉴定或认证" in page or "不做任何鉴定或认证" in page
    assert 'src="data:image/jpeg;base64,' in page
    for word in ("200", "400", "5,000", "5000"):
        assert f">{word}<" not in page and f" {word} " not in page


def test_csv_cells_cannot_run_as_formulas(tmp_path, report, found):
    record = tmp_path / "record"
    evidence.write_record(report, record, [str(found)], Lang.EN)
    with open(record / evidence.LOG_CSV, encoding="utf-8-sig", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row["sender"].startswith("'=")
    assert row["found_sha256"] == report.matches[0].found_sha256


def test_a_folder_with_files_is_refused(tmp_path, report, found):
    record = tmp_path / "record"
    record.mkdir()
    (record / "old.txt").write_text("x")
    with pytest.raises(evidence.EvidenceError):
        evidence.write_record(report, record, [str(found)], Lang.EN)
    assert os.listdir(record) == ["old.txt"]
