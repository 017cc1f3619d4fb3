"""The paper round trip: a printable worksheet, a code per app, and the answers back in the tool."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import stat
import subprocess

import pytest

from audit.checklist import Answer, Answers, evaluate, load_platforms
from audit.checklist.paper import PaperCodeError, apply, code_hint, parse_code
from audit.checklist.worksheet_html import CSP, worksheet_html
from audit.models import Lang, Text

PLATFORMS = load_platforms()
BY_ID = {p.id: p for p in PLATFORMS}


def _letters(count: int) -> str:
    return ("yn?s" * count)[:count]


def test_a_code_is_read_against_the_apps_questions_in_order():
    wechat = BY_ID["wechat"]
    letters = _letters(len(wechat.questions))
    paper = parse_code(f"wechat={letters}", PLATFORMS)
    assert paper.platform is wechat
    expected = [
        {"y": Answer.YES, "n": Answer.NO, "?": Answer.UNSURE, "s": Answer.SKIP}[c] for c in letters
    ]
    assert list(paper.answers) == expected


@pytest.mark.parametrize(
    "code",
    ["WeChat = Y N ? S", "微信：是否不跳", "wechat:yn?-", "wechat=YN？S"],
)
def test_codes_are_forgiving_about_case_spaces_and_chinese(code):
    qq_like = dataclasses.replace(BY_ID["wechat"], items=tuple(BY_ID["wechat"].questions[:4]))
    paper = parse_code(code, (qq_like,))
    assert paper.answers == (Answer.YES, Answer.NO, Answer.UNSURE, Answer.SKIP)


@pytest.mark.parametrize(
    ("code", "english", "chinese"),
    [
        (
            "wechat=yy",
            "questions, but wechat=yy gives 2 answers",
            "个问题，但 wechat=yy 给了 2 个回答",
        ),
        ("myspace=y", "Unknown app myspace", "应用 myspace 不认识"),
        ("wechat", "is not an answer code", "不是答案代码"),
        ("wechat=" + "y" * 10 + "x", "Question 11 in", "第 11 题"),
        ("wechat=\x1b]2;owned\x07" + "y" * 10, "\ufffd", "\ufffd"),
    ],
)
def test_a_bad_code_says_what_is_wrong_in_both_languages(code, english, chinese):
    with pytest.raises(PaperCodeError) as raised:
        parse_code(code, PLATFORMS)
    assert english in raised.value.message.en and chinese in raised.value.message.zh
    assert "\x1b" not in raised.value.message.en + raised.value.message.zh


def test_applying_paper_answers_marks_facts_read_and_keeps_other_apps():
    wechat = BY_ID["wechat"]
    before = Answers().with_platforms(("qq",)).with_answer("qq", "zone-access", Answer.YES)
    after = apply(before, parse_code("wechat=" + "n" * len(wechat.questions), PLATFORMS))
    assert after.platforms == ("qq", "wechat")
    assert after.get("qq", "zone-access") is Answer.YES
    assert all(after.get("wechat", item.id) is Answer.NO for item in wechat.questions)
    facts = [item for item in wechat.items if item.is_fact]
    assert facts and all(after.get("wechat", item.id) is Answer.SEEN for item in facts)
    assert [f.id for f in evaluate(after)] == ["profile.qq.zone-access"]


def test_from_paper_saves_answers_the_same_as_answering_one_by_one(run, answers_path):
    wechat = BY_ID["wechat"]
    letters = "y" + "n" * (len(wechat.questions) - 1)
    result = run("--lang", "en", "from-paper", f"wechat={letters}", "--answers", str(answers_path))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(answers_path).st_mode) == 0o600
    saved = json.loads(answers_path.read_text(encoding="utf-8"))
    assert saved["platforms"] == ["wechat"]
    first = wechat.questions[0]
    assert saved["answers"]["wechat"][first.id] == "yes"
    assert f"WeChat: {len(wechat.questions)} answer(s) from paper saved" in result.stderr
    assert "Change this: " + first.title.en in result.stdout
    assert "Next: 'exposure checklist evaluate --answers" in result.stderr
    assert "exposure scan YOUR-PHOTOS --answers" in result.stderr


def test_a_bad_code_writes_nothing(run, answers_path):
    result = run("from-paper", "wechat=yyy", "--answers", str(answers_path))
    assert result.exit_code == 2
    assert not answers_path.exists()


def test_the_code_printed_on_the_sheet_has_one_blank_per_question():
    for platform in PLATFORMS:
        hint = code_hint(platform)
        blanks = hint.rsplit("=", 1)[1]
        assert set(blanks) == {"_"} and len(blanks) == len(platform.questions)
        filled = hint.replace(blanks, _letters(len(blanks))).split()[-1]
        assert len(parse_code(filled, PLATFORMS).answers) == len(platform.questions)


@pytest.mark.parametrize("lang", [Lang.EN, Lang.ZH])
def test_the_html_worksheet_marks_the_risky_box_on_every_question(lang):
    page = worksheet_html(PLATFORMS, lang)
    assert page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{"zh-CN" if lang is Lang.ZH else "en"}">' in page
    assert f'content="{CSP}"' in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "@import" not in page and "url(" not in page and "@font-face" not in page
    assert page.count('<section class="sheet">') == len(PLATFORMS)
    questions = sum(len(p.questions) for p in PLATFORMS)
    assert page.count('<li class="risky">') == questions
    risky = "有风险" if lang is Lang.ZH else "risky"
    assert page.count(f"⚠ {risky}</li>") == questions
    for platform in PLATFORMS:
        assert code_hint(platform) in page
    assert "@page { size: A4" in page


def test_the_html_worksheet_escapes_what_it_shows():
    hostile = Text("<script>alert(1)</script>\u202e", "</style><img src=x onerror=alert(1)>")
    wechat = BY_ID["wechat"]
    item = dataclasses.replace(wechat.questions[0], title=hostile, why=hostile)
    page = worksheet_html((dataclasses.replace(wechat, items=(item,)),), Lang.EN)
    assert "<script>alert" not in page and "\u202e" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    page_zh = worksheet_html((dataclasses.replace(wechat, items=(item,)),), Lang.ZH)
    assert "<img src=x" not in page_zh and "&lt;/style&gt;" in page_zh


def test_the_worksheet_command_writes_a_private_html_file(run, tmp_path):
    target = tmp_path / "sheets.html"
    result = run("worksheet", "--lang", "zh", "--platform", "wechat,qq", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    assert page.count('<section class="sheet">') == 2 and "隐私设置检查表：微信" in page


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_the_worksheet_prints_on_a4_one_app_per_sheet(tmp_path):
    chosen = tuple(BY_ID[name] for name in ("wechat", "telegram", "x"))
    source = tmp_path / "sheets.html"
    source.write_text(worksheet_html(chosen, Lang.EN), encoding="utf-8")
    pdf, shot = tmp_path / "sheets.pdf", tmp_path / "sheets.png"
    flags = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--no-pdf-header-footer",
    ]
    subprocess.run(
        [*flags, f"--print-to-pdf={pdf}", source.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    subprocess.run(
        [*flags, "--window-size=800,1200", f"--screenshot={shot}", source.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert boxes and all(
        abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes
    ), "A4"
    assert pages >= len(chosen), "each app starts a sheet of its own"
    assert shot.stat().st_size > 10_000
