"""The command line in the reader's language: our help texts and Click's own words.

Click writes "Usage:", "Options:", "Show this message and exit." and its error lines through
gettext (``_`` in each of its modules). Before the command line is parsed, :func:`install`
points those at a table of Chinese sentences when the language is Chinese (from ``--lang``
given anywhere on the line, else the system's language), and swaps each command's and
option's help for its Chinese text. English puts everything back as it was.
"""

from __future__ import annotations

import gettext
import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

from audit.formats.layout import text_width, wrap
from audit.messages import default_lang
from audit.models import Lang

#: Click's own words (its gettext message ids) in Chinese.
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示这段说明并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "输入“{command} {option}”查看帮助。",
    "Aborted!": "已中止！",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有这个命令：{name!r}。",
    "No such option {name!r}.": "没有这个选项：{name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不需要值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要{nargs}个值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多出了一个参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了几个参数（{args}）",
    "Did you mean {possibility}?": "你是不是想输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（你是不是想输入其中之一：{possibilities}？）",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值之一：{choices}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{filename!r} 是一个文件夹。",
    "{name} {filename!r} is a file.": "{filename!r} 是一个文件。",
    "{name} {filename!r} is not readable.": "{filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{filename!r} 无法写入。",
    "{name} {filename!r} is not executable.": "{filename!r} 无法执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已弃用",
    "(dynamic)": "（动态）",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "integer": "整数",
    "float": "数字",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Takes {nargs} values but 1 was given.": "需要{nargs}个值，但只给了1个。",
    "Takes {nargs} values but {len} were given.": "需要{nargs}个值，但给了{len}个。",
    "Do you want to continue?": "要继续吗？",
    "Error: invalid input": "错误：输入无效",
    "Repeat for confirmation": "请再输入一次确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Press any key to continue...": "按任意键继续……",
    "unknown error": "未知错误",
}

