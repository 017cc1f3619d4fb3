"""What the checklist prints without asking: the catalogue, the worksheet, the list of changes."""

from __future__ import annotations

import json
import os
import stat

import pytest
from conftest import answers_file

from audit.checklist import load_platforms

PLATFORMS = load_platforms()


def test_list_json_has_every_platform_and_item_in_both_languages(run):
    result = run("list", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    assert [p["id"] for p in document["platforms"]] == [p.id for p in PLATFORMS]
    for platform, listed in zip(PLATFORMS, document["platforms"], strict=True):
        assert listed["name"] == {"en": platform.name.en, "zh": platform.name.zh}
        assert [i["id"] for i in listed["items"]] == [i.id for i in platform.items]
        for item in listed["items"]:
            assert item["finding_id"] == f"profile.{platform.id}.{item['id']}"
            prompt = item["statement"] if item["kind"] == "fact" else item["question"]
            for text in (item["title"], prompt, item["why"], item["fix"]):
                assert text["en"] and text["zh"]
            if item["kind"] == "fact":
                assert item["severity"] is None and item["exposed_if"] is None
            else:
                assert item["severity"] in {"low", "medium", "high", "critical"}
                assert item["exposed_if"] == "yes"
            assert item["confidence"] in {"C-OFF", "C-SEC", "C-WEAK", "B"}
            assert item["checked"] and item["source"]
            for path in item["paths"]:
                assert path["path"]["en"] and path["path"]["zh"] and path["confidence"]


def test_list_json_for_one_platform(run):
    document = json.loads(run("list", "-f", "json", "--platform", "telegram").stdout)
    assert [p["id"] for p in document["platforms"]] == ["telegram"]


def test_list_text_in_chinese(run):
    result = run("--lang", "zh", "list", "--platform", "wechat")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "wechat: 微信 (12)"
    assert lines[1].split() == ["strangers-ten-posts", "高", "陌生人可以查看十条朋友圈"]
    assert any(line.split()[1] == "须知" for line in lines[1:])


def test_restart_before_another_subcommand_is_refused(run):
    result = run("--lang", "en", "--restart", "list")
    assert result.exit_code == 2
    assert "--restart only applies to 'exposure checklist ask'" in result.stderr


@pytest.mark.parametrize(
    ("lang", "boxes", "heading", "question"),
    [
        ("en", ["- [ ] yes ⚠ risky", "- [ ] no", "- [ ] not sure"], "## WeChat", "**Question**: "),
        ("zh", ["- [ ] 是 ⚠ 有风险", "- [ ] 否", "- [ ] 不确定"], "## 微信", "**问题**："),
    ],
)
def test_the_worksheet_for_one_platform(run, lang, boxes, heading, question):
    result = run("worksheet", "--format", "markdown", "--platform", "wechat", "--lang", lang)
    assert result.exit_code == 0
    text = result.stdout
    wechat = PLATFORMS[0]
    assert text.startswith("# ")
    assert text.count("\n## ") == 1 and heading in text
    assert text.count("\n### ") == len(wechat.items)
    assert text.count(question) == len(wechat.questions)
    for box in boxes:
        assert text.count(box + "\n") == len(wechat.questions)
    for item in wechat.items:
        assert item.title.get(lang) in text
    assert "\n\n\n" not in text and "None" not in text
    unconfirmed = "not confirmed, may differ" if lang == "en" else "未经证实，可能不同"
    assert unconfirmed in text
    assert (
        "`"
        + (
            "Older versions: 我 (Me) > 设置 (Settings) > 隐私 (Privacy)"
            if lang == "en"
            else "旧版本：我 > 设置 > 隐私"
        )
        in text
    )


def test_the_worksheet_for_all_platforms_written_to_a_private_file(run, tmp_path):
    target = tmp_path / "worksheet.md"
    result = run("worksheet", "--format", "markdown", "--lang", "en", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == [
        p.name.en for p in PLATFORMS
    ]
    assert text.count("- [ ] I have read this") == sum(
        len(p.items) - len(p.questions) for p in PLATFORMS
    )


def test_evaluate_prints_what_to_change_and_where(run, answers_path):
    original = answers_file(
        answers_path,
        ["wechat"],
        {
            "wechat": {
                "strangers-ten-posts": "yes",
                "moments-range": "unsure",
                "find-by-phone": "no",
            }
        },
    )
    result = run("--lang", "en", "--answers", str(answers_path), "evaluate")
    assert result.exit_code == 0
    text = result.stdout
    assert "1 setting(s) to change, 1 to check." in text
    assert "[high] Change this: Strangers can view ten Moments posts" in text
    assert "[medium] Check this: Friends can scroll through all your Moments" in text
    assert "Older versions: 我 (Me) > 设置 (Settings) > 隐私 (Privacy) > 朋友圈 (Moments)" in text
    assert "People can find you by your phone number" not in text
    assert "Not answered yet: 9 question(s)." in text
    assert answers_path.read_bytes() == original, "evaluating never writes the answers file"


def test_evaluate_in_chinese_as_markdown_and_json(run, answers_path, tmp_path):
    answers_file(answers_path, ["wechat"], {"wechat": {"strangers-ten-posts": "yes"}})
    markdown = run(
        "--lang", "zh", "--answers", str(answers_path), "evaluate", "--format", "markdown"
    ).stdout
    assert markdown.startswith("# 需要修改的设置\n")
    assert "## 微信\n\n- [ ] **陌生人可以查看十条朋友圈**（需要修改，高）\n" in markdown
    assert "  - `旧版本：我 > 设置 > 隐私 > 朋友圈`\n" in markdown
    target = tmp_path / "todo.json"
    result = run(
        "--lang",
        "zh",
        "--answers",
        str(answers_path),
        "evaluate",
        "--format",
        "json",
        "-o",
        str(target),
    )
    assert result.exit_code == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [f["id"] for f in document["findings"]] == ["profile.wechat.strangers-ten-posts"]
    assert document["findings"][0]["title"] == "陌生人可以查看十条朋友圈"
    assert document["unanswered"] == 11 and document["skipped"] == 0


def test_evaluate_without_an_answers_file_says_what_to_do(run, tmp_path):
    result = run("--lang", "en", "--answers", str(tmp_path / "none.json"), "evaluate")
    assert result.exit_code == 2
    assert "Run 'exposure checklist' to answer the questions first" in result.stderr
    assert "exposure checklist from-paper" in result.stderr


def test_evaluate_with_nothing_open(run, answers_path):
    answers_file(answers_path, ["telegram"], {"telegram": {"phone-visible": "no"}})
    assert (
        "Nothing to change in the settings you answered."
        in run("--lang", "en", "--answers", str(answers_path), "evaluate").stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["worksheet", "--format", "json"], "Invalid value for '-f' / '--format'"),
        (["evaluate", "--restart"], "No such option"),
        (["--restart", "evaluate"], "--restart only applies"),
        (["from-paper", "wechat=zz"], "questions, but wechat=zz gives 2 answers"),
        (["from-paper", "myspace=y"], "Unknown app myspace"),
        (["from-paper", "wechat"], "is not an answer code"),
    ],
)
def test_options_that_do_not_fit_together_are_usage_errors(run, tmp_path, args, message):
    result = run("--lang", "en", "--answers", str(tmp_path / "a.json"), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "a.json").exists()
