"""Everything trace says to a person, in English and Simplified Chinese."""

from __future__ import annotations

import re

from audit.models import Skip, Text
from audit.skips import skip
from audit.trace.model import Edit, Method

METHOD_WORDS = {
    Method.EXACT: Text("the same file, byte for byte", "完全相同的文件（逐字节一致）"),
    Method.HASH: Text("the same picture (perceptual hash)", "同一张图片（感知哈希）"),
    Method.FEATURES: Text(
        "the same picture, found by its details (local features)",
        "同一张图片，通过画面细节找到（局部特征）",
    ),
}
SCORE_WORDS = {
    Method.EXACT: Text("identical", "完全一致"),
    Method.HASH: Text("{score} of 256 bits differ", "256 位中有 {score} 位不同"),
    Method.FEATURES: Text("{score} matching points", "{score} 个匹配点"),
}
EDIT_WORDS = {
    Edit.SAME_FILE: Text("unchanged", "未改动"),
    Edit.RECOMPRESSED: Text("re-saved or resized", "重新保存或缩放过"),
    Edit.SCALED: Text("scaled", "缩放过"),
    Edit.CROPPED: Text("cropped", "被裁剪"),
    Edit.ROTATED: Text("rotated", "被旋转"),
    Edit.FLIPPED: Text("flipped", "被翻转"),
    Edit.INSIDE: Text(
        "inside a larger picture (screenshot or collage)", "在一张更大的图片里（截图或拼图）"
    ),
}

NOT_DECODED = Text(
    "The picture could not be decoded ({detail}), so it was not compared.",
    "无法解码这张图片（{detail}），因此没有比对。",
)
TOO_LARGE = Text(
    "The picture claims {megapixels} megapixels, over the limit of {limit}, so it was not "
    "decoded (a file that claims a huge size is often made to exhaust memory).",
    "这张图片声称有 {megapixels} 百万像素，超过了 {limit} 的上限，因此没有解码"
    "（声称尺寸巨大的文件往往是为了耗尽内存）。",
)
EXPORT_MISSING_PHOTO = Text(
    "The chat export names this photo, but the file is not in the export (it was probably not "
    "downloaded when the chat was saved).",
    "聊天导出记录里提到了这张照片，但导出文件夹里没有这个文件（保存聊天时可能没有下载它）。",
)
EXPORT_UNREADABLE = Text(
    "This part of the chat export could not be read ({detail}); photos in the folder are still "
    "compared, without chat details.",
    "无法读取聊天导出的这一部分（{detail}）；文件夹中的照片仍会比对，但没有聊天信息。",
)
EXPORT_TOO_LARGE = Text(
    "This chat export file is {size}, over the limit of {limit} for this kind of file, so its "
    "chat details were not read; the photos in the folder are still compared.",
    "这个聊天导出文件有 {size}，超过了此类文件 {limit} 的上限，因此没有读取聊天信息；"
    "文件夹中的照片仍会比对。",
)
MESSAGE_TOO_LARGE = Text(
    "A message in this chat export is larger than {limit} and was not read.",
    "这个聊天导出中有一条消息超过了 {limit}，因此没有读取。",
)
OUTSIDE_EXPORT = Text(
    "The chat export points to a file outside its own folder; it was not opened.",
    "聊天导出记录指向其文件夹以外的文件，因此没有打开。",
)


def picture_skip(reason: Skip) -> Skip:
    """Trace's own words for a picture the decoder refused (the scan's words speak of metadata)."""
    if reason.code == "pixels-too-large":
        detail = reason.message.en
        numbers = [word for word in detail.replace(",", " ").split() if word.isdigit()]
        megapixels, limit = (numbers + ["?", "?"])[:2]
        return Skip(
            "too-many-pixels", TOO_LARGE.format(megapixels=megapixels, limit=limit), reason.detail
        )
    if reason.code == "pixels-unreadable":
        english = re.search(r"decoded \((.*)\), so", reason.message.en)
        chinese = re.search(r"无法解码图片画面（(.*)），因此", reason.message.zh)
        why = Text(
            english.group(1) if english else reason.detail[:120],
            chinese.group(1) if chinese else reason.detail[:120],
        )
        return Skip("not-decoded", _fill(NOT_DECODED, why), reason.detail)
    return reason


def _fill(template: Text, detail: Text) -> Text:
    return Text(template.en.format(detail=detail.en), template.zh.format(detail=detail.zh))


def reason_for(failure: str, budget: float) -> Skip:
    """The skip for a worker that died on, or ran too long over, one picture."""
    if failure == "timed-out":
        return skip("timed-out", seconds=f"{budget:g}")
    return skip("crashed")