#: Our own help texts, keyed by their English (docstrings compared once cleaned).
HELP_ZH: dict[str, str] = {
    "Audit your own photos and settings: learn how identifiable you are before a stranger "
    "does.\n\nNothing is uploaded: every check runs on this computer.": (
        "检查你自己的照片和账号设置：在陌生人之前，先弄清楚别人有多容易认出你。\n\n"
        "不会上传任何东西：所有检查都在这台电脑上进行。"
    ),
    "Audit photos (files or folders, searched recursively) for what identifies you.\n\n"
    "\b\nExample:\n    exposure scan ~/Pictures/to-post\n"
    "    exposure scan photo.jpg --format json -o report.json\n"
    "    exposure scan DCIM --select location,device --fail-on critical\n"
    "    exposure scan DCIM --clean-to DCIM-clean\n\n"
    "\b\nExit codes:\n"
    "    0    no finding at or above --fail-on\n"
    "    1    at least one finding at or above --fail-on\n"
    "    2    usage error, a --me or --answers file that cannot be used, a report\n"
    "         that cannot be written, or no photo could be audited at all\n"
    "    130  stopped (Ctrl-C, or the process was told to end): the report of the\n"
    "         files that finished is written (-o) or shown": (
        "检查照片（文件或文件夹，会逐层查找）里能认出你的信息。\n\n"
        "\b\n例如：\n    exposure scan ~/Pictures/to-post\n"
        "    exposure scan photo.jpg --format json -o report.json\n"
        "    exposure scan DCIM --select location,device --fail-on critical\n"
        "    exposure scan DCIM --clean-to DCIM-clean\n\n"
        "\b\n退出码：\n"
        "    0    没有达到 --fail-on 级别的问题\n"
        "    1    至少有一个问题达到 --fail-on 级别\n"
        "    2    用法错误、--me 或 --answers 文件无法使用、报告无法写出，\n"
        "         或者没有任何照片能被检查\n"
        "    130  被中止（Ctrl-C，或进程被要求结束）：已完成文件的报告\n"
        "         会写出（-o）或显示"
    ),
    "Also make clean copies (as `exposure clean` does) of the photos with findings, in DIR.": (
        "同时为有发现的照片生成干净副本（和 `exposure clean` 一样），放进 DIR。"
    ),
    "Make clean copies of photos: what identifies you removed, the picture untouched.\n\n"
    "JPEG, PNG and WebP copies keep every pixel exactly; only the hidden data around the picture\n"
    "goes (GPS, serial numbers, names, previews, motion-photo videos). The colour profile and\n"
    "the orientation stay, so the copy looks the same. Each copy is checked again before it is\n"
    "called clean, and the report says what was removed, what was kept and why.\n\n"
    "\b\nExample:\n    exposure clean ~/Pictures/to-post --out ~/Pictures/to-post-clean\n"
    "    exposure clean IMG_0042.HEIC --out clean --convert jpeg\n"
    "    exposure clean DCIM --out share --rename --keep date --blur qr,faces": (
        "为照片生成干净的副本：去掉能认出你的信息，画面本身不动。\n\n"
        "JPEG、PNG 和 WebP 副本的每个像素都和原图完全相同；只去掉画面之外隐藏的数据"
        "（GPS、序列号、姓名、预览图、动态照片的视频）。色彩配置文件和照片方向会保留，"
        "所以副本看起来和原图一样。每份副本都会再检查一遍才算干净，报告会说明去掉了什么、"
        "保留了什么、为什么保留。\n\n"
        "\b\n例如：\n    exposure clean ~/Pictures/to-post --out ~/Pictures/to-post-clean\n"
        "    exposure clean IMG_0042.HEIC --out clean --convert jpeg\n"
        "    exposure clean DCIM --out share --rename --keep date --blur qr,faces"
    ),
    "The folder for the copies (created if needed). It may not be, be inside, or hold a folder "
    "being cleaned.": (
        "存放副本的文件夹（需要时会新建）。它不能是正在清理的文件夹，也不能在其中或包含它。"
    ),
    "Keep the date taken (no time of day, no time zone) in the copies.": (
        "在副本里保留拍摄日期（不含具体时间和时区）。"
    ),
    "Keep the location rounded to about 10 km instead of removing it.": (
        "不删除位置，而是把它模糊到约 10 公里的范围。"
    ),
    "Give the copies and their folders neutral names (folder-01/photo-001.jpg …): names like "
    "IMG_20240502_183107 or mmexport… tell when a photo was taken.": (
        "给副本和所在文件夹起中性的名字（folder-01/photo-001.jpg …）："
        "像 IMG_20240502_183107 或 mmexport… 这样的名字会透露拍摄时间。"
    ),
    "Cover what the picture checks found: text, qr, faces (comma-separated). The only option "
    "that changes pixels.": (
        "遮住画面检查发现的内容：text（文字）、qr（二维码）、faces（人脸），用逗号分隔。"
        "这是唯一会改动像素的选项。"
    ),
    "For HEIC, AVIF and TIFF photos, which cannot be cleaned without encoding the picture "
    "again: make a JPEG (quality 95, upright, colours kept) or a HEIC with every metadata block "
    "left out.": (
        "HEIC、AVIF 和 TIFF 照片不重新编码就无法清理：可以生成 JPEG（质量 95，方向摆正，"
        "保留颜色），或生成去掉所有元数据的 HEIC。"
    ),
    "Replace copies already in the output folder (never an original).": (
        "覆盖输出文件夹里已有的副本（绝不会覆盖原图）。"
    ),
    "Write the report to this file (readable by you only) instead of the screen.": (
        "把报告写进这个文件（只有你能读取），而不是显示在屏幕上。"
    ),
    "Check the copies' metadata only (skip the picture checks: text, QR codes, faces). Much "
    "faster.": ("只检查副本的元数据（跳过画面检查：文字、二维码、人脸），快得多。"),
    "How lossless copies are proven to keep every pixel: 'data' compares the bytes that define "
    "the picture (identical bytes decode to identical pixels in every program); 'decode' also "
    "decodes both files and compares every pixel (slower).": (
        "如何证明无损副本的每个像素都没变：'data' 比较定义画面的字节（字节相同，任何程序解码出的"
        "像素就相同）；'decode' 还会把两个文件都解码并逐像素比较（更慢）。"
    ),
    "Worker processes.": "工作进程数。",
    "Seconds one file may take before it is stopped and left without a copy.": (
        "单个文件最多可用的秒数，超时就停止，不生成副本。"
    ),
    "Leave files larger than this many megabytes without a copy.": (
        "大于这么多 MB 的文件不生成副本。"
    ),
    "Your own names, handles, phones and e-mails (TOML), also looked for in the copies.": (
        "你自己的姓名、账号、电话和邮箱（TOML 文件），也会在副本里查找。"
    ),
    "How to print the report.": "报告的格式。",
    "Write the report to this file (created readable by you only) instead of the screen.": (
        "把报告写进这个文件（只有你能读取），而不是显示在屏幕上。"
    ),
    "Language of the report: en or zh. Default: the system's language.": (
        "报告的语言：en（英文）或 zh（中文）。默认跟随系统语言。"
    ),
    "Mask names, serial numbers and ids, number the photos instead of naming them, coarsen "
    "places to about 10 km and times to the day, for sharing or showing on a screen.": (
        "遮盖姓名、序列号和编号，照片只编号不显示文件名，地点粗略到约10公里，时间只到日期，"
        "便于分享或投屏展示。"
    ),
    "Exit with code 1 if any finding is at least this severe.": (
        "只要有一个问题达到这个严重程度，就以退出码1结束。"
    ),
    "Exit with code 1 if any finding is at least this severe, or if a photo could not be "
    "read in full (unless 'none').": (
        "只要有一个问题达到这个严重程度，或有照片无法完整读取（选 none 时除外），就以退出码1结束。"
    ),
    "Only report findings whose id starts with ID (repeat or comma-separate).": (
        "只报告编号以 ID 开头的问题（可重复使用，或用逗号分隔）。"
    ),
    "Do not report findings whose id starts with ID.": "不报告编号以 ID 开头的问题。",
    "Worker processes (default: one per core).": "同时工作的进程数（默认：每个处理器核心一个）。",
    "Seconds one file may take before it is stopped and skipped.": (
        "一个文件最多可以花多少秒，超时就停止并跳过。"
    ),
    "Skip files larger than this many megabytes.": "跳过大于这么多兆字节（MB）的文件。",
    "A TOML file with your own names, handles, phones, e-mails and places, looked for "
    "everywhere (`exposure demo` writes an example me.toml).": (
        "一个 TOML 文件，写着你自己的名字、账号、手机号、邮箱和地点，会在各处查找"
        "（`exposure demo` 会写出一个示例 me.toml）。"
    ),
    "Read every file again, ignoring (and not updating) results remembered from earlier runs.": (
        "重新读取每个文件，不使用（也不更新）以前记住的结果。"
    ),
    "Add your settings-checklist answers (from `exposure checklist`) to the report.": (
        "把你的账号设置检查清单的回答（来自 `exposure checklist`）加进报告。"
    ),
    "Skip the pictures themselves (watermarks, QR codes, faces): much faster, metadata only.": (
        "不检查画面本身（水印、二维码、人脸）：快得多，只检查元数据。"
    ),
    "Print only the totals, the photos that give away most, and what to do first (table and "
    "Markdown; an HTML or JSON report is always whole).": (
        "只显示总数、最容易暴露你的照片，以及首先要做的事"
        "（用于表格和文本格式；HTML 报告和数据格式的报告总是完整的）。"
    ),
    "Leave the small pictures out of an HTML report.": "HTML 报告里不放照片缩略图。",
    "Results remembered between scans, so that unchanged files are not read again.": (
        "在多次检查之间记住的结果，没有改动的文件就不再重新读取。"
    ),
    "Show where the cache is and how much it holds.\n\n\b\nExample:\n    exposure cache info": (
        "显示缓存在哪里、存了多少。\n\n\b\n例如：\n    exposure cache info"
    ),
    "Language: en or zh. Default: the system's language.": (
        "语言：en（英文）或 zh（中文）。默认跟随系统语言。"
    ),
    "Forget every remembered result, and the index of your photos kept for `exposure trace`."
    "\n\n\b\nExample:\n    exposure cache clear": (
        "忘掉所有记住的结果，以及为 `exposure trace` 保存的你的照片索引。"
        "\n\n\b\n例如：\n    exposure cache clear"
    ),
    "Find which of your photos appear in leaked material, and keep a record of it.\n\n"
    "MINE are your photos (files or folders). Each picture found under --in is compared with all\n"
    "of them: same file, same picture re-saved, rotated or flipped, or a part of it (cropped,\n"
    "covered by stickers or text, inside a screenshot or collage). Nothing is uploaded, and\n"
    "nothing under --in is ever changed.\n\n"
    "Exit codes: 0 none of your photos found, 1 some found (or, with --verify, the record\n"
    "changed), 2 error, 130 stopped (Ctrl-C).\n\n"
    "\b\nExample:\n"
    "    exposure trace ~/Pictures/mine --in ~/Downloads/Telegram\\ Desktop/ChatExport_2024-05-01\n"
    "    exposure trace mine/ --in dump/ --evidence ~/evidence-2024-05-01 --lang zh\n"
    "    exposure trace --verify ~/evidence-2024-05-01": (
        "找出你的哪些照片出现在流出的材料里，并留下记录。\n\n"
        "MINE 是你的照片（文件或文件夹）。--in 下找到的每张图片都会和它们逐一比较：同一个文件、"
        "重新保存过的同一张图、旋转或翻转过的图，或者其中一部分（被裁剪、被贴纸或文字遮住、"
        "在截图或拼图里）。不会上传任何东西，--in 下的内容也绝不会被改动。\n\n"
        "退出码：0 没有找到你的照片；1 找到了一些（用 --verify 时表示记录被改动过）；2 出错；"
        "130 已中止（Ctrl-C）。\n\n"
        "\b\n例如：\n"
        "    exposure trace ~/Pictures/mine --in "
        "~/Downloads/Telegram\\ Desktop/ChatExport_2024-05-01\n"
        "    exposure trace mine/ --in dump/ --evidence ~/evidence-2024-05-01 --lang zh\n"
        "    exposure trace --verify ~/evidence-2024-05-01"
    ),
    "Leaked material to search: a folder of pictures or a Telegram chat export (repeat for "
    "more).": ("要搜索的流出材料：一个图片文件夹，或一个 Telegram 聊天导出（可重复给出多个）。"),
    "Write an evidence record (copies, log, thumbnails, summary, manifest) to this new folder.": (
        "把证据记录（副本、日志、缩略图、摘要、清单）写进这个新文件夹。"
    ),
    "Check an evidence record against its manifest instead of tracing.": (
        "不做比对，而是按清单核对一份证据记录是否被改动。"
    ),
    "Language of the report and the record: en or zh. Default: the system's language.": (
        "报告和记录的语言：en（英文）或 zh（中文）。默认跟随系统语言。"
    ),
    "Seconds one picture may take before it is stopped and listed.": (
        "单张图片最多可用的秒数，超时就停止并列出。"
    ),
    "Index your photos again instead of reusing the cached index.": (
        "重新为你的照片建立索引，而不是沿用缓存里的索引。"
    ),
    "Check your privacy settings app by app, one question at a time.\n\n"
    "Every answer is saved at once: stop whenever you like (q or Ctrl-C) and the next run\n"
    "continues where you stopped. At the end you get a list of what to change and where.\n\n"
    "\b\nExample:\n    exposure checklist --lang zh\n    exposure checklist --platform wechat\n"
    "    exposure checklist --evaluate\n"
    "    exposure checklist --format markdown --platform wechat -o wechat.md\n"
    "    exposure checklist list --format json": (
        "逐个应用检查你的隐私设置，一次一个问题。\n\n"
        "每个回答都会立刻保存：随时可以停下（按 q 或 Ctrl-C），下次运行会从停下的地方继续。"
        "最后你会得到一份清单：要改什么、在哪里改。\n\n"
        "\b\n例如：\n    exposure checklist --lang zh\n    exposure checklist --platform wechat\n"
        "    exposure checklist --evaluate\n"
        "    exposure checklist --format markdown --platform wechat -o wechat.md\n"
        "    exposure checklist list --format json"
    ),
    "The answers file (default: answers.json in your user data folder; its place is shown when "
    "the run starts).": (
        "回答文件（默认：你的用户数据文件夹里的 answers.json；开始运行时会显示它的位置）。"
    ),
    "Only these platforms, e.g. wechat (repeat or comma-separate). See 'exposure checklist "
    "list'.": (
        "只检查这些平台，例如 wechat（可重复使用，或用逗号分隔）。见“exposure checklist list”。"
    ),
    "Ask nothing: print what to change, from the answers file.": (
        "不提问：根据回答文件，直接列出要改的设置。"
    ),
    "With --evaluate: text (default), markdown or json. Alone: 'markdown' prints a printable "
    "worksheet.": (
        "配合 --evaluate：text（默认）、markdown 或 json。"
        "单独使用时，markdown 会输出一份可打印的工作表。"
    ),
    "Write the worksheet or the list to this file (created readable by you only).": (
        "把工作表或清单写进这个文件（只有你能读取）。"
    ),
    "Forget the saved answers for the chosen platforms and ask again.": (
        "忘掉所选平台已保存的回答，重新提问。"
    ),
    "List the platforms and their checklist items, with ids and severities.\n\n\b\nExample:\n"
    "    exposure checklist list\n    exposure checklist list --platform wechat --lang zh\n"
    "    exposure checklist list --format json": (
        "列出各个平台及其检查项，带编号和严重程度。\n\n\b\n例如：\n"
        "    exposure checklist list\n    exposure checklist list --platform wechat --lang zh\n"
        "    exposure checklist list --format json"
    ),
    "text for reading, json for tools (always both languages).": (
        "text 适合阅读，json 适合程序处理（始终包含两种语言）。"
    ),
    "Only these platforms (repeat or comma-separate).": (
        "只列出这些平台（可重复使用，或用逗号分隔）。"
    ),
    "Language of the text listing.": "文字清单的语言。",
    "Only report findings whose id or rule starts with ID (repeat or comma-separate); checks "
    "that cannot report them are not run.": (
        "只报告编号或规则以 ID 开头的问题（可重复使用，或用逗号分隔）；"
        "报告不了这些问题的检查不会运行。"
    ),
    "Do not report findings whose id or rule starts with ID (e.g. text.watermark/douyin).": (
        "不报告编号或规则以 ID 开头的问题（例如 text.watermark/douyin）。"
    ),
    "Check your privacy settings app by app, one question at a time.\n\n"
    "Every answer is saved at once: stop whenever you like (q or Ctrl-C) and the next run\n"
    "continues where you stopped. Without a subcommand, this is 'ask'.\n\n"
    "\b\nExample:\n    exposure checklist --lang zh\n    exposure checklist ask --platform wechat\n"
    "    exposure checklist evaluate\n"
    "    exposure checklist worksheet --platform wechat,qq -o sheets.html\n"
    "    exposure checklist from-paper wechat=yn?nnyns\n"
    "    exposure checklist list --format json\n\n"
    "\b\nExit codes:\n"
    "    0    finished, or stopped with q (answers so far are saved)\n"
    "    2    usage error, an answers file that cannot be read or saved, or an\n"
    "         output file that cannot be written\n"
    "    130  stopped with Ctrl-C, or told to end: answers so far are saved": (
        "逐个应用检查你的隐私设置，一次一个问题。\n\n"
        "每个回答都会立刻保存：随时可以停下（按 q 或 Ctrl-C），下次运行会从停下的地方继续。"
        "不带子命令时，就是“ask”（提问）。\n\n"
        "\b\n例如：\n    exposure checklist --lang zh\n"
        "    exposure checklist ask --platform wechat\n"
        "    exposure checklist evaluate\n"
        "    exposure checklist worksheet --platform wechat,qq -o sheets.html\n"
        "    exposure checklist from-paper wechat=yn?nnyns\n"
        "    exposure checklist list --format json\n\n"
        "\b\n退出码：\n"
        "    0    完成，或按 q 停下（已回答的都已保存）\n"
        "    2    用法错误、回答文件无法读取或保存，或输出文件无法写出\n"
        "    130  按 Ctrl-C 停下，或进程被要求结束：已回答的都已保存"
    ),
    "Only these platforms, e.g. wechat (repeat or comma-separate).": (
        "只检查这些平台，例如 wechat（可重复使用，或用逗号分隔）。"
    ),
    "Forget the saved answers for the chosen platforms and ask again (as 'ask --restart').": (
        "忘掉所选平台已保存的回答，重新提问（同“ask --restart”）。"
    ),
    "Ask the questions one at a time; each answer is saved at once.\n\n"
    "Answer y (yes), n (no), ? (not sure) or s (skip); 'yes' is always the risky answer.\n"
    "q or Ctrl-C stops; the same command continues where you stopped.\n\n"
    "\b\nExample:\n    exposure checklist ask --lang zh\n"
    "    exposure checklist ask --platform wechat --answers class.json": (
        "一次问一个问题；每个回答都会立刻保存。\n\n"
        "回答 y（是）、n（否）、?（不确定）或 s（跳过）；“是”总是有风险的那个回答。"
        "按 q 或 Ctrl-C 停下；再运行同一个命令会从停下的地方继续。\n\n"
        "\b\n例如：\n    exposure checklist ask --lang zh\n"
        "    exposure checklist ask --platform wechat --answers class.json"
    ),
    "Ask nothing: say what to change and where, from the saved answers.\n\n\b\nExample:\n"
    "    exposure checklist evaluate\n"
    "    exposure checklist evaluate --format markdown -o to-change.md": (
        "不提问：根据已保存的回答，说明要改什么、在哪里改。\n\n\b\n例如：\n"
        "    exposure checklist evaluate\n"
        "    exposure checklist evaluate --format markdown -o to-change.md"
    ),
    "text for reading, markdown for printing, json for tools.": (
        "text 适合阅读，markdown 适合打印，json 适合程序处理。"
    ),
    "Write to this file (created readable by you only) instead of the screen.": (
        "写进这个文件（只有你能读取），而不是显示在屏幕上。"
    ),
    "Print the questions on paper, a box per answer, the risky one marked.\n\n"
    "Each sheet ends with an answer code: the student writes one letter per question and types\n"
    "it back with 'exposure checklist from-paper'.\n\n"
    "\b\nExample:\n"
    "    exposure checklist worksheet --lang zh --platform wechat,qq -o sheets.html": (
        "把问题打印在纸上，每个回答一个方框，有风险的那个做了标记。\n\n"
        "每页最后有一个回答码：学生每个问题写一个字母，"
        "再用“exposure checklist from-paper”输入回来。\n\n"
        "\b\n例如：\n    exposure checklist worksheet --lang zh --platform wechat,qq -o sheets.html"
    ),
    "html prints on A4, one app per page; markdown for editing.": (
        "html 打印在 A4 纸上，每个应用一页；markdown 便于编辑。"
    ),
    "Type in the answers of a paper worksheet, one code per app.\n\n"
    "One letter per question, in the order of the sheet: y (yes), n (no), ? (not sure),\n"
    "s (skipped). The answers are saved as if given one by one.\n\n"
    "\b\nExample:\n    exposure checklist from-paper wechat=yn?nnyns qq=nny?n": (
        "输入纸质工作表上的回答，每个应用一个回答码。\n\n"
        "按工作表上的顺序，每个问题一个字母：y（是）、n（否）、?（不确定）、s（跳过）。"
        "这些回答会像逐一回答那样保存。\n\n"
        "\b\n例如：\n    exposure checklist from-paper wechat=yn?nnyns qq=nny?n"
    ),
    "Make sample photos with planted exposures, audit them, and write a report to show.\n\n"
    "For a workshop: nobody's real photos are needed. The samples carry GPS at a public landmark\n"
    "and at a place visited night after night, one camera serial in a named and an anonymous\n"
    "photo, a 小红书号 watermark, a WeChat QR code, a cropped photo whose hidden preview still\n"
    "shows the whole scene, a file name with a phone number and a PNG with an editing prompt.\n"
    "FOLDER (default: exposure-demo) must be new, empty, or made by an earlier demo.\n\n"
    "\b\nExample:\n    exposure demo --lang zh\n    exposure demo workshop-samples": (
        "生成带有预设暴露信息的示例照片，检查它们，并写出一份可以展示的报告。\n\n"
        "适合工作坊：不需要任何人的真实照片。示例里有：在公共地标和每晚都去的地方拍的 GPS、"
        "同一个相机序列号出现在实名和匿名照片里、小红书号水印、微信二维码、"
        "隐藏预览图仍显示完整画面的裁剪照片、带手机号的文件名，以及带修图提示词的 PNG。"
        "文件夹（默认：exposure-demo）必须是新的、空的，或由之前的演示生成。\n\n"
        "\b\n例如：\n    exposure demo --lang zh\n    exposure demo workshop-samples"
    ),
    "Show what a stranger learns from your own public profile pages, and check their "
    "pictures.\n\n\b\nGive a saved page (no network is used) or an address (fetched once,\n"
    "only because you asked). To save a page, especially one that needs a\n"
    "login to see: open your profile in a private (incognito) window, where\n"
    "you are logged out, as a stranger is; then File > Save page as, choose\n"
    '"Web page, complete", and give exposure the .html file. Its pictures\n'
    'are in the "_files" folder saved beside it.\n\n\b\n'
    "给出一个保存好的网页（不联网），或一个网址（只在你要求时访问一次）。\n"
    "保存网页的方法（尤其是需要登录才能看的页面）：在无痕（隐私）窗口中打开\n"
    "你的主页，此时你是未登录状态，和陌生人看到的一样；然后点“文件 > 网页\n"
    "另存为”，选择“网页，全部”，再把保存的 .html 文件交给 exposure。\n"
    "页面里的图片保存在旁边的“_files”文件夹里。\n\n\b\nExample:\n"
    "    exposure profile ~/Downloads/weibo.html\n"
    "    exposure profile xhs.html douyin.html --me me.toml --format markdown\n"
    "    exposure profile https://example.org/~me/ --lang zh": (
        "看看陌生人能从你自己的公开主页上了解到什么，并检查页面里的图片。\n\n\b\n"
        "给出一个保存好的网页（不联网），或一个网址（只在你要求时访问一次）。\n"
        "保存网页的方法（尤其是需要登录才能看的页面）：在无痕（隐私）窗口中打开\n"
        "你的主页，此时你是未登录状态，和陌生人看到的一样；然后点“文件 > 网页\n"
        "另存为”，选择“网页，全部”，再把保存的 .html 文件交给 exposure。\n"
        "页面里的图片保存在旁边的“_files”文件夹里。\n\n\b\n例如：\n"
        "    exposure profile ~/Downloads/weibo.html\n"
        "    exposure profile xhs.html douyin.html --me me.toml --format markdown\n"
        "    exposure profile https://example.org/~me/ --lang zh"
    ),
    "Only report findings starting with ID.": "只报告编号以 ID 开头的问题。",
    "Do not report findings starting with ID.": "不报告编号以 ID 开头的问题。",
    "A TOML file with your own names, handles, phones and e-mails (`exposure demo` writes an "
    "example me.toml).": (
        "一个 TOML 文件，写着你自己的名字、账号、手机号和邮箱"
        "（`exposure demo` 会写出一个示例 me.toml）。"
    ),
    "Check the page's pictures for metadata only (no watermarks, QR codes or faces).": (
        "只检查页面图片的元数据（不检查水印、二维码或人脸）。"
    ),
    "Do not look at the page's pictures.": "不检查页面里的图片。",
    "Also fetch addresses on this computer or the local network (for testing).": (
        "也允许访问这台电脑或局域网里的地址（用于测试）。"
    ),
    "Language of the help, messages and reports: en or zh. Default: the system's language.": (
        "帮助、提示和报告的语言：en（英文）或 zh（中文）。默认跟随系统语言。"
    ),
}

