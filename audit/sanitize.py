"""Make hostile text safe to keep and to show: in a terminal, in Markdown, in HTML, in JSON.

Everything exposure prints came from a file or a page a stranger may have crafted: tag values,
file names and their extensions, OCR text, keys of a --me file, answers. A terminal obeys
escape sequences, bidirectional overrides reorder what is read, Markdown renders links and HTML
runs scripts, so every output escapes what it shows, here, in one place. Readers use
:func:`strip` to keep values clean from the start; formats use the function for their medium.
"""

from __future__ import annotations

import html
import re

#: C0 and C1 controls (not tab and newline), zero-width and direction marks (the Arabic letter
#: mark too), line and paragraph separators, direction embeddings, overrides and isolates, the
#: invisible operators and word joiner, the Hangul fillers that show as blank, and the
#: byte-order mark.
UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u115f\u1160\u200b-\u200f\u2028\u2029\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]"
)
_TERMINAL_UNSAFE = UNSAFE
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")
#: Characters a JSON document keeps escaped: controls as above, and the HTML-active ones, so a
#: report pasted into a page or printed with ``cat`` cannot act.
_JSON_ESCAPED = re.compile(
    r"[<>&\x7f-\x9f\u061c\u115f\u1160\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    r"\u2066-\u2069\u3164\ufeff\uffa0]"
)
#: Longest piece of outside text put into one sentence (an extension, a reader's detail).
SHORT = 200


def strip(text: str) -> str:
    """Remove unsafe characters altogether: for values kept as data (tag values, OCR lines)."""
    return UNSAFE.sub("", text)


def _printable(text: str) -> str:
    """Bytes of a name that were not UTF-8 (kept by Python as lone surrogates) as ``\\xNN``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def terminal(text: str) -> str:
    """Replace control characters (escape sequences, direction overrides) with a visible mark."""
    text = _printable(text)
    return _TERMINAL_UNSAFE.sub(
        "\N{REPLACEMENT CHARACTER}", text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    )


def shortened(text: str, limit: int = SHORT) -> str:
    """Terminal-safe and at most ``limit`` characters: outside text placed inside a sentence."""
    safe = terminal(text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def markdown(text: str) -> str:
    """Terminal-safe, with Markdown's active characters backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", terminal(text))


def html_text(text: str) -> str:
    return html.escape(terminal(text), quote=True)


def json_text(encoded: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with unsafe characters escaped.

    Lossless: a JSON reader gets the very same strings back; only the bytes written change.
    """
    return _JSON_ESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", encoded)
