"""``text.contact``: phone numbers, e-mail addresses and resident ID numbers read in the pixels
(and, through ``audit.detectors.metadata_contacts``, written into the file's own text).

Phone numbers are found by ``phonenumbers`` (Google's libphonenumber rules), with mainland
China as the region for numbers written without a country code, and only numbers it calls
valid are reported: a date or a price is not a phone number. Letters OCR reads for digits are
undone inside runs that are mostly digits. An 18-digit resident ID counts only when its
birth date is real and its check digit (ISO 7064 MOD 11-2) is right.
"""

from __future__ import annotations

import datetime
import re

from audit import messages
from audit.catalog import make_finding
from audit.detectors import watermarks
from audit.detectors.registry import Need, PhotoContext, detector
from audit.detectors.watermarks import ocr_confidence
from audit.models import MAX_BITS, Confidence, Evidence, EvidenceKind, Finding, Severity, Text
from audit.pixels.normalize import as_digits
from audit.pixels.ocr import Line, ToFull

DEFAULT_REGION = "CN"
#: Words that say a number is a phone number; a landline without a +country or 0 prefix needs one.
_PHONE_WORDS = re.compile(
    r"电话|手机|联系|热线|致电|座机|☎|📞|(?<![A-Za-z])(?:tel|phone|mobile|call)(?![A-Za-z])",
    re.IGNORECASE,
)
#: A run of characters that may be a phone number as OCR reads it (letters for digits, spaces).
_DIGITISH = re.compile(r"\+?[0-9(][0-9OolI|()\- ]{5,22}[0-9OolI|]")
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,12}(?![\w-])"
)
_ID_CARD = re.compile(r"(?<![0-9])([1-9][0-9]{16}[0-9Xx])(?![0-9])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _fix_digits(text: str) -> str:
    """``text`` with letter-for-digit confusions undone inside runs that are mostly digits."""

    def fix(match: re.Match[str]) -> str:
        run = match.group(0)
        digits = sum(ch.isdigit() for ch in run)
        if digits < 0.6 * sum(not ch.isspace() and ch not in "()-+" for ch in run):
            return run
        return run[0] + run[1:].translate(str.maketrans("OolI|", "00111"))

    return _DIGITISH.sub(fix, text)


def phones(text: str, claimed: frozenset[str] = frozenset()) -> list[tuple[str, bool]]:
    """Valid phone numbers in ``text``, in E.164 form, each with whether it is a mobile.

    Digits already read as an account ID (``claimed``, e.g. a QQ number) are not a phone. A
    number that is not a mobile and has neither a ``+`` nor a trunk ``0`` counts only beside a
    word such as 电话 or Tel: a bare run of digits is more often an ID or an order number.
    """
    import phonenumbers

    found = []
    labelled = bool(_PHONE_WORDS.search(text))
    for match in phonenumbers.PhoneNumberMatcher(
        _fix_digits(text), DEFAULT_REGION, leniency=phonenumbers.Leniency.VALID, max_tries=20
    ):
        number = match.number
        digits = re.sub(r"\D", "", match.raw_string)
        if any(digits in value or value in digits for value in claimed):
            continue
        kind = phonenumbers.number_type(number)
        mobile = kind in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        if not mobile and not labelled and not match.raw_string.lstrip("( ").startswith(("+", "0")):
            continue
        found.append(
            (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), mobile)
        )
    return found


#: Endings of the mail domains people use most; an address OCR split at its "@" must end in
#: one, so that ``TikTok @momo.ming`` (a handle after a label) is not read as an address.
_MAIL_ENDINGS = re.compile(
    r"\.(?:com|cn|net|org|edu|gov|io|me|co|uk|jp|hk|tw|mo|sg|de|fr|ru|ca|au|us|info|biz)$",
    re.IGNORECASE,
)


#: A mail label, then a word and the rest of an address with a space between them: OCR read
#: the address's underscore as a space (``Email: foodie qing2311@example.net``). After the
#: label nothing but the address is written, so the words up to the ``@`` are all of it.
_LABELLED_SPLIT = re.compile(
    r"(?<![A-Za-z])((?:e-?mail|mail|邮箱|电子邮件|邮件)\s?:\s?[A-Za-z0-9._%+-]+) "
    r"(?=[A-Za-z0-9._%+-]+@)",
    re.IGNORECASE,
)


