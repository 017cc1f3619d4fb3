"""Where found pictures come from: Telegram Desktop chat exports (HTML or JSON) and loose folders.

A Telegram Desktop export is a folder with ``messages.html`` (then ``messages2.html`` ...) or a
``result.json``, and the pictures beside them in ``photos/`` (and ``files/`` for pictures sent
as files). For every picture a message points to, the chat's name, the message's date, its
sender's display name and its text are taken exactly as the export recorded them. Pictures in a
folder that is not an export, or that no message names, carry their file's modification time.

Exports are hostile input. HTML files are read in pieces, one message at a time, so a
gigabyte-long file costs the memory of one message; bytes that are not UTF-8 are replaced, not
fatal; a message longer than :data:`MAX_MESSAGE_BYTES` is skipped with a note; a link that
leaves the export folder is never followed; a photo a message names but the folder lacks is
listed, not fatal.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from audit.skips import A_VIDEO, SkipCode, skip
from audit.sources.photo import human_size, sniff
from audit.sources.walk import PHOTO_EXTENSIONS, InputFile, display_path, iter_inputs
from audit.trace.model import Posting, Skipped
from audit.trace.words import (
    EXPORT_MISSING_PHOTO,
    EXPORT_TOO_LARGE,
    EXPORT_UNREADABLE,
    MESSAGE_TOO_LARGE,
    OUTSIDE_EXPORT,
)

#: One message of an HTML export is a few kilobytes; anything past this is not a real message.
MAX_MESSAGE_BYTES = 1024 * 1024
#: A JSON export is parsed whole, and parsed JSON takes up to twenty times its size in memory
#: (a file of empty messages took 6.4 GB at 250 MB): past this size its chat details (who
#: posted each picture, when, in which chat) are not read; its pictures are still compared.
MAX_JSON_BYTES = 64 * 1024 * 1024
_CHUNK = 256 * 1024
_MESSAGE_START = re.compile(r'<div class="message[ "]')
_HTML_NAME = re.compile(r"^messages\d*\.html$")


@dataclass(frozen=True)
class FoundFile:
    """A picture to compare: where it is, how to show it, and where it was posted."""

    path: str
    shown: str
    posting: Posting


@dataclass
class _Collected:
    postings: dict[str, Posting] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    chats: list[str] = field(default_factory=list)


def is_export(folder: str) -> bool:
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return "result.json" in names or any(_HTML_NAME.match(name) for name in names)


def _inside(folder: str, target: str) -> bool:
    root = os.path.realpath(folder)
    return os.path.commonpath([root, os.path.realpath(target)]) == root


def _html_files(folder: str) -> list[str]:
    names = [name for name in os.listdir(folder) if _HTML_NAME.match(name)]

    def number(name: str) -> int:
        digits = name[len("messages") : -len(".html")]
        return int(digits) if digits else 1

    return [os.path.join(folder, name) for name in sorted(names, key=number)]


def _pieces(path: str) -> Iterator[str | None]:
    """The file's text cut before every message; None for a piece too long to be a message."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    pending = ""
    too_long = False
    with open(path, "rb") as handle:
        while True:
            raw = handle.read(_CHUNK)
            pending += decoder.decode(raw, final=not raw)
            while (found := _MESSAGE_START.search(pending, 1)) is not None:
                piece, pending = pending[: found.start()], pending[found.start() :]
                yield None if too_long else piece
                too_long = False
            if len(pending) > MAX_MESSAGE_BYTES:
                pending = pending[-32:]
                too_long = True
            if not raw:
                break
    if pending:
        yield None if too_long else pending


def _text(node: object) -> str:
    from bs4 import Tag

    if not isinstance(node, Tag):
        return ""
    return " ".join(node.get_text(" ", strip=True).split())


def _read_html(folder: str, collected: _Collected) -> None:
    from bs4 import BeautifulSoup, Tag

    chat = ""
    sender = ""
    for path in _html_files(folder):
        try:
            for piece in _pieces(path):
                if piece is None:
                    collected.skipped.append(
                        Skipped(
                            display_path(path),
                            MESSAGE_TOO_LARGE.format(limit=human_size(MAX_MESSAGE_BYTES)),
                        )
                    )
                    continue
                if (
                    "media_wrap" not in piece
                    and "from_name" not in piece
                    and (chat or "page_header" not in piece)
                ):
                    continue  # no picture, no sender and no chat name: nothing to read here
                soup = BeautifulSoup(piece, "html.parser")
                if not chat:
                    header = soup.select_one(".page_header .text")
                    if header is not None:
                        chat = _text(header)
                        if chat and chat not in collected.chats:
                            collected.chats.append(chat)
                message = soup.find("div", class_="message")
                if not isinstance(message, Tag) or "service" in (message.get("class") or []):
                    continue
                name = message.select_one(".body > .from_name")
                if name is not None:
                    sender = _text(name)
                date_node = message.select_one(".date[title]")
                date = str(date_node.get("title", "")) if date_node is not None else ""
                body_text = _text(message.select_one(".body > .text"))
                message_id = str(message.get("id", "")).removeprefix("message")
                for link in message.select(".media_wrap a[href]"):
                    href = str(link.get("href", ""))
                    if not href or "://" in href or href.startswith(("#", "mailto:")):
                        continue
                    posting = Posting(
                        display_path(folder), chat, date, sender, body_text, message_id,
                        "chat-export",
                    )  # fmt: skip
                    _add(folder, href, posting, collected)
        except OSError as error:
            collected.skipped.append(
                Skipped(display_path(path), EXPORT_UNREADABLE.format(detail=error.strerror or ""))
            )


