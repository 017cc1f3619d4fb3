"""Fixtures for the checklist tests: a place for answers files and a way to run the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main


@pytest.fixture
def answers_path(tmp_path) -> Path:
    return tmp_path / "answers.json"


@pytest.fixture
def run():
    """Invoke ``exposure checklist ...`` in-process, with typed lines as input."""

    def invoke(*args: str, lines: list[str] | None = None):
        text = "".join(line + "\n" for line in lines) if lines is not None else None
        return CliRunner().invoke(main, ["checklist", *args], input=text)

    return invoke


def write_json(path: Path, data) -> bytes:
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    path.write_bytes(raw)
    return raw


def answers_file(path: Path, platforms: list[str], answers: dict[str, dict[str, str]]) -> bytes:
    return write_json(
        path,
        {
            "format": "exposure-checklist-answers",
            "version": 1,
            "platforms": platforms,
            "answers": answers,
        },
    )
