"""Every sentence `exposure clean` says, in English and Chinese."""

from __future__ import annotations

from audit.clean.model import Keep, Part
from audit.models import Skip, Text

#: What a rewriter left out, once ({size} is filled in where it matters).
PART_ONE: dict[Part, Text] = {
    Part.EXIF: Text("camera data (EXIF)", "相机数据（EXIF）"),
    Part.XMP: Text("XMP data", "XMP 数据"),
    Part.IPTC: Text("IPTC/Photoshop data", "IPTC/Photoshop 数据"),
    Part.COMMENT: Text("a comment", "一条注释"),
    Part.PREVIEW: Text("a hidden preview", "一张隐藏预览图"),
    Part.VIDEO: Text("a {size} motion-photo video", "一段 {size} 的动态照片视频"),
    Part.TRAILER: Text("{size} of data after the end of the picture", "图片结尾之后的 {size} 数据"),
    Part.TEXT: Text("a text note", "一条文本记录"),
    Part.TIME: Text("the time it was last saved", "最后保存的时间"),
    Part.MAKER: Text("maker data", "厂商数据"),
    Part.OTHER: Text("another hidden block", "另一个隐藏数据块"),
    Part.PICTURES: Text(
        "another picture stored in the file (a page, a preview or one of a burst): the copy"
        " holds only the main picture",
        "文件里存着的另一张图片（另一页、预览图或连拍中的一张）：副本只含主图",
    ),
}
#: The same, several times ({count}).
PART_SEVERAL: dict[Part, Text] = {
    Part.EXIF: Text("{count} EXIF blocks", "{count} 个 EXIF 数据块"),
    Part.XMP: Text("{count} XMP blocks", "{count} 个 XMP 数据块"),
    Part.IPTC: Text("{count} IPTC/Photoshop blocks", "{count} 个 IPTC/Photoshop 数据块"),
    Part.COMMENT: Text("{count} comments", "{count} 条注释"),
    Part.PREVIEW: Text("{count} hidden previews", "{count} 张隐藏预览图"),
    Part.VIDEO: Text("{count} videos ({size})", "{count} 段视频（{size}）"),
    Part.TRAILER: Text("{size} of data after the end of the picture", "图片结尾之后的 {size} 数据"),
    Part.TEXT: Text("{count} text notes", "{count} 条文本记录"),
    Part.TIME: Text("the time it was last saved", "最后保存的时间"),
    Part.MAKER: Text("{count} maker blocks", "{count} 个厂商数据块"),
    Part.OTHER: Text("{count} other hidden blocks", "{count} 个其他隐藏数据块"),
    Part.PICTURES: Text(
        "{count} more pictures stored in the file (pages, previews or a burst): the copy holds"
        " only the main picture",
        "文件里另外存着 {count} 张图片（其他页、预览图或连拍）：副本只含主图",
    ),
}

#: Short names of what a finding was about, for "Removed: GPS location, camera serial, …".
FINDING_NOUNS: dict[str, Text] = {
    "location.gps": Text("GPS location", "GPS 定位"),
    "location.place": Text("place name", "地名"),
    "device.serial": Text("camera serial number", "相机序列号"),
    "device.unique-id": Text("unique image id", "唯一图片编号"),
    "device.model": Text("camera model", "相机型号"),
    "identity.owner": Text("owner name", "所有者姓名"),
    "identity.match": Text("your own identifiers", "你自己的身份信息"),
    "time.original": Text("capture time", "拍摄时间"),
    "content.thumbnail": Text("hidden preview", "隐藏预览图"),
    "content.history": Text("edit history and extra content", "编辑记录和附加内容"),
    "content.description": Text("caption or keywords", "说明或关键词"),
    "file.name": Text("revealing file name", "暴露信息的文件名"),
    "text.watermark": Text("watermark or handle in the picture", "画面里的水印或账号"),
    "text.contact": Text("phone number or e-mail", "手机号或邮箱"),
    "code.qr": Text("QR code in the picture", "画面里的二维码"),
    "face.visible": Text("face in the picture", "画面里的人脸"),
}

