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
        confidence = Confidence.HIGH if face.score >= 0.8 else Confidence.MEDIUM
        severity = Severity.HIGH if q >= 0.6 else Severity.MEDIUM if q >= 0.3 else Severity.LOW
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
