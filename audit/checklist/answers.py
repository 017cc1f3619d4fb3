"""The answers file: what a person said, saved after every answer so that nothing is lost.

The file is JSON, created readable by its owner only and replaced atomically (a temporary file
in the same folder, then ``os.replace``), so a Ctrl-C or a crash leaves either the old answers
or the new ones, never half a file. A file that cannot be read as answers is never replaced:
it may be something else the person cares about, given by mistake.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs

from audit import sanitize
from audit.checklist import words
from audit.checklist.load import load_platforms
from audit.checklist.model import Answer
from audit.errors import UserFacingError
from audit.models import Text

FORMAT = "exposure-checklist-answers"
VERSION = 1
#: An answers file for every platform is a few kilobytes; anything far larger is not ours.
MAX_BYTES = 1024 * 1024
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SHOWN = 40
_PATH_SHOWN = 1000


class ChecklistError(UserFacingError):
    """An answers file that cannot be used; ``message`` says why in both languages."""


def default_answers_path() -> Path:
    return Path(platformdirs.user_data_dir("exposure")) / "answers.json"


def shown(value: object, limit: int = _SHOWN) -> str:
    """A value from the file, safe to print and short enough to read."""
    text = sanitize.terminal(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown_path(path: object) -> str:
    """A file name as the person gave it, safe to print; long enough to find the file."""
    return shown(os.fspath(path) if isinstance(path, os.PathLike) else path, _PATH_SHOWN)


@dataclass(frozen=True)
class Recorded:
    platform: str
    item: str
    answer: Answer


@dataclass(frozen=True)
class Answers:
    """The platforms a person chose, in her order, and every answer she gave."""

    platforms: tuple[str, ...] = ()
    given: tuple[Recorded, ...] = ()

    def get(self, platform: str, item: str) -> Answer | None:
        return next(
            (r.answer for r in self.given if r.platform == platform and r.item == item), None
        )

    def with_answer(self, platform: str, item: str, answer: Answer) -> Answers:
        kept = tuple(r for r in self.given if not (r.platform == platform and r.item == item))
        return replace(self, given=(*kept, Recorded(platform, item, answer)))

    def with_platforms(self, platforms: tuple[str, ...]) -> Answers:
        return replace(self, platforms=tuple(dict.fromkeys(platforms)))

    def without(self, platforms: tuple[str, ...]) -> Answers:
        """Forget the answers given for these platforms (to go through them again)."""
        return replace(self, given=tuple(r for r in self.given if r.platform not in platforms))


def _problem(message: Text, **values: object) -> ChecklistError:
    return ChecklistError(message.format(**values))


def _not_ours(path: str) -> ChecklistError:
    return _problem(
        words.ANSWERS_NOT_OURS,
        path=shown_path(path),
    )


def answers_from_json(data: Any, path: str, known: dict[str, frozenset[str]]) -> Answers:
    """Check the parsed file against the schema; ``known`` maps platform ids to their item ids.

    Items that a newer or older checklist no longer has are kept (they are written back
    unchanged) but are never asked or evaluated; unknown platforms are an error, since the
    file then belongs to another version or to something else entirely.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _not_ours(path)
    if data.get("version") != VERSION:
        raise _problem(
            words.ANSWERS_OTHER_VERSION,
            path=shown_path(path),
            version=shown(data.get("version")),
        )
    platforms = data.get("platforms", [])
    recorded = data.get("answers", {})
    if (
        not isinstance(platforms, list)
        or not all(isinstance(p, str) for p in platforms)
        or not isinstance(recorded, dict)
    ):
        raise _problem(
            words.ANSWERS_DAMAGED_LAYOUT,
            path=shown_path(path),
        )
    unknown = [p for p in list(platforms) + list(recorded) if p not in known]
    if unknown:
        raise _problem(
            words.ANSWERS_UNKNOWN_PLATFORM,
            path=shown_path(path),
            platform=shown(unknown[0]),
            known=", ".join(known),
        )
    given: list[Recorded] = []
    for platform, items in recorded.items():
        if not isinstance(items, dict):
            raise _problem(
                words.ANSWERS_DAMAGED_PLATFORM,
                path=shown_path(path),
                platform=platform,
            )
        for item, value in items.items():
            if not _ID.match(item) or value not in Answer.__members__.values():
                raise _problem(
                    words.ANSWERS_DAMAGED_ANSWER,
                    path=shown_path(path),
                    platform=platform,
                    item=shown(item),
                    value=shown(value),
                )
            given.append(Recorded(platform, item, Answer(value)))
    return Answers(tuple(dict.fromkeys(platforms)), tuple(given))


def answers_to_json(answers: Answers) -> dict[str, Any]:
    recorded: dict[str, dict[str, str]] = {}
    for entry in answers.given:
        recorded.setdefault(entry.platform, {})[entry.item] = entry.answer.value
    return {
        "format": FORMAT,
        "version": VERSION,
        "platforms": list(answers.platforms),
        "answers": recorded,
    }


def _known() -> dict[str, frozenset[str]]:
    return {p.id: frozenset(item.id for item in p.items) for p in load_platforms()}


def read_answers(path: str | os.PathLike[str]) -> Answers:
    """Read an answers file, or raise :class:`ChecklistError` saying plainly what is wrong."""
    name = os.fspath(path)
    try:
        raw = _read_regular(name)
    except FileNotFoundError:
        raise _problem(words.ANSWERS_MISSING, path=shown_path(name)) from None
    except IsADirectoryError:
        raise _problem(
            words.ANSWERS_FOLDER,
            path=shown_path(name),
        ) from None
    except OSError as error:
        raise _problem(
            words.ANSWERS_UNREADABLE,
            path=shown_path(name),
            reason=shown(error.strerror or error),
        ) from None
    if len(raw) > MAX_BYTES:
        raise _not_ours(name)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _not_ours(name) from None
    return answers_from_json(data, name, _known())


def _read_regular(name: str) -> bytes:
    """At most MAX_BYTES + 1 bytes of an ordinary file; a pipe or a device is refused unread.

    Opening without waiting and checking the opened file means a named pipe cannot make the
    run wait forever, nor /dev/zero make it read without end.
    """
    descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        kind = os.fstat(handle.fileno()).st_mode
        if stat.S_ISDIR(kind):
            raise IsADirectoryError(name)
        if not stat.S_ISREG(kind):
            raise _problem(
                words.ANSWERS_NOT_ORDINARY,
                path=shown_path(name),
            )
        return handle.read(MAX_BYTES + 1)


def write_answers(path: str | os.PathLike[str], answers: Answers) -> None:
    """Replace the answers file atomically with a new owner-only (0600) file.

    When the file is a link, the file it points to is replaced (the link stays a link), with
    the temporary file beside that target so that the final rename never crosses file systems.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    text = json.dumps(answers_to_json(answers), ensure_ascii=False, indent=2) + "\n"
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, temporary = tempfile.mkstemp(
            prefix=".answers-", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise _cannot_save(target, error) from None
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            descriptor = -1
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        if descriptor >= 0:
            os.close(descriptor)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _cannot_save(target, error) from None
        raise


def _cannot_save(target: Path, error: OSError) -> ChecklistError:
    return _problem(
        words.ANSWERS_UNSAVED,
        path=shown_path(target),
        reason=shown(error.strerror or error),
    )