KEPT: dict[Keep, Text] = {
    Keep.COLOUR_PROFILE: Text("colour profile: for colours", "色彩配置文件：保证颜色不变"),
    Keep.STANDARD_PROFILE: Text(
        "colour profile, replaced by the standard one of the same colours (the original named its "
        "maker or software): for colours",
        "色彩配置文件：换成了同一色彩空间的标准配置（原配置写着制作者或软件名），保证颜色不变",
    ),
    Keep.NEUTRAL_PROFILE: Text(
        "colour profile, with its names and dates cleared: for colours",
        "色彩配置文件（已清除其中的名称和日期）：保证颜色不变",
    ),
    Keep.ORIENTATION: Text("orientation: so it shows upright", "方向标记：保证照片正着显示"),
    Keep.DATE: Text(
        "the date taken (no time of day, no time zone): you asked to keep it",
        "拍摄日期（不含具体时间和时区）：按你的要求保留",
    ),
    Keep.COARSE_LOCATION: Text(
        "location rounded to about 10 km: you asked to keep it",
        "精确到约 10 公里的大致位置：按你的要求保留",
    ),
    Keep.COLOUR_TRANSFORM: Text(
        "Adobe colour block: for colours", "Adobe 色彩数据块：保证颜色不变"
    ),
    Keep.DISPLAY: Text("display settings: so it looks the same", "显示设置：保证看起来一样"),
    Keep.ANIMATION: Text("animation frames: so it still moves", "动画帧：保证动图还能播放"),
}

VERDICT_CLEAN = Text("clean", "已清理干净")
VERDICT_REMAINS = Text("NOT clean: something identifying remains", "没有清理干净：仍有可识别信息")
VERDICT_NOT_CLEANED = Text("no copy made", "没有生成副本")

REMOVED = Text("Removed", "已去除")
KEPT_HEADING = Text("Kept", "保留")
REMAINS = Text("Still in the copy", "副本里仍有")
NOTHING_REMOVED = Text("nothing identifying was in the file", "文件里没有可识别信息")
COPY = Text("Copy", "副本")
WHY = Text("Why", "原因")
CHECKS = Text("Checks", "检查")
CHOSEN = Text("{what} (kept because you asked)", "{what}（按你的要求保留）")

PIXELS = {
    "identical": Text(
        "pixels identical to the original (both decoded and compared pixel by pixel)",
        "像素与原图完全相同（两者都已解码并逐像素比较）",
    ),
    "identical-data": Text(
        "pixels identical to the original: the bytes that define the picture are the same, so "
        "every program shows exactly the same pixels",
        "像素与原图完全相同：定义画面的字节完全一致，所以任何程序显示的像素都一样",
    ),
    "covered": Text(
        "pixels changed on purpose: {count} regions covered (--blur); the rest re-encoded at the "
        "original's quality, {likeness}",
        "按要求改动了像素：遮盖了 {count} 个区域（--blur）；其余部分按原图质量重新编码，{likeness}",
    ),
    "covered-exact": Text(
        "pixels changed on purpose: {count} regions covered (--blur); every other pixel unchanged",
        "按要求改动了像素：遮盖了 {count} 个区域（--blur）；其余像素完全不变",
    ),
    "converted": Text(
        "converted on request: a new encoding, {likeness}",
        "按要求转换了格式：重新编码，{likeness}",
    ),
    "different": Text("pixels DIFFER from the original", "像素与原图不同"),
    "unreadable": Text("the pixels could not be compared", "无法比较像素"),
}
#: How close a re-encoded picture is to the original, by its PSNR (peak signal-to-noise ratio,
#: in dB): 40 dB and more cannot be told apart by eye, under 30 dB the difference shows.
LIKENESS = (
    (float("inf"), Text("the same pixels as the original", "像素与原图相同")),
    (
        40.0,
        Text(
            "which the eye cannot tell from the original ({psnr} dB; 40 and more cannot be seen)",
            "肉眼无法与原图区分（{psnr} dB；40 以上肉眼看不出差别）",
        ),
    ),
    (
        30.0,
        Text(
            "close to the original, with faint differences ({psnr} dB)",
            "与原图接近，只有细微差别（{psnr} dB）",
        ),
    ),
    (0.0, Text("visibly different from the original ({psnr} dB)", "与原图有明显差别（{psnr} dB）")),
)


def likeness(psnr: float | None) -> Text:
    """The PSNR of a re-encoded copy in words a person reads."""
    value = 0.0 if psnr is None else psnr
    words = next(text for floor, text in LIKENESS if value >= floor)
    return words.format(psnr=f"{value:.1f}")


