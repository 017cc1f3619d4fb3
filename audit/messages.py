"""Words the reports and the command line use, in English and Simplified Chinese.

Finding titles, reasons and fixes are data (checks/); this module holds the frame around them:
headings, column names, summaries, and numbers written the way each language writes them
(1.2 million / 120万), and every sentence the scan, the cache, the photo readers, the detectors
and the demo say, grouped under a comment per part. Why an input was skipped is in
``audit/skips.py``, command-line help in ``audit/cli_words.py``; the checklist, ``profile`` and
``clean`` keep theirs in their own ``words.py``. Outside ``audit/clean/`` no logic module writes
a sentence itself: ``tests/test_words_in_one_place.py`` holds to that.
"""

from __future__ import annotations

import locale
import os

from audit.models import Band, Lang, Severity, Text

SEVERITY_WORDS = {
    Severity.CRITICAL: Text("critical", "严重"),
    Severity.HIGH: Text("high", "高"),
    Severity.MEDIUM: Text("medium", "中"),
    Severity.LOW: Text("low", "低"),
}

BAND_WORDS: dict[Band, Text] = {
    Band.CROWD: Text("crowd", "淹没在人群中"),
    Band.NEIGHBOURHOOD: Text("neighbourhood", "一个街区的人"),
    Band.STREET: Text("street or small group", "一条街或一小群人"),
    Band.LIKELY_YOU: Text("likely you", "足以认出你"),
}

