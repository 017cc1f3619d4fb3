"""`exposure scan --answers`: settings and photos in one report, each making the other worse."""

from __future__ import annotations

import json

from click.testing import CliRunner
from paths import EXAMPLES
from photo_factory import gps, jpeg

from audit.cli import main


def _scan(*args):
    return CliRunner().invoke(main, ["scan", *map(str, args)], catch_exceptions=False)


def test_answers_join_the_report(tmp_path):
    jpeg(tmp_path / "a.jpg", gps(31.2397, 121.4909))
    result = _scan(tmp_path, "--answers", EXAMPLES / "answers" / "student.json", "-f", "json")
    document = json.loads(result.stdout)
    ids = [f["id"] for f in document["profile_findings"]]
    assert "profile.wechat.strangers-ten-posts" in ids
    severities = [f["severity"] for f in document["profile_findings"]]
    order = ["critical", "high", "medium", "low"]
    assert severities == sorted(severities, key=order.index)
    by_id = {f["id"]: f for f in document["profile_findings"]}

    def mentions_gps(finding):
        return any(
            "GPS" in e["value"] or "GPS" in (e.get("label") or "") for e in finding["evidence"]
        )

    assert mentions_gps(by_id["profile.xiaohongshu.note-audience"])
    assert by_id["profile.xiaohongshu.note-audience"]["severity"] == "critical"
    assert not mentions_gps(by_id["profile.wechat.strangers-ten-posts"]), "Moments removes GPS"
    assert by_id["profile.wechat.strangers-ten-posts"]["severity"] == "high"


def test_settings_evidence_survives_redaction(tmp_path):
    jpeg(tmp_path / "a.jpg", gps(31.2397, 121.4909))
    result = _scan(
        tmp_path, "--answers", EXAMPLES / "answers" / "student.json", "-f", "json", "--redact"
    )
    answers = [
        e
        for f in json.loads(result.stdout)["profile_findings"]
        for e in f["evidence"]
        if e["source"] == "answer"
    ]
    assert answers and all(e["value"] in {"yes", "no", "unsure", "skip"} for e in answers)
    assert all(e["value_words"] for e in answers)


def test_profile_findings_follow_select(tmp_path):
    jpeg(tmp_path / "a.jpg")
    result = _scan(
        tmp_path,
        "--answers",
        EXAMPLES / "answers" / "student.json",
        "-f",
        "json",
        "--select",
        "profile.xiaohongshu",
    )
    ids = {f["id"] for f in json.loads(result.stdout)["profile_findings"]}
    assert ids and all(i.startswith("profile.xiaohongshu") for i in ids)


def test_broken_answers_file_is_refused_before_scanning(tmp_path):
    broken = tmp_path / "answers.json"
    broken.write_text("{not json")
    result = _scan(tmp_path, "--answers", broken)
    assert result.exit_code == 2
    assert broken.read_text() == "{not json"
