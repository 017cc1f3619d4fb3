"""``face.visible``: each face in the picture, scored by how searchable it is.

The faces and their searchability ``q`` come from :mod:`audit.pixels.faces`; the score is
``bits = 32.9 x q`` (see that module for where ``q`` comes from).
"""

from __future__ import annotations

from audit import messages
from audit.catalog import make_finding
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import MAX_BITS, Confidence, Evidence, EvidenceKind, Finding, Severity
from audit.pixels.faces import PROFILE_POSE, SEARCHABLE_EYES_PX, Face


@detector("faces", ids={"face.visible"}, needs={Need.PICTURE})
def detect_faces(context: PhotoContext) -> list[Finding]:
    return detect(context.pixels.faces() if context.pixels is not None else [])


#: Detector score from which a face is certain rather than likely: 24 of 30 drawn faces scored
#: this or more (median 0.91), nothing else above 0.56 (benchmarks/thresholds.py; docs/pixels.md).
SURE_SCORE = 0.8
#: Match likelihoods q from which a face is high, then medium severity: more likely than not
#: to be matched, and at least the one in three of face search with 2011 tools
#: (docs/identifiability.md §5).
HIGH_Q, MEDIUM_Q = 0.6, 0.3


def detect(faces: list[Face]) -> list[Finding]:
    findings = []
    for face in sorted(faces, key=lambda face: -face.q):
        q = face.q
        if face.pose <= PROFILE_POSE + 1e-9:
            variant = "turned"
        elif face.eyes_px < SEARCHABLE_EYES_PX:
            variant = "small"
        elif face.pose >= 1.0:
            variant = "clear"
        else:
            variant = None
        confidence = Confidence.HIGH if face.score >= SURE_SCORE else Confidence.MEDIUM
        severity = (
            Severity.HIGH if q >= HIGH_Q else Severity.MEDIUM if q >= MEDIUM_Q else Severity.LOW
        )
        value = f"{face.box[2]}×{face.box[3]} px, eyes {face.eyes_px:.0f} px apart"
        evidence = (Evidence("pixels.face", value, EvidenceKind.SIZE, face.box, messages.FACE),)
        findings.append(
            make_finding(
                "face.visible",
                severity,
                confidence,
                MAX_BITS * q,
                evidence,
                rule=variant or "face",
                variant=variant,
            )
        )
    return findings
