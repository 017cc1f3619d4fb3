"""Words the reports and the command line use, in English and Simplified Chinese.

Finding titles, reasons and fixes are data (checks/); this module holds the frame around them:
headings, column names, summaries, and numbers written the way each language writes them
(1.2 million / 120万).
"""

from __future__ import annotations

import locale
import os

from audit.models import Band, Confidence, Lang, Severity, Text
from audit.score import BAND_WORDS

SEVERITY_WORDS = {
    Severity.CRITICAL: Text("critical", "严重"),
    Severity.HIGH: Text("high", "高"),
    Severity.MEDIUM: Text("medium", "中"),
    Severity.LOW: Text("low", "低"),
}
CONFIDENCE_WORDS = {
    Confidence.HIGH: Text("sure", "确定"),
    Confidence.MEDIUM: Text("likely", "较可能"),
    Confidence.LOW: Text("possible", "可能"),
}

TITLE = Text("exposure: how identifiable are your photos?", "exposure：你的照片有多容易被认出来？")
SUMMARY = Text(
    "{audited} photo(s) audited, {skipped} skipped, {findings} finding(s).",
    "已检查 {audited} 张照片，跳过 {skipped} 个，发现 {findings} 个问题。",
)
REDACTED = Text(
    "Redacted for sharing: coordinates rounded to about 11 km, names, ids and text masked.",
    "已为分享做脱敏处理：坐标精确到约 11 公里，姓名、编号和文字已遮盖。",
)
METADATA_ONLY = Text(
    "Metadata only: the pictures themselves were not examined (no watermarks, QR codes or faces).",
    "仅检查元数据：未检查画面内容（水印、二维码、人脸均未检查）。",
)
COLUMNS = (
    Text("severity", "严重程度"),
    Text("finding", "发现"),
    Text("what was seen", "看到的内容"),
    Text("bits", "比特"),
)
NOTHING_FOUND = Text(
    "Nothing identifying found.",
    "没有发现可识别身份的信息。",
)
HOW_IDENTIFIABLE = Text(
    "{bits:.1f} bits, {band}: about 1 in {one_in} people; some {crowd} people worldwide share "
    "all of this.",
    "{bits:.1f} 比特，{band}：约 {one_in} 人中才有 1 人；全世界约有 {crowd} 人同时符合这些信息。",
)
HOW_IDENTIFIABLE_ALONE = Text(
    "{bits:.1f} bits, {band}: this is probably enough to single you out among everyone in the "
    "world.",
    "{bits:.1f} 比特，{band}：这很可能足以在全世界所有人中认出你。",
)
LINKERS = Text(
    "Plus {count} linking id(s): they name no one but tie photos from the same camera or file "
    "together.",
    "另有 {count} 个关联编号：它们不指向任何人，但能把同一台相机或同一文件的照片联系起来。",
)
SET_HEADING = Text("Across all photos", "所有照片合起来看")
MORE_PHOTOS = Text(
    "{count} more photo(s) are not shown one by one: the {shown} most identifying are above, and "
    "the "
    "counts below cover them all. --format json or markdown lists every photo.",
    "另有 {count} 张照片没有逐张显示：上面是最容易认出你的 {shown} 张，下面的统计包括了全部照片。"
    "使用 --format json 或 markdown 可以列出每一张。",
)
MORE_SKIPPED = Text(
    "… and {count} more (--format json lists every one).",
    "……另有 {count} 个（--format json 会全部列出）。",
)
COUNTS_HEADING = Text("What was found, photo by photo", "各类问题出现在多少张照片里")
COUNT_COLUMNS = (
    Text("worst", "最严重"),
    Text("finding", "发现"),
    Text("id", "编号"),
    Text("photos", "照片数"),
)
SET_SCORE = Text("Taken together", "合在一起")
SKIPPED_HEADING = Text("Not audited", "未能检查")
FIX_HEADING = Text("What to do", "怎么处理")
NOTE = Text("note", "提示")
BITS_EXPLAINED = Text(
    "Bits measure how much a photo narrows down who you are: 33 bits single out one person "
    "among 8 billion. Each finding's bits are estimates; see the README for how they are made.",
    "“比特”表示一张照片能把范围缩小多少：33 比特就足以在 80 亿人中认出一个人。"
    "每项发现的比特数都是估算，计算方法见 README。",
)
PROFILE_HEADING = Text("Profile settings", "账号设置")


def severity_word(severity: Severity, lang: Lang | str) -> str:
    return SEVERITY_WORDS[severity].get(lang)


def band_word(band: Band, lang: Lang | str) -> str:
    return BAND_WORDS[band].get(lang)


def number_words(value: float, lang: Lang | str) -> str:
    """A large count the way each language says it: 3.2 million / 320万 / 3.2亿."""
    value = max(1.0, value)
    if str(lang) == "zh":
        for unit, size in (("亿", 1e8), ("万", 1e4)):
            if value >= size:
                return (
                    f"{value / size:.2g}{unit}"
                    if value / size < 10
                    else f"{value / size:,.0f}{unit}"
                )
        return f"{value:,.0f}"
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
    "stopped before the end (Ctrl-C); no report was written.",
    "在完成前被中止（Ctrl-C），没有写出报告。",
)
CACHE_WHERE = Text("cache: {path}", "缓存位置：{path}")
CACHE_EMPTY = Text("empty (no scan has been remembered yet)", "空的（还没有记住任何检查结果）")
CACHE_SIZE = Text("size: {size:.1f} MB", "大小：{size:.1f} MB")
CACHE_ENTRIES = Text("files remembered: {entries}", "已记住的文件：{entries} 个")
CACHE_CLEARED = Text("cache cleared ({size:.1f} MB freed)", "缓存已清空（释放 {size:.1f} MB）")
