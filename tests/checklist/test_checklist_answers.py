"""The answers file: written atomically, owner-only, read strictly, never replaced if foreign."""

from __future__ import annotations

import json
import os
import stat

import pytest
from conftest import answers_file, write_json

from audit.checklist import Answer, Answers, ChecklistError, read_answers, write_answers
from audit.checklist.answers import MAX_BYTES, default_answers_path


def test_answers_round_trip(answers_path):
    answers = (
        Answers()
        .with_platforms(("wechat", "telegram"))
        .with_answer("wechat", "strangers-ten-posts", Answer.YES)
        .with_answer("wechat", "moments-range", Answer.UNSURE)
        .with_answer("wechat", "photos-compressed", Answer.SEEN)
        .with_answer("telegram", "forwards", Answer.SKIP)
    )
    write_answers(answers_path, answers)
    assert read_answers(answers_path) == answers


def test_a_later_answer_replaces_an_earlier_one():
    answers = (
        Answers()
        .with_answer("wechat", "strangers-ten-posts", Answer.YES)
        .with_answer("wechat", "strangers-ten-posts", Answer.NO)
    )
    assert answers.get("wechat", "strangers-ten-posts") is Answer.NO
    assert len(answers.given) == 1


def test_the_file_is_owner_only_and_no_temporary_file_is_left(answers_path):
    write_answers(answers_path, Answers().with_platforms(("wechat",)))
    assert stat.S_IMODE(os.stat(answers_path).st_mode) == 0o600
    assert [p.name for p in answers_path.parent.iterdir()] == [answers_path.name]


def test_an_existing_loose_file_is_replaced_by_an_owner_only_one(answers_path):
    answers_file(answers_path, ["wechat"], {})
    os.chmod(answers_path, 0o644)
    write_answers(
        answers_path,
        read_answers(answers_path).with_answer("wechat", "strangers-ten-posts", Answer.NO),
    )
    assert stat.S_IMODE(os.stat(answers_path).st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(answers_path, monkeypatch):
    original = answers_file(answers_path, ["wechat"], {"wechat": {"strangers-ten-posts": "yes"}})

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_answers(answers_path, Answers())
    assert answers_path.read_bytes() == original
    assert [p.name for p in answers_path.parent.iterdir()] == [answers_path.name]


def test_a_place_that_cannot_hold_the_file_gives_a_plain_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        write_answers(blocker / "answers.json", Answers())
    assert "Could not save your answers" in caught.value.message.en
    assert "无法把答案保存到" in caught.value.message.zh
    assert blocker.read_text(encoding="utf-8") == "a file where a folder should be"


def test_items_this_version_does_not_know_are_kept(answers_path):
    answers_file(answers_path, ["wechat"], {"wechat": {"retired-question": "yes"}})
    answers = read_answers(answers_path)
    write_answers(answers_path, answers.with_answer("wechat", "strangers-ten-posts", Answer.NO))
    saved = json.loads(answers_path.read_text(encoding="utf-8"))
    assert saved["answers"]["wechat"] == {"retired-question": "yes", "strangers-ten-posts": "no"}


def test_the_default_file_lives_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_answers_path() == tmp_path / "exposure" / "answers.json"


FOREIGN = {
    "not json": b"this is my diary\n",
    "binary": bytes(range(256)),
    "a json list": b"[1, 2, 3]",
    "another program's json": json.dumps({"name": "package", "version": "1.0"}).encode(),
    "a newer version": json.dumps({"format": "exposure-checklist-answers", "version": 2}).encode(),
    "unknown platform": json.dumps(
        {
            "format": "exposure-checklist-answers",
            "version": 1,
            "platforms": ["myspace"],
            "answers": {},
        }
    ).encode(),
    "unknown platform in answers": json.dumps(
        {"format": "exposure-checklist-answers", "version": 1, "answers": {"friendster": {}}}
    ).encode(),
    "bad answer": json.dumps(
        {
            "format": "exposure-checklist-answers",
            "version": 1,
            "answers": {"wechat": {"strangers-ten-posts": "maybe"}},
        }
    ).encode(),
    "answers not a table": json.dumps(
        {"format": "exposure-checklist-answers", "version": 1, "answers": {"wechat": ["yes"]}}
    ).encode(),
    "platforms not a list": json.dumps(
        {"format": "exposure-checklist-answers", "version": 1, "platforms": "wechat"}
    ).encode(),
    "bad item id": json.dumps(
        {
            "format": "exposure-checklist-answers",
            "version": 1,
            "answers": {"wechat": {"../../etc": "yes"}},
        }
    ).encode(),
    "empty": b"",
    "too large": b" " * (MAX_BYTES + 1),
}


@pytest.mark.parametrize("content", list(FOREIGN.values()), ids=list(FOREIGN))
def test_a_foreign_or_broken_file_is_refused_with_a_plain_message(answers_path, content):
    answers_path.write_bytes(content)
    with pytest.raises(ChecklistError) as caught:
        read_answers(answers_path)
    message = caught.value.message
    assert str(answers_path) in message.en and str(answers_path) in message.zh
    assert "unchanged" in message.en or "another version" in message.en
    assert answers_path.read_bytes() == content


def test_the_message_names_the_unknown_platform(answers_path):
    answers_file(answers_path, ["wechat", "myspace"], {})
    with pytest.raises(ChecklistError) as caught:
        read_answers(answers_path)
    assert "myspace" in caught.value.message.en
    assert "wechat" in caught.value.message.en, "the known platforms are listed"
    assert "不认识的平台" in caught.value.message.zh


def test_hostile_text_in_a_file_is_not_passed_to_the_terminal(answers_path):
    write_json(
        answers_path,
        {
            "format": "exposure-checklist-answers",
            "version": 1,
            "platforms": ["\x1b[2J\x1b]0;owned\x07"],
        },
    )
    with pytest.raises(ChecklistError) as caught:
        read_answers(answers_path)
    assert "\x1b" not in caught.value.message.en and "\x07" not in caught.value.message.zh


def test_a_missing_file_and_a_folder_are_reported(tmp_path):
    with pytest.raises(ChecklistError, match="does not exist"):
        read_answers(tmp_path / "nothing.json")
    with pytest.raises(ChecklistError, match="is a folder"):
        read_answers(tmp_path)
