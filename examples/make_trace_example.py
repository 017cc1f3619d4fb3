"""Generate the synthetic Telegram Desktop chat exports in examples/trace/.

Two exports of the same made-up group chat, one as HTML (messages.html with photos/) and one as
JSON (result.json with photos/), following the structure Telegram Desktop writes. Some messages
carry reposts of the sample photos in examples/photos/ (re-sent by Telegram, cropped, inside a
phone screenshot, beside another picture, mirrored), others unrelated pictures drawn from a
seed; one message names a photo that was not downloaded, as real exports often do. Names, dates
and texts are invented; nothing shows a real person.

Run it from the repository root:  python examples/make_trace_example.py
`exposure trace examples/photos --in examples/trace/telegram-html` should then name the chat,
date and sender of every repost (tests/trace/test_functional.py checks that it does).
"""

from __future__ import annotations

import html
import json
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from PIL import Image, ImageOps

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import repost_edits as edits  # noqa: E402

OUT = HERE / "trace"
CHAT = "校园树洞 Campus Whispers"
ZONE = timezone(timedelta(hours=8))
START = datetime(2024, 5, 5, 21, 14, 3, tzinfo=ZONE)
#: (sender, text, picture): a picture is (her sample photo, edit) or ("unrelated", seed).
MESSAGES: list[tuple[str, str, tuple[str, object] | None]] = [
    ("夜猫子 Owl", "新人报到 0505", ("unrelated", 11)),
    ("Ming 明", "谁认识她？ who is she", ("clean.jpg", "telegram")),
    ("Ming 明", "", ("camera_serial.jpg", "screenshot")),
    ("匿名 Anon", "another one <b>not bold</b> & more", ("pixels-face.jpg", "crop")),
    ("夜猫子 Owl", "风景 scenery", ("unrelated", 12)),
    ("匿名 Anon", "二合一 2 in 1", ("owner_name.jpg", "collage")),
    ("Ming 明", "mirror", ("landmark_gps.jpg", "flip")),
    ("夜猫子 Owl", "没下载 not downloaded", ("missing", 0)),
    ("Lurker", "just text, no picture", None),
    ("夜猫子 Owl", "", ("unrelated", 13)),
]
EXPECTED = {
    "clean.jpg": "Ming 明",
    "camera_serial.jpg": "Ming 明",
    "pixels-face.jpg": "匿名 Anon",
    "owner_name.jpg": "匿名 Anon",
    "landmark_gps.jpg": "Ming 明",
}


def _smaller(image: Image.Image, side: int) -> Image.Image:
    scale = min(1.0, side / max(image.size))
    return image.resize((round(image.width * scale), round(image.height * scale)))


def picture(spec: tuple[str, object], number: int) -> Image.Image | None:
    name, edit = spec
    rng = random.Random(number)
    if name == "missing":
        return None
    if name == "unrelated":
        assert isinstance(edit, int)
        return edits.synthetic_picture(edit, (640, 480))
    with Image.open(HERE / "photos" / name) as image:
        photo = ImageOps.exif_transpose(image).convert("RGB")
    photo = _smaller(photo, 800)
    if edit == "telegram":
        return edits.telegram(photo, rng)
    if edit == "screenshot":
        return _smaller(edits.screenshot(photo, rng), 1280)
    if edit == "crop":
        return edits.crop(0.15)(photo, rng)
    if edit == "collage":
        return _smaller(edits.collage(edits.synthetic_picture(14, (640, 480)))(photo, rng), 960)
    if edit == "flip":
        return edits.flip(photo, rng)
    raise ValueError(edit)


def _file_name(number: int, when: datetime) -> str:
    return f"photo_{number}@{when:%d-%m-%Y_%H-%M-%S}.jpg"


def build() -> list[dict[str, object]]:
    """Write the pictures into both exports' photos/ folders; return the message records."""
    records: list[dict[str, object]] = []
    for folder in ("telegram-html", "telegram-json"):
        (OUT / folder / "photos").mkdir(parents=True)
    for number, (sender, text, spec) in enumerate(MESSAGES, start=1):
        when = START + timedelta(minutes=7 * number, seconds=number * 13)
        record: dict[str, object] = {"id": 100 + number, "when": when, "sender": sender,
                                     "text": text, "photo": None}  # fmt: skip
        if spec is not None:
            name = _file_name(number, when)
            record["photo"] = f"photos/{name}"
            made = picture(spec, number)
            if made is not None:
                for folder in ("telegram-html", "telegram-json"):
                    made.save(OUT / folder / "photos" / name, "JPEG", quality=80)
                thumb = _smaller(made, 260)
                thumb.save(OUT / "telegram-html" / "photos" / name.replace(".jpg", "_thumb.jpg"),
                           "JPEG", quality=70)  # fmt: skip
                record["size"] = made.size
        records.append(record)
    return records


