"""Text laid out for a terminal of a given width, Chinese included.

A Chinese character takes two columns and a line may break between any two of them, but not
before closing punctuation (，。：）); Latin text breaks at spaces, and a word longer than the
line is cut. Widths come from wcwidth, so a table lines up whatever the script.
"""

from __future__ import annotations

import functools
import re

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Characters a line must not start with (kinsoku): they stay with the character before.
_NO_LINE_START = set("，。、：；！？）》」』】,.;:!?)%…’”")
#: Characters a line must not end with: they go down with the character after them.
_NO_LINE_END = set("（《「『【“‘(")
_MIN_WIDTH = 4


#: Punctuation the reports themselves write, one column each (as wcwidth says; a test checks):
#: an English report then never needs wcwidth's tables.
NARROW_PUNCTUATION = frozenset("·×“”‘’—–…•°")


def char_width(char: str) -> int:
    if " " <= char <= "~" or char in NARROW_PUNCTUATION:
        return 1
    return _wide_char_width(char)


@functools.lru_cache(maxsize=4096)
def _wide_char_width(char: str) -> int:
    # wcwidth loads its Unicode tables on import: only text beyond printable ASCII needs them.
    from wcwidth import wcwidth

    width = wcwidth(char)
    return width if width > 0 else (0 if width == 0 else 1)


def text_width(text: str) -> int:
    """Columns ``text`` takes on screen; colour codes take none."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(char_width(char) for char in _ANSI.sub("", text))


def _tokens(text: str) -> list[str]:
    """Words of Latin text (with the space after them) and single wide characters."""
    tokens: list[str] = []
    current = ""
    for char in text:
        if char_width(char) == 2:
            if current:
                tokens.append(current)
                current = ""
            tokens.append(char)
        elif char == " ":
            tokens.append(current + " ")
            current = ""
        else:
            current += char
    if current:
        tokens.append(current)
    return tokens


def _cut(token: str, width: int) -> list[str]:
    pieces, current, used = [], "", 0
    for char in token:
        size = char_width(char)
        if used + size > width and current:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += size
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns; closing punctuation never starts a line."""
    width = max(_MIN_WIDTH, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if text_width(paragraph) <= width:
            lines.append(paragraph.rstrip(" "))  # most cells fit: nothing to break
            continue
        line: list[str] = []
        used = 0  # columns of the tokens in ``line`` (a colour code never spans two tokens)
        for token in _tokens(paragraph):
            size = text_width(token)
            if size > width:
                if line:
                    lines.append("".join(line).rstrip(" "))
                pieces = _cut(token.rstrip(" "), width)
                lines.extend(pieces[:-1])
                line = [pieces[-1] + (" " if token.endswith(" ") else "")]
                used = text_width(line[0])
                continue
            if used + size - (len(token) - len(token.rstrip(" "))) <= width:
                line.append(token)
                used += size
                continue
            carried: list[str] = []
            while len(line) > 1 and line[-1][-1:] in _NO_LINE_END:
                carried.insert(0, line.pop())
            if token[:1] in _NO_LINE_START and not carried:
                # Take characters along until the new line starts with a non-closing one.
                while len(line) > 1 and (not carried or carried[0][:1] in _NO_LINE_START):
                    carried.insert(0, line.pop())
            lines.append("".join(line).rstrip(" "))
            line = carried + [token]
            used = sum(text_width(part) for part in line)
        lines.append("".join(line).rstrip(" "))
    return lines


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - text_width(text))


def indented(text: str, width: int, first: str = "  ", rest: str | None = None) -> list[str]:
    """A paragraph wrapped to ``width`` with a first-line and a hanging indent."""
    rest = first if rest is None else rest
    body = wrap(text, width - max(text_width(first), text_width(rest)))
    return [(first if i == 0 else rest) + line for i, line in enumerate(body)]


def column_widths(natural: list[int], minimum: list[int], total: int) -> list[int]:
    """Shrink the widest columns first until the row fits ``total`` columns."""
    widths = list(natural)
    while sum(widths) > total:
        widest = max(range(len(widths)), key=lambda i: widths[i] - minimum[i])
        if widths[widest] <= minimum[widest]:
            break
        widths[widest] -= 1
    return widths


def grid(
    rows: list[list[str]],
    headers: list[str],
    width: int,
    minimum: list[int],
    maximum: list[int] | None = None,
    indent: str = "  ",
) -> list[str]:
    """A plain table: header, a rule, rows whose cells wrap within their column."""
    gap = 2
    columns = len(headers)
    natural = [
        max(
            [text_width(headers[i])]
            + [text_width(line) for row in rows for line in row[i].split("\n")]
        )
        for i in range(columns)
    ]
    if maximum:
        natural = [min(n, m) for n, m in zip(natural, maximum, strict=True)]
    natural = [max(n, m) for n, m in zip(natural, minimum, strict=True)]
    room = width - len(indent) - gap * (columns - 1)
    widths = column_widths(natural, minimum, room)
    out = []

    def emit(cells: list[str]) -> None:
        wrapped = [wrap(cell, widths[i]) for i, cell in enumerate(cells)]
        for n in range(max(len(w) for w in wrapped)):
            parts = [pad(w[n] if n < len(w) else "", widths[i]) for i, w in enumerate(wrapped)]
            out.append((indent + (" " * gap).join(parts)).rstrip())

    emit(headers)
    out.append(indent + (" " * gap).join("-" * w for w in widths))
    for row in rows:
        emit(row)
    return out
