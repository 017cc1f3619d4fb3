"""The evidence record's summary page: one self-contained HTML file in her language.

It loads nothing (a Content-Security-Policy forbids every outside request; thumbnails are
inline ``data:`` images, hidden until she opens them), works without JavaScript, prints on A4,
and escapes every string that came from a found file or an export. It counts matches and says
what the record is and is not; it never states a legal threshold.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from audit.models import Lang, Text
from audit.sanitize import html_text
from audit.trace.model import Edit, Method, TraceReport
from audit.trace.words import EDIT_WORDS, METHOD_WORDS, SCORE_WORDS

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:60rem;
margin:1.5rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #888;padding:.3rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}code{font-size:.8rem;word-break:break-all}
.note{border-left:4px solid #555;padding:.2rem .8rem;background:#f4f4f4}
details img{max-width:100%;height:auto}
@media print{details{display:block}details>*{display:block}body{max-width:none}
tr{page-break-inside:avoid}}
@page{size:A4;margin:15mm}
"""

TITLE = Text("Evidence record: your photos found", "证据记录：找到的你的照片")
COUNTS = Text(
    "{matches} found picture(s) are {own} of your {total} photo(s), among {found} picture(s) "
    "examined, analysed at {time} (UTC).",
    "在被检查的 {found} 张图片中，有 {matches} 张是你的照片（涉及你 {total} 张照片中的 {own} 张），"
    "分析时间 {time}（UTC）。",
)
CHATS = Text("Chats in the material: {chats}", "材料中的聊天：{chats}")
WHAT_IT_IS = Text(
    "What this record is: an exact copy of each matched file (folder found/), with its SHA-256 "
    "and MD5; where and when each was posted, as the chat export recorded it; how it was "
    "matched to your photo and how closely; the time of the analysis, the tool's version and "
    "settings; and a manifest (manifest.sha256) with the SHA-256 of every file here, so that "
    "any later change can be seen. The original files were never moved or changed.",
    "这份记录包含：每个匹配文件的完整副本（found/ 文件夹）及其 SHA-256 和 MD5 校验值；"
    "聊天导出中记录的发布位置和时间；它如何与你的照片匹配、相似程度；分析时间、工具版本和参数；"
    "以及一份清单（manifest.sha256），列出这里每个文件的 SHA-256，之后任何改动都能被发现。"
    "原始文件从未被移动或修改。",
)
WHAT_IT_IS_NOT = Text(
    "What it is not: it documents what this tool found on this computer; it does not certify "
    "anything. It is not a forensic examination or a notarised record, and it cannot prove who "
    "posted a picture: a chat export records what the app showed. Rules for electronic evidence "
    "generally ask for a hash (integrity value) of each file, for working on copies while the "
    "original stays sealed and unchanged, and for a record of who collected what, when and how. "
    "Keep the original export unchanged, note down the manifest's SHA-256, and ask a lawyer or "
    "the police what they need; they may have it fixed by a notary or a trusted timestamp.",
    "它不是什么：它只记录本工具在这台电脑上找到的内容，不做任何鉴定或认证。"
    "它不是司法鉴定，也不是公证，不能证明是谁发布了图片：聊天导出只记录应用当时显示的内容。"
    "电子数据的规则通常要求：为每个文件计算哈希值（完整性校验值）；在副本上工作，原始材料保持封存、不被改动；"
    "记录由谁、在何时、以何种方式收集了什么。请保持原始导出文件不变，记下清单本身的 SHA-256，"
    "并向律师或警方咨询他们需要什么；他们可能会通过公证或可信时间戳加以固定。",
)
CHECK = Text(
    "To check that nothing here has changed: exposure trace --verify FOLDER, or, in this "
    "folder, sha256sum -c manifest.sha256",
    "核对这里的内容是否被改动：exposure trace --verify 文件夹，或在本文件夹中运行 "
    "sha256sum -c manifest.sha256",
)
TABLE_HEADING = Text("Matches", "匹配结果")
COLUMNS = (
    Text("#", "序号"),
    Text("found file (copy)", "找到的文件（副本）"),
    Text("chat · date · sender", "聊天 · 时间 · 发送者"),
    Text("your photo", "你的照片"),
    Text("how matched", "如何匹配"),
    Text("SHA-256 of the found file", "找到的文件的 SHA-256"),
)
SHOW = Text("show the pictures side by side", "并排显示图片")
FILE_TIME = Text("loose file; file time {date}", "单独的文件；文件时间 {date}")
NOT_COMPARED = Text(
    "{count} item(s) could not be compared; log.json lists each with the reason.",
    "有 {count} 项无法比对；log.json 中列出了每一项及原因。",
)


def _how(row: dict[str, object], lang: Lang) -> str:
    kind = Method(str(row["method"]))
    method = METHOD_WORDS[kind].get(lang)
    score = SCORE_WORDS[kind].get(lang).format(score=row["score"])
    edits_value = row.get("edits")
    edits = edits_value if isinstance(edits_value, list) else []
    described = ", ".join(EDIT_WORDS[Edit(edit)].get(lang) for edit in edits)
    return f"{method} ({score}); {described}"


def summary_html(
    report: TraceReport,
    rows: Sequence[dict[str, object]],
    thumbnails: Sequence[bytes | None],
    lang: Lang,
) -> str:
    """The page; every value from the material goes through :func:`html_text`."""
    e = html_text
    code = "zh-CN" if lang is Lang.ZH else "en"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{code}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(TITLE.get(lang))}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(TITLE.get(lang))}</h1>",
        "<p>"
        + e(
            COUNTS.get(lang).format(
                matches=len(report.matches),
                own=report.matched_own,
                total=report.own_count,
                found=report.found_count,
                time=report.analysed_at,
            )
        )
        + "</p>",
    ]
    if report.chats:
        parts.append(f"<p>{e(CHATS.get(lang).format(chats=', '.join(report.chats)))}</p>")
    parts += [
        f'<p class="note">{e(WHAT_IT_IS.get(lang))}</p>',
        f'<p class="note">{e(WHAT_IT_IS_NOT.get(lang))}</p>',
        f"<p>{e(CHECK.get(lang))}</p>",
        f"<h2>{e(TABLE_HEADING.get(lang))}</h2>",
        "<table><thead><tr>",
        *(f'<th scope="col">{e(column.get(lang))}</th>' for column in COLUMNS),
        "</tr></thead><tbody>",
    ]
    for row, thumb in zip(rows, thumbnails, strict=True):
        if row.get("source_kind") == "chat-export":
            where = " · ".join(
                str(row.get(key) or "?") for key in ("chat", "message_date", "sender")
            )
        else:
            where = FILE_TIME.get(lang).format(date=row.get("message_date") or "?")
        picture = ""
        if thumb is not None:
            data = base64.b64encode(thumb).decode("ascii")
            picture = (
                f"<details><summary>{e(SHOW.get(lang))}</summary>"
                f'<img src="data:image/jpeg;base64,{data}" alt=""></details>'
            )
        parts.append(
            "<tr>"
            f'<th scope="row">{row["number"]}</th>'
            f"<td>{e(str(row['found_path']))}<br><code>{e(str(row['copy']))}</code></td>"
            f"<td>{e(where)}</td>"
            f"<td>{e(str(row['own_path']))}</td>"
            f"<td>{e(_how(row, lang))}{picture}</td>"
            f"<td><code>{e(str(row['found_sha256']))}</code></td>"
            "</tr>"
        )
    parts.append("</tbody></table>")
    if report.skipped:
        parts.append(f"<p>{e(NOT_COMPARED.get(lang).format(count=len(report.skipped)))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
