"""The settings checklist: which of her profile settings let strangers reach a person's photos.

Checklists are data (``checks/platforms/*.toml``, one file per platform); answers live in a
JSON file the person owns. The scan pipeline calls these functions to put answered settings
beside photo findings in one report.
"""

from __future__ import annotations

from audit.checklist.answers import (
    Answers,
    ChecklistError,
    default_answers_path,
    read_answers,
    write_answers,
)
from audit.checklist.evaluate import combine, evaluate
from audit.checklist.load import load_platforms, load_platforms_from
from audit.checklist.model import Answer, Item, Label, Platform

__all__ = [
    "Answer",
    "Answers",
    "ChecklistError",
    "Item",
    "Label",
    "Platform",
    "combine",
    "default_answers_path",
    "evaluate",
    "load_platforms",
    "load_platforms_from",
    "read_answers",
    "write_answers",
]