#: Metavars Click would print in English, for Chinese help.
_METAVARS_ZH = {
    "INTEGER": "整数",
    "INTEGER RANGE": "整数",
    "FLOAT": "数字",
    "FLOAT RANGE": "数字",
    "FILE": "文件",
    "PATH": "路径",
    "TEXT": "文字",
    "DIRECTORY": "文件夹",
}
#: Metavars our commands name themselves, in Chinese.
_NAMED_METAVARS_ZH = {
    "URL-or-FILE...": "网址或文件...",
    "APP=LETTERS...": "应用=字母...",
}
_CLICK_MODULES = (
    "core", "exceptions", "formatting", "parser", "types", "decorators", "termui", "utils",
)  # fmt: skip
_ORIGINAL = "_exposure_original"
#: The language Click speaks in this process, set by install().
_current: list[Lang] = [Lang.EN]

#: The first paragraph of the help of each command imported only when it runs
#: (``audit.cli.OTHER_COMMANDS``), so that ``exposure --help`` lists them without loading their
#: libraries; the Chinese is the first paragraph of the command's help in HELP_ZH, and
#: tests/test_startup.py checks each against the command's own help.
COMMAND_SUMMARIES: dict[str, str] = {
    "checklist": "Check your privacy settings app by app, one question at a time.",
    "clean": "Make clean copies of photos: what identifies you removed, the picture untouched.",
    "demo": "Make sample photos with planted exposures, audit them, and write a report to show.",
    "profile": (
        "Show what a stranger learns from your own public profile pages, and check their pictures."
    ),
    "trace": "Find which of your photos appear in leaked material, and keep a record of it.",
}