def write_html(records: list[dict[str, object]]) -> None:
    e = html.escape
    lines = [
        "<!DOCTYPE html>", "<html>", " <head>", '  <meta charset="utf-8"/>',
        "<title>Exported Data</title>", '  <link href="css/style.css" rel="stylesheet"/>',
        " </head>", ' <body onload="CheckLocation();">', '  <div class="page_wrap">',
        '   <div class="page_header">', '    <div class="content">',
        '     <div class="text bold">', e(CHAT), "     </div>", "    </div>", "   </div>",
        '   <div class="page_body chat_page">', '    <div class="history">',
        '     <div class="message service" id="message-1">',
        '      <div class="body details">', "5 May 2024", "      </div>", "     </div>",
    ]  # fmt: skip
    previous = None
    for record in records:
        when = record["when"]
        assert isinstance(when, datetime)
        joined = record["sender"] == previous
        previous = record["sender"]
        lines.append(f'     <div class="message default clearfix{" joined" if joined else ""}" '
                     f'id="message{record["id"]}">')  # fmt: skip
        lines.append('      <div class="body">')
        lines.append(f'       <div class="pull_right date details" '
                     f'title="{when:%d.%m.%Y %H:%M:%S} UTC+08:00">')  # fmt: skip
        lines += [f"{when:%H:%M}", "       </div>"]
        if not joined:
            lines += ['       <div class="from_name">', e(str(record["sender"])), "       </div>"]
        if record["photo"]:
            photo = str(record["photo"])
            width, height = record.get("size", (260, 195))  # type: ignore[misc]
            lines += [
                '       <div class="media_wrap clearfix">',
                f'        <a class="photo_wrap clearfix pull_left" href="{e(photo)}">',
                f'         <img class="photo" src="{e(photo.replace(".jpg", "_thumb.jpg"))}" '
                f'style="width: 260px; height: {round(260 * height / width)}px"/>',
                "        </a>", "       </div>",
            ]  # fmt: skip
        if record["text"]:
            lines += ['       <div class="text">', e(str(record["text"])), "       </div>"]
        lines += ["      </div>", "     </div>"]
    lines += ["    </div>", "   </div>", "  </div>", " </body>", "</html>"]
    (OUT / "telegram-html" / "messages.html").write_text("\n".join(lines) + "\n", "utf-8")


def write_json(records: list[dict[str, object]]) -> None:
    messages: list[dict[str, object]] = [
        {"id": 100, "type": "service", "date": "2024-05-05T21:00:00", "date_unixtime":
         "1714914000", "actor": "夜猫子 Owl", "actor_id": "user1001", "action": "create_group",
         "title": CHAT, "members": [], "text": "", "text_entities": []},
    ]  # fmt: skip
    for record in records:
        when = record["when"]
        assert isinstance(when, datetime)
        message: dict[str, object] = {
            "id": record["id"], "type": "message",
            "date": when.replace(tzinfo=None).isoformat(),
            "date_unixtime": str(int(when.timestamp())),
            "from": record["sender"], "from_id": f"user{1000 + len(str(record['sender']))}",
        }  # fmt: skip
        if record["photo"]:
            message["photo"] = record["photo"]
            if "size" in record:
                width, height = record["size"]  # type: ignore[misc]
                message.update(width=width, height=height)
        text = str(record["text"])
        message["text"] = text
        message["text_entities"] = [{"type": "plain", "text": text}] if text else []
        messages.append(message)
    document = {"name": CHAT, "type": "private_supergroup", "id": 1987654321,
                "messages": messages}  # fmt: skip
    (OUT / "telegram-json" / "result.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    records = build()
    write_html(records)
    write_json(records)
    (OUT / "expected.json").write_text(
        json.dumps({"chat": CHAT, "senders": EXPECTED}, ensure_ascii=False, indent=1) + "\n",
        "utf-8",
    )
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
