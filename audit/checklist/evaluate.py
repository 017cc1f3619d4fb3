"""Turn answers into findings, and let photo findings make a loose setting more urgent.

A setting changes who can see a photo, not how identifiable the photo is, so profile findings
carry no bits. What they do is multiply: GPS in three photos matters more when strangers can
browse ten Moments posts, so :func:`combine` raises such a setting one step and says why.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable

from audit.checklist import words
from audit.checklist.answers import Answers
from audit.checklist.describe import fix_with_paths, path_label
from audit.checklist.load import load_platforms
from audit.checklist.model import Answer, Item, Platform
from audit.models import Confidence, Evidence, EvidenceKind, Finding, Severity, Text

PREFIX = "profile."


def finding_id(platform: Platform, item: Item) -> str:
    return f"{PREFIX}{platform.id}.{item.id}"


def is_exposed(item: Item, answer: Answer | None) -> bool:
    """Whether this answer leaves the exposure open (or might: "not sure")."""
    return not item.is_fact and (answer is item.exposed_if or answer is Answer.UNSURE)


def finding_for(platform: Platform, item: Item, answer: Answer) -> Finding:
    confidence = item.label.confidence
    fix = fix_with_paths(item)
    if answer is Answer.UNSURE:
        confidence = Confidence(max(Confidence.LOW, confidence - 1))
        fix = Text(words.UNSURE_FIX.en + fix.en, words.UNSURE_FIX.zh + fix.zh)
    evidence = [
        Evidence(
            "answer",
            f"{answer.words.en} / {answer.words.zh}",
            EvidenceKind.SETTING,
            label=words.ANSWER_LABEL,
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
    if item.severity is None:
        raise ValueError(f"{item.id} is a fact: facts are told, not turned into findings")
    return Finding(
        id=finding_id(platform, item),
        severity=item.severity,
        confidence=confidence,
        bits=0.0,
        title=item.title,
        why=item.why,
        fix=fix,
        evidence=tuple(evidence),
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
    """
    lookup = _items_by_finding_id()
    photos = [
        f for f in photo_findings if not f.id.startswith(PREFIX) and f.severity > Severity.LOW
    ]
    combined = []
    for finding in profile_findings:
        platform, item = lookup.get(finding.id, (None, None))
        matched = [f for f in photos if item is not None and item.worsened_by(f.id)]
        if item is None or item.combined is None or not matched:
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