TITLE = Text("exposure: how identifiable are your photos?", "exposure：你的照片有多容易认出你？")
SUMMARY = Text(
    "{audited} {photos} audited, {skipped} skipped, {findings} {things} found.",
    "已检查{audited}张照片，跳过{skipped}张，发现{findings}个问题。",
)
REDACTED = Text(
    "Redacted for sharing: photos numbered instead of named, places coarsened to about 10 km, "
    "times to the day, names, ids and text masked.",
    "已为分享做脱敏处理：照片只编号不显示文件名，地点粗略到约10公里，时间只到日期，"
    "姓名、编号和文字已遮盖。",
)
METADATA_ONLY = Text(
    "Metadata only: the pictures themselves were not examined (no watermarks, QR codes or faces).",
    "仅检查元数据：未检查画面内容（水印、二维码、人脸均未检查）。",
)
COLUMNS = (
    Text("severity", "严重程度"),
    Text("finding and why it matters", "发现及其影响"),
    Text("what was seen", "看到的内容"),
    Text("bits", "比特"),
)
NOTHING_FOUND = Text(
    "Nothing identifying found.",
    "没有发现可识别身份的信息。",
)
NOT_FULLY_READ = Text(
    "Nothing identifying was found in what could be read, but part of this file could not be "
    "read, so exposure cannot call it clean (see the note below).",
    "能读取的部分没有发现可识别身份的信息，但这个文件有一部分无法读取，所以不能说它是安全的"
    "（见下面的提示）。",
)
SPACE = Text(" ", "")
AT_HOME = Text(
    "With your other photos, that spot is probably your home.",
    "结合你的其他照片，那个地点很可能就是你家。",
)
FIRST_STEP = Text("What to do first: {fix}", "首先要做的：{fix}")
#: Added to the first step of a photo whose picture data is damaged (cut short or unreadable):
#: exposure clean refuses such a file rather than make a half-cleaned copy.
DAMAGED_FIRST_STEP = Text(
    "This file is damaged, so `exposure clean` may refuse it: then save the photo again from "
    "the phone or app it came from (or take a screenshot of it) and clean that.",
    "这个文件已损坏，`exposure clean` 可能不会处理它：那就从手机或原来的应用里重新保存这张照片"
    "（或截图），再清理新保存的那份。",
)
IN_PHOTO = Text("{photo}: ", "{photo}：")
PHOTO_NUMBER = Text("photo {number}", "照片{number}")
HOW_IDENTIFIABLE = Text(
    "Measure: {band}, about {crowd} people in the world match everything found ({bits:.1f} bits).",
    "衡量：{band}，全世界约有{crowd}人符合这里找到的全部信息（{bits:.1f}比特）。",
)
HOW_IDENTIFIABLE_ALONE = Text(
    "Measure: {band}, everything found together probably points to you alone ({bits:.1f} bits).",
    "衡量：{band}，这里找到的信息合起来，在全世界很可能只对应你一个人（{bits:.1f}比特）。",
)
HOW_IDENTIFIABLE_LEAD = Text(
    "Measure: {band}, one search away: a face search finds other photos of about {chance} in 10 "
    "people with a face this clear. Without a search, about {crowd} people match what was found "
    "({bits:.1f} bits).",
    "衡量：{band}，只差一次搜索：脸部这样清晰的人，用人脸搜索约每10人中有{chance}人能被搜出其他照片。"
    "不搜索的话，全世界约有{crowd}人符合这里找到的信息（{bits:.1f}比特）。",
)
LEAD = Text(
    "A face search finds other photos of about {chance} in 10 people with a face this clear.",
    "用人脸搜索，脸部这样清晰的人，约每10人中有{chance}人能被搜出其他照片。",
)
LINKERS = Text(
    "Plus {count} linking number(s): they name no one, but tie together photos from the same "
    "camera or file.",
    "另有{count}个关联编号：它们本身不指向任何人，但能把同一台相机或同一文件的照片联系起来。",
)
SET_HEADING = Text("All your photos together", "所有照片合起来看")
MORE_PHOTOS = Text(
    "{count} more photo(s) are not shown one by one: the {shown} most identifying are above, and "
    "the counts below cover them all. --format json or markdown lists every photo.",
    "另有{count}张照片没有逐张显示：上面是最容易认出你的{shown}张，下面的统计包括了全部照片。"
    "使用 --format json 或 markdown 可以列出每一张。",
)
MORE_SKIPPED = Text(
    "… and {count} more (--format json lists every one).",
    "……另有{count}个（--format json 会全部列出）。",
)
COUNTS_HEADING = Text("What was found, photo by photo", "各类问题出现在多少张照片里")
COUNT_COLUMNS = (
    Text("worst", "最严重"),
    Text("finding", "发现"),
    Text("id", "编号"),
    Text("photos", "照片数"),
)
SKIPPED_HEADING = Text("Not audited", "未能检查")
FIX_HEADING = Text("What to do", "怎么处理")
SUMMARY_HEADING = Text("In short", "概要")
WORST_HEADING = Text("The photos that give away most", "最容易暴露你的照片")
NOTE = Text("note", "提示")
BITS_EXPLAINED = Text(
    "About the measure: a 'bit' halves the number of people a photo could belong to. 16 bits "
    "leave about 120,000 people in the world, 24 bits about 500, and 33 bits one person among "
    "8.1 billion. The figures are estimates for comparing photos; docs/scoring.md explains them.",
    "关于衡量：每1“比特”都把这张照片可能属于的人数减少一半。16比特时全世界还剩约12万人，"
    "24比特约500人，33比特就只剩81亿人中的一个。这些数字是估算，用来比较不同的照片；"
    "计算方法见 docs/scoring.md。",
)
PROFILE_HEADING = Text("Profile settings", "账号设置")
PHOTOS_WORD = Text("photos", "张照片")
PHOTO_WORD = Text("photo", "张照片")
THINGS_WORD = Text("things", "个问题")
THING_WORD = Text("thing", "个问题")
COLON = Text(": ", "：")


def severity_word(severity: Severity, lang: Lang | str) -> str:
    return SEVERITY_WORDS[severity].get(lang)


def band_word(band: Band, lang: Lang | str) -> str:
    return BAND_WORDS[band].get(lang)


#: Longer paths are shown with their middle cut out (a hostile name cannot flood a report).
MAX_PATH_SHOWN = 240


def photo_name(path: str, lang: Lang | str) -> str:
    """A photo as the report names it: its path, or "photo 3" once --redact has numbered it."""
    if path.startswith("#") and path[1:].isdigit():
        return PHOTO_NUMBER.get(lang).format(number=path[1:])
    if len(path) > MAX_PATH_SHOWN:
        keep = MAX_PATH_SHOWN // 2
        return path[:keep] + "…" + path[-keep:]
    return path


def summary_line(audited: int, skipped: int, findings: int, lang: Lang | str) -> str:
    return SUMMARY.get(lang).format(
        audited=audited,
        skipped=skipped,
        findings=findings,
        photos=(PHOTO_WORD if audited == 1 else PHOTOS_WORD).get(lang),
        things=(THING_WORD if findings == 1 else THINGS_WORD).get(lang),
    )


