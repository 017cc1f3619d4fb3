"""Every reason an input (or one check on it) can be skipped, in words a person understands.

A skip is a result, not a log line: the report lists each one, so that "nothing found" is never
claimed for a file that could not be read.
"""

from __future__ import annotations

import enum

from audit import sanitize
from audit.models import Skip, Text


class SkipCode(enum.StrEnum):
    """The stable code of every reason, as shown in JSON (``reason_code``, ``notes[].code``)."""

    NOT_FOUND = "not-found"
    BROKEN_LINK = "broken-link"
    NO_PERMISSION = "no-permission"
    UNREADABLE = "unreadable"
    LINK_LOOP = "link-loop"
    EMPTY_FOLDER = "empty-folder"
    NOT_A_PHOTO_NAME = "not-a-photo-name"
    NOT_REGULAR = "not-regular"
    EMPTY_FILE = "empty-file"
    TOO_LARGE = "too-large"
    NOT_AN_IMAGE = "not-an-image"
    CORRUPT = "corrupt"
    TIMED_OUT = "timed-out"
    CRASHED = "crashed"
    INTERNAL_ERROR = "internal-error"
    PIXELS_TOO_LARGE = "pixels-too-large"
    PIXELS_UNREADABLE = "pixels-unreadable"
    PIXELS_FIRST_FRAME = "pixels-first-frame"
    CORRUPT_PARTIAL = "corrupt-partial"
    SECOND_READER = "second-reader"
    XMP_REPAIRED = "xmp-repaired"
    XMP_UNREADABLE = "xmp-unreadable"
    XMP_TOO_LARGE = "xmp-too-large"
    GPS_DAMAGED = "gps-damaged"
    NO_MEMORY = "no-memory"
    PIXELS_NO_MEMORY = "pixels-no-memory"
    METADATA_CUT = "metadata-cut"
    FOLDER_SEEN = "folder-seen"
    WALK_LIMIT = "walk-limit"
    STOPPED = "stopped"

    @property
    def cacheable(self) -> bool:
        """True when the reason depends on the file's bytes alone, so a cached copy stays true.

        Reasons that depend on the moment (a timeout on a busy machine, a crash, a permission)
        are looked at again on the next run.
        """
        return self in _CACHEABLE

    @property
    def message(self) -> Text:
        return REASONS[self]


#: Reasons given for a folder (or a link to one), not for a photo: never counted as photos.
FOLDER_CODES = frozenset(
    {SkipCode.EMPTY_FOLDER, SkipCode.LINK_LOOP, SkipCode.FOLDER_SEEN, SkipCode.WALK_LIMIT}
)

_CACHEABLE = frozenset(
    {SkipCode.CORRUPT, SkipCode.NOT_AN_IMAGE, SkipCode.EMPTY_FILE, SkipCode.TOO_LARGE}
)