REAUDIT_OK = Text("re-checked with every scan check", "已用全部扫描检查重新检查")
REAUDIT_METADATA = Text(
    "re-checked with every metadata check (--metadata-only: the picture itself was not checked)",
    "已用全部元数据检查重新检查（--metadata-only：没有检查画面本身）",
)
BYTES_OK = Text(
    "{count} identifying values searched for in its bytes: none found",
    "在文件字节里搜索了 {count} 个可识别的值：均未找到",
)
BYTES_FOUND = Text("found in its bytes: {what}", "在文件字节里找到：{what}")
IN_PICTURE = Text(
    "{what} (in the picture itself; --blur {kind} covers it)",
    "{what}（在画面本身里；用 --blur {kind} 可以遮盖）",
)
RENAME_HINT = Text(
    "{what} (add --rename for a neutral name)", "{what}（加上 --rename 可改成中性文件名）"
)

SUMMARY = Text(
    "In {folder}: {clean} clean, {remains} with something left, {skipped} without a copy.",
    "{folder} 中：{clean} 份干净的副本，{remains} 份仍有残留的副本，{skipped} 个文件没有生成副本。",
)
TITLE = Text("exposure: clean copies", "exposure：干净副本")
BLURRED_NOTE = Text(
    "You asked to cover {kinds}: in those copies the pixels were changed on purpose.",
    "你要求遮盖{kinds}：这些副本的像素是按要求改动过的。",
)
BLUR_KINDS = {
    "text": Text("text", "文字"),
    "qr": Text("QR codes", "二维码"),
    "faces": Text("faces", "人脸"),
}

_REASONS: dict[str, Text] = {
    "damaged": Text(
        "This file is damaged, so no copy was made: a half-cleaned file would be worse than none. "
        "Do not share it as it is: save the photo again from the phone or app it came from (or "
        "take a screenshot of it) and clean that.",
        "文件已损坏，因此没有生成副本：清理了一半的文件比没有更糟。不要原样分享它：从原来的手机或"
        "应用里重新保存这张照片（或截一张图），再清理那一份。",
    ),
    "needs-choice": Text(
        "This {format} file cannot be cleaned without encoding its picture again, so nothing "
        "was done. "
        "You can choose: --convert jpeg (a JPEG at quality 95, turned upright, colours "
        "kept){heic}.",
        "这个 {format} 文件不重新编码画面就无法清理，因此没有处理。你可以选择：--convert jpeg"
        "（转成质量 95 的 JPEG，方向摆正，保留颜色）{heic}。",
    ),
    "cannot-convert": Text(
        "This {format} file could not be converted: its picture could not be read (the file may "
        "be damaged or cut short), so no copy was made. Do not share it as it is: save the photo "
        "again from the phone or app it came from (or take a screenshot of it) and clean that.",
        "这个 {format} 文件无法转换：读不出它的画面（文件可能已损坏或不完整），因此没有生成副本。"
        "不要原样分享它：从原来的手机或应用里重新保存这张照片（或截一张图），再清理那一份。",
    ),
    "cannot-cover": Text(
        "Regions cannot be covered in an animation, so no copy was made. Run again without "
        "--blur for a copy with every frame kept exactly.",
        "无法在动图里遮盖区域，因此没有生成副本。"
        "去掉 --blur 再运行一次，可以得到每一帧都完全不变的副本。",
    ),
    "exists": Text(
        "{path} already exists and was left as it is. Add --overwrite to replace it.",
        "{path} 已经存在，没有改动它。加上 --overwrite 可以替换。",
    ),
    "cannot-look": Text(
        "The picture itself could not be looked at (it is too large or cannot be decoded), so "
        "nothing asked for with --blur could be found to cover; no copy was made. Run again "
        "without --blur for a copy with the picture unchanged.",
        "无法查看图片画面本身（太大或无法解码），因此找不到 --blur 要遮盖的内容；没有生成副本。"
        "去掉 --blur 再运行一次，可以得到画面不变的副本。",
    ),
    "too-large": Text(
        "The picture is {megapixels} megapixels, more than exposure decodes whole ({limit}), so "
        "no copy was made.",
        "这张图片有 {megapixels} 百万像素，超过了 exposure 能完整解码的上限（{limit}），"
        "因此没有生成副本。",
    ),
    "through-link": Text(
        "The copy would go into {path}, which is a link to another folder inside the output "
        "folder; copies are written only into real folders there, so no copy was made.",
        "副本会写进 {path}，但它是输出文件夹里指向别处的链接；副本只写进真正的文件夹，"
        "因此没有生成副本。",
    ),
    "is-input": Text(
        "The copy would replace {path}, one of the originals; no copy was made.",
        "副本会覆盖原图 {path}，因此没有生成副本。",
    ),
    "unsupported": Text(
        "exposure cannot clean {format} files, so no copy was made. Export a JPEG from your "
        "camera or photo app, then clean that.",
        "exposure 无法清理 {format} 文件，因此没有生成副本。请先用相机或修图软件导出 JPEG，"
        "再清理导出的文件。",
    ),
    "failed": Text(
        "Cleaning this file failed: {why}. No copy was kept.",
        "清理这个文件失败：{why}。没有保留副本。",
    ),
    "write-failed": Text(
        "The copy could not be written to {folder} ({why}); the partial copy was removed.",
        "无法把副本写入 {folder}（{why}）；未写完的副本已删除。",
    ),
}
#: Why cleaning one file failed, for the failed reason's {why}.
FAILED_TIMED_OUT = Text(
    "it took longer than the {seconds} seconds one file is given; run it again on its own, or "
    "with a longer --timeout",
    "它用的时间超过了每个文件的 {seconds} 秒上限；请单独再运行一次，或加长 --timeout",
)
FAILED_CRASHED = Text(
    "the process cleaning it stopped, which a damaged file, or one made to crash readers, can "
    "cause",
    "处理它的进程中途停止了，损坏的文件或专门让读取程序崩溃的文件会造成这种情况",
)
FAILED_ERROR = Text(
    "exposure hit a problem of its own ({error}); please report it",
    "exposure 自身出了问题（{error}）；请向我们报告",
)
HEIC_CHOICE = Text(
    ", or --convert heic (kept as HEIC, encoded again with every metadata block left out)",
    "，或 --convert heic（仍为 HEIC，重新编码并去掉全部元数据）",
)


