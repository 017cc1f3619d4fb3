"""``code.qr``: each distinct QR code or barcode payload, classified by what it leads to.

The payload is classified by the [[code]] rules of ``checks/watermarks.toml``: a WeChat card, a
group, a payment code, a link, plain text.
"""

from __future__ import annotations

from audit.catalog import make_finding
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import Evidence, Finding
from audit.pixels.normalize import MAX_LINE
from audit.pixels.qr import Code
from audit.pixels.rules import CodeRule, rules
from audit.readers.metadata import clean_text


@detector("qr", ids={"code.qr"}, needs={Need.CODES})
def detect_codes(context: PhotoContext) -> list[Finding]:
    return detect(context.codes)


def classify(code: Code) -> CodeRule:
    """The first rule that fits the payload; the data file ends with catch-alls, the last wins."""
    for rule in rules().code:
        if rule.symbology in (code.symbology, "any") and rule.regex.match(code.payload):
            return rule
    return rules().code[-1]


def detect(codes: list[Code]) -> list[Finding]:
    """One finding per distinct payload."""
    findings = []
    seen: set[str] = set()
    for code in codes:
        if code.payload in seen:
            continue
        seen.add(code.payload)
        rule = classify(code)
        evidence = (
            Evidence(
                f"pixels.{code.symbology}",
                clean_text(code.payload, MAX_LINE),
                rule.kind,
                code.box,
                rule.label,
            ),
        )
        findings.append(
            make_finding(
                "code.qr",
                rule.severity,
                rule.confidence,
                rule.bits,
                evidence,
                rule=rule.name,
                variant=rule.variant,
            )
        )
    return findings
