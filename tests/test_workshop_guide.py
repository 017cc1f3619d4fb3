"""The facilitator's guide works as written: every command it names runs, in order, in a fresh
folder, and the English and Chinese guides name the same commands."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT

import audit

GUIDES = (ROOT / "docs" / "workshop.md", ROOT / "docs" / "workshop.zh.md")
_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def commands(guide: Path) -> list[str]:
    text = guide.read_text(encoding="utf-8")
    return [
        line.strip()
        for block in _BLOCK.findall(text)
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_both_guides_name_the_same_commands():
    english, chinese = (commands(guide) for guide in GUIDES)
    assert english == chinese and len(english) >= 8
    assert all(c.startswith(("exposure ", "rm -r ")) for c in english)


def _run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    if words[0] == "rm":
        for name in words[2:]:
            target = cwd / name
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()
        return subprocess.CompletedProcess(words, 0, "", "")
    return subprocess.run(
        [sys.executable, "-m", "audit", *words[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize("guide", GUIDES[1:], ids=["zh"])
def test_every_command_of_the_guide_runs_in_order(guide, tmp_path):
    installed = Path(audit.__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": str(installed),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    work = tmp_path / "room"
    work.mkdir()
    for command in commands(guide):
        result = _run(command, work, env)
        # A scan that finds something exits 1 by design; anything else is a failure.
        assert result.returncode in (0, 1), f"{command}\n{result.stderr[-3000:]}"
        assert "Traceback" not in result.stderr, command
        if command.startswith("exposure demo"):
            assert (work / "exposure-demo" / "photos").is_dir()
        if command.startswith("exposure checklist worksheet"):
            assert (work / "worksheet.html").read_text(encoding="utf-8").count("⚠") >= 10
        if command.startswith("exposure checklist evaluate"):
            assert "需要修改的设置" in result.stdout
    assert sorted(p.name for p in work.iterdir()) == [], "the last command leaves nothing behind"
