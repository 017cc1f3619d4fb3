"""The sentence a report opens with: what a stranger can do with a photo, then what to do first.

A person reads the first line and perhaps the second. So each photo, and the whole set, opens
with the harm of its worst finding in plain words ("Anyone with this file can see where it was
taken, to about 5 m, near Hongkou, Shanghai"), from ``checks/harm.toml``, and the fix for it;
bits come after. A photo is called clean only when every part of it could be read.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from audit import messages, places, skips
from audit.catalog import variants
from audit.checkdata import ChecksError, load, text
from audit.models import (
    AuditReport,
    EvidenceKind,
    Finding,
    Lang,
    PhotoResult,
    Status,
    Text,
)
from audit.skips import SkipCode, skip

_VALUE_LIMIT = 48
_PLAIN_KINDS = (EvidenceKind.SIZE, EvidenceKind.SETTING, EvidenceKind.FILE, EvidenceKind.TIME)


@functools.cache
def sentences() -> dict[str, Text]:
    return parse(load("harm.toml", tables={"harm"}))


def parse(data: dict[str, Any]) -> dict[str, Text]:
    """The harm sentences of the parsed file, by finding id (or id.variant), validated."""
    if not isinstance(data.get("harm"), dict):
        raise ChecksError("harm.toml: expected [harm.<id>] tables")
    found = {key: text(value, f"harm.toml: harm.{key}") for key, value in data["harm"].items()}
    if "default" not in found:
        raise ChecksError("harm.toml: a 'default' sentence is needed")
    return found


@functools.cache
def _variant_names() -> dict[tuple[str, Text], str]:
    """Each variant's name by its finding id and title (the first, where titles repeat)."""
    names: dict[tuple[str, Text], str] = {}
    for (finding_id, name), words in variants().items():
        names.setdefault((finding_id, words.title), name)
    return names


def _variant(finding: Finding) -> str | None:
    """The variant a finding was worded as, recognised by its title."""
    return _variant_names().get((finding.id, finding.title))


def _template(finding: Finding) -> Text:
    table = sentences()
    variant = _variant(finding)
    if variant and f"{finding.id}.{variant}" in table:
        return table[f"{finding.id}.{variant}"]
    if finding.id in table:
        return table[finding.id]
    if finding.id.startswith("profile."):
        return finding.why
    return table["default"]


def fully_read(photo: PhotoResult) -> bool:
    """Every part of an audited photo was read, so "nothing found" may be said of it.

    The photo's own ``fully_read`` decides when results carry it; otherwise any note (a part
    not read or not checked) withholds the clean verdict.
    """
    known = getattr(photo, "fully_read", None)
    if isinstance(known, bool):
        return known
    return photo.status is Status.AUDITED and not photo.notes


def _distance(value: str, lang: Lang | str) -> str:
    if str(lang) != "zh":
        return value
    return re.sub(
        r"\s*km\b", "公里", re.sub(r"\s*(?<!k)m\b", "米", re.sub(r"\s*cm\b", "厘米", value))
    )


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _VALUE_LIMIT else value[: _VALUE_LIMIT - 1] + "…"


#: Which evidence a sentence quotes first: a name before a handle, a serial or an id, and a
#: contact that reaches her (an address, a number) before one that only places her (a city).
_QUOTED_FIRST = (
    EvidenceKind.NAME,
    EvidenceKind.HANDLE,
    EvidenceKind.SERIAL,
    EvidenceKind.IDENTIFIER,
)
_REACHES = re.compile(r"@|\d{5}")


def _telling_value(finding: Finding) -> str:
    shown = [e for e in finding.evidence if e.kind not in _PLAIN_KINDS]
    for kind in _QUOTED_FIRST:
        found = next((e.value for e in shown if e.kind is kind), None)
        if found is not None:
            return found
    reaching = next((e.value for e in shown if _REACHES.search(e.value)), None)
    return reaching if reaching is not None else (shown[0].value if shown else "")


def finding_sentence(finding: Finding, lang: Lang | str) -> str:
    """The harm of one finding, its placeholders filled from its evidence."""
    zh = str(lang) == "zh"
    place = next((e.value for e in finding.evidence if e.kind is EvidenceKind.PLACE), "")
    precision = next((e.value for e in finding.evidence if e.source == "precision"), "")
    value = _telling_value(finding)
    if finding.id == "location.place":
        value = value or place
    photos = [e.value for e in finding.evidence if e.kind is EvidenceKind.FILE][:3]
    near = ""
    if place:
        local = places.localise(place, lang)
        near = f"，在{local}附近" if zh else f", near {local}"
    separator = "、" if zh else ", "
    try:
        return (
            _template(finding)
            .get(lang)
            .format(
                near=near,
                precision=_distance(precision, lang) or ("几米" if zh else "a few metres"),
                value=_short(value),
                photos=separator.join(messages.photo_name(p, lang) for p in photos),
            )
        )
    except (KeyError, IndexError, ValueError):
        return _template(finding).get(lang)


def _rank(finding: Finding) -> tuple[int, float]:
    return (int(finding.severity), 0.0 if finding.links else finding.bits)


def worst(findings: tuple[Finding, ...] | list[Finding]) -> Finding | None:
    return max(findings, key=_rank, default=None)


@dataclass(frozen=True)
class Opening:
    """What a photo or a set opens with: the harm, and the first thing to do."""

    harm: str
    first: str


def photo_opening(photo: PhotoResult, lang: Lang | str) -> Opening:
    top = worst(photo.findings)
    if top is None:
        if fully_read(photo):
            return Opening(messages.NOTHING_FOUND.get(lang), "")
        return Opening(messages.NOT_FULLY_READ.get(lang), "")
    harm = finding_sentence(top, lang)
    if top.id == "location.gps" and photo.score is not None and photo.score.at_home:
        harm += messages.SPACE.get(lang) + messages.AT_HOME.get(lang)
    return Opening(harm, _first_step(top, photo, lang))


def _first_step(finding: Finding, photo: PhotoResult | None, lang: Lang | str) -> str:
    step = messages.FIRST_STEP.get(lang).format(fix=finding.fix.get(lang))
    if photo is not None and picture_damaged(photo):
        step += messages.SPACE.get(lang) + messages.DAMAGED_FIRST_STEP.get(lang)
    return step


@functools.cache
def _damaged_notes() -> frozenset[Text]:
    return frozenset(
        skip(SkipCode.PIXELS_UNREADABLE, reason=reason).message
        for reason in (skips.TRUNCATED, skips.DAMAGED)
    )


def picture_damaged(photo: PhotoResult) -> bool:
    """The picture pass found the picture data cut short or damaged: the kind of file
    `exposure clean` refuses rather than copy half-cleaned."""
    damaged = _damaged_notes()
    return any(note.message in damaged for note in photo.notes)


def report_opening(report: AuditReport, lang: Lang | str) -> Opening | None:
    """The worst thing in the whole report: a set finding, a photo, or a setting."""
    candidates: list[tuple[Finding, PhotoResult | None]] = [(f, None) for f in report.set_findings]
    candidates += [(f, photo) for photo in report.audited for f in photo.findings]
    candidates += [(f, None) for f in report.profile_findings]
    if not candidates:
        return None
    top, photo = max(candidates, key=lambda pair: (_rank(pair[0]), pair[1] is None))
    harm = finding_sentence(top, lang)
    if photo is not None:
        harm = (
            messages.IN_PHOTO.get(lang).format(photo=messages.photo_name(photo.path, lang)) + harm
        )
    return Opening(harm, _first_step(top, photo, lang))