REASONS: dict[str, Text] = {
    "not-found": Text(
        "No such file or folder. Check the spelling of the path.",
        "找不到这个文件或文件夹。请检查路径是否拼写正确。",
    ),
    "broken-link": Text(
        "This is a shortcut (link) to a file that no longer exists.",
        "这是一个快捷方式（链接），它指向的文件已经不存在。",
    ),
    "no-permission": Text(
        "You do not have permission to read this. Check who owns the file and its permissions.",
        "你没有读取它的权限。请检查文件的所有者和权限设置。",
    ),
    "unreadable": Text(
        "The system could not read this ({detail}).",
        "系统无法读取它（{detail}）。",
    ),
    "link-loop": Text(
        "This link goes round in a loop (back to itself, or into a folder already being checked), "
        "so it was not followed.",
        "这个链接绕成了一个圈（指回它自己，或指回正在检查的文件夹），因此没有跟着它走。",
    ),
    "folder-seen": Text(
        "This is another way into a folder already checked ({other}): "
        "its photos are listed once, there.",
        "这是通往一个已检查过的文件夹（{other}）的另一条路径：其中的照片只在那里列出一次。",
    ),
    "walk-limit": Text(
        "The search through folders stopped here: it reached its limit of {folders} folders, "
        "{entries} entries or {links} links. Photos beyond this point were not checked; scan "
        "smaller folders one at a time.",
        "在这里停止了对文件夹的查找：已达到上限"
        "（{folders} 个文件夹、{entries} 个条目或 {links} 个链接）。"
        "之后的照片没有检查；请一次检查一个较小的文件夹。",
    ),
    "empty-folder": Text(
        "This folder has no files in it.",
        "这个文件夹里没有文件。",
    ),
    "not-a-photo-name": Text(
        "Not a photo type exposure reads ({extension}).",
        "不是 exposure 能读取的照片类型（{extension}）。",
    ),
    "not-regular": Text(
        "Not an ordinary file (a device, pipe or socket), so it was not opened.",
        "这不是普通文件（而是设备、管道或套接字），因此没有打开。",
    ),
    "empty-file": Text(
        "The file is empty (0 bytes): there is nothing in it to check.",
        "文件是空的（0 字节），没有内容可以检查。",
    ),
    "too-large": Text(
        "The file is {size}, over the limit of {limit}, so it was not opened. "
        "Raise the limit with --max-file-size if this is a real photo.",
        "文件大小为 {size}，超过了 {limit} 的上限，因此没有打开。"
        "如果这是一张真实的照片，可以用 --max-file-size 提高上限。",
    ),
    "not-an-image": Text(
        "This is not a photo exposure can read: its contents look like {what}.",
        "这不是 exposure 能读取的照片：它的内容看起来像{what}。",
    ),
    "corrupt": Text(
        "The file is damaged and no reader could make sense of it. It may still hold hidden "
        "information: before sharing it, open and re-save it in a photo app, then check the copy.",
        "文件已损坏，没有任何读取器能够解析它。它仍可能包含隐藏信息："
        "分享之前，请用相册或修图软件打开并另存一份，再检查这份副本。",
    ),
    "timed-out": Text(
        "Reading this file took longer than {seconds} seconds, so it was stopped. "
        "The file may be damaged or made to slow tools down.",
        "读取这个文件超过了 {seconds} 秒，因此被中止。文件可能已损坏，或被故意做成拖慢工具的样子。",
    ),
    "stopped": Text(
        "The scan was stopped before this file was checked.",
        "检查在处理到这个文件之前被中止了。",
    ),
    "crashed": Text(
        "The reader stopped unexpectedly on this file; it is probably damaged.",
        "读取器在这个文件上意外停止，文件很可能已损坏。",
    ),
    "internal-error": Text(
        "exposure hit a problem of its own on this file ({detail}). Please report it.",
        "exposure 在处理这个文件时出现了自身的问题（{detail}）。请向我们报告。",
    ),
    "pixels-too-large": Text(
        "The picture is {megapixels} megapixels, over the limit of {limit}, so its pixels were "
        "not checked (its metadata was).",
        "这张图片有 {megapixels} 百万像素，超过了 {limit} 的上限，"
        "因此没有检查画面内容（元数据已检查）。",
    ),
    "pixels-unreadable": Text(
        "The picture itself could not be decoded ({reason}), so only its metadata was checked.",
        "无法解码图片画面（{reason}），因此只检查了元数据。",
    ),
    "pixels-first-frame": Text(
        "This is an animation of {frames} frames: only the first frame's picture was checked.",
        "这是一个有 {frames} 帧的动图：只检查了第一帧的画面。",
    ),
    "corrupt-partial": Text(
        "Part of this file is damaged and could not be read: what was found is listed, but there "
        "may be more. Re-save it in a photo app before sharing, then check the copy.",
        "这个文件有一部分已损坏、无法读取：下面列出的是已发现的内容，但可能还有更多。"
        "分享之前请用相册或修图软件另存一份，再检查这份副本。",
    ),
    "second-reader": Text(
        "Part of this file could not be read: {what}. It may hold more than what is listed.",
        "这个文件有一部分无法读取：{what}。其中可能还有没有列出的信息。",
    ),
    "xmp-repaired": Text(
        "The XMP block of this file (where editing apps keep names, places and ids) is damaged; "
        "the main reader gave up on it, so it was read by a more forgiving reader instead.",
        "这个文件的 XMP 数据块（修图软件在这里保存姓名、地点和编号）已损坏；"
        "主要读取器放弃了它，因此改用了一个更宽容的读取器来读取。",
    ),
    "xmp-unreadable": Text(
        "Part of this file could not be read: its XMP block (where editing apps keep names, "
        "places and ids) is damaged ({why}). It may hold more than what is listed.",
        "这个文件有一部分无法读取：它的 XMP 数据块（修图软件在这里保存姓名、地点和编号）已损坏"
        "（{why}）。其中可能还有没有列出的信息。",
    ),
    "xmp-too-large": Text(
        "Part of this file could not be read: its XMP block is {size}, too large to read in full "
        "safely, so only its first {limit} were searched.",
        "这个文件有一部分无法读取：它的 XMP 数据块有 {size}，太大，无法安全地完整读取，"
        "因此只检查了前 {limit}。",
    ),
    "gps-damaged": Text(
        "The GPS location in this file is damaged: {what}. Other tools may still read it, and "
        "even half a location narrows down where the photo was taken.",
        "这个文件里的 GPS 位置已损坏：{what}。其他工具可能仍能读出它，"
        "而且即使只有一半的位置信息，也能缩小拍摄地点的范围。",
    ),
    "no-memory": Text(
        "This file is too large to check safely: reading it would need more memory than "
        "exposure allows itself ({limit}), so it was stopped. It may hold anything.",
        "这个文件太大，无法安全地检查：读取它需要的内存超过了 exposure 给自己设定的上限"
        "（{limit}），因此已中止。文件里可能有任何信息。",
    ),
    "metadata-cut": Text(
        "Part of this file was not read: {what}. It may hold more than what is listed.",
        "这个文件有一部分没有读取：{what}。其中可能还有没有列出的信息。",
    ),
    "pixels-no-memory": Text(
        "The picture is too large to check safely ({reason}), so its pixels were not checked "
        "(its metadata was).",
        "这张图片太大，无法安全地检查（{reason}），因此没有检查画面内容（元数据已检查）。",
    ),
}

