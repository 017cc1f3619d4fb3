"""The example answers files give exactly the findings listed in examples/answers/expected.json."""

from __future__ import annotations

import json

import pytest
from paths import EXAMPLES

from audit.checklist import read_answers
from audit.checklist.render import todo_json
from audit.models import Lang

ANSWERS = EXAMPLES / "answers"
EXPECTED = json.loads((ANSWERS / "expected.json").read_text(encoding="utf-8"))


def test_every_example_has_expectations():
    assert sorted(EXPECTED) == sorted(
        p.name for p in ANSWERS.glob("*.json") if p.name != "expected.json"
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_gives_the_expected_findings(name):
    expected = EXPECTED[name]
    document = json.loads(todo_json(read_answers(ANSWERS / name), Lang.EN))
    found = {
        f["id"]: {"severity": f["severity"], "confidence": f["confidence"]}
        for f in document["findings"]
    }
    assert found == expected["findings"]
    assert document["skipped"] == expected["skipped"]
    assert document["unanswered"] == expected["unanswered"]
    assert all(f["bits"] == 0.0 for f in document["findings"])


def test_the_student_example_through_the_command(run):
    result = run("--lang", "zh", "--answers", str(ANSWERS / "student.json"), "evaluate")
    assert result.exit_code == 0
    assert result.stdout.startswith("需要修改的设置\n")
    assert "4 项设置需要修改，2 项需要核对。" in result.stdout
    assert "小红书" in result.stdout and "微信" in result.stdout
    assert "还有 5 个问题没有回答" in result.stdout