HEADLINE = Text(
    "{matched} of your {own} photo(s) found in {pictures} of {found} picture(s) examined.",
    "你的 {own} 张照片中有 {matched} 张，出现在被检查的 {found} 张图片中的 {pictures} 张里。",
)
NO_MATCH = Text(
    "None of your photos was found in these pictures.",
    "在这些图片中没有找到你的照片。",
)
CHAT_LINE = Text(
    "chat: {chat} · date: {date} · sender: {sender}",
    "聊天：{chat} · 时间：{date} · 发送者：{sender}",
)
MESSAGE_LINE = Text("message: {text}", "消息内容：{text}")
FILE_TIME_LINE = Text(
    "a loose file, not from a chat export; file time (UTC): {date}",
    "不是聊天导出中的文件；文件时间（UTC）：{date}",
)
YOUR_PHOTO_LINE = Text("your photo: {path}", "你的照片：{path}")
HOW_LINE = Text("how: {how}", "如何认出：{how}")
REGION_LINE = Text(
    "where in the found picture: from x {x}, y {y}, {width} x {height} pixels",
    "在找到的图片中的位置：从 x {x}、y {y} 起，{width} x {height} 像素",
)
SKIPPED_HEADING = Text(
    "Could not be compared ({count}):",
    "无法比对（{count} 个）：",
)
NOT_CERTIFIED = Text(
    "This lists what the tool found; it documents, it does not certify. Keep the original "
    "files unchanged, and ask a lawyer or the police what they need.",
    "以上是本工具找到的内容：它只是记录，不是鉴定或认证。请保持原始文件不变，"
    "并向律师或警方咨询他们需要什么。",
)

EVIDENCE_INSIDE_FOUND = Text(
    "The evidence folder {folder} is inside (or contains) your photos or the material being "
    "examined; nothing is ever written there. Choose a folder elsewhere.",
    "证据文件夹 {folder} 位于你的照片或被检查的材料之中（或包含它们）；"
    "本工具从不向那里写入任何内容。请选择其他位置的文件夹。",
)
REPORT_INSIDE_FOUND = Text(
    "The report {path} would be written inside the material being examined; nothing is ever "
    "written there. Choose a place elsewhere.",
    "报告 {path} 会被写进被检查的材料之中；本工具从不向那里写入任何内容。请选择其他位置。",
)
EVIDENCE_NOT_EMPTY = Text(
    "The evidence folder {folder} already holds files; give a new or empty folder, so that one "
    "record never mixes with another.",
    "证据文件夹 {folder} 中已经有文件；请指定一个新的或空的文件夹，以免不同的记录混在一起。",
)
EVIDENCE_UNWRITABLE = Text(
    "Could not write the evidence record to {folder}: {detail}",
    "无法把证据记录写入 {folder}：{detail}",
)
EVIDENCE_WRITTEN = Text(
    "Evidence record written to {folder}: {files} files, listed with their SHA-256 in "
    "manifest.sha256 (whose own SHA-256 is {digest}; write it down). Check it later with: "
    "exposure trace --verify {folder}",
    "证据记录已写入 {folder}：共 {files} 个文件，每个文件的 SHA-256 都列在 manifest.sha256 中"
    "（该清单本身的 SHA-256 为 {digest}，请记下来）。以后可以用以下命令核对："
    "exposure trace --verify {folder}",
)
VERIFY_INTACT = Text(
    "Intact: all {checked} files match the manifest, and no file was added.",
    "完好：全部 {checked} 个文件与清单一致，也没有多出的文件。",
)
VERIFY_BROKEN = Text(
    "NOT intact: {changed} changed, {missing} missing, {unlisted} not in the manifest.",
    "不完好：{changed} 个被改动，{missing} 个缺失，{unlisted} 个不在清单中。",
)
VERIFY_NO_MANIFEST = Text(
    "No readable manifest.sha256 in {folder}: this is not an evidence record, or it is damaged.",
    "{folder} 中没有可读的 manifest.sha256：这不是证据记录，或者记录已损坏。",
)
VERIFY_CHANGED = Text("changed: {path}", "被改动：{path}")
VERIFY_MISSING = Text("missing: {path}", "缺失：{path}")
VERIFY_UNLISTED = Text("not in the manifest: {path}", "不在清单中：{path}")
NOTHING_TO_SEARCH = Text(
    "There was no picture to compare in the material given with --in ({paths}): check the path. "
    "Nothing was searched, so this says nothing about whether your photos are there.",
    "用 --in 给出的材料（{paths}）里没有可以比较的图片：请检查路径。"
    "什么都没有搜索，因此这并不能说明你的照片在不在那里。",
)