def reason(code: str, detail: str = "", **values: object) -> Skip:
    template = _REASONS[code]
    english = {k: v.en if isinstance(v, Text) else v for k, v in values.items()}
    chinese = {k: v.zh if isinstance(v, Text) else v for k, v in values.items()}
    english.setdefault("detail", detail)
    chinese.setdefault("detail", detail)
    return Skip(
        code=code,
        message=Text(template.en.format(**english), template.zh.format(**chinese)),
        detail=detail,
    )


OUT_IS_INPUT = Text(
    "The output folder {out} is {input}, one of the folders being cleaned. Choose a folder outside "
    "the photos, so that no original can ever be replaced.",
    "输出文件夹 {out} 就是要清理的文件夹 {input}。请选择照片以外的文件夹，以免覆盖任何原图。",
)
OUT_INSIDE_INPUT = Text(
    "The output folder {out} is inside {input}, one of the folders being cleaned. Choose a folder "
    "outside the photos, so that no original can ever be replaced.",
    "输出文件夹 {out} 位于要清理的文件夹 {input} 里面。请选择照片以外的文件夹，以免覆盖任何原图。",
)
OUT_HOLDS_INPUT = Text(
    "The output folder {out} holds {input}, one of the photos or folders being cleaned. Choose "
    "a folder that holds none of them, so that no original can ever be replaced.",
    "输出文件夹 {out} 里包含要清理的 {input}。请选择一个不包含这些照片的文件夹，以免覆盖任何原图。",
)
OUT_NOT_FOLDER = Text(
    "{out} is a file, not a folder. Give a folder for the copies.",
    "{out} 是一个文件，不是文件夹。请给出存放副本的文件夹。",
)
OUT_CANNOT_CREATE = Text(
    "The output folder {out} could not be created ({detail}).",
    "无法创建输出文件夹 {out}（{detail}）。",
)
#: {reason}: the write-failed reason of the copy that stopped the run.
WRITE_STOPPED = Text(
    "Stopped: {reason} The originals were not touched. {done} copies were finished before this.",
    "已停止：{reason}原图没有被改动。在此之前已完成 {done} 份副本。",
)
CONVERT_NOT_FOR = Text(
    "--convert heic only applies to HEIC/HEIF photos; use --convert jpeg for {format}.",
    "--convert heic 只适用于 HEIC/HEIF 照片；{format} 请用 --convert jpeg。",
)
OTHER_METADATA = Text("all other metadata ({size})", "其余全部元数据（{size}）")
STOPPED = Text(
    "stopped before the end (Ctrl-C). Copies already finished are complete; no partial copy was "
    "left behind.",
    "在完成前被中止（Ctrl-C）。已完成的副本是完整的，没有留下未写完的副本。",
)
