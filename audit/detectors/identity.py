"""``identity.match``: the person's own identifiers (``--me``) wherever text was seen.

It reads the metadata, the file name, every OCR line and every code payload: the same lines
and codes the other pixel detectors read, computed once per photo by the shared context.
"""

from __future__ import annotations

from audit import me as own_identifiers
from audit.detectors import filename
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import Finding


def texts(context: PhotoContext) -> list[tuple[str, str]]:
    """Every (where, text) pair seen in the photo, ``where`` naming the place for the report."""
    found = [("metadata", tag.text) for tag in context.metadata.items()]
    found.append(("file name", filename.stem_of(context.display)))
    found += [(seen.source, seen.text) for seen in context.seen]
    return found


@detector(
    "identity-match",
    ids={"identity.match"},
    needs={Need.ME, Need.METADATA, Need.NAME},
    uses={Need.TEXT, Need.CODES},
    order=100,
)
def detect_own_identifiers(context: PhotoContext) -> list[Finding]:
    if context.me is None:
        return []
    return own_identifiers.match(context.me, texts(context))
