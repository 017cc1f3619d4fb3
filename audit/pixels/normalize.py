"""Make OCR text comparable with the patterns: one spelling for what OCR reads many ways.

OCR of Chinese watermarks returns full-width forms (``：``, ``＠``, ``１２３``), ideographic
spaces, stray spaces inside IDs and letters for digits (``O`` for ``0``, ``l`` for ``1``). The
patterns are written against the normalised text; digit confusions are undone only inside a
value that a pattern says must be digits, so that a real ``l`` in a handle stays an ``l``.
"""

from __future__ import annotations

import re
import unicodedata

from audit.readers.metadata import clean_text

#: Longest OCR line or code payload kept: pixels are hostile input like any other.
MAX_LINE = 200

_DASHES = re.compile(r"[\u2010-\u2015\u2212\uff0d\u30fc]")
_SPACES = re.compile(r"\s+")
#: Spaces OCR puts around the punctuation that joins a label to its value (and after an ``@``;
#: the space before one is kept, as it tells a handle from an e-mail address).
_AROUND = re.compile(r"\s*([:/])\s*|(@)\s+")
#: Spaces OCR puts beside an underscore inside an ID (``luna _amber``): nothing else writes one.
_AROUND_UNDERSCORE = re.compile(r"(?<=\w) +_ *(?=\w)|(?<=\w)_ +(?=\w)")
#: A full stop read as the ideographic one between ASCII letters (``weibo。com``).
_IDEOGRAPHIC_DOT = re.compile(r"(?<=[A-Za-z0-9])[\u3002\uff61](?=[A-Za-z0-9])")
#: A host name before a path (``weibo.c0m/``), where OCR reads an ``o`` as a zero.
_HOST = re.compile(r"[A-Za-z0-9.-]+\.[A-Za-z0-9]{2,4}(?=/)")
_ZERO_IN_WORD = re.compile(r"(?<=[A-Za-z])0|0(?=[A-Za-z])")
#: A space before the last ASCII word of a line: often an underscore OCR did not see.
_LOST_UNDERSCORE = re.compile(r"(?<=[A-Za-z0-9]) (?=[A-Za-z0-9_.]+$)")
#: The words after the last ``/`` of a link (``t.me/miao tao 59``): a path holds no spaces, so
#: each one there is an underscore OCR did not see.
_LOST_IN_PATH = re.compile(r"(?<=/)[A-Za-z0-9_.]+(?: [A-Za-z0-9_.]+){1,3}$")
#: Latin letters with a mark (``ú``, ``é``): the recogniser now and then adds one to a plain
#: letter (``@ming.doudoú``), and no platform's IDs or handles hold one.
_MARKED_LATIN = re.compile(r"[\u00c0-\u024f]")
#: Letters OCR puts in place of digits.
_AS_DIGIT = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "!": "1",
        "Z": "2",
        "S": "5",
        "s": "5",
        "B": "8",
        "g": "9",
    }
)


def normalise(text: str) -> str:
    """Bounded, control-free, NFKC text with one kind of dash and tidy label punctuation."""
    text = clean_text(text, MAX_LINE)
    text = unicodedata.normalize("NFKC", text)
    text = _MARKED_LATIN.sub(_unmarked, text)
    text = _IDEOGRAPHIC_DOT.sub(".", text)
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip()
    text = _AROUND.sub(lambda match: match.group(1) or match.group(2), text)
    text = _AROUND_UNDERSCORE.sub("_", text)
    return clean_text(
        _HOST.sub(lambda match: _ZERO_IN_WORD.sub("o", match.group(0)), text), MAX_LINE
    )


def _unmarked(match: re.Match[str]) -> str:
    """The plain letter under a marked one (``ú`` -> ``u``); letters that are not a plain one
    with a mark (``ß``, ``ø``) and signs (``×``) stay."""
    letter = match.group(0)
    plain = "".join(
        part for part in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(part)
    )
    return plain if plain.isascii() and plain.isalpha() else letter


def with_underscore(text: str) -> str:
    """``text`` with the space before its last ASCII word, and every space in the path at the
    end of a link, read as the underscore it may be."""
    text = _LOST_IN_PATH.sub(lambda match: match.group(0).replace(" ", "_"), text)
    return _LOST_UNDERSCORE.sub("_", text)


def as_digits(value: str) -> str:
    """``value`` with letter-for-digit confusions undone and spaces and dashes removed."""
    return re.sub(r"[\s\-]", "", value).translate(_AS_DIGIT)


def squeeze(value: str) -> str:
    """``value`` without the spaces OCR inserted between its characters."""
    return _SPACES.sub("", value)
