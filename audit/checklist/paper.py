"""Answers written on a printed worksheet, typed back as a short code per platform.

The worksheet numbers its questions and prints a row of boxes, one per question, under the
command to type: ``exposure checklist from-paper wechat=yn?nys``. One letter per question, in
order: ``y`` yes, ``n`` no, ``?`` not sure, ``s`` or ``-`` skipped. Spaces are ignored, and the
Chinese answers (是, 否, 不确定 as 不, 跳过 as 跳) work too, so a student can copy her sheet as
she wrote it. Facts on the sheet have no box: entering a platform marks them read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from audit.checklist import words
from audit.checklist.answers import Answers, shown
from audit.checklist.model import Answer, Platform
from audit.errors import UserFacingError

#: What each letter or character of a paper code means.
LETTERS = {
    "y": Answer.YES,
    "是": Answer.YES,
    "n": Answer.NO,
    "否": Answer.NO,
    "?": Answer.UNSURE,
    "不": Answer.UNSURE,
    "s": Answer.SKIP,
    "-": Answer.SKIP,
    "跳": Answer.SKIP,
}
_SEPARATOR = re.compile(r"[=:：]")


class PaperCodeError(UserFacingError):
    """A code that cannot be read; ``message`` says which and how to fix it, in both languages."""


@dataclass(frozen=True)
class PaperAnswers:
    """One platform's answers as read from its code."""

    platform: Platform
    answers: tuple[Answer, ...]


def code_hint(platform: Platform) -> str:
    """The command printed on the sheet, with one blank per question."""
    return f"exposure checklist from-paper {platform.id}={'_' * len(platform.questions)}"


def parse_code(code: str, platforms: tuple[Platform, ...]) -> PaperAnswers:
    """``wechat=yn?ny`` read against the platform's questions, or a PaperCodeError saying why."""
    typed = unicodedata.normalize("NFKC", code).strip()
    parts = _SEPARATOR.split(typed, maxsplit=1)
    if len(parts) != 2:
        raise PaperCodeError(words.PAPER_NOT_A_CODE.format(code=shown(code)))
    name, letters = parts[0].strip().lower(), re.sub(r"\s+", "", parts[1]).lower()
    platform = next(
        (p for p in platforms if name in (p.id, p.name.en.lower(), p.name.zh.lower())), None
    )
    if platform is None:
        known = ", ".join(p.id for p in platforms)
        raise PaperCodeError(
            words.PAPER_UNKNOWN_APP.format(name=shown(name), code=shown(code), known=known)
        )
    questions = platform.questions
    if len(letters) != len(questions):
        raise PaperCodeError(
            words.PAPER_WRONG_COUNT.format(
                app=platform.id,
                expected=len(questions),
                code=shown(code),
                got=len(letters),
            )
        )
    answers = []
    for number, letter in enumerate(letters, 1):
        answer = LETTERS.get(letter)
        if answer is None:
            raise PaperCodeError(
                words.PAPER_BAD_LETTER.format(number=number, code=shown(code), letter=shown(letter))
            )
        answers.append(answer)
    return PaperAnswers(platform, tuple(answers))


def apply(answers: Answers, paper: PaperAnswers) -> Answers:
    """Her saved answers with this platform's paper answers written over them; facts read."""
    platform = paper.platform
    updated = answers.with_platforms((*answers.platforms, platform.id))
    for item, answer in zip(platform.questions, paper.answers, strict=True):
        updated = updated.with_answer(platform.id, item.id, answer)
    for item in platform.items:
        if item.is_fact:
            updated = updated.with_answer(platform.id, item.id, Answer.SEEN)
    return updated
