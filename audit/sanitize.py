"""Make hostile text safe to show: in a terminal, in Markdown, in HTML.

Everything exposure prints came from a file or a page a stranger may have crafted: tag values,
file names, OCR text. A terminal obeys escape sequences, Markdown renders links and HTML runs
scripts, so each output escapes what it shows, here, in one place.
"""

from __future__ import annotations

import html
import re

_TERMINAL_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def terminal(text: str) -> str:
    """Replace control characters (escape sequences, direction overrides) with a visible mark."""
    return _TERMINAL_UNSAFE.sub(
        "\N{REPLACEMENT CHARACTER}", text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    )


def markdown(text: str) -> str:
    """Terminal-safe, with Markdown's active characters backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", terminal(text))


def html_text(text: str) -> str:
    return html.escape(terminal(text), quote=True)