class BilingualFormatter(click.HelpFormatter):
    """Click's help layout, with full-width colons and Chinese measured as two columns."""

    def _zh(self) -> bool:
        return _current[0] is Lang.ZH

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and self._zh():
            prefix = "用法："
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        if not self._zh():
            super().write_heading(heading)
            return
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        if not self._zh():
            super().write_text(text)
            return
        indent = " " * self.current_indent
        for number, block in enumerate(text.split("\n\n")):
            if number:
                self.write("\n")
            lines = block.split("\n")
            if lines[0].strip() == "\b":
                self.write("".join(f"{indent}{line}\n" for line in lines[1:]))
            else:
                joined = "".join(line.strip() for line in lines)
                body = wrap(joined, max(20, (self.width or 80) - self.current_indent))
                self.write("".join(f"{indent}{line}\n" for line in body))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        if not self._zh():
            super().write_dl(rows, col_max, col_spacing)
            return
        rows = list(rows)
        first_col = min(max((text_width(first) for first, _ in rows), default=0), col_max)
        first_col += col_spacing
        room = max((self.width or 80) - first_col - self.current_indent, 10)
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if text_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - text_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, room) if second else [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


class BilingualContext(click.Context):
    formatter_class = BilingualFormatter


def _key(text: str) -> str:
    return inspect.cleandoc(text).strip()


_HELP = {_key(english): chinese for english, chinese in HELP_ZH.items()}


def first_paragraph(text: str) -> str:
    """What Click lists for a command: the first paragraph of its help, on one line."""
    return " ".join(_key(text).split("\n\n")[0].split())


def summary(english: str, lang: Lang) -> str:
    """A command's summary (COMMAND_SUMMARIES) in ``lang``: in Chinese, the first paragraph of
    the translated help whose English begins with it."""
    if lang is Lang.ZH:
        for key, chinese in _HELP.items():
            if first_paragraph(key) == english:
                return first_paragraph(chinese)
    return english


def current_lang() -> Lang:
    """The language install() set for this run."""
    return _current[0]


def language_in(args: Sequence[str]) -> Lang:
    """The language asked for anywhere on the command line (``--lang zh`` / ``--lang=zh``)."""
    for position, arg in enumerate(args):
        value = None
        if arg == "--lang" and position + 1 < len(args):
            value = args[position + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in ("en", "zh"):
            return Lang(value)
    return default_lang()


def _gettext(lang: Lang) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    if lang is not Lang.ZH:
        return gettext.gettext, gettext.ngettext

    def translate(message: str) -> str:
        return CLICK_ZH.get(message, message)

    def translate_plural(singular: str, plural: str, count: int) -> str:
        return translate(singular if count == 1 else plural)

    return translate, translate_plural


def _swap(thing: object, attribute: str, lang: Lang) -> None:
    """Set ``attribute`` to its Chinese text (zh) or back to the English it was made with."""
    originals = thing.__dict__.setdefault(_ORIGINAL, {})
    if attribute not in originals:
        originals[attribute] = getattr(thing, attribute)
    english = originals[attribute]
    if lang is Lang.ZH and isinstance(english, str):
        key = _key(english)
        setattr(thing, attribute, _HELP.get(key) or CLICK_ZH.get(key, english))
    else:
        setattr(thing, attribute, english)


def _translate_tree(command: click.Command, lang: Lang) -> None:
    command.context_class = BilingualContext
    if hasattr(command, "_help_option"):
        command._help_option = None  # Click keeps the --help option it made, words included.
    _swap(command, "help", lang)
    _swap(command, "options_metavar", lang)
    if lang is Lang.ZH:
        command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        _swap(command, "subcommand_metavar", lang)
        if lang is Lang.ZH:
            command.subcommand_metavar = "命令 [参数]..."
    for param in command.params:
        if isinstance(param, click.Option):
            _swap(param, "help", lang)
        _swap(param, "metavar", lang)
        if lang is Lang.ZH and param.metavar in _NAMED_METAVARS_ZH:
            param.metavar = _NAMED_METAVARS_ZH[param.metavar]
        if lang is Lang.ZH and param.metavar is None:
            if isinstance(param, click.Argument):
                noun = "文件夹" if param.name == "folder" else "路径"
                param.metavar = f"{noun}..." if param.nargs == -1 else noun
            elif not isinstance(param.type, click.Choice) and not getattr(param, "is_flag", False):
                name = param.type.get_metavar(param, click.Context(command)) or param.type.name
                param.metavar = _METAVARS_ZH.get(name.upper(), name)
    if isinstance(command, click.Group):
        for child in command.commands.values():
            _translate_tree(child, lang)


def install(command: click.Command, lang: Lang) -> None:
    """Speak ``lang`` in Click's messages and in every help text of ``command`` and below."""
    import importlib

    _current[0] = lang
    translate, translate_plural = _gettext(lang)
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural  # type: ignore[attr-defined]
    _translate_tree(command, lang)


class BilingualGroup(click.Group):
    """A command group whose help and errors follow ``--lang`` or the system's language.

    Commands named in ``lazy`` (name: ``"module:attribute"``) are imported when first used, so
    that ``exposure scan`` does not pay for loading every other command's libraries, and the
    group's own help lists them from ``summaries`` without importing them.
    """

    def __init__(
        self,
        *args: Any,
        lazy: dict[str, str] | None = None,
        summaries: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(*args, **extra)
        self.lazy = dict(lazy or {})
        self.summaries = dict(summaries or {})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.lazy and name in self.summaries:
                listed = click.Command(name, help=summary(self.summaries[name], _current[0]))
                rows.append((name, listed.get_short_help_str(limit)))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        translate, _ = _gettext(_current[0])
        with formatter.section(translate("Commands")):
            formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            import importlib

            module, _, attribute = self.lazy.pop(cmd_name).partition(":")
            command = getattr(importlib.import_module(module), attribute)
            _translate_tree(command, _current[0])
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        import sys

        argv = list(sys.argv[1:] if args is None else args)
        install(self, language_in(argv))
        return super().main(argv, prog_name, **extra)