def _add(folder: str, href: str, posting: Posting, collected: _Collected) -> None:
    from urllib.parse import unquote

    relative = unquote(href.split("?", 1)[0])
    target = os.path.normpath(os.path.join(folder, relative))
    if os.path.splitext(target)[1].lower() not in PHOTO_EXTENSIONS:
        return
    if not _inside(folder, target):
        collected.skipped.append(Skipped(display_path(target), OUTSIDE_EXPORT))
        return
    if not os.path.isfile(target):
        collected.skipped.append(Skipped(display_path(target), EXPORT_MISSING_PHOTO))
        return
    collected.postings.setdefault(os.path.realpath(target), posting)


def _json_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in value
            if isinstance(part, str | dict)
        )
    return ""


def _read_json(folder: str, collected: _Collected) -> None:
    path = os.path.join(folder, "result.json")
    try:
        size = os.path.getsize(path)
        if size > MAX_JSON_BYTES:
            collected.skipped.append(
                Skipped(
                    display_path(path),
                    EXPORT_TOO_LARGE.format(
                        size=human_size(size), limit=human_size(MAX_JSON_BYTES)
                    ),
                )
            )
            return
        with open(path, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8-sig", errors="replace"))
    except (OSError, ValueError, RecursionError) as error:
        detail = getattr(error, "strerror", None) or type(error).__name__
        collected.skipped.append(
            Skipped(display_path(path), EXPORT_UNREADABLE.format(detail=detail))
        )
        return
    chats: list[object] = []
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        chats = [data]
    elif isinstance(data, dict) and isinstance(data.get("chats"), dict):
        listed = data["chats"].get("list")
        chats = listed if isinstance(listed, list) else []
    for chat in chats:
        if not isinstance(chat, dict) or not isinstance(chat.get("messages"), list):
            continue
        name = str(chat.get("name") or "")
        if name and name not in collected.chats:
            collected.chats.append(name)
        for message in chat["messages"]:
            if not isinstance(message, dict) or message.get("type", "message") != "message":
                continue
            date = str(message.get("date", ""))
            posting = Posting(display_path(folder), name, date, str(message.get("from") or ""),
                              _json_text(message.get("text")), str(message.get("id", "")),
                              "chat-export")  # fmt: skip
            for key in ("photo", "file"):
                href = message.get(key)
                if isinstance(href, str) and href and not href.startswith("(File not included"):
                    _add(folder, href, posting, collected)


def file_time(path: str) -> str:
    """The file's modification time in UTC, ISO 8601, or an empty string."""
    try:
        stamp = os.stat(path).st_mtime
    except OSError:
        return ""
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Listing:
    files: tuple[FoundFile, ...]
    skipped: tuple[Skipped, ...]
    chats: tuple[str, ...]


def list_found(paths: tuple[str, ...]) -> Listing:
    """Every picture to compare under ``paths``, with its posting, and what could not be read."""
    collected = _Collected()
    for given in paths:
        for folder in _export_folders(given):
            if "result.json" in os.listdir(folder):
                _read_json(folder, collected)
            if _html_files(folder):
                _read_html(folder, collected)
    files: list[FoundFile] = []
    skipped: list[Skipped] = list(collected.skipped)
    seen: set[str] = set()
    for item in iter_inputs(paths):
        if not hasattr(item, "display") or not hasattr(item, "path"):
            reason = getattr(item, "skip", None)
            if reason is not None and reason.code == "not-a-photo-name":
                found_by_content = _by_content(item.path, skipped)
                if found_by_content is None:
                    continue
                item = found_by_content
            else:
                if reason is not None:
                    skipped.append(Skipped(item.path, reason.message, reason.detail))
                continue
        real = os.path.realpath(item.path)
        if real in seen or _is_thumbnail(item.path):
            continue
        seen.add(real)
        posting = collected.postings.get(real) or Posting(
            display_path(os.path.dirname(item.path)), date=file_time(item.path)
        )
        files.append(FoundFile(item.path, item.display, posting))
    return Listing(tuple(files), tuple(skipped), tuple(collected.chats))


#: What a file whose name is not a photo's may still be: chats save GIFs, bitmaps and pictures
#: with no extension at all. Anything else (the export's pages, styles, videos) is not compared.
_PICTURE_STARTS = (b"GIF8", b"BM")


def _by_content(path: str, skipped: list[Skipped]) -> InputFile | None:
    """A file with another name that is a picture by its first bytes, to compare; a video is
    listed as not compared (a chat's videos may show her too); anything else is left out."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a pipe or a device: opening it could wait for ever
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError:
        return None
    sniffed = sniff(head)
    if sniffed.format is not None or head.startswith(_PICTURE_STARTS):
        return InputFile(path=path, display=display_path(path))
    if sniffed.looks_like is A_VIDEO:
        reason = skip(SkipCode.NOT_AN_IMAGE, what=A_VIDEO)
        skipped.append(Skipped(path, reason.message, reason.detail))
    return None


def _export_folders(given: str) -> Iterator[str]:
    if not os.path.isdir(given):
        return
    for root, folders, _ in os.walk(given):
        folders.sort()
        if is_export(root):
            yield root


def _is_thumbnail(path: str) -> bool:
    """Telegram saves a small ``_thumb`` copy beside each photo; the photo itself is compared."""
    stem, extension = os.path.splitext(path)
    return stem.endswith("_thumb") and os.path.isfile(stem[: -len("_thumb")] + extension)
