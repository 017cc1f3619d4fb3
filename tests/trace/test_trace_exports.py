"""Reading chat exports: Telegram Desktop HTML and JSON, hostile and broken ones included."""

from __future__ import annotations

import json

import pytest
from conftest import picture

from audit.trace import exports


def _message(number: int, sender: str | None, photo: str | None, text: str = "",
             date: str = "05.05.2024 21:14:03 UTC+08:00") -> str:  # fmt: skip
    joined = "" if sender else " joined"
    parts = [f'<div class="message default clearfix{joined}" id="message{number}">',
             '<div class="body">',
             f'<div class="pull_right date details" title="{date}">21:14</div>']  # fmt: skip
    if sender:
        parts.append(f'<div class="from_name">{sender}</div>')
    if photo:
        parts.append(f'<div class="media_wrap clearfix"><a class="photo_wrap" href="{photo}">'
                     f'<img class="photo" src="{photo}"/></a></div>')  # fmt: skip
    if text:
        parts.append(f'<div class="text">{text}</div>')
    return "".join(parts) + "</div></div>\n"


def _html(folder, messages: list[str], chat: str = "Group &amp; friends") -> None:
    head = ('<!DOCTYPE html><html><head><meta charset="utf-8"/></head><body>'
            '<div class="page_wrap"><div class="page_header"><div class="content">'
            f'<div class="text bold">{chat}</div></div></div>'
            '<div class="page_body chat_page"><div class="history">'
            '<div class="message service" id="message-1">'
            '<div class="body details">5 May</div></div>\n')  # fmt: skip
    folder.mkdir(exist_ok=True)
    (folder / "messages.html").write_text(
        head + "".join(messages) + "</div></div></div></body></html>", "utf-8"
    )


@pytest.fixture
def export(tmp_path):
    folder = tmp_path / "ChatExport"
    (folder / "photos").mkdir(parents=True)
    for n in (1, 2):
        picture(n, (320, 240)).save(folder / "photos" / f"photo_{n}.jpg")
    return folder


def test_html_gives_chat_date_sender_and_text(export):
    _html(export, [
        _message(10, "Ming 明", "photos/photo_1.jpg", "who is &lt;she&gt;"),
        _message(11, None, "photos/photo_2.jpg", date="05.05.2024 21:20:00 UTC+08:00"),
    ])  # fmt: skip
    listing = exports.list_found((str(export),))
    postings = {f.path.rsplit("/", 1)[-1]: f.posting for f in listing.files}
    first, second = postings["photo_1.jpg"], postings["photo_2.jpg"]
    assert (first.chat, first.sender, first.date) == (
        "Group & friends",
        "Ming 明",
        "05.05.2024 21:14:03 UTC+08:00",
    )
    assert first.text == "who is <she>" and first.message_id == "10" and first.kind == "chat-export"
    # A joined message has no name of its own: it is the previous sender's.
    assert second.sender == "Ming 明" and second.date == "05.05.2024 21:20:00 UTC+08:00"
    assert listing.chats == ("Group & friends",)


def test_only_messages_that_can_hold_a_picture_or_a_sender_are_parsed(export, monkeypatch):
    """A text-only message says nothing trace needs: a 20 MB export of tiny messages took 95 s
    when each was parsed."""
    import bs4

    parsed = []

    class Counting(bs4.BeautifulSoup):
        def __init__(self, markup="", *args, **kwargs):
            parsed.append(markup)
            super().__init__(markup, *args, **kwargs)

    monkeypatch.setattr(bs4, "BeautifulSoup", Counting)
    quiet = [_message(n, None, None, "hello") for n in range(20, 520)]
    _html(
        export, [_message(10, "Ming", None, "hi"), *quiet, _message(11, None, "photos/photo_1.jpg")]
    )
    postings = {
        f.path.rsplit("/", 1)[-1]: f.posting for f in exports.list_found((str(export),)).files
    }
    found = postings["photo_1.jpg"]
    assert found is not None and found.sender == "Ming" and found.chat == "Group & friends"
    assert len(parsed) <= 4