#: Notes that mean part of an audited file was not read or not checked. A photo with any of
#: them never gets the "nothing identifying found" verdict: what was not read may hold anything.
NOT_FULLY_READ = frozenset(
    {
        SkipCode.CORRUPT_PARTIAL,
        SkipCode.SECOND_READER,
        SkipCode.XMP_UNREADABLE,
        SkipCode.XMP_TOO_LARGE,
        SkipCode.GPS_DAMAGED,
        SkipCode.METADATA_CUT,
        SkipCode.NO_MEMORY,
        SkipCode.PIXELS_TOO_LARGE,
        SkipCode.PIXELS_UNREADABLE,
        SkipCode.PIXELS_NO_MEMORY,
        SkipCode.PIXELS_FIRST_FRAME,
    }
)


def _safe(value: object) -> object:
    """Outside text (an extension, a reader's words) made safe and short before it is placed."""
    if isinstance(value, Text):
        return Text(sanitize.shortened(value.en), sanitize.shortened(value.zh))
    return sanitize.shortened(value) if isinstance(value, str) else value


def skip(code: SkipCode | str, **values: object) -> Skip:
    """The skip for ``code``, its message filled in with ``values``.

    A value may itself be a :class:`Text`, so that each language gets its own words. Every value
    passes through the sanitizer: file names and reader messages come from outside.
    """
    values = {key: _safe(value) for key, value in values.items()}
    detail = str(values.get("detail", ""))
    values.setdefault("detail", detail)
    code = SkipCode(code)
    template = REASONS[code]
    english = {k: v.en if isinstance(v, Text) else v for k, v in values.items()}
    chinese = {k: v.zh if isinstance(v, Text) else v for k, v in values.items()}
    message = Text(template.en.format(**english), template.zh.format(**chinese))
    return Skip(code=code, message=message, detail=detail)


# What a file turned out to be, for the not-an-image reason's {what}. -------------------------

A_VIDEO = Text("a video", "视频")
#: The {extension} of a file whose name has none.
NO_EXTENSION = Text("no extension", "没有扩展名")
UNKNOWN_CONTAINER = Text("an unknown media container", "未知的媒体容器")
GIF = Text("a GIF animation", "GIF 动图")
BMP = Text("a BMP bitmap", "BMP 位图")
PDF = Text("a PDF document", "PDF 文档")
ZIP = Text("a ZIP archive (or an Office document)", "ZIP 压缩包（或 Office 文档）")
GZIP = Text("a gzip archive", "gzip 压缩包")
PHOTOSHOP = Text("a Photoshop document", "Photoshop 文档")
PROGRAM = Text("a program", "程序文件")
WINDOWS_PROGRAM = Text("a Windows program", "Windows 程序")
TEXT_FILE = Text("a text file", "文本文件")
UNRECOGNISED = Text("unrecognised data", "无法识别的数据")

# Why the pixels could not be decoded, for the pixels-unreadable reason. -----------------------

NO_DECODER = Text(
    "exposure cannot decode {format} pictures", "exposure 无法解码 {format} 格式的画面"
)
NO_SIZE = Text("the file gives no picture size", "文件没有给出画面尺寸")
NEEDS_MEMORY = Text(
    "decoding it would need about {need} MB of memory",
    "解码它大约需要 {need} MB 内存",
)
OUT_OF_MEMORY = Text(
    "decoding it ran out of the memory exposure allows itself",
    "解码时超出了 exposure 给自己设定的内存上限",
)
TRUNCATED = Text("the file is cut short", "文件不完整，被截断了")
DAMAGED = Text("the picture data is damaged or cannot be recognised", "画面数据已损坏或无法识别")
DECODER_ERROR = Text("the decoder reported an error", "解码器报告了错误")
