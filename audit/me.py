"""``--me FILE``: your own names, handles, phone numbers, e-mails and places, found anywhere.

The file is TOML (``exposure demo`` writes an example, ``audit/demo/me.toml``). Each identifier
is looked for in every metadata value exposure reads, in the file name, and in text seen in the
pixels (OCR lines, QR payloads).
A match is the strongest finding there is: it is you, by your own account. Only the identifier
that matched is ever shown, never the rest of the file.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from audit import messages, sanitize
from audit.catalog import make_finding
from audit.errors import UserFacingError
from audit.models import MAX_BITS, Confidence, Evidence, EvidenceKind, Finding, Severity

_KINDS = {
    "names": EvidenceKind.NAME,
    "handles": EvidenceKind.HANDLE,
    "phones": EvidenceKind.CONTACT,
    "emails": EvidenceKind.CONTACT,
    "places": EvidenceKind.PLACE,
}
_MIN_PHONE_DIGITS = 7
_MAX_IDENTIFIERS = 200
#: A list of one person's names and places is a few kilobytes; anything far larger is not one.
MAX_BYTES = 1024 * 1024


class MeFileError(UserFacingError):
    """The --me file cannot be used; ``message`` says why, in both languages."""


@dataclass(frozen=True)
class Identifier:
    kind: str
    value: str
    #: The form compared with text: see :func:`normalise` and :func:`digits`.
    needle: str


@dataclass(frozen=True)
class Me:
    identifiers: tuple[Identifier, ...]

    def fingerprint(self) -> str:
        text = "\n".join(f"{i.kind}={i.value}" for i in self.identifiers)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def normalise(text: str) -> str:
    """Case-, width- and separator-insensitive form: "Lin_Xiaoyu", "lin xiaoyu", "ＬＩＮ" agree."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s_.\-·•@/]+", " ", folded).strip()


def digits(text: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", text))


def _identifier(kind: str, value: str) -> Identifier | None:
    value = value.strip()
    if kind == "phones":
        number = digits(value)
        if number.startswith("86") and len(number) == 13:
            number = number[2:]
        return Identifier(kind, value, number) if len(number) >= _MIN_PHONE_DIGITS else None
    needle = normalise(value.lstrip("@"))
    return Identifier(kind, value, needle) if len(needle) >= 2 else None


def _read_limited(path: str) -> bytes:
    """The file's bytes, refusing anything but an ordinary file of at most MAX_BYTES.

    A pipe would make the scan wait forever and a device such as /dev/zero never ends, so the
    kind of file and its size are checked on the opened file before anything is read.
    """
    shown = sanitize.shortened(path, 1000)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise MeFileError(messages.ME_NOT_FILE.format(path=shown))
        if info.st_size > MAX_BYTES:
            raise MeFileError(
                messages.ME_TOO_LARGE.format(
                    path=shown, size=info.st_size // 1024, limit=MAX_BYTES // 1024
                )
            )
        return handle.read(MAX_BYTES + 1)[:MAX_BYTES]


def load_me(path: str) -> Me:
    shown = sanitize.shortened(path, 1000)
    try:
        data = tomllib.loads(_read_limited(path).decode("utf-8"))
    except FileNotFoundError:
        raise MeFileError(messages.ME_MISSING.format(path=shown)) from None
    except OSError as error:
        detail = sanitize.shortened(error.strerror or str(error))
        raise MeFileError(messages.ME_UNREADABLE.format(path=shown, detail=detail)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        detail = sanitize.shortened(str(error))
        raise MeFileError(messages.ME_NOT_TOML.format(path=shown, detail=detail)) from None
    unknown = sorted(set(data) - set(_KINDS))
    if unknown:
        names = ", ".join(sanitize.shortened(name, 80) for name in unknown[:10])
        allowed = ", ".join(_KINDS)
        raise MeFileError(messages.ME_UNKNOWN.format(path=shown, names=names, allowed=allowed))
    identifiers: list[Identifier] = []
    for kind in _KINDS:
        values = data.get(kind, [])
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise MeFileError(messages.ME_NOT_LIST.format(path=shown, kind=kind))
        identifiers.extend(filter(None, (_identifier(kind, v) for v in values)))
    if not identifiers:
        raise MeFileError(messages.ME_EMPTY.format(path=shown))
    return Me(tuple(identifiers[:_MAX_IDENTIFIERS]))


def _contains(identifier: Identifier, text: str) -> bool:
    if identifier.kind == "phones":
        return identifier.needle in digits(text)
    haystack = normalise(text)
    if not identifier.needle.isascii():
        return identifier.needle.replace(" ", "") in haystack.replace(" ", "")
    return (
        re.search(rf"(?<![a-z0-9]){re.escape(identifier.needle)}(?![a-z0-9])", haystack) is not None
    )


def match(me: Me, texts: Iterable[tuple[str, str]]) -> list[Finding]:
    """One identity.match finding listing each identifier found, and where.

    ``texts`` are (where, text) pairs, ``where`` being "metadata", "file name", "ocr", "qr" or
    "page" (a profile page).
    """
    hits: dict[tuple[str, str], Identifier] = {}
    for where, text in texts:
        for identifier in me.identifiers:
            if (identifier.value, where) not in hits and _contains(identifier, text):
                hits[(identifier.value, where)] = identifier
    if not hits:
        return []
    evidence = tuple(
        Evidence(
            where,
            identifier.value,
            _KINDS[identifier.kind],
            label=messages.FOUND_IN.get(where, messages.FILE_NAME),
        )
        for (_, where), identifier in hits.items()
    )
    return [
        make_finding(
            "identity.match", Severity.CRITICAL, Confidence.HIGH, MAX_BITS, evidence, rule="me"
        )
    ]
