"""--me and --answers: only ordinary files of a sensible size are read; links are written through.

A named pipe would make the run wait for ever and /dev/zero never ends; each case runs exposure
as a real command with a time limit, so that a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest
from photo_factory import jpeg

from audit.checklist import Answers, read_answers, write_answers
from audit.checklist.model import Answer
from hostile.process_tools import run, start


@pytest.fixture
def photo(tmp_path):
    return jpeg(tmp_path / "photo.jpg")


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "me.toml"
    os.mkfifo(path)
    return path


def _refused(args, home, words):
    try:
        result = run(args, home, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args} waited on its input for a minute")
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "Traceback" not in err
    assert any(word in err for word in words), err
    return err


def test_me_as_a_named_pipe_is_refused_at_once(tmp_path, photo, fifo):
    args = ["scan", str(photo), "--metadata-only", "--me", str(fifo)]
    _refused(args, tmp_path / "home", ["not an ordinary file"])
    _refused([*args, "--lang", "zh"], tmp_path / "home", ["不是普通文件"])


def test_me_as_an_endless_device_is_refused(tmp_path, photo):
    args = ["scan", str(photo), "--metadata-only", "--me", "/dev/zero"]
    _refused(args, tmp_path / "home", ["not an ordinary file"])


def test_me_too_large_to_be_a_list_of_names(tmp_path, photo):
    me = tmp_path / "me.toml"
    me.write_text('names = ["Lin Xiaoyu"]\n' + "# padding\n" * 200_000)
    args = ["scan", str(photo), "--metadata-only", "--me", str(me)]
    _refused(args, tmp_path / "home", ["too large"])


@pytest.mark.parametrize("command", ["scan", "checklist"])
def test_answers_as_a_named_pipe_is_refused_at_once(tmp_path, photo, fifo, command):
    if command == "scan":
        args = ["scan", str(photo), "--metadata-only", "--answers", str(fifo)]
    else:
        args = ["checklist", "evaluate", "--answers", str(fifo)]
    _refused(args, tmp_path / "home", ["not an ordinary file"])


def test_answers_as_a_device_is_refused(tmp_path):
    args = ["checklist", "evaluate", "--answers", "/dev/zero"]
    _refused(args, tmp_path / "home", ["not an ordinary file"])


def test_saving_through_a_linked_answers_file_keeps_the_link(tmp_path):
    target = tmp_path / "sync" / "answers.json"
    target.parent.mkdir()
    write_answers(target, Answers(("wechat",)))
    link = tmp_path / "answers.json"
    link.symlink_to(target)
    answers = read_answers(link).with_answer("wechat", "strangers-ten-posts", Answer.YES)
    write_answers(link, answers)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert read_answers(target).get("wechat", "strangers-ten-posts") is Answer.YES
    assert sorted(p.name for p in target.parent.iterdir()) == ["answers.json"]


def test_the_checklist_answers_through_a_link(tmp_path):
    target = tmp_path / "sync" / "answers.json"
    target.parent.mkdir()
    write_answers(target, Answers(("wechat",)))
    link = tmp_path / "answers.json"
    link.symlink_to(target)
    process = start(
        ["checklist", "--platform", "wechat", "--answers", str(link), "--lang", "en"],
        tmp_path / "home",
        stdin=subprocess.PIPE,
    )
    out, err = process.communicate(b"y\ny\nq\n", timeout=120)
    assert process.returncode == 0, err.decode()[-2000:]
    assert link.is_symlink()
    saved = json.loads(target.read_text())
    assert saved["answers"]["wechat"]


def _answered(path, platform: str) -> bool:
    try:
        return bool(json.loads(path.read_text())["answers"].get(platform))
    except (OSError, ValueError, KeyError):
        return False


def test_the_checklist_stops_on_sigterm_like_ctrl_c(tmp_path):
    answers = tmp_path / "answers.json"
    process = start(
        ["checklist", "--platform", "wechat", "--answers", str(answers), "--lang", "en"],
        tmp_path / "home",
        stdin=subprocess.PIPE,
    )
    process.stdin.write(b"y\n")
    process.stdin.flush()
    deadline = time.monotonic() + 60
    # the file is written first with the chosen app and no answer: wait for the answer itself
    while not _answered(answers, "wechat") and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err.decode()[-2000:]
    assert "Traceback" not in err.decode()
    assert json.loads(answers.read_text())["answers"]["wechat"]
