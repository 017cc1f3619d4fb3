"""Turn answers into findings, and let photo findings make a loose setting more urgent.

A setting changes who can see a photo, not how identifiable the photo is, so profile findings
carry no bits. What they do is multiply: a WeChat QR code in three photos matters more when
strangers can browse ten Moments posts, so :func:`combine` raises such a setting one step and
says why. Only findings that survive the platform's own handling count: Moments removes GPS,
so GPS in a photo does not raise a Moments setting (the platform files say what each route
removes, with sources). A "not sure" answer is its own state, "check this setting": never
raised, never above medium.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable

from audit.checklist import words
from audit.checklist.answers import Answers
from audit.checklist.describe import fix_with_paths, path_label
from audit.checklist.load import load_platforms
from audit.checklist.model import Answer, Carrier, Item, Platform, Route
from audit.models import Confidence, Evidence, EvidenceKind, Finding, Severity, Text

PREFIX = "profile."
#: Evidence sources of the answer behind a finding; the second marks "check this setting".
ANSWER_SOURCE, UNSURE_SOURCE = "answer", "answer-unsure"
#: A setting she is not sure about is something to check, not a confirmed exposure.
UNSURE_CEILING = Severity.MEDIUM
_PIXEL_PREFIXES = ("text.", "code.", "face.")
_WHERE_CARRIER = {"ocr": Carrier.PIXELS, "qr": Carrier.PIXELS, "file name": Carrier.FILE_NAME}


def finding_id(platform: Platform, item: Item) -> str:
    return f"{PREFIX}{platform.id}.{item.id}"


def is_exposed(item: Item, answer: Answer | None) -> bool:
    """Whether this answer leaves the exposure open (or might: "not sure")."""
    return not item.is_fact and (answer is item.risky_answer or answer is Answer.UNSURE)


def is_unsure(finding: Finding) -> bool:
    """A "check this setting" finding, made from a "not sure" answer."""
    return any(e.source == UNSURE_SOURCE for e in finding.evidence)


def carriers(finding: Finding) -> frozenset[Carrier]:
    """What carries this photo finding to a viewer: the pixels, the file name or the metadata."""
    if finding.id.startswith(_PIXEL_PREFIXES):
        return frozenset({Carrier.PIXELS})
    if finding.id == "file.name":
        return frozenset({Carrier.FILE_NAME})
    if finding.id == "identity.match":
        return frozenset(_WHERE_CARRIER.get(e.source, Carrier.METADATA) for e in finding.evidence)
    return frozenset({Carrier.METADATA})


def survives(finding: Finding, route: Route | None) -> bool:
    """Whether a photo finding still reaches viewers through this route.

    Only a removal the sources confirm counts: where a platform's handling is unknown or only
    weakly sourced, the finding is taken to survive.
    """
    if route is None or not route.label.verified:
        return True
    return bool(carriers(finding) - route.strips)


def finding_for(platform: Platform, item: Item, answer: Answer) -> Finding:
    if item.severity is None:
        raise ValueError(f"{item.id} is a fact: facts are told, not turned into findings")
    confidence = item.label.confidence
    fix = fix_with_paths(item)
    level, title, source = item.severity, item.title, ANSWER_SOURCE
    if answer is Answer.UNSURE:
        confidence = Confidence(max(Confidence.LOW, confidence - 1))
        fix = Text(words.UNSURE_FIX.en + fix.en, words.UNSURE_FIX.zh + fix.zh)
        level = min(level, UNSURE_CEILING)
        title = Text(
            words.CHECK_TITLE.en.format(title=item.title.en),
            words.CHECK_TITLE.zh.format(title=item.title.zh),
        )
        source = UNSURE_SOURCE
    evidence = [
        Evidence(
            source,
            answer.value,
            EvidenceKind.SETTING,
            label=words.ANSWER_LABEL,
            value_words=answer.words,
        )
    ]
    evidence += [
        Evidence(
            "menu path",
            path.path.get(platform.labels_lang),
            EvidenceKind.SETTING,
            label=Text(path_label(path, "en"), path_label(path, "zh")),
        )
        for path in item.paths
    ]
    found_id = finding_id(platform, item)
    return Finding(
        id=found_id,
        severity=level,
        confidence=confidence,
        bits=0.0,
        title=title,
        why=item.why,
        fix=fix,
        evidence=tuple(evidence),
        rule=f"{found_id}/{answer.value}",
    )


def exposures(answers: Answers) -> tuple[tuple[Platform, Item, Answer], ...]:
    """Every answered setting that leaves an exposure open (or may), in checklist order."""
    return tuple(
        (platform, item, answer)
        for platform in load_platforms()
        for item in platform.questions
        if (answer := answers.get(platform.id, item.id)) is not None and is_exposed(item, answer)
    )


def evaluate(answers: Answers) -> tuple[Finding, ...]:
    """One finding per answered setting that leaves an exposure open, in checklist order."""
    return tuple(
        finding_for(platform, item, answer) for platform, item, answer in exposures(answers)
    )


def _items_by_finding_id() -> dict[str, tuple[Platform, Item]]:
    return {finding_id(p, item): (p, item) for p in load_platforms() for item in p.questions}


def combine(
    profile_findings: Iterable[Finding], photo_findings: Iterable[Finding]
) -> tuple[Finding, ...]:
    """The profile findings, each raised one step where photo findings it makes worse exist.

    Photo findings of low severity (a camera model, a capture time) do not raise a setting:
    nearly every photo has them, and a raise that always happens tells the reader nothing.
    Nor do findings the platform removes on the way (:func:`survives`), and a "not sure"
    answer is never raised: it asks her to look, it does not confirm anything.
    """
    lookup = _items_by_finding_id()
    photos = [
        f for f in photo_findings if not f.id.startswith(PREFIX) and f.severity > Severity.LOW
    ]
    combined = []
    for finding in profile_findings:
        platform, item = lookup.get(finding.id, (None, None))
        if item is None or platform is None or item.combined is None or is_unsure(finding):
            combined.append(finding)
            continue
        matched = [f for f in photos if item.worsened_by(f.id) and survives(f, item.route)]
        if not matched:
            combined.append(finding)
            continue
        counts = Counter(f.id for f in matched)
        titles = {f.id: f.title for f in reversed(matched)}
        listed = {
            lang: words.SEP.get(lang).join(
                words.FINDING_COUNT.get(lang).format(title=titles[fid].get(lang), count=n)
                for fid, n in counts.items()
            )
            for lang in ("en", "zh")
        }
        count = max(counts.values())
        sentence = Text(
            item.combined.en.format(count=count, findings=listed["en"], platform=platform.name.en),
            item.combined.zh.format(count=count, findings=listed["zh"], platform=platform.name.zh),
        )
        evidence = tuple(
            Evidence(
                fid,
                str(n),
                EvidenceKind.SIZE,
                label=Text(
                    words.PHOTOS_WITH.en.format(title=titles[fid].en),
                    words.PHOTOS_WITH.zh.format(title=titles[fid].zh),
                ),
            )
            for fid, n in counts.items()
        )
        combined.append(
            dataclasses.replace(
                finding,
                severity=Severity(min(Severity.CRITICAL, finding.severity + 1)),
                why=Text(f"{sentence.en} {finding.why.en}", f"{sentence.zh}{finding.why.zh}"),
                evidence=finding.evidence + evidence,
            )
        )
    return tuple(combined)