def emails(text: str) -> list[str]:
    """E-mail addresses; a space OCR put after the ``@`` is ignored, one before it only when
    the domain ends like a mail domain, and one inside an address right after a mail label is
    read as the underscore it was."""
    text = _LABELLED_SPLIT.sub(r"\1_", text.replace("@ ", "@"))
    found = [match.group(0) for match in _EMAIL.finditer(text)]
    for match in _EMAIL.finditer(text.replace(" @", "@")):
        address = match.group(0)
        if address not in found and _MAIL_ENDINGS.search(address):
            found.append(address)
    return found


def id_numbers(text: str) -> list[str]:
    """Resident ID numbers whose birth date and check digit are right."""
    found = []
    for match in _ID_CARD.finditer(
        as_digits(text).upper() if _looks_numeric(text) else text.upper()
    ):
        number = match.group(1)
        if _id_valid(number):
            found.append(number)
    return found


def _looks_numeric(text: str) -> bool:
    stripped = re.sub(r"[\s\-]", "", text)
    return len(stripped) >= 18 and sum(ch.isdigit() for ch in stripped) >= 0.8 * len(stripped)


def _id_valid(number: str) -> bool:
    total = sum(
        int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=False)
    )
    if _ID_CHECK[total % 11] != number[17]:
        return False
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= datetime.date.today()


@detector("contacts", ids={"text.contact"}, needs={Need.TEXT})
def detect_contacts(context: PhotoContext) -> list[Finding]:
    """Numbers and addresses, except account IDs a watermark rule already reads."""
    lines, to_full = context.lines, context.to_full
    return detect(lines, to_full, watermarks.claimed(watermarks.detect(lines, to_full)))


def text_findings(lines: list[Line], to_full: ToFull) -> list[Finding]:
    """Watermark and contact findings from OCR lines (``to_full`` maps boxes to full size)."""
    marks = watermarks.detect(lines, to_full)
    return [*marks, *detect(lines, to_full, watermarks.claimed(marks))]


def detect(
    lines: list[Line], to_full: ToFull, claimed: frozenset[str] = frozenset()
) -> list[Finding]:
    """One finding per distinct number or address; ``to_full`` maps boxes to full size.

    ``claimed`` holds account IDs already reported as watermarks, so a QQ number is not
    reported a second time as a phone number.
    """
    findings: list[Finding] = []
    seen: set[str] = set()
    for line in sorted(lines, key=lambda line: -line.score):
        box = to_full(line.box)
        for number in id_numbers(line.text):
            if number not in seen:
                seen.add(number)
                findings.append(
                    _finding(
                        "id-card", number, EvidenceKind.IDENTIFIER, messages.ID_CARD, line, box, 1.0
                    )
                )
        for number, mobile in phones(line.text, claimed):
            if number in seen:
                continue
            seen.add(number)
            certainty = 1.0 if mobile else 0.8
            findings.append(
                _finding(
                    "phone",
                    number,
                    EvidenceKind.CONTACT,
                    messages.MOBILE if mobile else messages.PHONE,
                    line,
                    box,
                    certainty,
                )
            )
        for address in emails(line.text):
            if address.lower() not in seen:
                seen.add(address.lower())
                findings.append(
                    _finding("email", address, EvidenceKind.CONTACT, messages.EMAIL, line, box, 1.0)
                )
    return findings


def _finding(
    variant: str,
    value: str,
    kind: EvidenceKind,
    label: Text,
    line: Line,
    box: tuple[int, int, int, int],
    certainty: float,
) -> Finding:
    evidence = (
        Evidence("pixels.ocr", value, kind, box, label),
        Evidence("pixels.ocr", line.raw, EvidenceKind.TEXT, box, messages.LINE_READ),
    )
    confidence = ocr_confidence(line.score)
    if certainty < 1.0:
        confidence = min(confidence, Confidence.MEDIUM)
    return make_finding(
        "text.contact",
        Severity.CRITICAL,
        confidence,
        MAX_BITS * certainty * line.score,
        evidence,
        rule=variant,
        variant=variant,
    )