def number_words(value: float, lang: Lang | str) -> str:
    """A large count the way each language says it: 3.2 million / 320万 / 3.2亿 (no spaces)."""
    value = max(1.0, value)
    if str(lang) == "zh":
        for unit, size in (("亿", 1e8), ("万", 1e4)):
            if value >= size:
                return (
                    f"{value / size:.2g}{unit}"
                    if value / size < 10
                    else f"{value / size:.0f}{unit}"
                )
        return f"{value:.0f}"
    for unit, size in ((" billion", 1e9), (" million", 1e6)):
        if value >= size:
            return (
                f"{value / size:.2g}{unit}" if value / size < 10 else f"{value / size:,.0f}{unit}"
            )
    return f"{value:,.0f}"


def default_lang() -> Lang:
    """Chinese when the system's language is Chinese, English otherwise."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return Lang.ZH if value.lower().startswith("zh") else Lang.EN
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return Lang.ZH if current.lower().startswith("zh") else Lang.EN


NONE_EXIST = Text(
    "none of the paths given exist. Check the spelling.", "给出的路径都不存在，请检查拼写。"
)
CHECKS_DAMAGED = Text(
    "exposure's own data files are damaged: {error}", "exposure 自带的数据文件已损坏：{error}"
)
STOPPED = Text(
    "stopped before any file was checked; no report was written.",
    "在检查任何文件之前被中止，没有写出报告。",
)
STOPPED_WRITING = Text(
    "stopped while the report was being written or shown; no report file was left behind.",
    "在写出或显示报告时被中止；没有留下报告文件。",
)
STOPPED_WRITTEN = Text(
    "Stopped before the end: {done} of {total} file(s) were checked, and the report of those "
    "was written to {path}. The others are listed as not audited.",
    "在完成前被中止：{total} 个文件中已检查 {done} 个，这些文件的报告已写入 {path}。"
    "其余文件列为未能检查。",
)
STOPPED_SHOWN = Text(
    "Stopped before the end: {done} of {total} file(s) were checked; the report above covers "
    "those only.",
    "在完成前被中止：{total} 个文件中已检查 {done} 个；上面的报告只包括这些文件。",
)
STOPPED_REMEMBERED = Text(
    "What was checked is remembered: running the same scan again goes on from there.",
    "已检查的结果都记住了：再次运行同样的检查会从这里继续。",
)
NOTHING_AUDITED = Text(
    "no photo could be audited: the report lists each path given and why it was not audited.",
    "没有任何照片能被检查：报告里列出了每个路径以及未能检查的原因。",
)
CACHE_WHERE = Text("cache: {path}", "缓存位置：{path}")
CACHE_EMPTY = Text("empty (no scan has been remembered yet)", "空的（还没有记住任何检查结果）")
CACHE_SIZE = Text("size: {size:.1f} MB", "大小：{size:.1f} MB")
CACHE_ENTRIES = Text("files remembered: {entries}", "已记住的文件：{entries} 个")
CACHE_CLEARED = Text("cache cleared ({size:.1f} MB freed)", "缓存已清空（释放 {size:.1f} MB）")
MORE_EVIDENCE = Text("(and {count} more)", "（另有{count}项）")

# Evidence: how a value shown under a finding is named when no tag names it. ------------------

PRECISION = Text("precision", "精度")
STORED_TO = Text("stored to", "存储精度")
GPS_ERROR = Text("GPS error tag", "GPS 误差标签")
#: Where a fix came from when it is the motion photo's video, not a tag a person could look up.
VIDEO_PLACE = Text("place in the motion photo's video", "动态照片视频里的地点")
NEAR = Text("near", "附近")
ALTITUDE = Text("altitude", "海拔")
PHOTO_SIZE = Text("photo", "照片尺寸")
PREVIEW = Text("hidden preview", "隐藏预览图")
FILE_NAME = Text("file name", "文件名")
TIME_ZONE_FROM_GPS = Text("time zone (from the GPS clock)", "时区（由 GPS 时间推算）")
PHOTOS = Text("photo", "照片")
MORE = Text("…", "…")
CENTRE = Text("centre", "中心位置")
DAYS = Text("days seen", "出现天数")
NIGHT_PHOTOS = Text("photos taken at night", "夜间拍摄的照片")
FACE = Text("face", "人脸")
PHONE = Text("phone number", "电话号码")
MOBILE = Text("mobile number", "手机号")
EMAIL = Text("e-mail address", "电子邮箱")
ID_CARD = Text("resident ID number", "身份证号")
LINE_READ = Text("text read", "识别出的文字")
PLACE_NAMED = Text("place named", "提到的地点")
#: Appended to a finding's title when every value found is a camera's default.
LOOKS_DEFAULT = Text(" (looks like a camera default)", "（看起来是相机默认值）")
#: Where one of the user's own identifiers (--me) was found.
FOUND_IN = {
    "metadata": Text("in the file's metadata", "在文件的元数据里"),
    "file name": Text("in the file name", "在文件名里"),
    "ocr": Text("written in the picture", "写在画面里"),
    "qr": Text("inside a QR code", "在二维码里"),
    "page": Text("on the profile page", "在主页上"),
}

# The --me file and the report file. ----------------------------------------------------------

ME_NOT_FILE = Text(
    "the --me file {path} is not an ordinary file (a folder, pipe or device)",
    "--me 文件 {path} 不是普通文件（而是文件夹、管道或设备）",
)
ME_TOO_LARGE = Text(
    "the --me file {path} is too large to be a list of your names ({size} KB; at most {limit} KB)",
    "--me 文件 {path} 太大，不像是你的姓名清单（{size} KB；最多 {limit} KB）",
)
ME_MISSING = Text("the --me file {path} does not exist", "--me 文件 {path} 不存在")
ME_UNREADABLE = Text(
    "the --me file {path} cannot be read ({detail})", "无法读取 --me 文件 {path}（{detail}）"
)
ME_NOT_TOML = Text(
    "the --me file {path} is not valid TOML ({detail})",
    "--me 文件 {path} 不是有效的 TOML（{detail}）",
)
ME_UNKNOWN = Text(
    "the --me file {path} has unknown entries: {names} (use {allowed})",
    "--me 文件 {path} 里有无法识别的条目：{names}（可用的有 {allowed}）",
)
ME_NOT_LIST = Text(
    "the --me file {path}: '{kind}' must be a list of text values",
    "--me 文件 {path}：'{kind}' 必须是一组文字",
)
ME_EMPTY = Text(
    "the --me file {path} lists no usable names, handles, phones, e-mails or places",
    "--me 文件 {path} 里没有可用的姓名、账号、电话、邮箱或地点",
)
REPORT_IS_INPUT = Text(
    "{path} is one of the files being audited; choose another name for the report.",
    "{path} 是正在检查的文件之一，请给报告换一个文件名。",
)
REPORT_UNWRITABLE = Text(
    "could not write the report to {path}: {why}. Nothing was written there; choose another "
    "place with -o.",
    "无法把报告写入 {path}：{why}。那里没有写入任何内容；请用 -o 换一个位置。",
)
REPORT_NOT_FILE = Text(
    "{path} is not an ordinary file (a folder, device or pipe); choose a file name for the "
    "report with -o.",
    "{path} 不是普通文件（而是文件夹、设备或管道）；请用 -o 给报告指定一个文件名。",
)
#: Plain words for the usual reasons a file cannot be written (keyed by errno name).
#: A folder that exists but where no file can be made (``/proc``): the system says "no such
#: file", which would mislead.
CANNOT_MAKE = Text("the system does not let a new file be made there", "系统不允许在那里创建新文件")
WRITE_WHY = {
    "ENOSPC": Text("the disk is full", "磁盘已满"),
    "EDQUOT": Text("your disk quota is used up", "你的磁盘配额已用完"),
    "EFBIG": Text(
        "the file is larger than this disk or account allows", "文件超过了磁盘或账户允许的大小"
    ),
    "EROFS": Text("that folder is read-only", "那个文件夹是只读的"),
    "EACCES": Text(
        "you are not allowed to write in that folder", "你没有在那个文件夹里写文件的权限"
    ),
    "EPERM": Text(
        "you are not allowed to write in that folder", "你没有在那个文件夹里写文件的权限"
    ),
    "ENOENT": Text("that folder does not exist", "那个文件夹不存在"),
    "ENOTDIR": Text("part of the path is not a folder", "路径中有一部分不是文件夹"),
}

# The command line, the progress line and the HTML report. -----------------------------------

VERSION = Text("exposure, version {version}", "exposure，版本 {version}")
PROGRESS_LINE = Text(
    "{done}/{total}  {rate} files/s  {left} left",
    "{done}/{total}  每秒{rate}个  还剩{left}",
)
HTML_WORDS = {
    "photos": Text("Photo by photo", "逐张照片"),
    "show": Text("Tap to see the photo clearly", "点击查看清晰照片"),
    "blurred": Text("Blurred for sharing", "为分享已模糊处理"),
    "photo": Text("The photo", "照片"),
    "preview": Text(
        "Hidden preview inside the file: it shows what was cropped or covered",
        "文件里隐藏的预览图：它显示了被裁掉或遮住的内容",
    ),
    "boxes": Text(
        "Outlined: text, codes and faces found in the picture.",
        "框出的是画面里找到的文字、二维码和人脸。",
    ),
    "map": Text(
        "Where the photos were taken, relative to each other (a sketch, not a map)",
        "照片拍摄地点的相对位置（示意图，不是地图）",
    ),
    "home": Text("likely home", "很可能是你家"),
    "scale": Text("{distance}", "{distance}"),
    "counts": Text("Findings by severity", "按严重程度统计"),
    "contents": Text("Contents", "目录"),
    "no_findings": Text("No findings.", "没有发现问题。"),
}


# The cache of remembered results (audit/cache.py).
CACHE_OTHER_OWNER = Text(
    "it belongs to another user (perhaps it was made by a run with sudo)",
    "它属于另一个用户（可能是用 sudo 运行时创建的）",
)
CACHE_FOLDER_IN_PLACE = Text(
    "there is a folder where the cache file should be", "缓存文件的位置上是一个文件夹"
)
CACHE_READ_ONLY = Text("it is read-only", "它是只读的")
CACHE_NOT_ALLOWED = Text("you are not allowed to read or change it", "你没有读取或修改它的权限")
CACHE_DAMAGED = Text("it is damaged", "它已损坏")
CACHE_UNUSABLE = Text(
    "The remembered results in {path} cannot be used: {why}. This scan reads every file and "
    "remembers nothing; 'exposure cache clear' repairs the cache when it can.",
    "无法使用 {path} 里记住的检查结果：{why}。这次检查会重新读取每个文件，也不会记住结果；"
    "“exposure cache clear”可以在可能的情况下修复缓存。",
)
CACHE_CANNOT_REMOVE = Text(
    "Could not remove {path}: {why}. Remove it yourself "
    "(if it was made with sudo: sudo rm -r {path}).",
    "无法删除 {path}：{why}。请自己删除它（如果是用 sudo 创建的：sudo rm -r {path}）。",
)


# Checking GPS coordinates (audit/detectors/gps.py).
GPS_ONLY_LATITUDE = Text(
    "its latitude (about {lat:.1f}) can be read, but its longitude cannot be read or is out of "
    "range",
    "纬度（约 {lat:.1f}）可以读取，但经度无法读取或超出了有效范围",
)
GPS_ONLY_LONGITUDE = Text(
    "its longitude (about {lon:.1f}) can be read, but its latitude cannot be read or is out of "
    "range",
    "经度（约 {lon:.1f}）可以读取，但纬度无法读取或超出了有效范围",
)
GPS_NEITHER = Text("neither its latitude nor its longitude could be read", "纬度和经度都无法读取")


# Reading photos (audit/readers/).
NO_VALUES_READ = Text("no value could be made out of it", "无法从中辨认出任何内容")
#: What a reader left unread, for the metadata-cut note's {what}.
SEGMENTS_CUT = Text(
    "the file's header has more than {count} blocks, and those after them were not read",
    "文件头里有超过 {count} 个数据块，之后的数据块没有读取",
)
BLOCK_DAMAGED = Text(
    "a block of the file is damaged, and the blocks after it were not read",
    "文件里有一个数据块已损坏，它之后的数据块没有读取",
)
BLOCKS_CUT = Text(
    "it holds at least {count} EXIF blocks and only the first {limit} were read",
    "它至少有 {count} 个 EXIF 数据块，只读取了前 {limit} 个",
)
VALUES_CUT = Text(
    "it holds more than {count} values, and the others were not read",
    "它的信息超过了 {count} 项，其余的没有读取",
)
DIRECTORIES_CUT = Text(
    "an EXIF block holds more directories, entries or data than exposure reads",
    "一个 EXIF 数据块里的目录、条目或数据超出了 exposure 的读取上限",
)
EXIF_ITEM_CUT = Text(
    "its index of items is damaged or longer than exposure reads, so an EXIF item may not have "
    "been read whole",
    "它的项目索引已损坏或超出了 exposure 的读取上限，因此某个 EXIF 项目可能没有被完整读取",
)
EXIF_ENTRY_DAMAGED = Text(
    "one of its EXIF fields (where cameras and phones keep the place, the time and the camera) "
    "is damaged, so its value could not be read",
    "它的一个 EXIF 字段（相机和手机在这里保存地点、时间和相机信息）已损坏，无法读取它的值",
)
XMP_ITEM_CUT = Text(
    "the file ends before its XMP block does (a copy or download cut short), so the end of that "
    "block was not read",
    "文件在 XMP 数据块结束之前就结束了（复制或下载不完整），该数据块的末尾没有读取",
)
TEXT_CUT = Text(
    "a text in it is longer than {count} characters, and only its start was searched",
    "其中有一段文字超过了 {count} 个字符，只检查了开头部分",
)
ICC_CUT = Text(
    "its colour profile holds more text than exposure reads",
    "它的色彩配置文件里的文字超出了 exposure 的读取上限",
)
#: What stayed unread when the main reader (exiv2) could not read a file, for the
#: second-reader note's {what}.
EXIF_DAMAGED = Text(
    "its EXIF block (where cameras and phones keep the place, the time and the camera) is damaged",
    "它的 EXIF 数据块（相机和手机在这里保存地点、时间和相机信息）已损坏",
)
EXIF_ONLY_IN_PART = Text(
    "its EXIF block (where cameras and phones keep the place, the time and the camera) is in a "
    "form exposure reads only in part",
    "它的 EXIF 数据块（相机和手机在这里保存地点、时间和相机信息）的格式特殊，"
    "exposure 只能读取其中一部分",
)
BLOCK_PAST_END = Text(
    "one of its blocks runs past the end of the file, so what comes after that block was not seen",
    "它有一个数据块超出了文件的末尾，因此这个数据块之后的内容没有被看到",
)
IPTC_UNREAD = Text(
    "its IPTC block (captions, credits and names written by news and photo apps)",
    "它的 IPTC 数据块（新闻和图片软件写入的说明、署名和姓名）",
)
TEXT_EXIF_UNREAD = Text(
    "its EXIF or XMP block kept as text by an editing program",
    "修图软件以文字形式保存的 EXIF 或 XMP 数据块",
)
AFTER_PICTURE_NOT_READ = Text(
    "{size} of data after the end of the picture, of a kind exposure does not read",
    "图片结束之后还有 {size} 的数据，exposure 无法读取这类数据",
)


# The workshop demo (audit/demo/).
UNKNOWN_ID = Text(
    "{option} {value}: no finding's id starts with this, so the report would leave out "
    "everything or nothing. Ids start with one of: {families} (for example location.gps, "
    "text.watermark/douyin).",
    "{option} {value}：没有任何发现的编号以此开头，这样报告会漏掉全部或什么都不排除。"
    "编号以这些开头：{families}（例如 location.gps、text.watermark/douyin）。",
)
DEMO_MADE = Text(
    "Sample photos, each with something planted that a stranger could use: {photos}\n"
    "The report to show (redacted: no names, serials or exact places): {report}\n"
    "Next: clean copies of the same photos, to compare before and after:\n"
    "  exposure clean {photos} --out {clean}",
    "样例照片，每张都埋了陌生人可以利用的信息：{photos}\n"
    "可以投影展示的报告（已脱敏：不显示姓名、序列号和精确地点）：{report}\n"
    "下一步：为同一组照片生成干净的副本，对比前后：\n"
    "  exposure clean {photos} --out {clean}",
)
DEMO_FOLDER_IS_FILE = Text(
    "{folder} is a file; give a new or empty folder for the demo.",
    "{folder} 是一个文件；请给演示指定一个新的或空的文件夹。",
)
DEMO_FOLDER_CHANGED = Text(
    "{folder} holds something the demo did not make (a photo added there, a link or a folder); "
    "give a new or empty folder for the demo, so that nothing of yours is removed.",
    "{folder} 里有不是演示生成的东西（放进去的照片、链接或文件夹）；"
    "请给演示指定一个新的或空的文件夹，以免删除你的文件。",
)
DEMO_CANNOT_WRITE = Text(
    "The demo could not write into {folder} ({why}); give a folder you can write to.",
    "演示无法写入 {folder}（{why}）；请指定一个你有写入权限的文件夹。",
)
DEMO_FOLDER_NOT_EMPTY = Text(
    "{folder} already holds other files; give a new or empty folder for the demo, so "
    "that nothing of yours is mixed with the samples or replaced.",
    "{folder} 里已经有别的文件；请给演示指定一个新的或空的文件夹，"
    "以免你的文件和样例混在一起或被替换。",
)
