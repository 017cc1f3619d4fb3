"""Every sentence a person reads is written in a words module, never inside the logic.

A translator or a reviewer of the wording then reads one module per part instead of every file:
``Text("english", "中文")`` with two written-out strings may appear only in the modules below.
A ``Text`` assembled from other ``Text`` values or from data is not a sentence of its own and is
allowed anywhere. For now ``audit/clean/`` and ``audit/trace/`` are allowed as whole folders, as
if each folder were its own words module: their sentences are to move into their own
``words.py`` (``audit/clean/words.py`` exists), and this list then narrows to those files.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "audit"

WORD_MODULES = frozenset(
    {
        "audit/messages.py",
        "audit/skips.py",
        "audit/cli_words.py",
        "audit/checklist/words.py",
        "audit/clean/words.py",
        "audit/profile/words.py",
    }
)
WORD_FOLDERS = ("audit/clean/", "audit/trace/")


def _allowed(name: str) -> bool:
    return name in WORD_MODULES or name.startswith(WORD_FOLDERS)


def _written_sentences(source: str) -> list[int]:
    """Lines where ``Text`` is called with two string literals."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Text"
        and len(node.args) == 2
        and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
    ]


def test_sentences_live_only_in_word_modules() -> None:
    stray = [
        f"{name}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if not _allowed(name := path.relative_to(ROOT).as_posix())
        for line in _written_sentences(path.read_text(encoding="utf-8"))
    ]
    assert not stray, "sentences outside the words modules: " + ", ".join(stray)


def test_every_word_module_exists() -> None:
    missing = [name for name in WORD_MODULES if not (ROOT / name).is_file()]
    assert not missing, missing


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('Text("a sentence", "一句话")', [1]),
        ('Text(\n    "a sentence "\n    "in two parts",\n    "一句话",\n)', [1]),
        ('Text(f"{a.en}, {b}", f"{a.zh}，{b}")', []),
        ("Text(words.X.en + y, words.X.zh + y)", []),
        ('messages.X.format(path="a")', []),
    ],
)
def test_a_written_sentence_is_recognised(source: str, found: list[int]) -> None:
    assert _written_sentences(source) == found
