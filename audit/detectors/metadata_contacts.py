"""``text.contact`` in the file's own text: a phone number, e-mail address or resident ID
written into a caption, a comment or a PNG text chunk.

The same number the picture checks report as critical when it is read in the pixels is as
easy to look up when it is written into the file, and travels with every copy: found with the
same rules (``audit.detectors.contacts``), it is reported the same way, naming the field.
"""

from __future__ import annotations

import re
import unicodedata

from audit import messages
from audit.catalog import make_finding
from audit.detectors.contacts import emails, id_numbers, phones
from audit.detectors.freetext import MAX_TEXT, metadata_text
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import MAX_BITS, Confidence, Evidence, EvidenceKind, Finding, Severity, Text

#: Fields programs fill with dates and document ids (an editor's history, Photoshop's list of a
#: document's ancestors): no person writes a contact there.
_MACHINE_FIELDS = ("Xmp.xmpMM.", "Xmp.photoshop.DocumentAncestors")


#: Fields that name a program but that people and apps also fill with their own words
#: ("Snapseed lily31@example.com", a computer called after its owner).
_PROGRAM_FIELDS = ("Exif.Image.Software", "Xmp.xmp.CreatorTool", "Exif.Image.HostComputer")


@detector("metadata-contacts", ids={"text.contact"}, needs={Need.METADATA}, order=91)
def detect_written_contacts(context: PhotoContext) -> list[Finding]:
    texts = [
        (key, text) for key, text in metadata_text(context) if not key.startswith(_MACHINE_FIELDS)
    ]
    texts += [
        (key, tag.text) for key in _PROGRAM_FIELDS for tag in context.metadata.tags.get(key, ())
    ]
    return detect(texts)


#: What any contact holds: an ``@``, or six digits with at most three other characters between
#: each (``138 0013 8000``, ``(010) 6552-9988``). Most captions have neither, and are not searched.
_MAYBE_CONTACT = re.compile(r"@|\d(?:\D{0,3}\d){5}")
#: Numbers a label says are something else: an image generator's seed, a serial, an order or
#: a tracking number. An 11-digit seed starting 13-19 looks exactly like a Chinese mobile.
_NOT_A_PHONE = re.compile(
    r"(?:(?<![A-Za-z])(?:seed|serial|order|invoice|tracking)|订单号?|单号|编号|序列号|流水号|种子)"
    r"[\"'\s:：#=no.]{0,6}\d+",
    re.IGNORECASE,
)


def detect(texts: list[tuple[str, str]]) -> list[Finding]:
    """One finding per distinct number or address, naming the field it was written in."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for source, raw in texts:
        # Full-width letters, digits and ＠, as Chinese input methods type them, read as ASCII.
        text = _NOT_A_PHONE.sub(" ", unicodedata.normalize("NFKC", raw[:MAX_TEXT]))
        if _MAYBE_CONTACT.search(text) is None:
            continue
        for number in id_numbers(text):
            if number not in seen:
                seen.add(number)
                findings.append(
                    _finding("id-card", source, number, EvidenceKind.IDENTIFIER, messages.ID_CARD)
                )
        for number, mobile in phones(text):
            if number not in seen:
                seen.add(number)
                label = messages.MOBILE if mobile else messages.PHONE
                findings.append(
                    _finding("phone", source, number, EvidenceKind.CONTACT, label, mobile)
                )
        for address in emails(text):
            if address.lower() not in seen:
                seen.add(address.lower())
                findings.append(
                    _finding("email", source, address, EvidenceKind.CONTACT, messages.EMAIL)
                )
    return findings


def _finding(
    kind: str, source: str, value: str, evidence_kind: EvidenceKind, label: Text, sure: bool = True
) -> Finding:
    variant = f"metadata-{kind}"
    return make_finding(
        "text.contact",
        Severity.CRITICAL,
        Confidence.HIGH if sure else Confidence.MEDIUM,
        MAX_BITS if sure else MAX_BITS * 0.8,
        (Evidence(source, value, evidence_kind, label=label),),
        rule=variant,
        variant=variant,
    )
