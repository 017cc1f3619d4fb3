"""The settings checklist as values: platforms, their items, and the words around them.

An item is either a question about one setting (answered yes / no / not sure / skip) or a fact
that is not a setting and can only be told (a province shown on every post, a watermark that
cannot be removed). Every item keeps the confidence label of its sources, so the tool never states
an unverified menu path as if it were certain.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from audit.checklist.words import (
    ANSWER_NO,
    ANSWER_SEEN,
    ANSWER_SKIP,
    ANSWER_UNSURE,
    ANSWER_YES,
    LABEL_OFFICIAL,
    LABEL_SECONDARY,
    LABEL_UNVERIFIED,
    LABEL_WEAK,
    PLACES,
)
from audit.models import Confidence, Severity, Text


class Label(enum.StrEnum):
    """How well public sources confirm a fact: the platform's own pages, others, weak ones, none."""

    OFFICIAL = "C-OFF"
    SECONDARY = "C-SEC"
    WEAK = "C-WEAK"
    UNVERIFIED = "B"

    @property
    def verified(self) -> bool:
        """Confirmed well enough to show a menu path as a path, not as a hint."""
        return self in (Label.OFFICIAL, Label.SECONDARY)

    @property
    def confidence(self) -> Confidence:
        return {
            Label.OFFICIAL: Confidence.HIGH,
            Label.SECONDARY: Confidence.MEDIUM,
            Label.WEAK: Confidence.LOW,
            Label.UNVERIFIED: Confidence.LOW,
        }[self]

    @property
    def words(self) -> Text:
        return LABEL_WORDS[self]


LABEL_WORDS = {
    Label.OFFICIAL: LABEL_OFFICIAL,
    Label.SECONDARY: LABEL_SECONDARY,
    Label.WEAK: LABEL_WEAK,
    Label.UNVERIFIED: LABEL_UNVERIFIED,
}


class Kind(enum.StrEnum):
    QUESTION = "question"
    FACT = "fact"


class Carrier(enum.StrEnum):
    """What carries a photo finding to whoever sees the photo: a platform may remove one."""

    #: EXIF, XMP, IPTC, maker notes, embedded previews: what a re-encoding upload throws away.
    METADATA = "metadata"
    #: The file's name, which a platform that stores the picture under its own name never shows.
    FILE_NAME = "file-name"
    #: What is drawn in the picture itself (text, codes, faces): no upload removes it.
    PIXELS = "pixels"


class Answer(enum.StrEnum):
    """What a person answered; ``SEEN`` is how a fact is acknowledged."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"
    SKIP = "skip"
    SEEN = "seen"

    @property
    def words(self) -> Text:
        return ANSWER_WORDS[self]


ANSWER_WORDS = {
    Answer.YES: ANSWER_YES,
    Answer.NO: ANSWER_NO,
    Answer.UNSURE: ANSWER_UNSURE,
    Answer.SKIP: ANSWER_SKIP,
    Answer.SEEN: ANSWER_SEEN,
}

#: Where a menu path applies: the data names one of these instead of repeating the words.
WHERE = PLACES


@dataclass(frozen=True)
class MenuPath:
    """One way to reach a setting, as its sources record it."""

    where: str
    path: Text
    label: Label

    @property
    def where_words(self) -> Text:
        return WHERE[self.where]


@dataclass(frozen=True)
class Route:
    """How photos reach the people a setting lets in, and what the platform removes on the way.

    A setting is raised by a photo finding only when that finding survives the route: GPS in a
    photo does not make "strangers can view ten Moments posts" worse if Moments removes GPS.
    """

    id: str
    name: Text
    strips: frozenset[Carrier]
    checked: datetime.date
    source: str
    label: Label


@dataclass(frozen=True)
class Item:
    """One line of a platform's checklist."""

    #: Stable id, unique within its platform; part of the finding id ``profile.<platform>.<id>``.
    id: str
    kind: Kind
    #: Short name of the exposure, used as the finding's title and the worksheet heading.
    title: Text
    #: The question asked (kind question) or the statement shown (kind fact).
    prompt: Text
    #: The concrete harm, in a sentence a student understands.
    why: Text
    #: What to do. For weakly sourced items it asks the user to look rather than asserting a path.
    fix: Text
    paths: tuple[MenuPath, ...]
    #: None for facts: they are told, not scored.
    severity: Severity | None
    #: Photo finding ids or prefixes this setting makes worse; ``*`` for every photo finding.
    worsens: tuple[str, ...]
    #: Said when ``worsens`` matched photo findings: ``{count}`` photos, ``{findings}`` titles.
    combined: Text | None
    checked: datetime.date
    source: str
    label: Label
    #: How photos reach the people this setting lets in; None when that is not known.
    route: Route | None = None

    #: Every question is worded so that this answer is the one that leaves her exposed.
    risky_answer = Answer.YES

    @property
    def is_fact(self) -> bool:
        return self.kind is Kind.FACT

    def worsened_by(self, finding_id: str) -> bool:
        return any(prefix == "*" or finding_id.startswith(prefix) for prefix in self.worsens)


@dataclass(frozen=True)
class Platform:
    id: str
    name: Text
    #: Language in which the sources record the app's own menu labels ("zh" or "en").
    labels_lang: str
    items: tuple[Item, ...]
    routes: tuple[Route, ...] = ()

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    @property
    def questions(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if not item.is_fact)
