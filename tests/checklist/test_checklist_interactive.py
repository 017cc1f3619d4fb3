"""The interactive run, driven through Click's test runner: ask, save each answer, resume."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest
from conftest import answers_file

from audit.checklist import Answer, load_platforms
from audit.checklist.interactive import parse_answer, parse_platforms

WECHAT = {p.id: p for p in load_platforms()}["wechat"]
TOTAL = len(WECHAT.items)


def saved(path):
    return json.loads(path.read_text(encoding="utf-8"))


def progress_marks(output: str) -> list[str]:
    return re.findall(r"\[(\d+)/(\d+)\]", output)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("y", Answer.YES),
        ("Yes", Answer.YES),
        ("是", Answer.YES),
        (" Y ", Answer.YES),
        ("n", Answer.NO),
        ("否", Answer.NO),
        ("?", Answer.UNSURE),
        ("？", Answer.UNSURE),
        ("不确定", Answer.UNSURE),
        ("not sure", Answer.UNSURE),
        ("s", Answer.SKIP),
        ("跳过", Answer.SKIP),
        ("", None),
        ("maybe", None),
        ("yess", None),
    ],
)
def test_answers_are_understood_in_both_languages(typed, expected):
    assert parse_answer(typed) is expected


def test_platforms_are_chosen_by_number_id_or_name():
    platforms = load_platforms()
    assert parse_platforms("1 3", platforms) == (platforms[0].id, platforms[2].id)
    assert parse_platforms("wechat, 微博", platforms) == ("wechat", "weibo")
    assert parse_platforms("1，2", platforms) == (platforms[0].id, platforms[1].id)
    assert parse_platforms("1 1", platforms) == (platforms[0].id,)
    assert parse_platforms("99", platforms) is None
    assert parse_platforms("myspace", platforms) is None
    assert parse_platforms("   ", platforms) is None


def test_a_first_run_picks_platforms_and_saves_every_answer(run, answers_path):
    result = run(
        "--lang", "en", "--answers", str(answers_path), lines=["0", "1", "y", "n", "?", "q"]
    )
    assert result.exit_code == 0, result.output
    assert f"Your answers are saved in: {answers_path}" in result.stderr
    assert "Please type numbers from the list" in result.stderr
    assert progress_marks(result.stderr)[:4] == [
        ("1", str(TOTAL)),
        ("2", str(TOTAL)),
        ("3", str(TOTAL)),
        ("4", str(TOTAL)),
    ]
    assert (
        "Why it matters" in result.stderr
        and "Older versions: 我 (Me) > 设置 (Settings) > 隐私 (Privacy)" in result.stderr
    )
    assert "Stopped. 3 of 12 answers are saved" in result.stderr
    data = saved(answers_path)
    assert data["platforms"] == ["wechat"]
    assert data["answers"]["wechat"] == {
        "strangers-ten-posts": "yes",
        "moments-range": "no",
        "find-by-phone": "unsure",
    }
    assert stat.S_IMODE(os.stat(answers_path).st_mode) == 0o600
    assert (
        "What to change" in result.stdout
        and "Strangers can view ten Moments posts" in result.stdout
    )


def test_a_run_resumes_at_the_first_unanswered_question(run, answers_path):
    answers_file(
        answers_path, ["wechat"], {"wechat": {"strangers-ten-posts": "yes", "moments-range": "no"}}
    )
    result = run("--lang", "zh", "--answers", str(answers_path), lines=["是", "跳过"])
    assert result.exit_code == 0, result.output
    assert "从上次停下的地方继续：已回答 2/12" in result.stderr
    assert progress_marks(result.stderr)[0] == ("3", "12")
    assert ("1", "12") not in progress_marks(result.stderr)
    assert saved(answers_path)["answers"]["wechat"] == {
        "strangers-ten-posts": "yes",
        "moments-range": "no",
        "find-by-phone": "yes",
        "find-by-id": "skip",
    }


def test_a_complete_run_ends_with_the_list_of_what_to_change(run, answers_path):
    typed = {"strangers-ten-posts": "y", "add-by-qr": "s"}
    lines = ["" if item.is_fact else typed.get(item.id, "n") for item in WECHAT.items]
    result = run(
        "--lang", "en", "--answers", str(answers_path), "--platform", "wechat", lines=lines
    )
    assert result.exit_code == 0, result.output
    assert "All questions answered." in result.stderr
    answers = saved(answers_path)["answers"]["wechat"]
    assert len(answers) == TOTAL
    assert answers["photos-compressed"] == "seen" and answers["add-by-qr"] == "skip"
    assert "1 setting(s) to change, 0 to check." in result.stdout
    assert "Skipped: 1 question(s)." in result.stdout
    assert "Good to know" in result.stdout
    assert (
        f"Next: 'exposure checklist evaluate --answers {answers_path} --lang en' lists what to "
        "change; 'exposure scan YOUR-PHOTOS --answers " in result.stderr
    )
    again = run("--lang", "en", "--answers", str(answers_path), lines=[])
    assert again.exit_code == 0
    assert "All questions answered." in again.stderr and "--restart" in again.stderr
    assert "[1/" not in again.stderr


def test_restart_asks_a_platform_again(run, answers_path):
    answers_file(answers_path, ["wechat"], {"wechat": {item.id: "no" for item in WECHAT.questions}})
    result = run("--lang", "en", "--answers", str(answers_path), "--restart", lines=["y"])
    assert progress_marks(result.stderr)[0] == ("1", str(TOTAL))
    assert saved(answers_path)["answers"]["wechat"] == {"strangers-ten-posts": "yes"}


def test_an_unclear_answer_is_asked_again(run, answers_path):
    result = run(
        "--lang", "en", "--answers", str(answers_path), "--platform", "wechat", lines=["maybe", "n"]
    )
    assert result.stderr.count("Please answer y (yes), n (no), ? (not sure) or s (skip)") == 1
    assert saved(answers_path)["answers"]["wechat"] == {"strangers-ten-posts": "no"}


def test_a_fact_is_acknowledged_not_answered(run, answers_path):
    facts_first = [item.id for item in WECHAT.items].index("photos-compressed")
    answered = {item.id: "no" for item in WECHAT.items[:facts_first]}
    answers_file(answers_path, ["wechat"], {"wechat": answered})
    result = run("--lang", "en", "--answers", str(answers_path), lines=[""])
    assert f"[{facts_first + 1}/{TOTAL}] WeChat · Good to know" in result.stderr
    assert "Press Enter when you have read this" in result.stderr
    assert saved(answers_path)["answers"]["wechat"]["photos-compressed"] == "seen"


def test_a_platform_option_replaces_the_saved_choice(run, answers_path):
    answers_file(answers_path, ["wechat"], {"wechat": {"strangers-ten-posts": "yes"}})
    result = run(
        "--lang", "en", "--answers", str(answers_path), "--platform", "telegram", lines=["y"]
    )
    assert "[1/9] Telegram" in result.stderr
    data = saved(answers_path)
    assert data["platforms"] == ["telegram"]
    assert data["answers"]["wechat"] == {"strangers-ten-posts": "yes"}, (
        "answers for other platforms are kept"
    )


def test_without_a_choice_nothing_is_saved(run, answers_path):
    result = run("--lang", "en", "--answers", str(answers_path), lines=[])
    assert result.exit_code == 0
    assert "nothing new was saved" in result.stderr
    assert not answers_path.exists()


def test_the_default_answers_file_is_in_the_user_data_folder(run, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = run("--lang", "en", "--platform", "wechat", lines=["n"])
    expected = tmp_path / "data" / "exposure" / "answers.json"
    assert f"Your answers are saved in: {expected}" in result.stderr
    assert saved(expected)["answers"]["wechat"] == {"strangers-ten-posts": "no"}


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b'{"format": "something-else"}',
        b'{"format": "exposure-checklist-answers", "version": 1, "platforms": ["myspace"]}',
    ],
)
def test_an_unreadable_answers_file_stops_the_run_and_is_left_alone(run, answers_path, content):
    answers_path.write_bytes(content)
    os.chmod(answers_path, 0o644)
    result = run(
        "--lang", "en", "--answers", str(answers_path), "--platform", "wechat", lines=["y", "y"]
    )
    assert result.exit_code == 2
    assert "left unchanged" in result.stderr
    assert "[1/" not in result.output
    assert answers_path.read_bytes() == content
    assert stat.S_IMODE(os.stat(answers_path).st_mode) == 0o644
    assert [p.name for p in answers_path.parent.iterdir()] == [answers_path.name]


def test_an_unreadable_answers_file_is_explained_in_chinese(run, answers_path):
    answers_path.write_bytes(b"\x00\x01")
    result = run("--lang", "zh", "--answers", str(answers_path), "evaluate")
    assert result.exit_code == 2
    assert "不是 exposure 的答案文件" in result.stderr
    assert answers_path.read_bytes() == b"\x00\x01"


def test_an_unknown_platform_option_is_a_usage_error(run, answers_path):
    result = run("--lang", "en", "--answers", str(answers_path), "--platform", "myspace")
    assert result.exit_code == 2
    assert "Unknown platform myspace" in result.stderr and "wechat" in result.stderr
    assert not answers_path.exists()


def test_the_stop_message_repeats_the_options_she_used(run, answers_path):
    result = run(
        "--lang",
        "zh",
        "--answers",
        str(answers_path),
        "ask",
        "--platform",
        "wechat",
        lines=["是", "q"],
    )
    assert result.exit_code == 0, result.output
    assert (
        f"要继续，请运行：exposure checklist --answers {answers_path} --lang zh --platform wechat"
        in result.stderr
    )
    assert "下一步" not in result.stderr, "next steps come only once every question is answered"


def test_each_question_names_the_risky_answer(run, answers_path):
    result = run("--lang", "en", "--answers", str(answers_path), "-p", "wechat", lines=["q"])
    assert "Your answer [y = yes, risky / n = no / ? = not sure / s = skip]: " in result.stderr
    zh = run("--lang", "zh", "--answers", str(answers_path), "-p", "wechat", lines=["q"])
    assert "你的回答［是/y = 有风险，否/n，不确定/?，跳过/s］：" in zh.stderr
