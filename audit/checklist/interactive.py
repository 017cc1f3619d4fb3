"""The interactive run: one question at a time, each answer saved before the next is asked.

Built for a student going through her phone: she may stop at any moment (q, Ctrl-C, closing
the terminal) and the next run starts at the first question she has not answered. Questions
and explanations go to stderr; the final list of what to change goes to stdout, so it can be
saved with a redirect.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from audit.checklist import words
from audit.checklist.answers import Answers, write_answers
from audit.checklist.describe import path_line
from audit.checklist.evaluate import is_exposed
from audit.checklist.load import load_platforms
from audit.checklist.model import Answer, Item, Platform
from audit.models import Lang, Text

#: Shows a line to the person.
Say = Callable[[str], None]
#: Shows a prompt (ending in its colon) and returns what was typed, or None at the end of input.
Ask = Callable[[str], "str | None"]

_ANSWERS = {
    Answer.YES: ("y", "yes", "是", "是的", "对"),
    Answer.NO: ("n", "no", "否", "不是", "不", "没有"),
    Answer.UNSURE: ("?", "not sure", "unsure", "不确定", "不知道"),
    Answer.SKIP: ("s", "skip", "跳过"),
}
_STOP = ("q", "quit", "stop", "退出", "停止")


class Stopped(Exception):
    """The person stopped before the last question; everything answered so far is saved."""


def _normal(typed: str) -> str:
    return unicodedata.normalize("NFKC", typed).strip().lower()


def parse_answer(typed: str) -> Answer | None:
    """y/n/?/s and their words in both languages; None for anything else (asked again)."""
    value = _normal(typed)
    return next((answer for answer, forms in _ANSWERS.items() if value in forms), None)


def is_stop(typed: str) -> bool:
    return _normal(typed) in _STOP


def parse_platforms(typed: str, platforms: tuple[Platform, ...]) -> tuple[str, ...] | None:
    """Menu numbers, ids or names, split by spaces or commas; None if any is unknown."""
    chosen: list[str] = []
    for token in re.split(r"[\s,、;]+", _normal(typed)):
        if not token:
            continue
        if token.isdigit() and 1 <= int(token) <= len(platforms):
            chosen.append(platforms[int(token) - 1].id)
            continue
        match = next(
            (p for p in platforms if token in (p.id, p.name.en.lower(), p.name.zh.lower())), None
        )
        if match is None:
            return None
        chosen.append(match.id)
    return tuple(dict.fromkeys(chosen)) or None


def sequence(answers: Answers) -> list[tuple[Platform, Item]]:
    by_id = {p.id: p for p in load_platforms()}
    return [
        (by_id[pid], item) for pid in answers.platforms if pid in by_id for item in by_id[pid].items
    ]


def answered(answers: Answers) -> int:
    return sum(
        1 for platform, item in sequence(answers) if answers.get(platform.id, item.id) is not None
    )


@dataclass
class Session:
    """One interactive run over the answers file at ``path``."""

    path: Path
    lang: Lang
    say: Say
    ask: Ask
    #: Everything answered so far, saved; read it after a stop to tell the person where she is.
    answers: Answers = field(default_factory=Answers)

    def _text(self, text: Text) -> str:
        return text.get(self.lang)

    @property
    def _colon(self) -> str:
        return "：" if self.lang is Lang.ZH else ": "

    def choose_platforms(self) -> tuple[str, ...]:
        platforms = load_platforms()
        self.say(self._text(words.CHOOSE_HEADING))
        for number, platform in enumerate(platforms, 1):
            self.say(f"  {number:>2}. {platform.name.get(self.lang)}")
        while True:
            typed = self.ask(self._text(words.CHOOSE_PROMPT) + self._colon)
            if typed is None or is_stop(typed):
                raise Stopped
            chosen = parse_platforms(typed, platforms)
            if chosen:
                return chosen
            self.say(self._text(words.CHOOSE_AGAIN))

    def _show(
        self, number: int, total: int, platform: Platform, item: Item, first_of_platform: bool
    ) -> None:
        lang = self.lang
        if first_of_platform:
            self.say("")
            self.say(f"== {platform.name.get(lang)} ==")
            self.say(words.LABELS_NOTE[platform.labels_lang].get(lang))
        self.say("")
        mark = f"{words.FACT_MARK.get(lang)}{self._colon}" if item.is_fact else ""
        self.say(f"[{number}/{total}] {platform.name.get(lang)} · {mark}{item.title.get(lang)}")
        self.say(item.prompt.get(lang))
        self.say(f"  {words.WHY.get(lang)}{self._colon}{item.why.get(lang)}")
        if item.is_fact:
            self.say(f"  {words.FIX.get(lang)}{self._colon}{item.fix.get(lang)}")
        if item.paths:
            self.say(f"  {words.WHERE.get(lang)}{self._colon.rstrip()}")
            for path in item.paths:
                self.say(f"    {path_line(path, lang)}")
        if not item.label.verified:
            self.say(f"  ({item.label.words.get(lang)})")

    def _answer(self, item: Item) -> Answer:
        prompt = words.FACT_PROMPT if item.is_fact else words.QUESTION_PROMPT
        while True:
            typed = self.ask(self._text(prompt) + self._colon)
            if typed is None or is_stop(typed):
                raise Stopped
            if item.is_fact:
                return Answer.SEEN
            answer = parse_answer(typed)
            if answer is not None:
                return answer
            self.say(self._text(words.ANSWER_AGAIN))

    def start(self, chosen: tuple[str, ...], restart: bool) -> None:
        """Record the chosen platforms (forgetting their answers on a restart) and save."""
        answers = self.answers.without(chosen) if restart else self.answers
        if restart or answers.platforms != chosen:
            self.answers = answers.with_platforms(chosen)
            write_answers(self.path, self.answers)

    def run(self) -> Answers:
        """Ask every unanswered item of the chosen platforms; raise :class:`Stopped` on a stop."""
        steps = sequence(self.answers)
        total = len(steps)
        done = answered(self.answers)
        if done == total:
            self.say(self._text(words.ALL_DONE) + " " + self._text(words.AGAIN_HINT))
            return self.answers
        if done:
            self.say(self._text(words.RESUMING).format(done=done, total=total))
        else:
            self.say(self._text(words.STARTING).format(total=total))
            self.say(self._text(words.SAFETY))
        shown_platforms: set[str] = set()
        for number, (platform, item) in enumerate(steps, 1):
            if self.answers.get(platform.id, item.id) is not None:
                continue
            self._show(number, total, platform, item, platform.id not in shown_platforms)
            shown_platforms.add(platform.id)
            answer = self._answer(item)
            answers = self.answers.with_answer(platform.id, item.id, answer)
            write_answers(self.path, answers)
            self.answers = answers
            if is_exposed(item, answer):
                mark = words.CHECK_THIS if answer is Answer.UNSURE else words.CHANGE_THIS
                self.say(f"  ⚠ {mark.get(self.lang)}{self._colon}{item.fix.get(self.lang)}")
        self.say("")
        self.say(self._text(words.ALL_DONE))
        return self.answers

    def progress(self) -> tuple[int, int]:
        """(answered, total) over the chosen platforms."""
        return answered(self.answers), len(sequence(self.answers))