def test_later_message_files_are_read_in_order(export):
    _html(export, [_message(1, "A", "photos/photo_1.jpg")])
    (export / "messages2.html").write_text(_message(2, "B", "photos/photo_2.jpg"), "utf-8")
    postings = {
        f.path.rsplit("/", 1)[-1]: f.posting for f in exports.list_found((str(export),)).files
    }
    assert postings["photo_2.jpg"].sender == "B"


def test_missing_photo_and_a_link_outside_the_export_are_listed(export, tmp_path):
    picture(9, (320, 240)).save(tmp_path / "secret.jpg")
    _html(export, [_message(1, "A", "photos/gone.jpg"), _message(2, "B", "../secret.jpg")])
    listing = exports.list_found((str(export),))
    reasons = {item.path.rsplit("/", 1)[-1]: item.reason.en for item in listing.skipped}
    assert "not in the export" in reasons["gone.jpg"]
    assert "outside its own folder" in reasons["secret.jpg"]
    assert all("secret" not in f.path for f in listing.files)


def test_odd_bytes_do_not_stop_the_reading(export):
    _html(export, [_message(1, "A", "photos/photo_1.jpg")])
    raw = (
        (export / "messages.html")
        .read_bytes()
        .replace(b'"from_name">A', b'"from_name">\xff\xfe\xc3A')
    )
    (export / "messages.html").write_bytes(b"\xef\xbb\xbf" + raw)
    posting = exports.list_found((str(export),)).files[0].posting
    assert posting.sender.endswith("A") and "\ufffd" in posting.sender


def test_a_huge_message_is_skipped_and_the_rest_read(export, monkeypatch):
    monkeypatch.setattr(exports, "MAX_MESSAGE_BYTES", 4096)
    monkeypatch.setattr(exports, "_CHUNK", 1024)
    huge = _message(1, "Spam", None, "x" * 50_000)
    _html(export, [huge, _message(2, "B", "photos/photo_2.jpg")])
    listing = exports.list_found((str(export),))
    postings = {f.path.rsplit("/", 1)[-1]: f.posting for f in listing.files}
    assert postings["photo_2.jpg"].sender == "B"
    assert any("larger than" in item.reason.en for item in listing.skipped)


def test_json_export_gives_chat_date_sender_and_text(export):
    document = {"name": "测试群", "type": "private_group", "id": 1, "messages": [
        {"id": 1, "type": "service", "date": "2024-05-05T21:00:00", "actor": "X"},
        {"id": 7, "type": "message", "date": "2024-05-05T21:14:03", "from": "Ming 明",
         "photo": "photos/photo_1.jpg", "text": ["look ", {"type": "bold", "text": "here"}]},
        {"id": 8, "type": "message", "date": "2024-05-05T21:15:00", "from": None,
         "photo": "(File not included. Change data exporting settings to download.)"},
    ]}  # fmt: skip
    (export / "result.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    listing = exports.list_found((str(export),))
    postings = {f.path.rsplit("/", 1)[-1]: f.posting for f in listing.files}
    first = postings["photo_1.jpg"]
    assert (first.chat, first.sender, first.date, first.text) == (
        "测试群",
        "Ming 明",
        "2024-05-05T21:14:03",
        "look here",
    )
    assert postings["photo_2.jpg"].kind == "file-time"  # in the folder, named by no message


def test_broken_json_is_listed_and_photos_still_compared(export):
    (export / "result.json").write_text('{"messages": [', "utf-8")
    listing = exports.list_found((str(export),))
    assert len(listing.files) == 2
    assert any("could not be read" in item.reason.en for item in listing.skipped)


def test_loose_folder_uses_file_times_and_skips_telegram_thumbnails(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    picture(1, (320, 240)).save(folder / "a.jpg")
    picture(1, (100, 75)).save(folder / "a_thumb.jpg")
    listing = exports.list_found((str(folder),))
    assert [f.path.rsplit("/", 1)[-1] for f in listing.files] == ["a.jpg"]
    assert listing.files[0].posting.kind == "file-time" and listing.files[0].posting.date.endswith(
        "+00:00"
    )
