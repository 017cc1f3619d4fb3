"""``text.watermark``: platform IDs and @handles read in the pixels, matched by the data rules.

A watermark stamps the account on every saved copy, so each match is a direct identifier: its
bits are the rule's bits scaled by how sure the OCR was of the line. One finding per account
seen; the first rule (most specific platform) that reads an ID wins over a bare @handle.
"""

from __future__ import annotations

from audit import messages
from audit.catalog import make_finding
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import Confidence, Evidence, EvidenceKind, Finding
from audit.pixels.ocr import Line, ToFull
from audit.pixels.rules import TextRule, read_ids
from audit.readers.metadata import clean_text

MAX_ID = 64


#: Line scores from which a read ID is high, then medium confidence: every ID read from the
#: generated stamps came from a line scoring 0.90 or more (benchmarks/thresholds.py;
#: docs/pixels.md); 0.75 is half-way down to the recogniser's 0.5 floor.
HIGH_SCORE, MEDIUM_SCORE = 0.9, 0.75


def ocr_confidence(score: float) -> Confidence:
    """The recogniser's score as a confidence level."""
    if score >= HIGH_SCORE:
        return Confidence.HIGH
    if score >= MEDIUM_SCORE:
        return Confidence.MEDIUM
    return Confidence.LOW


@detector("watermarks", ids={"text.watermark"}, needs={Need.TEXT})
def detect_watermarks(context: PhotoContext) -> list[Finding]:
    return detect(context.lines, context.to_full)


def claimed(findings: list[Finding]) -> frozenset[str]:
    """The account IDs the watermark findings name (not to be reported again as phones)."""
    return frozenset(finding.evidence[0].value for finding in findings)


def detect(lines: list[Line], to_full: ToFull) -> list[Finding]:
    """One finding per account ID seen; ``to_full`` maps a working-copy box to full size."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for line in sorted(lines, key=lambda line: -line.score):
        for rule, value, fixed in read_ids(line.text):
            key = value.lower()
            if key in seen:
                continue
            seen.add(key)
            findings.append(_finding(rule, value, line, to_full(line.box), fixed))
    return [finding for finding in findings if not _cut_copy(finding, findings)]


def _cut_copy(finding: Finding, findings: list[Finding]) -> bool:
    """Whether ``finding`` is another one's ID cut short: a line the detector ended early (the
    coarse look's ``Telegram:@tia`` under the closer look's ``Telegram: @tian947``) gives the
    beginning of an ID read in full where the two overlap. Shown, it would send the person
    looking for an account that is not hers."""
    value, box = finding.evidence[0].value.lower(), finding.evidence[0].box
    for other in findings:
        longer, where = other.evidence[0].value.lower(), other.evidence[0].box
        if len(longer) > len(value) and longer.startswith(value) and _overlap(box, where):
            return True
    return False


def _overlap(first: tuple[int, ...] | None, second: tuple[int, ...] | None) -> bool:
    if first is None or second is None:
        return False
    across = min(first[0] + first[2], second[0] + second[2]) - max(first[0], second[0])
    down = min(first[1] + first[3], second[1] + second[3]) - max(first[1], second[1])
    return across > 0 and down > 0


def _finding(
    rule: TextRule, value: str, line: Line, box: tuple[int, int, int, int], fixed: bool
) -> Finding:
    """A read ID; one that needed a known misreading undone is at most of medium confidence."""
    confidence = ocr_confidence(line.score)
    if fixed and confidence is Confidence.HIGH:
        confidence = Confidence.MEDIUM
    evidence = (
        Evidence("pixels.ocr", clean_text(value, MAX_ID), rule.kind, box, rule.label),
        Evidence("pixels.ocr", line.raw, EvidenceKind.TEXT, box, messages.LINE_READ),
    )
    return make_finding(
        "text.watermark",
        rule.severity,
        confidence,
        rule.bits * line.score,
        evidence,
        rule=rule.name,
        variant=rule.variant,
    )
