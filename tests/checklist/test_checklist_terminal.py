"""The interactive run in a real terminal: Ctrl-C after two answers loses nothing, and resumes."""

from __future__ import annotations

import json
import os
import stat
import sys

import pexpect

TIMEOUT = 30


def spawn(answers_path, cwd, *extra):
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8", NO_COLOR="1")
    return pexpect.spawn(
        sys.executable,
        ["-m", "audit", "checklist", "--lang", "en", "--answers", str(answers_path), *extra],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(50, 200),
    )


PROMPT = "Your answer [y = yes, risky / n = no / ? = not sure / s = skip]: "


def test_ctrl_c_keeps_both_answers_and_the_next_run_resumes_at_question_three(tmp_path):
    answers_path = tmp_path / "answers.json"
    child = spawn(answers_path, tmp_path)
    child.expect_exact("Which apps do you use?")
    child.expect_exact("(for example: 1 3): ")
    child.sendline("1")
    child.expect_exact("[1/12] WeChat")
    child.expect_exact(PROMPT)
    child.sendline("y")
    child.expect_exact("[2/12] WeChat")
    child.expect_exact(PROMPT)
    child.sendline("n")
    child.expect_exact("[3/12] WeChat")
    child.expect_exact(PROMPT)
    child.sendintr()
    child.expect_exact("Stopped. 2 of 12 answers are saved")
    child.expect_exact("To continue, run: exposure checklist --answers " + str(answers_path))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    assert stat.S_IMODE(os.stat(answers_path).st_mode) == 0o600
    saved = json.loads(answers_path.read_text(encoding="utf-8"))
    assert saved["platforms"] == ["wechat"]
    assert saved["answers"]["wechat"] == {"strangers-ten-posts": "yes", "moments-range": "no"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.json"], (
        "no temporary file left behind"
    )

    again = spawn(answers_path, tmp_path)
    again.expect_exact("Continuing where you stopped: 2 of 12 answered.")
    again.expect(r"\[(\d+)/12\]")
    assert again.match.group(1) == "3"
    again.expect_exact(PROMPT)
    again.sendline("?")
    again.expect_exact("[4/12] WeChat")
    again.sendline("q")
    again.expect_exact("Stopped. 3 of 12 answers are saved")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0
    saved = json.loads(answers_path.read_text(encoding="utf-8"))
    assert saved["answers"]["wechat"]["find-by-phone"] == "unsure"
